#!/bin/bash
# Hypervisor benchmarks, each against a raw-KVM floor measured in this
# same run. Prints BENCH lines (see docs/design/internals.md).
cd "$(dirname "$0")/.." || exit 1
. tests/integration/lib.sh
require_kvm

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

floors=$(build/bench/floor)
exit_us=$(echo "$floors" | awk '$1 == "exit_us" { print $2 }')
trap_us=$(echo "$floors" | awk '$1 == "trap_us" { print $2 }')
echo "floors: ring-3 exit ${exit_us} us, trap round trip ${trap_us} us"

start_xen
out=$(dist/bin/xen-run --timeout 120 --cmdline n=20000 dist/boot/special-bench)
null_us=$(echo "$out" | awk '$1 == "result" && $2 == "null_hypercall" { printf "%.2f", $3 / 1000 }')
mc_us=$(echo "$out" | awk '$1 == "result" && $2 == "multicall32" { printf "%.3f", $3 / 1000 }')
trap_b=$(echo "$out" | awk '$1 == "result" && $2 == "trap_bounce" { printf "%.2f", $3 / 1000 }')
echo "BENCH null_hypercall_us $null_us us baseline=$exit_us ratio=$(ratio "$null_us" "$exit_us")"
echo "BENCH multicall32_per_call_us $mc_us us baseline=$exit_us ratio=$(ratio "$mc_us" "$exit_us")"
# A bounced trap costs the trap exit (mini-os returns to kernel mode
# without the iret hypercall).
tb=$trap_us
echo "BENCH trap_bounce_us $trap_b us baseline=$tb ratio=$(ratio "$trap_b" "$tb")"

out=$(dist/bin/xen-run --timeout 120 --cmdline rounds=5000 \
      dist/boot/special-pingpong dist/boot/special-pingpong)
rtt_us=$(echo "$out" | awk '/rtt_ns/ { printf "%.2f", $NF / 1000 }')
# Floor: a send and a wake-up each way, two exits at the least.
fl=$(awk -v a="$exit_us" 'BEGIN { printf "%.2f", 2 * a }')
echo "BENCH evtchn_pingpong_rtt_us $rtt_us us baseline=$fl ratio=$(ratio "$rtt_us" "$fl")"

build/bench/hvbench launch 100 dist/boot/mini-os
build/bench/hvbench create-rate 300 dist/boot/mini-os
build/bench/hvbench idle-memory ${IDLE_DOMAINS:-1000} dist/boot/special-pingpong
stop_xen
# The same ping-pong with idle pCPUs polling for work (xen --halt-poll-us).
start_xen --halt-poll-us 100
out=$(dist/bin/xen-run --timeout 120 --cmdline rounds=5000 \
      dist/boot/special-pingpong dist/boot/special-pingpong)
rtt_us=$(echo "$out" | awk '/rtt_ns/ { printf "%.2f", $NF / 1000 }')
echo "BENCH evtchn_pingpong_rtt_us_halt_poll_100us $rtt_us us baseline=$fl ratio=$(ratio "$rtt_us" "$fl")"
stop_xen
start_xen --pcpus 1
build/bench/hvbench shares 5 dist/boot/special-spin
