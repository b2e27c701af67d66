#!/bin/bash
# scripts/make-initramfs.sh builds the Linux tests' initramfs: a gzip'd
# newc cpio with busybox, its applet links, the project's /init and the
# files a test adds. (Booting it is the Linux boot test's job.) Skipped
# when busybox-static is not in the cache that `make deps` fills.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
. scripts/linux-cache.sh

busybox=$(linux_cache_dir)/busybox/bin/busybox
[ -x "$busybox" ] ||
    skip "busybox-static is not in $(linux_cache_dir) (scripts/fetch-linux.sh fetches it)"
tmp=$(mktemp -d /tmp/initramfs-test.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
printf '#!/bin/sh\necho hello from test.sh\n' >"$tmp/t.sh"

scripts/make-initramfs.sh "$tmp/initrd.gz" "$tmp/t.sh:/test.sh" ||
    fail "make-initramfs failed"
gzip -t "$tmp/initrd.gz" || fail "not gzip"
zcat "$tmp/initrd.gz" | head -c 6 | grep -q '^070701$' || fail "not a newc cpio"
list=$(zcat "$tmp/initrd.gz" | cpio -t --quiet) || fail "cpio cannot list it"
for f in init bin/busybox bin/sh sbin/init bin/mount sbin/poweroff test.sh; do
    grep -qx "$f" <<<"$list" || fail "no $f in the initramfs"
done
mkdir "$tmp/x"
(cd "$tmp/x" && zcat "$tmp/initrd.gz" | cpio -id --quiet 2>/dev/null)
cmp -s "$tmp/x/init" tests/linux/init || fail "/init is not tests/linux/init"
[ -x "$tmp/x/test.sh" ] || fail "/test.sh is not executable"
[ "$(readlink "$tmp/x/bin/sh")" = /bin/busybox ] || fail "bin/sh is not busybox"
"$busybox" sh -n tests/linux/init || fail "tests/linux/init: syntax error"
echo "initramfs: $(stat -c %s "$tmp/initrd.gz") bytes, $(wc -l <<<"$list") entries"
