#!/bin/bash
# Debian's stock cloud kernel boots as a PV domU (issue 13, part 1): to
# /init from a busybox initramfs, where tests/linux/smoke.sh checks that
# user space works (fork, exec, pipes, copy-on-write, 32 MiB of tmpfs)
# and that the kernel knows it runs on Xen, then powers off. Any oops or
# BUG fails the test. Skipped when `make deps` could not fetch the kernel.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
. scripts/linux-cache.sh
require_kvm

cache=$(linux_cache_dir)
kernel=$cache/linux/vmlinuz
[ -e "$kernel" ] || skip "Debian's kernel is not in $cache (scripts/fetch-linux.sh fetches it)"
[ -x "$cache/busybox/bin/busybox" ] || skip "busybox-static is not in $cache"

tmp=$(mktemp -d /tmp/linux-boot.XXXXXX)
start_xen
dist/bin/xenstored --rundir "$XEN_RUNDIR" --no-persist 2>"$XEN_RUNDIR/xs.stderr" &
xspid=$!
trap 'kill $xspid 2>/dev/null; wait $xspid 2>/dev/null; rm -rf "$tmp"; stop_xen' EXIT
for _ in $(seq 1 100); do [ -S "$XEN_RUNDIR/xenstored.sock" ] && break; sleep 0.05; done

scripts/make-initramfs.sh "$tmp/initrd.gz" tests/linux/smoke.sh:/test.sh ||
    fail "make-initramfs failed"
start=$(date +%s.%N)
dist/bin/xen-run --memory 256 --timeout 300 --xenstore --ramdisk "$tmp/initrd.gz" \
    --cmdline "console=hvc0" "$kernel" >"$tmp/out" 2>&1
rc=$?
end=$(date +%s.%N)
grep -E "smoke:|xen-pv-tests|Oops|BUG|panic|RIP:|xen-run" "$tmp/out"
grep -E "smoke: date .* ok" "$tmp/out" >/dev/null || fail "the date is wrong"
[ $rc -eq 0 ] || { tail -n 60 "$tmp/out"; fail "xen-run exited $rc"; }
if grep -qE "Oops|BUG:|Kernel panic|WARNING:" "$tmp/out"; then
    grep -E -A30 "Oops|BUG:|Kernel panic|WARNING:" "$tmp/out" | head -n 80
    fail "the kernel reported a fault"
fi
for want in "smoke: hypervisor xen" "smoke: booted on Xen PV" "smoke: 50 pipelines ran" \
    "smoke: copy-on-write ok" "smoke: 32 MiB written and read" "smoke: vdso pvclock ok" \
    "smoke: time advances" "smoke: 1 vCPU(s) in cpuinfo, 1 online" "xen-pv-tests init: /test.sh exited 0" \
    "reboot: System halted"; do
    grep -qF "$want" "$tmp/out" || { tail -n 40 "$tmp/out"; fail "missing: $want"; }
done
echo "linux-boot: $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }') s from xen-run to power-off"
