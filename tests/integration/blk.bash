# Helpers of the block tests (blk-*.sh), sourced after toolstack.bash:
# xen-blkback started beside the stack, configs for tests/special/blk.

BLK_KERNEL=$PWD/dist/boot/special-blk

# start_blkback: (re)starts the daemon, BLKBACK_PID; its log appended.
# BLKBACK_BIN picks another build (build/xen-blkback-asan).
start_blkback() {
    local bin=${BLKBACK_BIN:-$B/xen-blkback}
    [ -x "$bin" ] || fail "$bin is missing"
    "$bin" -v 2>>"$XEN_RUNDIR/blkback.log" &
    BLKBACK_PID=$!
    until_true 10 grep -q "serving" "$XEN_RUNDIR/blkback.log" ||
        fail "blkback did not start: $(cat "$XEN_RUNDIR/blkback.log")"
}

stop_blkback() {
    [ -n "${BLKBACK_PID:-}" ] || return 0
    kill "$BLKBACK_PID" 2>/dev/null
    wait "$BLKBACK_PID" 2>/dev/null
    BLKBACK_PID=
}

# start_blk_stack: the whole stack plus a blkback of the test's own
# (not xencommons' one); both stop at exit.
start_blk_stack() {
    export XENCOMMONS_BLKBACK=no
    start_stack
    trap 'stop_blkback; echo "--- blkback"; tail -n 30 "$XEN_RUNDIR/blkback.log"; stop_stack' EXIT
    start_blkback
}

# blk_cfg NAME EXTRA DISK...: a config for the blk guest.
blk_cfg() {
    local name=$1 extra=$2 f=$XEN_RUNDIR/$1.cfg d disks=""
    shift 2
    for d in "$@"; do disks="$disks'$d', "; done
    cat >"$f" <<CFG
name = "$name"
kernel = "$BLK_KERNEL"
memory = 32
disk = [ ${disks%, } ]
extra = "$extra"
CFG
    echo "$f"
}

blkback_alive() { kill -0 "$BLKBACK_PID" 2>/dev/null; }

# No sanitizer report in blkback's log (an ASan build's findings).
blkback_clean() {
    ! grep -q "AddressSanitizer\|runtime error\|LeakSanitizer" "$XEN_RUNDIR/blkback.log"
}
