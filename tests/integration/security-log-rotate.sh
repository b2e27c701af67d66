#!/bin/bash
# Log files are capped (issue 8, item 9): past --log-max-kib, xen.log and
# xenstored.log are renamed to .1 (replacing the previous one) and begun
# again, so a noisy guest or client cannot fill the host's /run; the
# newest lines are in the current file and both files are root's, 0600.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
require_kvm
start_xen --log-max-kib 8
cap=$((8 * 1024 + 1024)) # the cap plus the line that crossed it

# check_rotated DIR NAME LAST: NAME and NAME.1 within the cap, 0600, the
# line LAST in NAME, no older generation kept.
check_rotated() {
    local f
    for f in "$1/$2" "$1/$2.1"; do
        [ -f "$f" ] || fail "$f is missing: $(ls -l "$1")"
        [ "$(stat -c %s "$f")" -le $cap ] || fail "$f has $(stat -c %s "$f") bytes, over the cap"
        [ "$(stat -c %a:%u "$f")" = 600:0 ] || fail "$f is $(stat -c %a:%u "$f"), not 600:0"
    done
    [ ! -e "$1/$2.2" ] || fail "an older generation $2.2 was kept"
    grep -q -- "$3" "$1/$2" || fail "the newest line '$3' is not in $2"
    echo "$2: $(stat -c %s "$1/$2") bytes, $2.1: $(stat -c %s "$1/$2.1") bytes"
}

dist/bin/xen-run --timeout 60 dist/boot/special-console-flood >/dev/null 2>&1 ||
    fail "the flooding domain did not finish"
dist/bin/xen-run --timeout 60 dist/boot/special-console-flood >/dev/null 2>&1 ||
    fail "the flooding domain did not finish"
for _ in $(seq 1 100); do
    grep -q "destroyed domain 2" "$XEN_RUNDIR/xen.log" && break
    sleep 0.05
done
check_rotated "$XEN_RUNDIR" xen.log "destroyed domain 2"
xen_alive || fail "the hypervisor died"

dir=$(mktemp -d /tmp/sec-xslog.XXXXXX)
trap 'kill $xspid 2>/dev/null; wait $xspid 2>/dev/null; rm -rf "$dir"; stop_xen' EXIT
dist/bin/xenstored --rundir "$dir" --no-persist --log-max-kib 8 2>"$dir/stderr" &
xspid=$!
for _ in $(seq 1 100); do [ -S "$dir/xenstored.sock" ] && break; sleep 0.05; done
[ -S "$dir/xenstored.sock" ] || fail "xenstored did not start: $(cat "$dir/stderr")"
python3 - "$dir/xenstored.sock" <<'PY' || fail "the control requests failed"
import socket, struct, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
for i in range(100):
    body = b"print\0" + (b"line %03d " % i) + b"x" * 300 + b"\0"
    s.sendall(struct.pack("<IIII", 0, i, 0, len(body)) + body)
    hdr = s.recv(16, socket.MSG_WAITALL)
    s.recv(struct.unpack("<IIII", hdr)[3], socket.MSG_WAITALL)
PY
check_rotated "$dir" xenstored.log "line 099"
kill -0 $xspid || fail "xenstored died"
echo ok
