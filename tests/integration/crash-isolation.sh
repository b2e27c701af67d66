#!/bin/bash
# A domain that faults with no handler, and one whose handler faults on
# entry, are crashed with a register dump; a third domain running at the
# same time goes on to finish, and the hypervisor stays up.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
require_kvm
start_xen

dist/bin/xen-run --timeout 60 --cmdline seconds=3 dist/boot/special-spin \
    >"$XEN_RUNDIR/spin.out" 2>&1 &
spin=$!
sleep 0.5

dist/bin/xen-run --timeout 30 dist/boot/special-crash-nohandler >"$XEN_RUNDIR/c1.out" 2>&1
rc1=$?
dist/bin/xen-run --timeout 30 dist/boot/special-crash-in-handler >"$XEN_RUNDIR/c2.out" 2>&1
rc2=$?
wait $spin
rc3=$?
cat "$XEN_RUNDIR"/c1.out "$XEN_RUNDIR"/c2.out "$XEN_RUNDIR"/spin.out

[ $rc1 -eq 2 ] || fail "fault with no handler: xen-run exited $rc1, not 2"
[ $rc2 -eq 2 ] || fail "fault in the handler: xen-run exited $rc2, not 2"
grep -q "with no handler" "$XEN_RUNDIR/xen.log" || fail "no 'no handler' crash logged"
grep -q "at the entry of its handler" "$XEN_RUNDIR/xen.log" || fail "no handler-fault crash logged"
grep -q "registers:" "$XEN_RUNDIR/xen.log" || fail "no register dump"
[ $rc3 -eq 0 ] || fail "the healthy domain exited $rc3"
grep -q "spin: done" "$XEN_RUNDIR/spin.out" || fail "the healthy domain did not finish"
xen_alive || fail "the hypervisor died"
echo ok
