#!/bin/bash
# The builder loads a ramdisk module where start_info says it is.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
require_kvm
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
{ printf 'RAMDISK-MAGIC-42'; head -c 300000 /dev/zero; } >"$tmp/initrd"
size=$(stat -c %s "$tmp/initrd")
out=$(dist/bin/xen-run --timeout 30 --memory 8 --ramdisk "$tmp/initrd" \
      --cmdline "expect=RAMDISK-MAGIC-42 len=$size" dist/boot/special-ramdisk 2>&1)
rc=$?
echo "$out"
[ $rc -eq 0 ] || fail "xen-run exited $rc"
echo "$out" | grep -q "contents match" || fail "module contents not checked"
echo ok
