#!/bin/bash
# A toolstack restart with domains running: kill -9 of the xl that
# created a domain (attached to its console) and of xenconsoled. The
# domains run on; the per-domain monitor still restarts a guest that
# reboots; a new xenconsoled picks every console up again (new pty in
# console/tty, the log going on where it stopped); xl list and list -l
# (from the state directory) stay true.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
. tests/integration/toolstack.bash
start_stack

$B/xl create -q "$(lifecycle_cfg tick1 'extra = "ticks=40 tick_ms=100"')" || fail "create tick1"
timeout 60 $B/xl create -c "$(lifecycle_cfg boot1 'extra = "reboot_after=1500"')" \
    </dev/null >"$XEN_RUNDIR/boot1.out" 2>&1 &
creator=$!
until_true 10 domain_exists boot1 || fail "boot1 was not created"
old=$($B/xl domid boot1)
until_true 10 grep -q 'lifecycle: up' "$XEN_RUNDIR/boot1.out" || fail "create -c shows nothing"
kill -9 $creator; wait $creator 2>/dev/null

id=$($B/xl domid tick1)
until_true 10 console_has tick1 "lifecycle: tick 3" || fail "tick1 does not tick"
kill -9 "$(cat "$XEN_RUNDIR/xenconsoled.pid")"
sleep 0.5
$B/xl list tick1 >/dev/null && $B/xl list boot1 >/dev/null || fail "xl list lost a domain"
$B/xencommons status >/dev/null; [ $? = 1 ] || fail "status does not see xenconsoled gone"
$B/xencommons start >/dev/null || fail "xencommons start after the kill"
until_true 10 eval '[ "$(grep -c "domain '"$id"' (tick1): console on" "$XEN_RUNDIR/xenconsoled.log")" = 2 ]' ||
    fail "the new xenconsoled did not pick tick1 up"
tty=$($B/xenstore-read /local/domain/$id/console/tty)
grep -q "domain $id (tick1): console on $tty" "$XEN_RUNDIR/xenconsoled.log" || fail "console/tty is not the new pty"
until_true 10 console_has tick1 "lifecycle: tick 30" || fail "the log did not go on after the restart"
n=$(grep -c '^lifecycle: tick' "$XEN_LOGDIR/guest-tick1.log")
last=$(grep '^lifecycle: tick' "$XEN_LOGDIR/guest-tick1.log" | tail -1 | awk '{print $3}')
[ "$n" = "$last" ] || fail "ticks lost or repeated over the restart: $n lines, last $last"

# The monitor outlived the xl that started it: boot1 was restarted.
until_true 20 eval '[ "$($B/xl domid boot1 2>/dev/null)" -gt '"$old"' ] 2>/dev/null' ||
    fail "boot1 was not restarted after its creator was killed: $($B/xl list)"
# boot1 reboots every 1.5 s: between its old domain's death and the new
# one's, only tick1 is there to list, so look until both are.
list_names() {
    $B/xl list -l >"$XEN_RUNDIR/l.json" || return 1
    names=$(for i in 0 1; do build/tests/json-get $i/config/c_info/name <"$XEN_RUNDIR/l.json" 2>/dev/null; done | sort | tr '\n' ' ')
    [ "$names" = "boot1 tick1 " ]
}
until_true 10 list_names || fail "list -l after the restarts: $names"
# Nothing left of the old boot1.
$B/xenstore-exists /local/domain/$old && fail "the old boot1's home is left"
[ -e "$XEN_RUNDIR/libxl/$old.json" ] && fail "the old boot1's state file is left"
$B/xl destroy boot1; $B/xl destroy tick1
echo ok
