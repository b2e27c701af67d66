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
# The costs of the PV ABI's emulations (docs/abi.md): a hypercall made
# with `syscall` (a #PF exit at the guard) against a plain exit; a guest
# user process's syscall round trip (the guard #PF, the bounce into the
# kernel's callback, the iret hypercall back) against a trap round trip
# plus an exit; a privileged instruction (rdmsr) and a load at Xen's
# hard-coded M2P address, each a #GP/#PF exit and an emulation, against a
# trap round trip; the M2P where XENMEM_machphys_mapping maps it costs a
# plain load.
result_us() { echo "$out" | awk -v n="$1" '$1 == "result" && $2 == n { printf "%.2f", $3 / 1000 }'; }
sc_us=$(result_us syscall_hypercall)
us_us=$(result_us user_syscall)
po_us=$(result_us priv_op)
m2pf_us=$(result_us m2p_read_fixed)
m2pm_ns=$(echo "$out" | awk '$1 == "result" && $2 == "m2p_read_mapped_1000" { printf "%.3f", $3 / 1000 }')
two=$(awk -v a="$trap_us" -v b="$exit_us" 'BEGIN { printf "%.2f", a + b }')
echo "BENCH syscall_hypercall_us $sc_us us baseline=$exit_us ratio=$(ratio "$sc_us" "$exit_us")"
echo "BENCH user_syscall_round_trip_us $us_us us baseline=$two ratio=$(ratio "$us_us" "$two")"
echo "BENCH priv_op_rdmsr_us $po_us us baseline=$tb ratio=$(ratio "$po_us" "$tb")"
echo "BENCH m2p_read_emulated_us $m2pf_us us baseline=$tb ratio=$(ratio "$m2pf_us" "$tb")"
echo "BENCH m2p_read_mapped_ns $m2pm_ns ns"

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
