#!/bin/bash
# xenstored is killed (-9) and started again while a guest uses xenstore
# over its ring: the new daemon reconnects to the guest's ring from its
# state file, answers the request the guest was waiting on, keeps the
# guest's watch, and tells it a transaction from before must be retried.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
require_kvm
start_xen
B=dist/bin
start_xs() {
    $B/xenstored --rundir "$XEN_RUNDIR" 2>>"$XEN_RUNDIR/xs.stderr" &
    xspid=$!
    for _ in $(seq 1 100); do
        $B/xenstore-exists / 2>/dev/null && return 0
        sleep 0.05
    done
    fail "xenstored did not start: $(cat "$XEN_RUNDIR/xs.stderr")"
}
# The guest's counter, once it has one.
count() {
    local d
    for d in $($B/xenstore-list /local/domain 2>/dev/null); do
        [ "$d" = 0 ] && continue
        $B/xenstore-read "/local/domain/$d/data/count" 2>/dev/null && return
    done
}
wait_count_above() {
    local c
    for _ in $(seq 1 200); do
        c=$(count)
        [ -n "$c" ] && [ "$c" -gt "$1" ] && return 0
        sleep 0.05
    done
    fail "the guest's counter did not pass $1 (at '${c}')"
}
trap 'kill $xspid $runpid 2>/dev/null; wait $xspid $runpid 2>/dev/null; stop_xen' EXIT

start_xs
$B/xen-run --timeout 60 --xenstore dist/boot/special-xs-restart \
    >"$XEN_RUNDIR/guest.out" 2>&1 &
runpid=$!
wait_count_above 3
kill -9 $xspid
wait $xspid 2>/dev/null
before=$(tail -c 200 "$XEN_RUNDIR/guest.out")
sleep 0.3 # the guest's requests wait in its ring meanwhile
start_xs
grep -q "ring connected" "$XEN_RUNDIR/xenstored.log" || fail "no ring reconnected"
now=$(count)
wait_count_above "$now"
for d in $($B/xenstore-list /local/domain); do
    [ "$d" = 0 ] || $B/xenstore-write "/local/domain/$d/data/flag" go
done
wait $runpid
rc=$?
cat "$XEN_RUNDIR/guest.out"
[ $rc -eq 0 ] || fail "xen-run exited $rc (before the restart: $before)"
grep -q "xs-restart: ok" "$XEN_RUNDIR/guest.out" || fail "the guest's checks did not pass"
kill -0 $xspid || fail "xenstored died"
echo ok
