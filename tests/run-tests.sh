#!/bin/bash
# Runs every test that `make check` built and prints one line per test,
# then the summary line "N passed, N failed, N skipped".
#
# Kinds of test (docs/design/internals.md):
#  - build/tests/unit/test_*: CUnit programs (each of their tests counts);
#  - dist/boot/test-*: guest test kernels booted with xen-run;
#  - tests/integration/*.sh: exit 0 pass, 77 skip, anything else fail.
cd "$(dirname "$0")/.." || exit 1

passed=0
failed=0
skipped=0
logdir=build/test-logs
mkdir -p "$logdir"

pass() { passed=$((passed + ${2:-1})); echo "PASS $1"; }
# A failure shows the end of its log: in CI that output is all there is.
fail() {
    failed=$((failed + ${3:-1}))
    echo "FAIL $1: $2 (log: $logdir/$1.log)"
    tail -n 25 "$logdir/$1.log" 2>/dev/null | sed 's/^/    | /'
}
skip() { skipped=$((skipped + 1)); echo "SKIP $1: $2"; }

kvm_reason=""
if ! { : <>/dev/kvm; } 2>/dev/null; then
    kvm_reason="cannot open /dev/kvm read-write ($(id -un))"
fi

run_unit() {
    local bin=$1 name log counts total okay bad
    name=$(basename "$bin")
    log=$logdir/$name.log
    timeout 300 "$bin" >"$log" 2>&1
    local rc=$?
    # CUnit's summary row: "tests  <total> <ran> <passed> <failed> <inactive>"
    counts=$(awk '$1 == "tests" && NF >= 5 { print $3, $4, $5 }' "$log" | tail -n 1)
    if [ -n "$counts" ]; then
        read -r total okay bad <<<"$counts"
        if [ "$rc" -eq 0 ] && [ "$bad" -eq 0 ]; then
            pass "$name ($okay tests)" "$okay"
        else
            [ "$bad" -eq 0 ] && bad=1
            passed=$((passed + okay))
            fail "$name" "$bad of $total tests failed, exit $rc" "$bad"
        fi
    elif [ "$rc" -eq 0 ]; then
        pass "$name"
    else
        fail "$name" "exit $rc"
    fi
}

run_guest() {
    local kernel=$1 name log rc
    name=$(basename "$kernel")
    log=$logdir/$name.log
    if [ -n "$kvm_reason" ]; then
        skip "$name" "$kvm_reason"
        return
    fi
    # A test may ask for xen-run options in tests/guest/<name>/xen-run.opts.
    local opts_file=tests/guest/${name#test-}/xen-run.opts opts=""
    [ -f "$opts_file" ] && opts=$(cat "$opts_file")
    # shellcheck disable=SC2086
    dist/bin/xen-run --timeout 60 $opts "$kernel" >"$log" 2>&1
    rc=$?
    if grep -q '^Test result: SKIP' "$log"; then
        skip "$name" "$(grep -m1 '^Test result: SKIP' "$log")"
    elif [ "$rc" -eq 0 ] && grep -q '^Test result: SUCCESS' "$log"; then
        pass "$name"
    else
        fail "$name" "exit $rc, $(grep -m1 '^Test result:' "$log" || echo 'no result line')"
    fi
}

run_integration() {
    local script=$1 name log rc
    name=$(basename "$script" .sh)
    log=$logdir/$name.log
    KVM_UNAVAILABLE="$kvm_reason" timeout 600 bash "$script" >"$log" 2>&1
    rc=$?
    case $rc in
    0) pass "$name" ;;
    77) skip "$name" "$(tail -n 1 "$log")" ;;
    *) fail "$name" "exit $rc: $(tail -n 1 "$log")" ;;
    esac
}

for bin in build/tests/unit/test_*; do
    [ -x "$bin" ] && [ -f "$bin" ] && run_unit "$bin"
done
for kernel in dist/boot/test-*; do
    [ -f "$kernel" ] && run_guest "$kernel"
done
for script in tests/integration/*.sh; do
    [ "$(basename "$script")" = lib.sh ] && continue
    [ -f "$script" ] && run_integration "$script"
done

echo
if [ $skipped -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
else
    echo "$passed passed, $failed failed"
fi
[ $failed -eq 0 ]
