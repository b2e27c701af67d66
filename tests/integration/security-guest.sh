#!/bin/bash
# Hostile guests against the hypervisor and a bystander (issue 8, items
# 1-2), against the normal and the ASan+UBSan build of the hypervisor:
#  - on one pCPU, a guest looping on endless mmu_update calls (2^31-1
#    updates each), then one looping on multicalls of 1,024 of them: a
#    bystander domain beside it still gets the CPU and finishes, the
#    attacker is destroyed when xen-run's timeout ends it, and the
#    hypervisor still builds and runs a new domain afterwards;
#  - two vCPUs taking each other down at the same moment, many times: no
#    deadlock, the domain powers off every time.
# Each step has a generous time limit that only a hang reaches.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
require_kvm

bystander_beside() { # attack mode
    dist/bin/xen-run --timeout 120 --cmdline seconds=2 dist/boot/special-spin \
        >"$XEN_RUNDIR/spin.out" 2>&1 &
    local spin=$!
    timeout -s KILL 120 dist/bin/xen-run --timeout 4 --cmdline "attack=$1" \
        dist/boot/test-preempt >"$XEN_RUNDIR/attack.out" 2>&1
    local rc=$?
    wait $spin
    local spin_rc=$?
    cat "$XEN_RUNDIR/attack.out"
    [ $rc -eq 5 ] || fail "attack=$1: xen-run exited $rc, not 5 (timed out, domain destroyed)"
    grep -q "attack: " "$XEN_RUNDIR/attack.out" || fail "attack=$1 did not start"
    [ $spin_rc -eq 0 ] && grep -q "spin: done" "$XEN_RUNDIR/spin.out" ||
        fail "attack=$1: the bystander did not finish ($spin_rc): $(tail -3 "$XEN_RUNDIR/spin.out")"
    echo "attack=$1: bystander $(grep -c heartbeat "$XEN_RUNDIR/spin.out") heartbeats"
}

still_serves() {
    timeout -s KILL 60 dist/bin/xen-run --timeout 30 dist/boot/test-hello \
        >"$XEN_RUNDIR/hello.out" 2>&1 ||
        fail "a new domain did not run afterwards: $(cat "$XEN_RUNDIR/hello.out")"
}

for bin in dist/bin/xen build/xen-asan; do
    echo "=== $bin"
    XEN_BIN=$bin start_xen --pcpus 1
    bystander_beside mmu
    bystander_beside multicall
    still_serves
    [ "$bin" = build/xen-asan ] && stop_xen_sanitized || stop_xen

    XEN_BIN=$bin start_xen --pcpus 2
    for i in $(seq 1 20); do
        timeout -s KILL 60 dist/bin/xen-run --vcpus 2 --timeout 30 \
            dist/boot/special-down-race >"$XEN_RUNDIR/down.out" 2>&1 ||
            fail "down-race run $i: $(cat "$XEN_RUNDIR/down.out")"
    done
    echo "down-race: 20 runs, no deadlock"
    still_serves
    [ "$bin" = build/xen-asan ] && stop_xen_sanitized || stop_xen
done
echo ok
