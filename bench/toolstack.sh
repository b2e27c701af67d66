#!/bin/bash
# Toolstack benchmarks: xl create of a minimal domain to its first
# console byte (median of 100) beside xen-run's and a raw KVM VM's
# figures from this run; the xenstore requests and round trips of one
# create; 100 and then 1000 (XL_BENCH_DOMAINS) domains created in a row;
# xl list with them all running (against xl list with none); xl destroy
# of each. Prints BENCH lines (docs/design/internals.md).
cd "$(dirname "$0")/.." || exit 1
. tests/integration/lib.sh
. tests/integration/toolstack.bash
start_stack
KERNEL=$LIFECYCLE
# xl.conf's default monitor poll (1 s), not the tests' 100 ms: a user's
# thousand monitors, not a test's.
echo "lockfile=\"$XEN_RUNDIR/xl.lock\"" >"$XL_CONF"

cfg=$(lifecycle_cfg bench-one 'memory = 4')
out=$($B/xl -v create "$cfg" 2>&1) || fail "xl create: $out"
read -r req rt < <(echo "$out" | awk '/^xenstore:/ { print $2, $5 }')
echo "BENCH xl_create_xenstore_requests $req requests"
echo "BENCH xl_create_xenstore_round_trips $rt round_trips"
$B/xl destroy bench-one

build/bench/xlbench create "${XL_BENCH_CREATES:-100}" "$KERNEL" || fail "xlbench create"
build/bench/xlbench many "${XL_BENCH_DOMAINS:-1000}" "$KERNEL" || fail "xlbench many"
