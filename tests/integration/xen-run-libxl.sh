#!/bin/bash
# xen-run builds its domains through libxl, as xl does: with --xenstore on
# a running stack the domain has libxl's home (its /vm entry, /libxl/<id>,
# memory/static-max) but no console backend (xen-run reads the ring, not
# xenconsoled), `xl list` names it after its kernel, SIGTERM asks it to
# power off and the home is gone after. A signal that ends xen-run on a
# hypervisor that is not its own destroys its domains first (they were
# left running); the launcher still dies of the signal.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
. tests/integration/toolstack.bash
start_stack

domains() { $B/xl list | awk 'NR > 2' | wc -l; }
has_domains() { [ "$(domains)" -eq "$1" ]; }
# until_domains N: the listing holds N domains besides domain 0.
until_domains() { until_true 5 has_domains "$1"; }
both_up() { [ "$(grep -c "lifecycle: up" "$XEN_RUNDIR/run2.out")" -eq 2 ]; }

# --xenstore: libxl's home, no console backend, SIGTERM powers off.
$B/xen-run --timeout 30 --xenstore "$LIFECYCLE" >"$XEN_RUNDIR/run1.out" 2>&1 &
pid=$!
until_true 10 grep -q "lifecycle: up" "$XEN_RUNDIR/run1.out" ||
    { cat "$XEN_RUNDIR/run1.out"; fail "the guest did not come up"; }
id=$($B/xl domid special-lifecycle) || fail "xl list does not know special-lifecycle"
echo "xen-run --xenstore made domain $id"
vm=$($B/xenstore-read /local/domain/$id/vm) || fail "no vm node: not libxl's home"
$B/xenstore-read "$vm/uuid" >/dev/null || fail "no $vm/uuid"
$B/xenstore-read /local/domain/$id/memory/static-max >/dev/null ||
    fail "no memory/static-max"
$B/xenstore-exists /libxl/$id || fail "no /libxl/$id"
! $B/xenstore-exists /local/domain/0/backend/console/$id ||
    fail "a console backend for xenconsoled: the console is xen-run's"
[ ! -e "$XEN_RUNDIR/libxl/$id.json" ] || fail "a state file for xen-run's domain"
kill -TERM $pid
wait $pid
rc=$?
cat "$XEN_RUNDIR/run1.out"
[ $rc -eq 0 ] || fail "xen-run --xenstore exited $rc after SIGTERM (poweroff)"
grep -q "asking domain $id to poweroff" "$XEN_RUNDIR/run1.out" || fail "no poweroff request"
until_domains 0 || fail "domain $id is still listed"
! $B/xenstore-exists /local/domain/$id || fail "its home is left"
! $B/xenstore-exists "$vm" || fail "its $vm is left"

# No --xenstore, the stack's hypervisor: SIGTERM destroys the domains.
$B/xen-run --timeout 30 "$LIFECYCLE" "$LIFECYCLE" >"$XEN_RUNDIR/run2.out" 2>&1 &
pid=$!
until_true 10 both_up ||
    { cat "$XEN_RUNDIR/run2.out"; fail "the two guests did not come up"; }
[ "$(domains)" -eq 2 ] || fail "expected 2 domains, found $(domains)"
kill -TERM $pid
wait $pid
rc=$?
[ $rc -eq 143 ] || fail "xen-run did not die of SIGTERM (exit $rc)"
until_domains 0 || { $B/xl list; fail "xen-run's domains outlived it"; }

# SIGPIPE (its output closed) too.
($B/xen-run --timeout 30 dist/boot/special-spin | head -c 1 >/dev/null)
until_domains 0 || { $B/xl list; fail "a domain outlived a xen-run ended by SIGPIPE"; }
echo ok
