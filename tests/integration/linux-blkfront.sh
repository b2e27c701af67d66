#!/bin/bash
# Debian's kernel on a disk (issue 13 part 2, issue 12): xl create with
# disk=[raw image of an ext4 filesystem made in dom0]; the guest loads the
# package's own xen-blkfront module, which connects to the project's
# blkback through xenstore, mounts the filesystem, reads a file dom0 put
# there, writes two (one of random bytes), syncs and unmounts; dom0 then
# reads both back from the image with debugfs. Skipped without the cached
# kernel or e2fsprogs.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
. tests/integration/toolstack.bash
. tests/integration/blk.bash
require_kvm
require_linux
cache=$LINUX_CACHE
kernel=$LINUX_KERNEL
module=$(find -L "$cache/linux/lib/modules" -name xen-blkfront.ko 2>/dev/null | head -n 1)
[ -n "$module" ] || skip "no xen-blkfront.ko in $cache/linux/lib/modules"
command -v mkfs.ext4 >/dev/null && command -v debugfs >/dev/null ||
    skip "needs e2fsprogs (mkfs.ext4, debugfs)"

start_blk_stack
img=$XEN_RUNDIR/linux.img
seed=$XEN_RUNDIR/seed
mkdir -p "$seed"
echo "hello from dom0" >"$seed/from-dom0.txt"
mkfs.ext4 -q -F -d "$seed" "$img" 64M || fail "mkfs.ext4"
scripts/make-initramfs.sh "$XEN_RUNDIR/initrd.gz" tests/linux/blk.sh:/test.sh \
    "$module:/xen-blkfront.ko" || fail "make-initramfs failed"
cat >"$XEN_RUNDIR/linux.cfg" <<CFG
name = "linux-blk"
kernel = "$kernel"
ramdisk = "$XEN_RUNDIR/initrd.gz"
memory = 256
vcpus = 1
extra = "console=hvc0 quiet"
disk = [ '$img,raw,xvda,w' ]
on_poweroff = "destroy"
CFG
$B/xl create -q "$XEN_RUNDIR/linux.cfg" || fail "xl create"
log=$XEN_LOGDIR/guest-linux-blk.log
until_true 300 domain_gone linux-blk || { tail -n 40 "$log"; fail "the guest did not power off"; }
grep "blk:" "$log"
grep -qE "Oops|BUG:|Kernel panic" "$log" && { grep -A20 -E "Oops|BUG:|Kernel panic" "$log" | head -40; fail "the kernel reported a fault"; }
for want in "blk: /dev/xvda is 131072 sectors" "blk: mounted" "blk: dom0 says: hello from dom0" \
    "blk: unmounted" "blk: done"; do
    grep -qF "$want" "$log" || { tail -n 30 "$log"; fail "missing: $want"; }
done
[ "$(debugfs -R 'cat /from-guest.txt' "$img" 2>/dev/null)" = "written by Linux on blkfront" ] ||
    fail "dom0 does not find the guest's file in the image"
sum=$(debugfs -R 'cat /random.bin' "$img" 2>/dev/null | md5sum | cut -d' ' -f1)
grep -qF "blk: md5 $sum" "$log" || fail "the random file in the image differs from what the guest wrote"
blkback_alive || fail "blkback died"
echo "linux-blkfront: the guest's files are in the image"
