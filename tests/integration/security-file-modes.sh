#!/bin/bash
# Logs and state are root's alone (issue 8, item 10): xen.log, xen.pid,
# xenstored.log, xenstored.state and xenstored.journal are created 0600
# (an older, wider xen.log is narrowed), a run directory the daemons
# create is 0700, and so is xen-run's private one: nobody reads no
# guest's console or command line.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
require_kvm
require_nobody
start_xen
dist/bin/xenstored --rundir "$XEN_RUNDIR" 2>"$XEN_RUNDIR/xs.stderr" &
xspid=$!
trap 'kill $xspid 2>/dev/null; wait $xspid 2>/dev/null; stop_xen; rm -rf "$T"' EXIT
for _ in $(seq 1 100); do [ -S "$XEN_RUNDIR/xenstored.sock" ] && break; sleep 0.05; done
[ -S "$XEN_RUNDIR/xenstored.sock" ] || fail "xenstored did not start: $(cat "$XEN_RUNDIR/xs.stderr")"
for _ in $(seq 1 100); do [ -f "$XEN_RUNDIR/xen.pid" ] && break; sleep 0.05; done
dist/bin/xen-run --timeout 30 --cmdline "password=hunter2" dist/boot/test-hello >/dev/null 2>&1 ||
    fail "the guest did not run"

# mode_is FILE MODE
mode_is() {
    [ "$(stat -c %a:%u "$1")" = "$2:0" ] || fail "$1 is $(stat -c %a:%u "$1"), not $2:0"
    echo "$(basename "$1"): $(stat -c %a "$1")"
}
for f in xen.log xen.pid xenstored.log xenstored.state xenstored.journal; do
    mode_is "$XEN_RUNDIR/$f" 600
done
as_nobody cat "$XEN_RUNDIR/xen.log" >/dev/null 2>&1 && fail "nobody can read xen.log"
grep -q hunter2 "$XEN_RUNDIR/xen.log" || fail "the command line is not in xen.log (test broken?)"

# A run directory the daemons make themselves is 0700; an existing
# xen.log of an older, wider mode is narrowed.
T=$(mktemp -d /tmp/sec-modes.XXXXXX)
mkdir -m 755 "$T/old"
echo "an old line" >"$T/old/xen.log"
chmod 644 "$T/old/xen.log"
# start_stop SOCKET CMD...: run the daemon CMD until SOCKET appears.
start_stop() {
    local sock=$1 pid
    shift
    "$@" >"$T/stderr" 2>&1 &
    pid=$!
    for _ in $(seq 1 200); do [ -S "$sock" ] && break; sleep 0.05; done
    [ -S "$sock" ] || fail "$* did not start: $(cat "$T/stderr")"
    kill $pid
    wait $pid
}
for d in "$T/new" "$T/old"; do
    start_stop "$d/privcmd" dist/bin/xen --rundir "$d"
    mode_is "$d/xen.log" 600
done
mode_is "$T/new" 700
grep -q "an old line" "$T/old/xen.log" || fail "the old log was lost"
start_stop "$T/xs-new/xenstored.sock" dist/bin/xenstored --rundir "$T/xs-new" --no-persist
mode_is "$T/xs-new" 700
mode_is "$T/xs-new/xenstored.log" 600

# xen-run's private run directory (kept with XEN_RUN_KEEP_LOG).
out=$(unset XEN_RUNDIR; XEN_RUN_KEEP_LOG=1 dist/bin/xen-run --timeout 30 dist/boot/test-hello 2>&1) ||
    fail "xen-run with a private hypervisor failed: $out"
kept=$(echo "$out" | sed -n 's/.*hypervisor log kept in //p')
[ -d "$kept" ] || fail "no kept run directory in: $out"
mv "$kept" "$T/private"
mode_is "$T/private" 700
mode_is "$T/private/xen.log" 600
echo ok
