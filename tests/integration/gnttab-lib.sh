#!/bin/bash
# libxengnttab against a live guest (tests/special/gntshare): dom0 maps
# the guest's grants, reads and writes them, copies with grant copy, and
# every hostile call fails cleanly (build/tests/gnttab-lib checks each);
# the guest then sees dom0's writes and no grant left in use, including
# the one dom0 left mapped when it closed its handle.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
require_kvm
[ -x build/tests/gnttab-lib ] || fail "build/tests/gnttab-lib is missing"
start_xen
B=dist/bin
start_xenstored '[ -z "$runpid" ] || { kill $runpid 2>/dev/null; wait $runpid 2>/dev/null; }'
$B/xen-run --timeout 60 --xenstore dist/boot/special-gntshare \
    >"$XEN_RUNDIR/guest.out" 2>&1 &
runpid=$!
refs=
for _ in $(seq 1 200); do
    for d in $($B/xenstore-list /local/domain 2>/dev/null); do
        [ "$d" = 0 ] && continue
        refs=$($B/xenstore-read "/local/domain/$d/data/grefs" 2>/dev/null) && dom=$d && break
    done
    [ -n "$refs" ] && break
    sleep 0.05
done
[ -n "$refs" ] || { cat "$XEN_RUNDIR/guest.out"; fail "the guest published no grants"; }
echo "domain $dom granted $refs"
build/tests/gnttab-lib "$dom" $refs
rc=$?
$B/xenstore-write "/local/domain/$dom/data/done" 1 || fail "dom0 write"
wait $runpid
grc=$?
runpid=
cat "$XEN_RUNDIR/guest.out"
[ $rc -eq 0 ] || fail "gnttab-lib exited $rc"
[ $grc -eq 0 ] || fail "xen-run exited $grc"
grep -q "gntshare: ok" "$XEN_RUNDIR/guest.out" || fail "the guest's checks did not pass"
xen_alive || fail "the hypervisor died"
echo ok
