#!/bin/bash
# xenstored under valgrind: the tools' operations, malformed and fuzzed
# messages, a clean stop and a restart that reloads the state file, then
# a kill -9 and a restart that replays the journal. Any invalid access,
# uninitialised read or leak fails the test.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
command -v valgrind >/dev/null || skip "valgrind is not installed"
command -v python3 >/dev/null || skip "python3 is not installed"
dir=$(mktemp -d /tmp/xs-vg.XXXXXX)
export XENSTORED_PATH=$dir/xenstored.sock
B=dist/bin
pid=
trap '[ -n "$pid" ] && { kill -9 $pid; wait $pid; } 2>/dev/null; rm -rf "$dir"' EXIT

start_xs() {
    rm -f "$dir"/vg.log
    valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
        --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
        --log-file="$dir/vg.log" $B/xenstored --rundir "$dir" 2>>"$dir/stderr" &
    pid=$!
    for _ in $(seq 1 400); do
        $B/xenstore-exists / 2>/dev/null && return 0
        sleep 0.05
    done
    fail "xenstored did not start under valgrind: $(cat "$dir/stderr" "$dir/vg.log")"
}
# A clean stop: valgrind's exit status says whether it found anything.
stop_xs() {
    kill -TERM $pid
    wait $pid
    rc=$?
    pid=
    [ $rc -eq 0 ] || fail "xenstored under valgrind exited $rc: $(cat "$dir/vg.log")"
}

start_xs
$B/xenstore-write /vm/a/name web /vm/a/mem 512 || fail "write"
$B/xenstore-watch -n 2 /vm/a >"$dir/watch.out" &
wpid=$!
wait_for_lines "$dir/watch.out" 1
$B/xenstore-write /vm/a/state 1 || fail "write under a watch"
wait $wpid || fail "watch"
$B/xenstore-chmod -r /vm n0 r5 || fail "chmod"
$B/xenstore-ls -p / >/dev/null || fail "ls -p"
$B/xenstore-control quota 5 nodes 10 || fail "set a domain's quota"
$B/xenstore-control quota nodes 900 || fail "set a global quota"
$B/xenstore-control memreport >/dev/null || fail "memreport"
$B/xenstore-rm /vm/a/mem || fail "rm"

python3 - "$XENSTORED_PATH" <<'PY' || fail "protocol exchange failed"
import random, socket, struct, sys
def conn():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sys.argv[1])
    s.settimeout(10)
    return s
def send(s, t, payload, tx=0, rid=1):
    s.sendall(struct.pack("<IIII", t, rid, tx, len(payload)) + payload)
def reply(s):
    while True:
        h = b""
        while len(h) < 16: h += s.recv(16 - len(h))
        t, rid, tx, ln = struct.unpack("<IIII", h)
        body = b""
        while len(body) < ln: body += s.recv(ln - len(body))
        if t != 15: return t, body
s = conn()
# A transaction that commits, one that aborts, one left open at exit.
for end in (b"T\0", b"F\0", None):
    send(s, 6, b"\0"); t, b = reply(s); tx = int(b.rstrip(b"\0"))
    send(s, 11, b"/t/node\0v", tx); reply(s)
    if end: send(s, 7, end, tx); reply(s)
send(s, 4, b"/t\0tok\0"); reply(s)
send(s, 99, b"x\0"); assert reply(s)[0] == 16      # unknown type
send(s, 2, b"/no-nul"); assert reply(s)[0] == 16   # missing NUL
# Random messages on fresh connections; the daemon may drop them.
rng = random.Random(7)
for _ in range(200):
    f = conn()
    try:
        n = rng.randrange(0, 64)
        f.sendall(struct.pack("<IIII", rng.randrange(0, 32), 1,
                              rng.choice([0, 1, 99]), n) +
                  bytes(rng.randrange(256) for _ in range(n)))
        f.settimeout(0.05)
        f.recv(4096)
    except (socket.timeout, ConnectionError):
        pass
    f.close()
# An oversized length drops the connection.
s.sendall(struct.pack("<IIII", 2, 1, 0, 1 << 20))
PY
stop_xs

start_xs
[ "$($B/xenstore-read /vm/a/name)" = web ] || fail "state file not reloaded"
$B/xenstore-write /vm/b/name db || fail "write after reload"
kill -9 $pid
wait $pid 2>/dev/null
start_xs
[ "$($B/xenstore-read /vm/b/name)" = db ] || fail "journal not replayed"
stop_xs
echo ok
