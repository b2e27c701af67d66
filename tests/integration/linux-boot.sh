#!/bin/bash
# Debian's stock cloud kernel boots as a PV domU (issue 13, part 1), with
# 1 and with 2 vCPUs: to /init from a busybox initramfs, where tests/linux/smoke.sh checks that
# user space works (fork, exec, pipes, copy-on-write, 32 MiB of tmpfs)
# and that the kernel knows it runs on Xen, then powers off. Any oops or
# BUG fails the test. Skipped when `make deps` could not fetch the kernel.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
require_kvm

require_linux
cache=$LINUX_CACHE
kernel=$LINUX_KERNEL

tmp=$(mktemp -d /tmp/linux-boot.XXXXXX)
start_xen
start_xenstored 'rm -rf "$tmp"'

scripts/make-initramfs.sh "$tmp/initrd.gz" tests/linux/smoke.sh:/test.sh ||
    fail "make-initramfs failed"
# boot N: one boot with N vCPUs, checked.
boot() {
    local n=$1 start end rc out=$tmp/out.$1
    start=$(date +%s.%N)
    dist/bin/xen-run --memory 256 --vcpus "$n" --timeout 300 --xenstore \
        --ramdisk "$tmp/initrd.gz" --cmdline "console=hvc0" "$kernel" >"$out" 2>&1
    rc=$?
    end=$(date +%s.%N)
    grep -E "smoke:|xen-pv-tests|Oops|BUG|panic|RIP:|xen-run" "$out"
    [ $rc -eq 0 ] || { tail -n 60 "$out"; fail "$n vCPU(s): xen-run exited $rc"; }
    if grep -qE "Oops|BUG:|Kernel panic|WARNING:" "$out"; then
        grep -E -A30 "Oops|BUG:|Kernel panic|WARNING:" "$out" | head -n 80
        fail "$n vCPU(s): the kernel reported a fault"
    fi
    grep -qE "smoke: date .* ok" "$out" || fail "$n vCPU(s): the date is wrong"
    for want in "smoke: hypervisor xen" "smoke: booted on Xen PV" "smoke: 50 pipelines ran" \
        "smoke: copy-on-write ok" "smoke: 32 MiB written and read" "smoke: vdso pvclock ok" \
        "smoke: time advances" "smoke: $n vCPU(s) in cpuinfo, $n online" \
        "xen-pv-tests init: /test.sh exited 0" "reboot: System halted"; do
        grep -qF "$want" "$out" || { tail -n 40 "$out"; fail "$n vCPU(s): missing: $want"; }
    done
    echo "linux-boot: $n vCPU(s): $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }') s from xen-run to power-off"
}
boot 1
boot 2
