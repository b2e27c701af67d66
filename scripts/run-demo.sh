#!/bin/bash
# The main job (`make run`): boot the demo PV kernel on the hypervisor and
# show its console. xen-run starts a private hypervisor when none is
# running in $XEN_RUNDIR.
cd "$(dirname "$0")/.." || exit 1
if ! { : <>/dev/kvm; } 2>/dev/null; then
    echo "make run: cannot open /dev/kvm read-write; the hypervisor needs KVM" >&2
    exit 1
fi
echo "== booting dist/boot/mini-os with dist/bin/xen-run"
exec dist/bin/xen-run --memory 8 --timeout 30 dist/boot/mini-os
