#!/bin/bash
# A guest that floods console_io does not flood the hypervisor's log: its
# lines are logged up to a burst and then at a limited rate, the number
# left out is logged, and its later lines still get through.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
require_kvm
start_xen
dist/bin/xen-run --timeout 60 dist/boot/special-console-flood >"$XEN_RUNDIR/out" 2>&1 ||
    fail "the flooding domain did not finish: $(cat "$XEN_RUNDIR/out")"
logged=$(grep -c "flood line" "$XEN_RUNDIR/xen.log")
echo "$logged of 1000 flood lines logged"
# The burst (200 lines) covers every line the domain logged before the
# limit hit, its boot banner included, so count them all.
before=$(sed -n '/lines not logged: over the rate limit/q;/(d1)/p' "$XEN_RUNDIR/xen.log" | wc -l)
[ "$before" -ge 200 ] || fail "fewer lines than the burst were logged ($before)"
[ "$logged" -lt 1000 ] || fail "the whole flood was logged"
grep -q "lines not logged: over the rate limit" "$XEN_RUNDIR/xen.log" ||
    fail "the dropped lines were not counted in the log"
grep -q "flood: done" "$XEN_RUNDIR/xen.log" || fail "a later line was lost"
xen_alive || fail "the hypervisor died"
echo ok
