#!/bin/bash
# Each lifecycle action, carried out by the per-domain monitor: on_poweroff
# destroy and preserve, on_reboot restart and rename-restart, on_crash
# restart, coredump-destroy and coredump-restart; xl shutdown and reboot
# (-w, -a, -F) through control/shutdown, a guest without the PV control
# interface, and config-update taking effect at the next restart.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
. tests/integration/toolstack.bash
start_stack

# poweroff -> destroy (the default)
$B/xl create -q "$(lifecycle_cfg off1 'extra = "poweroff_after=50"')" || fail "create off1"
until_true 20 domain_gone off1 || fail "on_poweroff=destroy: still there"

# poweroff -> preserve: kept, shut down
$B/xl create -q "$(lifecycle_cfg keep1 'extra = "poweroff_after=50"' 'on_poweroff = "preserve"')" || fail "create keep1"
until_true 20 eval '[[ "$(domain_state keep1)" == ---s-- ]]' || fail "on_poweroff=preserve: state $(domain_state keep1)"
sleep 0.3
domain_exists keep1 || fail "the preserved domain went away"
$B/xl destroy keep1 || fail "destroy the preserved domain"

# xl reboot -w -> restart: a new domain, same name and UUID, booted again
$B/xl create -q "$(lifecycle_cfg rb1)" || fail "create rb1"
id=$($B/xl domid rb1); uuid=$($B/xl list -v rb1 | awk 'NR == 2 { print $7 }')
until_true 10 console_has rb1 "lifecycle: up" || fail "rb1 did not boot"
$B/xl reboot -w rb1 >/dev/null 2>&1 || fail "reboot -w"
until_true 20 eval '[ -n "$($B/xl domid rb1 2>/dev/null)" ] && [ "$($B/xl domid rb1)" != '"$id"' ]' ||
    fail "rb1 was not restarted: $($B/xl list)"
[ "$($B/xl list -v rb1 | awk 'NR == 2 { print $7 }')" = "$uuid" ] || fail "the restart changed the UUID"
until_true 10 eval '[ "$(grep -c "lifecycle: up" "$XEN_LOGDIR/guest-rb1.log")" = 2 ]' || fail "the restarted rb1 did not boot"
$B/xenstore-exists "/local/domain/$id" && fail "the old domain's home is left"

# the guest reboots itself -> rename-restart: the old one kept under a new name
$B/xl create -q "$(lifecycle_cfg rr1 'extra = "reboot_after=50"' 'on_reboot = "rename-restart"')" || fail "create rr1"
old=$($B/xl domid rr1)
until_true 20 eval '$B/xl list | grep -q "^rr1-"' || fail "rename-restart kept no renamed domain: $($B/xl list)"
until_true 20 eval '[ "$($B/xl domid rr1 2>/dev/null)" -gt '"$old"' ]' || fail "rename-restart did not restart"
renamed=$($B/xl list | awk '/^rr1-/ { print $1 }')
[ "$($B/xl domid "$renamed")" = "$old" ] || fail "the renamed domain is not the old one"
[ "$($B/xl list -v "$renamed" | awk 'NR == 2 { print $7 }')" != "$($B/xl list -v rr1 | awk 'NR == 2 { print $7 }')" ] ||
    fail "the kept domain has the new one's UUID"
$B/xl destroy "$renamed"; $B/xl destroy rr1 2>/dev/null  # rr1 reboots again and again
until_true 10 domain_gone rr1 || { $B/xl destroy rr1 2>/dev/null; true; }

# crash -> coredump-destroy: a core file, no domain
$B/xl create -q "$(lifecycle_cfg cd1 'extra = "crash_after=50"' 'on_crash = "coredump-destroy"')" || fail "create cd1"
until_true 20 domain_gone cd1 || fail "coredump-destroy: still there"
until_true 5 test -s "$XEN_DUMP_DIR/cd1" || fail "no core file: $(ls "$XEN_DUMP_DIR" 2>&1)"
readelf -h "$XEN_DUMP_DIR/cd1" | grep -q 'CORE (Core file)' || fail "the core file is no ELF core"
readelf -S "$XEN_DUMP_DIR/cd1" | grep -q '\.xen_pages' || fail "the core file has no pages: $(readelf -S "$XEN_DUMP_DIR/cd1" 2>&1)"

