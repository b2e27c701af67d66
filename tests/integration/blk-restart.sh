#!/bin/bash
# kill -9 of xen-blkback under I/O: a guest (tests/special/blk, blk=loop)
# writes, flushes and verifies round after round; blkback is killed, the
# guest's requests wait on its ring, a new blkback attaches to the same
# ring (no xenbus reconnect) and answers them, and the guest's rounds go
# on verifying. Twice, then the guest is shut down cleanly.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
. tests/integration/toolstack.bash
. tests/integration/blk.bash
start_blk_stack
truncate -s 16M "$XEN_RUNDIR/disk.img"
round() { $B/xenstore-read "/local/domain/$($B/xl domid loop)/data/round" 2>/dev/null || echo 0; }

$B/xl create -q "$(blk_cfg loop "blk=loop seed=11" "$XEN_RUNDIR/disk.img,raw,xvda,w")" || fail "create"
until_true 30 eval '[ "$(round)" -ge 2 ]' || fail "no progress: $(cat "$XEN_LOGDIR/guest-loop.log")"
for kill in 1 2; do
    kill -9 "$BLKBACK_PID"
    wait "$BLKBACK_PID" 2>/dev/null
    BLKBACK_PID=
    stalled=$(round)
    sleep 0.5
    [ "$(round)" -le $((stalled + 1)) ] || fail "the guest went on without a backend"
    start_blkback
    until_true 10 eval '[ "$(grep -c "reattached after a restart" "$XEN_RUNDIR/blkback.log")" -ge '$kill' ]' ||
        fail "the new blkback did not reattach"
    until_true 30 eval '[ "$(round)" -ge $((stalled + 3)) ]' ||
        fail "the guest made no progress after restart $kill: $(tail -3 "$XEN_LOGDIR/guest-loop.log")"
done
console_has loop "FAILED" && fail "the guest found its data wrong"
$B/xl shutdown -w loop >/dev/null 2>&1 || $B/xl destroy loop
until_true 10 grep -q "vbd 1/51712: removed" "$XEN_RUNDIR/blkback.log" || fail "the device was not removed"
echo "rounds: $(grep -c "round .* ok" "$XEN_LOGDIR/guest-loop.log" 2>/dev/null)"
echo ok
