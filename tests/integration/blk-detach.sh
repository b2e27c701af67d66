#!/bin/bash
# Hot-unplug under I/O: a guest (tests/special/blk, blk=loop) writes,
# flushes and verifies round after round; `xl block-detach` takes its
# disk away mid-round. blkback answers what was in flight, closes, and
# the toolstack removes the nodes; the guest sees the device gone and
# stops. No flushed write is lost: every sector dom0 checks holds the
# last verified round's pattern or the next round's. Then the disk is
# attached (`xl block-attach`) to a new, running guest waiting for a disk.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
. tests/integration/toolstack.bash
. tests/integration/blk.bash
start_blk_stack
IMG=$XEN_RUNDIR/disk.img
truncate -s 16M "$IMG"
round() { $B/xenstore-read "/local/domain/$($B/xl domid loop)/data/round" 2>/dev/null || echo 0; }

$B/xl create -q "$(blk_cfg loop "blk=loop seed=11 hold=1" "$IMG,raw,xvda,w")" || fail "create"
until_true 30 eval '[ "$(round)" -ge 3 ]' || fail "no progress: $(cat "$XEN_LOGDIR/guest-loop.log")"
$B/xl block-list loop | grep -q " 4 " || fail "block-list does not show the device connected: $($B/xl block-list loop)"
$B/xl block-detach loop xvda || fail "block-detach"
until_true 20 console_has loop "blk: device gone after round" ||
    fail "the guest did not see its disk go: $(tail -5 "$XEN_LOGDIR/guest-loop.log")"
until_true 10 domain_gone loop || $B/xl destroy loop
until_true 10 grep -q "vbd 1/51712: removed" "$XEN_RUNDIR/blkback.log" || fail "blkback kept the device"
n=$(grep -o "device gone after round [0-9]*" "$XEN_LOGDIR/guest-loop.log" | awk '{ print $5 }')
[ -n "$n" ] && [ "$n" -ge 3 ] || fail "no round count"
s1=$((11 + n * (n + 1) / 2)) s2=$((11 + (n + 1) * (n + 2) / 2))
python3 tests/integration/blk_pattern.py "$IMG" "$s1,$s2" --no-discard ||
    fail "a flushed write of round $n was lost"

# Hot-plug: a running guest without a disk gets one.
cfg=$(blk_cfg late "blk=info wait=1" "$IMG,raw,xvda,w")
sed -i '/^disk = /d' "$cfg"
$B/xl create -q "$cfg" || fail "create the second guest"
until_true 10 eval '[ "$(domain_state late)" = -b---- ] || [ "$(domain_state late)" = r----- ]' || fail "the second guest is not running"
sleep 0.3
$B/xl block-attach late "$IMG,raw,xvda,r" || fail "block-attach"
until_true 30 console_has late "blk: closed" || fail "the attached disk was not found: $(cat "$XEN_LOGDIR/guest-late.log")"
console_has late "a disk appeared" || fail "the guest did not wait for its disk"
console_has late "read-only" || fail "the disk was attached read-only, the guest did not see it so"
blkback_alive || fail "blkback died"
echo "detached after round $n; image holds seeds $s1/$s2"
echo ok
