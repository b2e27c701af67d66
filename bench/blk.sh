#!/bin/bash
# Block I/O from a guest (tests/special/blkbench through blkfront and
# xen-blkback) against fio-style O_DIRECT I/O from dom0 (bench/blkload)
# on the same image file, in the same run: 4 KiB random read/write at
# QD1 and QD32 (IOPS), 1 MiB sequential read/write (MB/s). Ratios are
# guest/dom0, the baseline the mean of a run before and one after the
# guest's. BLK_BENCH_SECS: seconds per workload (default 2).
cd "$(dirname "$0")/.." || exit 1
. tests/integration/lib.sh
. tests/integration/toolstack.bash
. tests/integration/blk.bash
SECS=${BLK_BENCH_SECS:-2}
[ -x build/bench/blkload ] || { echo "build/bench/blkload missing (make bench builds it)"; exit 1; }
start_blk_stack
# On the build's file system, not a tmpfs run directory: the same host
# storage for both sides.
IMG=$(mktemp -p "$PWD/build" blkbench.XXXXXX.img)
trap 'rm -f "$IMG"; stop_blkback; stop_stack' EXIT
dd if=/dev/zero of="$IMG" bs=1M count=256 oflag=direct status=none
sync

# The baseline runs before and after the guest (their mean counts): the
# host's writeback of one run's writes weighs on whichever runs next.
base1=$(build/bench/blkload "$IMG" "$SECS") || { echo "blkload failed"; exit 1; }
cfg=$(blk_cfg blkbench "secs=$SECS" "$IMG,raw,xvda,w")
sed -i "s|^kernel = .*|kernel = \"$PWD/dist/boot/special-blkbench\"|" "$cfg"
$B/xl create -q "$cfg" || { echo "xl create failed"; exit 1; }
until_true $((SECS * 12 + 30)) console_has blkbench "blkbench: done" ||
    { cat "$XEN_LOGDIR/guest-blkbench.log"; echo "the guest did not finish"; exit 1; }
guest=$(grep "^blkbench: [a-z]" "$XEN_LOGDIR/guest-blkbench.log")
$B/xl destroy blkbench 2>/dev/null
base2=$(build/bench/blkload "$IMG" "$SECS") || { echo "blkload failed"; exit 1; }
base=$(printf '%s\n%s\n' "$base1" "$base2" |
    awk '{ ops[$2] += $3; ns[$2] += $4 } END { for ( w in ops ) print "blkload:", w, ops[w], ns[w] }')
grep "ring" "$XEN_LOGDIR/guest-blkbench.log"

printf '%-20s %12s %12s %7s\n' workload guest dom0 ratio
for w in rand4k_read_qd1 rand4k_write_qd1 rand4k_read_qd32 rand4k_write_qd32 seq1m_read seq1m_write; do
    read -r gops gns <<<"$(echo "$guest" | awk -v w=$w '$2 == w { print $3, $4 }')"
    read -r bops bns <<<"$(echo "$base" | awk -v w=$w '$2 == w { print $3, $4 }')"
    [ -n "$gops" ] && [ -n "$bops" ] || { echo "no figure for $w"; exit 1; }
    case $w in
    seq*) unit=MB/s; g=$(awk -v o=$gops -v n=$gns 'BEGIN { printf "%.1f", o * 1.048576e9 / n }')
          b=$(awk -v o=$bops -v n=$bns 'BEGIN { printf "%.1f", o * 1.048576e9 / n }') ;;
    *) unit=IOPS; g=$(awk -v o=$gops -v n=$gns 'BEGIN { printf "%.0f", o / n * 1e9 }')
       b=$(awk -v o=$bops -v n=$bns 'BEGIN { printf "%.0f", o / n * 1e9 }') ;;
    esac
    r=$(awk -v g=$g -v b=$b 'BEGIN { printf "%.2f", (b > 0 ? g / b : 0) }')
    printf '%-20s %12s %12s %7s\n' "$w" "$g" "$b" "$r"
    echo "BENCH blk_$w $g $unit baseline=$b ratio=$r"
done
