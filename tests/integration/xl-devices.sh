#!/bin/bash
# The device commands against a running domain (their backends come with
# the split drivers; here they write and remove the xenstore device
# nodes and the stored config): block-attach in both disk-spec forms,
# block-list, block-detach by vdev and by devid; network-attach,
# network-list, network-detach by MAC and by devid. A bad spec is refused
# and changes nothing. Also: list-vm is vm-list; reboot -a reboots every
# domain; reboot -F reboots a guest without the PV control interface from
# the hypervisor.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
. tests/integration/toolstack.bash
start_stack
J=build/tests/json-get

$B/xl create -q "$(lifecycle_cfg dev1)" || fail "create dev1"
id=$($B/xl domid dev1)
be=/local/domain/0/backend
fe=/local/domain/$id/device
stored() { $B/xl list -l dev1 | $J "$1"; }

# block-attach: positional and key=value specs, target= last.
$B/xl block-attach dev1 /srv/a.img,raw,xvdb,rw || fail "block-attach (positional)"
$B/xl block-attach dev1 'format=raw, vdev=xvdc, access=ro, target=/srv/b,c.img' ||
    fail "block-attach (key=value)"
for d in 51728 51744; do
    $B/xenstore-exists $be/vbd/$id/$d || fail "no backend vbd/$id/$d"
    $B/xenstore-exists $fe/vbd/$d || fail "no frontend device/vbd/$d"
done
[ "$($B/xenstore-read $be/vbd/$id/51744/params)" = "/srv/b,c.img" ] ||
    fail "xvdc's target: $($B/xenstore-read $be/vbd/$id/51744/params)"
[ "$($B/xenstore-read $be/vbd/$id/51744/mode)" = r ] || fail "xvdc is not read-only"
[ "$($B/xl block-list dev1 | awk 'NR > 1 { print $1 }' | tr '\n' ' ')" = "51728 51744 " ] ||
    fail "block-list: $($B/xl block-list dev1)"
[ "$(stored 0/config/disks/1/vdev)" = xvdc ] || fail "the stored config lacks xvdc"
# A spec with a typo: refused, nothing written.
! $B/xl block-attach dev1 'format=raw, vdev=xvdd, acess=ro, target=/srv/d.img' 2>/dev/null ||
    fail "a typo in a disk spec was accepted"
! $B/xenstore-exists $be/vbd/$id/51760 || fail "a refused disk left nodes"
# block-detach by vdev, then by devid.
$B/xl block-detach dev1 xvdb || fail "block-detach xvdb"
$B/xl block-detach dev1 51744 || fail "block-detach 51744"
! $B/xenstore-exists $be/vbd/$id/51728 && ! $B/xenstore-exists $fe/vbd/51744 ||
    fail "block-detach left nodes"
[ "$($B/xl block-list dev1 | wc -l)" -eq 1 ] || fail "block-list after detach: $($B/xl block-list dev1)"
! $B/xl block-detach dev1 xvdz 2>/dev/null || fail "detaching a missing disk succeeded"

# network-attach: devids 0 and 1; detach by MAC, then by devid.
$B/xl network-attach dev1 mac=00:16:3e:00:00:01 bridge=xenbr0 || fail "network-attach 0"
$B/xl network-attach dev1 mac=00:16:3e:00:00:02 || fail "network-attach 1"
for d in 0 1; do
    $B/xenstore-exists $be/vif/$id/$d || fail "no backend vif/$id/$d"
    $B/xenstore-exists $fe/vif/$d || fail "no frontend device/vif/$d"
done
[ "$($B/xenstore-read $fe/vif/1/mac)" = 00:16:3e:00:00:02 ] || fail "vif 1's mac"
[ "$($B/xl network-list dev1 | awk 'NR > 1 { print $3 }' | tr '\n' ' ')" = \
  "00:16:3e:00:00:01 00:16:3e:00:00:02 " ] || fail "network-list: $($B/xl network-list dev1)"
[ "$(stored 0/config/nics/0/bridge)" = xenbr0 ] || fail "the stored config lacks the nic"
! $B/xl network-attach dev1 mac=00:16:3e:zz:00:03 2>/dev/null || fail "a bad MAC was accepted"
$B/xl network-detach dev1 00:16:3e:00:00:01 || fail "network-detach by mac"
$B/xl network-detach dev1 1 || fail "network-detach by devid"
! $B/xenstore-exists $be/vif/$id/0 && ! $B/xenstore-exists $fe/vif/1 ||
    fail "network-detach left nodes"
[ "$($B/xl network-list dev1 | wc -l)" -eq 1 ] || fail "network-list after detach"

# list-vm is vm-list.
[ "$($B/xl list-vm)" = "$($B/xl vm-list)" ] || fail "list-vm differs from vm-list"
$B/xl list-vm | grep -qE " $id +dev1 *$" || fail "list-vm: $($B/xl list-vm)"

# reboot -a: every domain but 0 restarts (on_reboot restart: a new id).
$B/xl create -q "$(lifecycle_cfg dev2)" || fail "create dev2"
id2=$($B/xl domid dev2)
$B/xl reboot -a -w >/dev/null 2>&1 || fail "reboot -a -w"
new_ids() { n1=$($B/xl domid dev1 2>/dev/null) && n2=$($B/xl domid dev2 2>/dev/null) &&
    [ "$n1" != "$id" ] && [ "$n2" != "$id2" ]; }
until_true 10 new_ids || fail "reboot -a: dev1 $id -> $($B/xl domid dev1), dev2 $id2 -> $($B/xl domid dev2)"

# reboot -F: a guest that never offers control/shutdown is refused
# without -F, and rebooted from the hypervisor with it.
cfg=$XEN_RUNDIR/noctl.cfg
printf 'name = "noctl"\nkernel = "%s"\nmemory = 8\n' "$NOCONTROL" >"$cfg"
$B/xl create -q "$cfg" || fail "create noctl"
nid=$($B/xl domid noctl)
! $B/xl reboot noctl 2>/dev/null || fail "reboot of a guest without PV control succeeded"
$B/xl reboot -F noctl || fail "reboot -F"
rebooted() { n=$($B/xl domid noctl 2>/dev/null) && [ "$n" != "$nid" ]; }
until_true 10 rebooted || fail "reboot -F: noctl is still domain $($B/xl domid noctl)"
$B/xl destroy noctl
$B/xl destroy dev1
$B/xl destroy dev2
echo ok
