#!/bin/bash
# The xenstored binary serves dom0 clients on its socket: write, read,
# directory and a watch event, over the real Unix socket.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
command -v python3 >/dev/null || skip "python3 is not installed"
dir=$(mktemp -d /tmp/xs-test.XXXXXX)
dist/bin/xenstored --foreground --rundir "$dir" 2>"$dir/stderr" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do [ -S "$dir/xenstored.sock" ] && break; sleep 0.05; done
[ -S "$dir/xenstored.sock" ] || fail "xenstored did not start: $(cat "$dir/stderr")"

python3 - "$dir/xenstored.sock" <<'PY' || fail "protocol exchange failed"
import socket, struct, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
def msg(t, payload, rid=1):
    s.sendall(struct.pack("<IIII", t, rid, 0, len(payload)) + payload)
def recv():
    h = b""
    while len(h) < 16: h += s.recv(16 - len(h))
    t, rid, tx, ln = struct.unpack("<IIII", h)
    body = b""
    while len(body) < ln: body += s.recv(ln - len(body))
    return t, body
def reply():
    while True:
        t, body = recv()
        if t != 15: return t, body     # skip watch events
WRITE, READ, DIRECTORY, WATCH, ERROR, EVENT = 11, 2, 1, 4, 16, 15
msg(WRITE, b"/vm/1/name\0guest"); assert reply()[0] == WRITE
msg(READ, b"/vm/1/name\0"); t, b = reply(); assert (t, b) == (READ, b"guest"), (t, b)
msg(DIRECTORY, b"/vm\0"); t, b = reply(); assert b == b"1\0", b
msg(READ, b"/missing\0"); t, b = reply(); assert (t, b) == (ERROR, b"ENOENT\0"), (t, b)
msg(WATCH, b"/vm\0tok\0")
seen = []
for _ in range(2):
    seen.append(recv())
assert (WATCH, b"OK\0") in seen and (EVENT, b"/vm\0tok\0") in seen, seen
msg(WRITE, b"/vm/1/state\0running")
seen = [recv(), recv()]
assert (EVENT, b"/vm/1/state\0tok\0") in seen, seen
print("protocol ok")
PY
kill -0 $pid || fail "xenstored died"
echo ok
