#!/bin/bash
# xen-run signals only the hypervisor it talks to (issue 8, item 8): when
# a domain times out it asks the hypervisor for a state dump (SIGUSR2).
# A forged xen.pid naming another of root's processes must not get that
# signal (SIGUSR2 kills a process that does not handle it); the
# hypervisor still gets it and logs its state.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
require_kvm
start_xen

sleep 300 &
victim=$!
trap 'kill $victim 2>/dev/null; stop_xen' EXIT
echo "$victim" >"$XEN_RUNDIR/xen.pid"

out=$(dist/bin/xen-run --timeout 2 --cmdline seconds=60 dist/boot/special-spin 2>&1)
rc=$?
echo "$out" | grep -v heartbeat
[ $rc -eq 5 ] || fail "xen-run exited $rc, not 5 (timeout)"
kill -0 $victim 2>/dev/null || fail "xen-run signalled the process named in a forged xen.pid"
for _ in $(seq 1 100); do
    grep -q "domain 0: dying" "$XEN_RUNDIR/xen.log" && break
    sleep 0.05
done
grep -q "domain 0: dying" "$XEN_RUNDIR/xen.log" || fail "the hypervisor logged no state dump"
xen_alive || fail "the hypervisor died"
echo ok
