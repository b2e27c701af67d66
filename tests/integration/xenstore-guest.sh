#!/bin/bash
# A guest talks to xenstored over its ring: xen-run introduces it (the
# home libxl would make: read-only but for data/, control/ nodes and the
# like), the guest writes, reads, is refused a
# node it may not read, commits a transaction; dom0 then sees its writes.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
require_kvm
start_xen
start_xenstored
dist/bin/xenstore-write /local/domain/0/private secret || fail "dom0 write"

# Watch the guest's home from dom0 while it runs.
dist/bin/xenstore-watch /local/domain >"$XEN_RUNDIR/watch.out" &
wpid=$!
wait_for_lines "$XEN_RUNDIR/watch.out" 1
out=$(dist/bin/xen-run --timeout 30 --xenstore dist/boot/special-xenbus 2>&1)
rc=$?
echo "$out"
cat "$XEN_RUNDIR/xenstored.log"
[ $rc -eq 0 ] || fail "xen-run exited $rc"
echo "$out" | grep -q "xenbus: ok" || fail "the guest's checks did not pass"
echo "$out" | grep -q "my name is special-xenbus" || fail "the guest did not read its name"
grep -q "ring connected" "$XEN_RUNDIR/xenstored.log" || fail "no ring connection logged"
kill $wpid; wait $wpid 2>/dev/null
grep -q "data/greeting" "$XEN_RUNDIR/watch.out" || fail "dom0 saw no watch event for the guest's write"
kill -0 $XENSTORED_PID || fail "xenstored died"
echo ok