# xl dump-core of a running domain: Xen's sections, and it keeps running
$B/xl create -q "$(lifecycle_cfg dc1)" || fail "create dc1"
until_true 10 console_has dc1 "lifecycle: up" || fail "dc1 did not boot"
$B/xl dump-core dc1 "$XEN_RUNDIR/dc1.core" || fail "dump-core"
sections=$(readelf -SW "$XEN_RUNDIR/dc1.core" | grep -oE '\.(note\.Xen|xen_prstatus|xen_p2m|xen_pages)' | tr '\n' ' ')
[ "$sections" = ".note.Xen .xen_prstatus .xen_p2m .xen_pages " ] || fail "dump-core sections: $sections"
grep -qa "lifecycle: up" "$XEN_RUNDIR/dc1.core" || fail "the guest's memory is not in the core"
[[ "$(domain_state dc1)" == -b---- ]] || fail "dc1 after dump-core: $(domain_state dc1)"
$B/xl destroy dc1

# crash -> coredump-restart, crash -> restart
$B/xl create -q "$(lifecycle_cfg cr1 'extra = "crash_after=300"' 'on_crash = "coredump-restart"')" || fail "create cr1"
id=$($B/xl domid cr1)
until_true 20 test -s "$XEN_DUMP_DIR/cr1" || fail "coredump-restart: no core file"
until_true 20 eval '[ "$($B/xl domid cr1 2>/dev/null)" -gt '"$id"' ]' || fail "coredump-restart did not restart"
$B/xl destroy cr1
$B/xl create -q "$(lifecycle_cfg cr2 'extra = "crash_after=300"' 'on_crash = "restart"')" || fail "create cr2"
id=$($B/xl domid cr2)
until_true 20 eval '[ "$($B/xl domid cr2 2>/dev/null)" -gt '"$id"' ]' || fail "on_crash=restart did not restart"
$B/xl destroy cr2

# shutdown -w, and -a for every domain
$B/xl create -q "$(lifecycle_cfg sd1)" && $B/xl create -q "$(lifecycle_cfg sd2)" || fail "create sd1, sd2"
until_true 10 console_has sd1 "lifecycle: up" && until_true 10 console_has sd2 "lifecycle: up" || fail "sd1/sd2 did not boot"
until_true 10 eval '[ "$($B/xenstore-read /local/domain/$($B/xl domid sd1)/control/feature-poweroff)" = 1 ]' ||
    fail "the guest did not say it honours control/shutdown"
$B/xl shutdown -w sd1 >"$XEN_RUNDIR/sd.out" 2>&1 || fail "shutdown -w: $(cat "$XEN_RUNDIR/sd.out")"
domain_gone sd1 || until_true 5 domain_gone sd1 || fail "sd1 is still there"
$B/xl shutdown -a -w >/dev/null 2>&1 || fail "shutdown -a -w"
until_true 5 domain_gone sd2 || fail "shutdown -a left sd2"

# a guest without the PV control interface: refused, then -F
cat >"$XEN_RUNDIR/nc.cfg" <<CFG
name = "nc1"
kernel = "$NOCONTROL"
memory = 8
CFG
$B/xl create -q "$XEN_RUNDIR/nc.cfg" || fail "create nc1"
until_true 10 console_has nc1 "nocontrol: up" || fail "nc1 did not boot"
err=$($B/xl shutdown nc1 2>&1) && fail "shutdown of a guest without PV control succeeded"
[[ "$err" == *"PV control interface not available"* ]] || fail "no reason given: $err"
domain_exists nc1 || fail "nc1 went away without -F"
$B/xl shutdown -F -w nc1 >/dev/null 2>&1 || fail "shutdown -F"
until_true 10 domain_gone nc1 || fail "shutdown -F did not stop nc1"

# config-update: the next restart uses the new configuration
$B/xl create -q "$(lifecycle_cfg cu1)" || fail "create cu1"
until_true 10 console_has cu1 "lifecycle: up" || fail "cu1 did not boot"
$B/xl config-update cu1 "$(lifecycle_cfg cu1 'memory = 12' 'extra = "updated=1"')" 2>/dev/null || fail "config-update"
$B/xl reboot cu1 >/dev/null 2>&1 || fail "reboot cu1"
until_true 20 console_has cu1 "updated=1" || fail "the restart did not use the new config"
until_true 5 eval '[ "$($B/xl list cu1 | awk "NR == 2 { print \$3 }")" = 12 ]' || fail "the new memory size is not in force"
$B/xl destroy cu1
echo ok
