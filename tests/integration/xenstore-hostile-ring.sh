#!/bin/bash
# A guest that corrupts its xenstore ring indexes gets its ring marked
# broken; xenstored logs it, drops only that connection and goes on
# serving others.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
require_kvm
start_xen
start_xenstored
dist/bin/xenstore-write /local/domain/0/private secret || fail "dom0 write"
out=$(dist/bin/xen-run --timeout 30 --xenstore dist/boot/special-xs-hostile 2>&1)
echo "$out"
cat "$XEN_RUNDIR/xenstored.log"
echo "$out" | grep -q "xs-hostile: ring error 2" || fail "the ring was not marked broken"
grep -q "indexes out of range" "$XEN_RUNDIR/xenstored.log" || fail "not logged"
kill -0 $XENSTORED_PID || fail "xenstored died"
dist/bin/xenstore-write /still/alive yes || fail "xenstored stopped serving dom0"
# A well-behaved guest is still served afterwards.
out=$(dist/bin/xen-run --timeout 30 --xenstore dist/boot/special-xenbus 2>&1)
echo "$out" | grep -q "xenbus: ok" || fail "a later guest was not served"
echo ok
