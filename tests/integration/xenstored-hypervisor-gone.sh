#!/bin/bash
# xenstored outlives the hypervisor it talks to: when the hypervisor dies
# (its event-channel connection hangs up), xenstored says so, stops
# polling the dead descriptor (it used to spin on its hangup at full CPU)
# and keeps serving dom0's clients.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
require_kvm
start_xen
start_xenstored
dist/bin/xenstore-write /local/domain/0/before yes || fail "dom0 write"
# A guest's ring makes xenstored open its event-channel connection.
dist/bin/xen-run --timeout 30 --xenstore dist/boot/special-xenbus >/dev/null 2>&1 ||
    fail "the xenbus guest did not run"

kill "$XEN_PID"
wait "$XEN_PID" 2>/dev/null
XEN_PID=
for _ in $(seq 1 100); do
    grep -q "hypervisor hung up" "$XEN_RUNDIR/xenstored.log" && break
    sleep 0.05
done
grep -q "hypervisor hung up" "$XEN_RUNDIR/xenstored.log" ||
    fail "xenstored did not notice the hypervisor's end"
# CPU ticks (1/100 s) over 2 s: a spin takes them all, an idle daemon none.
ticks() { awk '{ print $14 + $15 }' "/proc/$XENSTORED_PID/stat"; }
t0=$(ticks)
sleep 2
t1=$(ticks)
echo "xenstored used $((t1 - t0)) ticks in 2 s after the hypervisor died"
[ $((t1 - t0)) -lt 100 ] || fail "xenstored spins after the hypervisor died"
[ "$(dist/bin/xenstore-read /local/domain/0/before)" = yes ] || fail "dom0 read after"
dist/bin/xenstore-write /local/domain/0/after yes || fail "dom0 write after"
kill -0 $XENSTORED_PID || fail "xenstored died"
