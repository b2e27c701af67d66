#!/bin/sh
# Run inside Debian's kernel booted as a PV domU (tests/integration/
# linux-boot.sh): user space works (fork, exec, pipes, page faults,
# copy-on-write), the kernel knows it is a Xen PV guest, and it can
# power itself off.
echo "smoke: uname $(uname -sr)"
grep -q . /sys/hypervisor/type 2>/dev/null && echo "smoke: hypervisor $(cat /sys/hypervisor/type)"
dmesg | grep -q "Booting kernel on Xen" && echo "smoke: booted on Xen PV"
# fork + exec + pipe, many times: page tables built and torn down.
n=0
for i in $(seq 1 50); do
    v=$(echo "$i" | cat | wc -c)
    [ "$v" -gt 0 ] && n=$((n + 1))
done
echo "smoke: $n pipelines ran"
# copy-on-write: a child changes its copy, the parent's is untouched.
x=parent
( x=child; echo "$x" >/tmp/child )
[ "$x" = parent ] && [ "$(cat /tmp/child)" = child ] && echo "smoke: copy-on-write ok"
# memory: touch 32 MiB in a tmpfs file and read it back.
dd if=/dev/zero of=/tmp/big bs=1M count=32 2>/dev/null
[ "$(wc -c </tmp/big)" -eq 33554432 ] && echo "smoke: 32 MiB written and read"
echo "smoke: done"
