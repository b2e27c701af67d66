#!/bin/bash
# Debian's kernel as a PV guest (issue 13): boot time from xen-run to
# /init, a user process's syscall round trip and fork+exec of busybox
# `true` inside it, each against the same program run in dom0 in this
# run (the floor), and the guest's exits during one boot by kind (from
# the hypervisor's log when the domain is destroyed, for the whole run). Skipped without the
# kernel that `make deps` caches.
cd "$(dirname "$0")/.." || exit 1
. tests/integration/lib.sh
require_kvm
require_linux
cache=$LINUX_CACHE
kernel=$LINUX_KERNEL
lb=build/bench/linuxbench
[ -x "$lb" ] || fail "no $lb (make bench builds it)"
vcpus=${LB_VCPUS:-1}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

tmp=$(mktemp -d /tmp/linux-bench.XXXXXX)
scripts/make-initramfs.sh "$tmp/initrd.gz" bench/linux/bench-init.sh:/test.sh \
    "$lb:/linuxbench" || fail "make-initramfs failed"

host=$("$lb" 100000 200 /bin/true) || fail "linuxbench failed in dom0"
host_sc=$(echo "$host" | awk '$2 == "syscall_ns" { print $3 }')
host_fe=$(echo "$host" | awk '$2 == "fork_exec_us" { print $3 }')

start_xen
start_xenstored 'rm -rf "$tmp"'

# Each console line stamped with the seconds since xen-run started.
start=$(date +%s.%N)
dist/bin/xen-run --memory 256 --vcpus "$vcpus" --timeout 600 --xenstore \
    --ramdisk "$tmp/initrd.gz" --cmdline "console=hvc0 quiet ${LB_CMDLINE}" "$kernel" 2>&1 |
    while IFS= read -r line; do
        printf '%s %s\n' "$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }')" "$line"
    done >"$tmp/out"
grep -q "linuxbench fork_exec_us" "$tmp/out" || { tail -n 30 "$tmp/out"; fail "the guest did not finish"; }
boot_s=$(awk '/linuxbench init reached/ { print $1; exit }' "$tmp/out")
guest_sc=$(awk '$3 == "syscall_ns" { print $4 }' "$tmp/out")
guest_fe=$(awk '$3 == "fork_exec_us" { print $4 }' "$tmp/out")
# The floor for a boot: Firecracker's ~0.125 s to init with VT-x; the
# issue's goal is 1.5 s.
echo "BENCH linux_boot_to_init_s $boot_s s baseline=1.5 ratio=$(ratio "$boot_s" 1.5)"
echo "BENCH linux_user_syscall_ns $guest_sc ns baseline=$host_sc ratio=$(ratio "$guest_sc" "$host_sc")"
echo "BENCH linux_fork_exec_true_us $guest_fe us baseline=$host_fe ratio=$(ratio "$guest_fe" "$host_fe")"
for _ in $(seq 1 100); do grep -q "exits:" "$XEN_RUNDIR/xen.log" && break; sleep 0.1; done
exits=$(grep -m1 "domain 1 exits:" "$XEN_RUNDIR/xen.log" | sed 's/.*exits: *//')
[ -n "$exits" ] || fail "no exit counts in the hypervisor log"
# Exits of the whole run (boot, benchmark, power-off), by kind.
echo "$exits" | awk '{ for ( i = 1; i < NF; i += 2 ) { k = $i; gsub("-", "_", k);
    printf "BENCH linux_exits_%s %s exits\n", k, $(i + 1) } }'
