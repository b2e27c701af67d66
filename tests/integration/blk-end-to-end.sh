#!/bin/bash
# A disk survives its guest: xl create with disk=[raw image], the guest
# (tests/special/blk) writes a pattern with every request shape, discards
# a region, flushes and is destroyed while running; dom0 checks the
# image; a new guest reads it all back; a third, given the image
# read-only, is refused a write and reads it too; a guest that crashes
# right after its flush has its data on disk; a guest with two disks
# writes each its own pattern. blkback serves them all and forgets each
# device when its guest is gone.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
. tests/integration/toolstack.bash
. tests/integration/blk.bash
start_blk_stack
IMG=$XEN_RUNDIR/disk.img
truncate -s 16M "$IMG"

$B/xl create -q "$(blk_cfg bw "blk=write seed=7 hold=1" "$IMG,raw,xvda,w")" || fail "create the writer"
until_true 30 console_has bw "blk: wrote seed 7, flushed" ||
    fail "the writer did not finish: $(cat "$XEN_LOGDIR/guest-bw.log")"
grep -q "ring 4 pages, indirect 256, persistent 1, flush 1, discard 1" "$XEN_LOGDIR/guest-bw.log" ||
    fail "the frontend did not get every feature: $(cat "$XEN_LOGDIR/guest-bw.log")"
$B/xl destroy bw || fail "destroy the writer"
until_true 10 domain_gone bw || fail "the writer is still there"
until_true 10 grep -q "vbd 1/51712: removed" "$XEN_RUNDIR/blkback.log" ||
    fail "blkback kept the writer's device"

python3 tests/integration/blk_pattern.py "$IMG" 7 || fail "dom0 found the image wrong"

# The reader without persistent grants and with a one-page ring: the
# backend's per-request mappings and the single ring-ref.
$B/xl create -q "$(blk_cfg br "blk=read seed=7 persistent=0 ring=0" "$IMG,raw,xvda,w")" || fail "create the reader"
until_true 30 console_has br "blk: verified seed 7" ||
    fail "the reader did not verify: $(cat "$XEN_LOGDIR/guest-br.log")"
until_true 10 console_has br "blk: closed" || fail "the reader did not close its device"
grep -q "ring 1 pages, indirect 256, persistent 1" "$XEN_LOGDIR/guest-br.log" || fail "the reader's ring: $(grep sectors "$XEN_LOGDIR/guest-br.log")"
grep -q "vbd 2/51712: connected, 1 ring page, event channel [0-9]*$" "$XEN_RUNDIR/blkback.log" ||
    fail "blkback used persistent grants or a multi-page ring for the reader"

$B/xl create -q "$(blk_cfg bro "blk=ro seed=7" "$IMG,raw,xvda,r")" || fail "create the read-only reader"
until_true 30 console_has bro "blk: read-only verified seed 7" ||
    fail "the read-only reader: $(cat "$XEN_LOGDIR/guest-bro.log")"
python3 tests/integration/blk_pattern.py "$IMG" 7 >/dev/null || fail "the read-only guest changed the image"
# A writer that crashes right after its flush: the data is there.
truncate -s 16M "$XEN_RUNDIR/crash.img"
$B/xl create -q "$(blk_cfg bc "blk=write seed=9 crash=1" "$XEN_RUNDIR/crash.img,raw,xvda,w")" || fail "create the crasher"
until_true 30 domain_gone bc || fail "the crasher is still there"
grep -q "blk: wrote seed 9, flushed" "$XEN_LOGDIR/guest-bc.log" || fail "the crasher did not flush first"
python3 tests/integration/blk_pattern.py "$XEN_RUNDIR/crash.img" 9 >/dev/null || fail "the crashed guest's data is not on its disk"

# Two disks in one guest, each its own pattern.
truncate -s 16M "$XEN_RUNDIR/a.img" "$XEN_RUNDIR/b.img"
$B/xl create -q "$(blk_cfg two "blk=multi seed=20" "$XEN_RUNDIR/a.img,raw,xvda,w" "$XEN_RUNDIR/b.img,raw,xvdb,w")" ||
    fail "create the two-disk guest"
until_true 30 console_has two "blk: two disks written and verified" ||
    fail "the two-disk guest: $(cat "$XEN_LOGDIR/guest-two.log")"
python3 tests/integration/blk_pattern.py "$XEN_RUNDIR/a.img" 20 --no-discard >/dev/null || fail "xvda's image"
python3 tests/integration/blk_pattern.py "$XEN_RUNDIR/b.img" 21 --no-discard >/dev/null || fail "xvdb's image"
blkback_alive || fail "blkback died"
grep -q "O_DIRECT" "$XEN_RUNDIR/blkback.log" || echo "note: the image was not opened with O_DIRECT"
echo ok
