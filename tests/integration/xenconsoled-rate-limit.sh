#!/bin/bash
# A guest that floods its console is read at xenconsoled's rate limit
# (here 2000 bytes per 100 ms), and the limit costs it nothing but time:
# every line reaches its log. Meanwhile another domain's console is
# served as usual: its lines are all there while the flood still waits.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
. tests/integration/toolstack.bash
XENCONSOLED_ARGS="--rate-limit=2000/100" start_stack

$B/xl create -q "$(lifecycle_cfg flood1 'extra = "lines=2000"')" || fail "create flood1"
$B/xl create -q "$(lifecycle_cfg quiet1 'extra = "ticks=5 tick_ms=20"')" || fail "create quiet1"
# 2000 lines are about 40 KB: at 20 KB/s the flood takes two seconds,
# the quiet domain's five ticks a tenth of one.
until_true 20 console_has quiet1 "lifecycle: tick 5" || { cat "$XEN_LOGDIR/guest-quiet1.log"; $B/xl list; fail "the quiet domain's output is late or lost"; }
console_has flood1 "lifecycle: line 2000" && fail "the flood was not limited"
until_true 30 console_has flood1 "lifecycle: line 2000" || fail "the flood did not finish"
grep -q "domain $($B/xl domid flood1): console output over the rate limit" "$XEN_RUNDIR/xenconsoled.log" ||
    fail "the limit was not reported"
[ "$(grep -c '^lifecycle: line' "$XEN_LOGDIR/guest-flood1.log")" = 2000 ] || fail "flood lines were lost"
grep -q "over the rate limit" <(grep "domain $($B/xl domid quiet1)" "$XEN_RUNDIR/xenconsoled.log") &&
    fail "the quiet domain was limited"
echo ok
