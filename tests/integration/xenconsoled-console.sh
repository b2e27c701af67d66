#!/bin/bash
# xenconsoled and xl console: the pty's path in console/tty, output from
# the guest's first byte for whoever attaches (nobody was attached when
# it was written), nothing lost in the log, Ctrl-] leaving, xl create -c
# following the guest to its end, escape sequences filtered on a
# terminal, console -t/-n checked; a hostile ring index is survived.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
. tests/integration/toolstack.bash
start_stack

$B/xl create -q "$(lifecycle_cfg con1 'extra = "lines=300"')" || fail "create con1"
id=$($B/xl domid con1)
until_true 10 console_has con1 "lifecycle: line 300" || fail "the log lacks the output"
tty=$($B/xenstore-read /local/domain/$id/console/tty)
[[ "$tty" == /dev/pts/* ]] && [ -c "$tty" ] || fail "console/tty is '$tty'"
[ "$(grep -c '^lifecycle: line' "$XEN_LOGDIR/guest-con1.log")" = 300 ] || fail "lines missing from the log"

# Attached later: everything from the banner on, then Ctrl-] leaves.
(sleep 1; printf '\035') | timeout 10 $B/xl console con1 >"$XEN_RUNDIR/con1.out" 2>&1
[ $? = 0 ] || fail "xl console did not leave on Ctrl-]: $(tail -3 "$XEN_RUNDIR/con1.out")"
head -1 "$XEN_RUNDIR/con1.out" | grep -q '^mini-os: ' || fail "the first byte is lost: $(head -2 "$XEN_RUNDIR/con1.out")"
grep -q 'lifecycle: line 300' "$XEN_RUNDIR/con1.out" || fail "the console lacks the last line"
domain_exists con1 || fail "leaving the console stopped the domain"
$B/xl console -t serial con1 </dev/null >/dev/null 2>&1; [ $? = 2 ] || fail "console -t serial accepted"
$B/xl console -n 1 con1 </dev/null >/dev/null 2>&1; [ $? = 2 ] || fail "console -n 1 accepted"
$B/xl console nosuch </dev/null >/dev/null 2>&1; [ $? = 3 ] || fail "console of no domain"

# create -c: attached from the start, ends with the domain.
timeout 20 $B/xl create -c "$(lifecycle_cfg con2 'extra = "lines=3 poweroff_after=300"')" \
    </dev/null >"$XEN_RUNDIR/con2.out" 2>&1 || fail "create -c: $(tail -3 "$XEN_RUNDIR/con2.out")"
grep -q '^mini-os: ' "$XEN_RUNDIR/con2.out" && grep -q 'lifecycle: powering off' "$XEN_RUNDIR/con2.out" ||
    fail "create -c missed output: $(cat "$XEN_RUNDIR/con2.out")"
until_true 10 domain_gone con2 || fail "con2 still there"

# On a terminal, the guest's escape sequences are shown, not obeyed.
cat >"$XEN_RUNDIR/esc.cfg" <<CFG
name = "esc1"
kernel = "$PWD/dist/boot/special-term-escapes"
memory = 8
CFG
$B/xl create -q -p "$XEN_RUNDIR/esc.cfg" || fail "create esc1"
(sleep 1; $B/xl unpause esc1) &
timeout 10 script -qfec "$B/xl console esc1" /dev/null </dev/null >"$XEN_RUNDIR/esc.out" 2>&1 ||
    fail "xl console did not end with its domain"
wait
grep -q 'escapes: done' "$XEN_RUNDIR/esc.out" || fail "no output through the terminal: $(od -c "$XEN_RUNDIR/esc.out" | head)"
grep -q $'\033\]0;owned' "$XEN_RUNDIR/esc.out" && fail "a title sequence reached the terminal"
grep -q $'\033\[2J' "$XEN_RUNDIR/esc.out" && fail "a screen clear reached the terminal"
grep -q '\^\[\]0;owned' "$XEN_RUNDIR/esc.out" || fail "the sequence is not shown: $(od -c "$XEN_RUNDIR/esc.out" | head)"
grep -q $'\033\]0;owned' "$XEN_LOGDIR/guest-esc1.log" || fail "the log is not byte for byte"

# A guest that writes nonsense ring indexes: reported, others served.
$B/xl create -q "$(lifecycle_cfg bad1 'extra = "badring=1"')" || fail "create bad1"
until_true 10 console_has bad1 "ring spoiled and restored" || fail "bad1's later output is lost"
grep -q "domain $($B/xl domid bad1): console ring indexes out of range" "$XEN_RUNDIR/xenconsoled.log" ||
    fail "the bad indexes were not reported"
$B/xl create -q "$(lifecycle_cfg after1 'extra = "lines=1"')" || fail "create after1"
until_true 10 console_has after1 "lifecycle: line 1" || fail "xenconsoled stopped serving"
kill -0 "$(cat "$XEN_RUNDIR/xenconsoled.pid")" || fail "xenconsoled died"
echo ok
