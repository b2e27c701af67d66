#!/bin/bash
# xencommons starts xen-blkback with the other daemons (and stops it
# first): a guest created right after `xencommons start` gets its disk,
# and `xencommons status` reports the backend.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
. tests/integration/toolstack.bash
. tests/integration/blk.bash
start_stack
grep -q "xen-blkback: started" "$XEN_RUNDIR/xencommons.out" || fail "xencommons did not start xen-blkback: $(cat "$XEN_RUNDIR/xencommons.out")"
$B/xencommons status | grep -q "xen-blkback: running" || fail "status does not report xen-blkback"
truncate -s 16M "$XEN_RUNDIR/disk.img"
$B/xl create -q "$(blk_cfg w1 "blk=write seed=5" "$XEN_RUNDIR/disk.img,raw,xvda,w")" || fail "create"
until_true 30 console_has w1 "blk: closed" || fail "the guest: $(cat "$XEN_LOGDIR/guest-w1.log")"
python3 tests/integration/blk_pattern.py "$XEN_RUNDIR/disk.img" 5 || fail "the image"
pid=$(cat "$XEN_RUNDIR/xen-blkback.pid")
$B/xencommons stop | grep -q "xen-blkback: stopped" || fail "stop did not stop xen-blkback"
# Gone, or a zombie that its new parent has not reaped yet.
kill -0 "$pid" 2>/dev/null && [[ "$(cat "/proc/$pid/stat" 2>/dev/null)" != *") Z "* ]] &&
    fail "xen-blkback still runs"
grep -q "vbd 1/51712: connected" "$XEN_RUNDIR/xen-blkback.log" || fail "no log"
echo ok
