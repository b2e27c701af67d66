#!/bin/bash
# A guest makes tens of thousands of random hypercalls with hostile
# arguments against the ASan+UBSan build of the hypervisor, while another
# domain runs beside it: the fuzzing guest survives, the bystander
# finishes, the hypervisor stays up, and the sanitizers report nothing.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
require_kvm
start_xen_sanitized

dist/bin/xen-run --timeout 120 --cmdline seconds=2 dist/boot/special-spin \
    >"$XEN_RUNDIR/spin.out" 2>&1 &
spin=$!
for seed in 1 2 3; do
    out=$(dist/bin/xen-run --timeout 120 --cmdline "rounds=20000 seed=$seed" \
          dist/boot/special-hcfuzz 2>&1)
    rc=$?
    echo "$out" | tail -2
    [ $rc -eq 0 ] || fail "seed $seed: the fuzzing guest ended with $rc"
    echo "$out" | grep -q "survived 20000 calls" || fail "seed $seed: no survival line"
done
wait $spin || fail "the bystander domain exited $?: $(cat "$XEN_RUNDIR/spin.out")"
grep -q "spin: done" "$XEN_RUNDIR/spin.out" || fail "the bystander did not finish"
xen_alive || fail "the hypervisor died"

stop_xen_sanitized
echo ok
