#!/bin/bash
# The hypervisor under valgrind: domains boot, take events and timers,
# a crashing one is torn down, and at a clean stop valgrind has found no
# invalid access, uninitialised read or leak in the hypervisor's code.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
require_kvm
command -v valgrind >/dev/null || skip "valgrind is not installed"
XEN_RUNDIR=$(mktemp -d /tmp/xen-vg.XXXXXX)
export XEN_RUNDIR
valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
    --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
    --log-file="$XEN_RUNDIR/vg.log" dist/bin/xen >"$XEN_RUNDIR/stderr" 2>&1 &
pid=$!
trap 'kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$XEN_RUNDIR"' EXIT
for _ in $(seq 1 400); do
    [ -S "$XEN_RUNDIR/privcmd" ] && break
    sleep 0.05
done
[ -S "$XEN_RUNDIR/privcmd" ] || fail "the hypervisor did not start under valgrind"

for k in test-hello test-events test-timer test-upcall-return; do
    out=$(dist/bin/xen-run --timeout 120 dist/boot/$k 2>&1)
    echo "$out" | grep -q "^Test result: SUCCESS" || fail "$k: $out"
done
dist/bin/xen-run --timeout 120 dist/boot/special-crash-nohandler >/dev/null 2>&1
[ $? -eq 2 ] || fail "the crashing domain was not reported as crashed"

[ "$(grep -c "created domain" "$XEN_RUNDIR/xen.log")" -eq 5 ] || fail "the domains did not run in the hypervisor under valgrind"
kill -TERM $pid
wait $pid
rc=$?
# valgrind does not know every KVM ioctl and says so; that is no error.
grep -v "unhandled ioctl\|could cause spurious\|README_MISSING" "$XEN_RUNDIR/vg.log"
[ $rc -eq 0 ] || fail "the hypervisor under valgrind exited $rc"
echo ok
