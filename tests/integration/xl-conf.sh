#!/bin/bash
# xl.conf ($XL_CONF) as xl honours it: autoballoon off refuses a domain
# bigger than the host's free memory (nothing created) and lets a small
# one through; default_vifscript is the script of a vif= entry or an
# attached interface that names none (in the stored config and the
# backend's xenstore node); lockfile is the lock creations take (a create
# waits while another holds it). And xl -v: the global verbose option
# goes before any subcommand.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
. tests/integration/toolstack.bash
start_stack
J=build/tests/json-get
lock=$XEN_RUNDIR/my.lock
cat >"$XL_CONF" <<CONF
autoballoon="off"
lockfile="$lock"
default_vifscript="my-vif-script"
monitor_poll_ms=100
CONF

# autoballoon off: a domain beyond the free memory is refused.
free=$($B/xl info free_memory)
out=$($B/xl create -q "$(lifecycle_cfg huge "memory = $((free + 1024))")" 2>&1) &&
    fail "a domain of $((free + 1024)) MiB was created with autoballoon off"
[[ "$out" == *"failed to free memory"* ]] || fail "autoballoon off: $out"
! domain_exists huge || fail "the refused domain exists"

# A small one fits; its vif and an attached one get the default script.
$B/xl create -q "$(lifecycle_cfg conf1 'vif = [ "mac=00:16:3e:00:00:11" ]')" ||
    fail "create conf1 with autoballoon off"
id=$($B/xl domid conf1)
[ "$($B/xl list -l conf1 | $J 0/config/nics/0/script)" = my-vif-script ] ||
    fail "vif= without script: $($B/xl list -l conf1 | $J 0/config/nics/0/script)"
# (a relative script is taken from Xen's script directory, as Xen does)
[[ "$($B/xenstore-read /local/domain/0/backend/vif/$id/0/script)" == /*/my-vif-script ]] ||
    fail "the backend's script node: $($B/xenstore-read /local/domain/0/backend/vif/$id/0/script)"
$B/xl network-attach conf1 mac=00:16:3e:00:00:12 || fail "network-attach"
[ "$($B/xl list -l conf1 | $J 0/config/nics/1/script)" = my-vif-script ] ||
    fail "network-attach without script"
$B/xl network-attach conf1 mac=00:16:3e:00:00:13 script=own || fail "network-attach script="
[ "$($B/xl list -l conf1 | $J 0/config/nics/2/script)" = own ] || fail "an explicit script was replaced"

# lockfile: the lock is that file; a create waits while it is held.
[ -e "$lock" ] || fail "no lock file at $lock"
flock "$lock" sleep 4 &
holder=$!
until_true 5 test -e /proc/$holder || fail "the lock holder did not start"
sleep 0.3
$B/xl create -q "$(lifecycle_cfg conf2)" &
creator=$!
sleep 0.5
kill -0 $holder 2>/dev/null || fail "the lock holder ended too soon for the check"
! domain_exists conf2 || fail "conf2 was created while the lock was held"
wait $holder
wait $creator || fail "create conf2 after the lock was freed"
domain_exists conf2 || fail "conf2 does not exist"

# xl -v: a global option, before the subcommand.
out=$($B/xl -v create "$(lifecycle_cfg conf3)" 2>&1) || fail "xl -v create: $out"
[[ "$out" == *"xenstore: "*" requests in "*" round trips"* ]] || fail "xl -v create: $out"
[ "$($B/xl -v list conf3 | awk 'NR == 2 { print $1 }')" = conf3 ] || fail "xl -v list"
$B/xl -v destroy conf3 || fail "xl -v destroy"
for d in conf1 conf2; do $B/xl destroy $d; done
echo ok
