#!/bin/bash
# Two domains in one hypervisor exchange events over an interdomain
# channel (xen-run sets it up), 500 round trips, and both power off.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
require_kvm
out=$(dist/bin/xen-run --timeout 60 --cmdline rounds=500 \
      dist/boot/special-pingpong dist/boot/special-pingpong 2>&1)
rc=$?
echo "$out"
[ $rc -eq 0 ] || fail "xen-run exited $rc"
[ "$(echo "$out" | grep -c 'pingpong: done')" -eq 2 ] || fail "not both domains finished"
echo "$out" | grep -q 'rtt_ns' || fail "no round-trip time reported"
echo ok
