#!/bin/bash
# A running domain tuned: vcpu-list (--format json), vcpu-pin (hard,
# soft, all, -), vcpu-set (cpu/N/availability, the host check and -i),
# mem-set and mem-max (memory/target, static-max, the limits), credit
# weight and cap (-d -w -c) and the pool's time slice and rate limit
# (-s -t -r); xl top -b -i; the stored config follows what must
# survive a restart.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
. tests/integration/toolstack.bash
start_stack
J=build/tests/json-get

$B/xl create -q "$(lifecycle_cfg tune1 'maxvcpus = 2' 'vcpus = 1' 'maxmem = 32' 'memory = 16' 'cpus = "all"')" ||
    fail "create tune1"
id=$($B/xl domid tune1)
ncpu=$($B/xl info nr_cpus)

# vcpu-pin: hard, then soft; "-" leaves one alone; "all" for every vCPU
$B/xl vcpu-pin tune1 0 0 || fail "vcpu-pin 0 0"
$B/xl vcpu-list tune1 | awk 'NR == 2' | grep -qE ' 0 / all$' || fail "hard affinity: $($B/xl vcpu-list tune1)"
$B/xl vcpu-pin tune1 0 - 0 || fail "vcpu-pin soft"
$B/xl vcpu-list tune1 | awk 'NR == 2' | grep -qE ' 0 / 0$' || fail "soft affinity: $($B/xl vcpu-list tune1)"
$B/xl vcpu-pin tune1 all all all || fail "vcpu-pin all"
[ "$($B/xl vcpu-list tune1 | grep -c ' all / all$')" = 2 ] || fail "vcpu-pin all: $($B/xl vcpu-list tune1)"
$B/xl vcpu-pin tune1 5 0 2>/dev/null && fail "pinned a vCPU that does not exist"
$B/xl vcpu-pin tune1 0 99999 2>/dev/null && fail "pinned to a pCPU that does not exist"
$B/xl vcpu-list --format json tune1 >"$XEN_RUNDIR/v.json" || fail "vcpu-list --format json"
[ "$($J '#' 0/vcpu 1/online 0/hard_affinity <"$XEN_RUNDIR/v.json" | tr '\n' ' ')" = "2 0 false all " ] ||
    fail "vcpu-list json: $(cat "$XEN_RUNDIR/v.json")"

# vcpu-set: the guest is told through cpu/N/availability
$B/xl vcpu-set tune1 2 || fail "vcpu-set 2"
[ "$($B/xenstore-read /local/domain/$id/cpu/1/availability)" = online ] || fail "cpu/1 not online"
$B/xl vcpu-set tune1 1 && [ "$($B/xenstore-read /local/domain/$id/cpu/1/availability)" = offline ] ||
    fail "vcpu-set 1"
[ "$($B/xl list -l tune1 | $J 0/config/b_info/avail_vcpus#)" = 1 ] || fail "avail_vcpus not stored"
$B/xl vcpu-set tune1 3 2>/dev/null && fail "more vCPUs than maxvcpus"
if [ "$ncpu" -lt 2 ]; then
    $B/xl vcpu-set tune1 2 2>/dev/null && fail "overcommit without -i"
    $B/xl vcpu-set -i tune1 2 || fail "vcpu-set -i"
fi

# mem-set: the balloon target; mem-max: the limit, never above the build
$B/xl mem-set tune1 12m || fail "mem-set"
[ "$($B/xenstore-read /local/domain/$id/memory/target)" = 12288 ] || fail "memory/target"
$B/xl mem-set tune1 13 || fail "mem-set 13"  # a bare number is MiB, as in Xen
[ "$($B/xenstore-read /local/domain/$id/memory/target)" = 13312 ] || fail "a bare number not taken as MiB"
$B/xl mem-set tune1 12x 2>/dev/null && fail "mem-set 12x accepted"
$B/xl mem-set tune1 64m 2>/dev/null && fail "mem-set above static-max"
$B/xl mem-set tune1 14m || fail "mem-set 14m"
$B/xl mem-max tune1 20m || fail "mem-max 20m"
[ "$($B/xenstore-read /local/domain/$id/memory/static-max)" = 20480 ] || fail "static-max"
$B/xl mem-max tune1 10m 2>/dev/null && fail "mem-max below the target"
err=$($B/xl mem-max tune1 64m 2>&1) && fail "mem-max beyond what the domain was built with"
[[ "$err" == *"built with"* ]] || fail "no reason given: $err"
[ "$($B/xl list -l tune1 | $J 0/config/b_info/target_memkb 0/config/b_info/max_memkb | tr '\n' ' ')" = "14336 20480 " ] ||
    fail "memory not stored: $($B/xl list -l tune1 | grep memkb)"

# sched-credit: a domain's weight and cap, the pool's parameters
$B/xl sched-credit -d tune1 -w 512 -c 40 || fail "sched-credit -w -c"
$B/xl sched-credit -d tune1 | tail -1 | grep -qE '^tune1 +'"$id"'    512   40$' || fail "sched-credit -d: $($B/xl sched-credit -d tune1)"
$B/xl sched-credit -d tune1 -w 0 2>/dev/null && fail "weight 0 accepted"
$B/xl sched-credit -d tune1 -w 70000 2>/dev/null && fail "weight 70000 accepted"
$B/xl sched-credit -s -t 10 -r 500 || fail "sched-credit -s -t -r"
[ "$($B/xl sched-credit -s)" = "Cpupool Pool-0: tslice=10ms ratelimit=500us migration-delay=0us" ] ||
    fail "pool parameters: $($B/xl sched-credit -s)"
$B/xl sched-credit -s -t 10 -r 20000 2>/dev/null && fail "a rate limit above the time slice"
$B/xl sched-credit --format json >"$XEN_RUNDIR/s.json" || fail "sched-credit --format json"
[ "$($J tslice_ms domains/1/weight <"$XEN_RUNDIR/s.json" | tr '\n' ' ')" = "10 512 " ] ||
    fail "sched-credit json: $(cat "$XEN_RUNDIR/s.json")"

# top: batch rounds, xentop's columns
$B/xl top -b -i 2 -d 1 >"$XEN_RUNDIR/top" || fail "top -b"
[ "$(grep -c '^ *NAME  STATE' "$XEN_RUNDIR/top")" = 2 ] || fail "top rounds: $(cat "$XEN_RUNDIR/top")"
grep -qE '^ +tune1 +[-a-z]{6} +[0-9]+ +[0-9.]+ +[0-9]+ ' "$XEN_RUNDIR/top" || fail "top row: $(cat "$XEN_RUNDIR/top")"
$B/xl top -b -i 0 >/dev/null 2>&1 && fail "top -i 0 accepted"
$B/xl destroy tune1
echo ok
