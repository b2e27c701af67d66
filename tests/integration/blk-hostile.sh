#!/bin/bash
# A hostile frontend (tests/special/blk-hostile) against xen-blkback while
# a well-behaved guest (tests/special/blk, blk=loop) keeps writing,
# flushing and verifying its own disk: each bad request (segment counts,
# grants, sector ranges, indirect pages, operations) gets an error
# response, a scribbled ring index gets the hostile guest disconnected,
# blkback stays up and the good guest keeps going. Then again with the
# hostile guest's disk read-only (a raw write must be refused). blkback
# is its ASan+UBSan build here, and must exit cleanly with no report.
# First the hostile guest connects with bad keys (ring order over the
# offer, a ring never granted, garbage): refused each time, and the
# device goes back to InitWait for the next try.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
. tests/integration/toolstack.bash
. tests/integration/blk.bash
[ -x build/xen-blkback-asan ] || fail "build/xen-blkback-asan is missing (make check builds it)"
BLKBACK_BIN=build/xen-blkback-asan
start_blk_stack
truncate -s 16M "$XEN_RUNDIR/good.img" "$XEN_RUNDIR/bad.img"
HOSTILE=$PWD/dist/boot/special-blk-hostile

round() { $B/xenstore-read "/local/domain/$($B/xl domid good)/data/round" 2>/dev/null || echo 0; }

$B/xl create -q "$(blk_cfg good "blk=loop seed=3" "$XEN_RUNDIR/good.img,raw,xvda,w")" || fail "create the good guest"
until_true 30 eval '[ "$(round)" -ge 2 ]' || fail "the good guest made no progress: $(cat "$XEN_LOGDIR/guest-good.log")"

for mode in w r; do
    name=bad$mode
    cfg=$(blk_cfg $name "" "$XEN_RUNDIR/bad.img,raw,xvda,$mode")
    sed -i "s|^kernel = .*|kernel = \"$HOSTILE\"|" "$cfg"
    $B/xl create -q "$cfg" || fail "create $name"
    until_true 60 console_has $name "blk-hostile: ok$" ||
        { grep "blk-hostile" "$XEN_LOGDIR/guest-$name.log" | tail -5; fail "$name: the hostile checks did not pass"; }
    blkback_alive || fail "blkback died ($name)"
    before=$(round)
    until_true 30 eval '[ "$(round)" -gt '"$before"' ]' || fail "the good guest stalled after $name"
    $B/xl destroy $name || fail "destroy $name"
done
[ "$(grep -c "frontend disconnected: request producer index out of range" "$XEN_RUNDIR/blkback.log")" -eq 2 ] ||
    fail "blkback did not report both disconnects"
grep -q "a write to a read-only disk" "$XEN_LOGDIR/guest-badr.log" || fail "the read-only case was not tried"
grep -q "garbage keys are refused" "$XEN_LOGDIR/guest-badw.log" || fail "the bad connects were not tried"
for why in "ring-page-order beyond max-ring-page-order" "cannot map the ring" "missing or bad ring-ref"; do
    grep -q "$why" "$XEN_RUNDIR/blkback.log" || fail "blkback did not refuse a connect: $why"
done
grep -c "blk-hostile: ok:" "$XEN_LOGDIR/guest-badw.log"
console_has good "FAILED" && fail "the good guest failed"
$B/xl destroy good
blkback_alive || fail "blkback died"
until_true 10 grep -q "vbd 1/51712: removed" "$XEN_RUNDIR/blkback.log" || fail "the good device was not removed"
kill "$BLKBACK_PID"; wait "$BLKBACK_PID"; rc=$?; BLKBACK_PID=
[ $rc -eq 0 ] || fail "blkback exited $rc"
blkback_clean || fail "the sanitizers reported errors in blkback"
echo ok
