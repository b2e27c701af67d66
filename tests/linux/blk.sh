#!/bin/sh
# Run inside Debian's kernel (tests/integration/linux-blkfront.sh): its own
# xen-blkfront driver, from the package's modules, finds the disk xl gave
# it through xenstore and the project's blkback; an ext4 filesystem made in
# dom0 is read, a file is written, flushed and unmounted.
insmod /xen-blkfront.ko || echo "blk: insmod failed"
n=0
while [ ! -b /dev/xvda ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
[ -b /dev/xvda ] && echo "blk: /dev/xvda is $(cat /sys/block/xvda/size) sectors"
mkdir -p /mnt
mount -t ext4 /dev/xvda /mnt && echo "blk: mounted"
echo "blk: dom0 says: $(cat /mnt/from-dom0.txt)"
echo "written by Linux on blkfront" >/mnt/from-guest.txt
dd if=/dev/urandom of=/mnt/random.bin bs=64k count=32 2>/dev/null
md5sum /mnt/random.bin | sed 's/^/blk: md5 /'
sync
umount /mnt && echo "blk: unmounted"
echo "blk: done"
