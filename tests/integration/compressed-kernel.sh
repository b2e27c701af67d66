#!/bin/bash
# xen-run boots a guest test kernel compressed with each format Linux
# uses (as a raw compressed ELF and inside a bzImage with Linux's appended
# size), and refuses a decompression bomb with the reason.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
require_kvm
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
kernel=dist/boot/test-hello

# bzimage PAYLOAD OUT: a minimal bzImage (boot protocol 2.15) around it.
bzimage() {
    python3 - "$1" "$2" <<'PY'
import struct, sys
payload = open(sys.argv[1], 'rb').read()
hdr = bytearray(2 * 512)
hdr[0x1f1] = 1                      # setup_sects: code at 1024
hdr[0x1fe:0x200] = b'\x55\xaa'
hdr[0x202:0x206] = b'HdrS'
struct.pack_into('<H', hdr, 0x206, 0x020f)
struct.pack_into('<II', hdr, 0x248, 0, len(payload))
open(sys.argv[2], 'wb').write(bytes(hdr) + payload)
PY
}

boot() {  # boot KERNEL WHAT
    out=$(dist/bin/xen-run --timeout 30 "$1" 2>&1)
    rc=$?
    [ $rc -eq 0 ] && grep -q '^Test result: SUCCESS' <<<"$out" ||
        fail "$2: exit $rc: $(tail -n 3 <<<"$out")"
    echo "booted: $2"
}

size=$(stat -c %s "$kernel")
for spec in "gzip -9 -n" "bzip2 -9" "xz --check=crc32" "xz --format=lzma" \
            "lzop -9" "lz4 -l -9" "zstd -19 -q"; do
    tool=${spec%% *}
    command -v "$tool" >/dev/null || { echo "skipped: no $tool"; continue; }
    $spec -c <"$kernel" >"$tmp/k"
    boot "$tmp/k" "$spec"
    # Linux appends the uncompressed size to all but gzip.
    [ "$tool" = gzip ] || python3 -c "import struct,sys; sys.stdout.buffer.write(struct.pack('<I', $size))" >>"$tmp/k"
    bzimage "$tmp/k" "$tmp/bz"
    boot "$tmp/bz" "bzImage ($spec)"
done

# 64 MiB of zeros in a few KiB, for an 8 MiB domain.
head -c 64M /dev/zero | gzip -c >"$tmp/bomb"
out=$(dist/bin/xen-run --memory 8 --timeout 30 "$tmp/bomb" 2>&1)
rc=$?
[ $rc -eq 3 ] || fail "bomb: exit $rc, expected 3 (build error): $out"
grep -q "decompression bomb" <<<"$out" || fail "bomb: no reason in: $out"
echo "bomb refused: $out"
