#!/bin/bash
# Clients talk only to servers that run as root (issue 8, item 8): a
# local user listening where the privcmd or xenstored socket should be
# gets nothing from root's tools. The impostor here binds the socket as
# root and then becomes nobody before it listens, so the socket file and
# its directory look right and only the peer credentials tell; it logs
# every byte it receives. A run directory of nobody's is refused too.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
require_nobody

T=$(mktemp -d /tmp/sec-impostor.XXXXXX)
chmod 755 "$T"
trap '[ -n "$imp" ] && kill $imp 2>/dev/null; wait 2>/dev/null; rm -rf "$T" /tmp/sec-attack.*' EXIT

impostor='
import os, socket, sys
path, kind, log = sys.argv[1], sys.argv[2], sys.argv[3]
s = socket.socket(socket.AF_UNIX,
                  socket.SOCK_SEQPACKET if kind == "seqpacket" else socket.SOCK_STREAM)
s.bind(path)
os.chmod(path, 0o666)
out = open(log, "ab", buffering=0)
os.setresgid(65534, 65534, 65534)
os.setresuid(65534, 65534, 65534)
s.listen(8)
out.write(b"listening\n")
while True:
    c, _ = s.accept()
    c.settimeout(2)
    try:
        data = c.recv(65536)
    except OSError:
        data = b""
    out.write(b"connection, %d bytes\n" % len(data))
    c.close()
'
# start_impostor SOCKET KIND: sets imp; received bytes go to $T/got.
start_impostor() {
    : >"$T/got"
    python3 -c "$impostor" "$1" "$2" "$T/got" &
    imp=$!
    for _ in $(seq 1 100); do grep -q listening "$T/got" && return 0; sleep 0.05; done
    fail "the impostor did not start"
}
stop_impostor() { kill $imp; wait $imp 2>/dev/null; imp=; rm -f "$1"; }
nothing_sent() {
    if grep -q "[1-9][0-9]* bytes" "$T/got"; then
        fail "$1: root's client sent a request to nobody's server: $(cat "$T/got")"
    fi
}

# privcmd: xen-run must not talk to it.
start_impostor "$T/privcmd" seqpacket
out=$(XEN_RUNDIR=$T timeout 20 dist/bin/xen-run --timeout 10 dist/boot/test-hello 2>&1)
rc=$?
echo "xen-run against nobody's privcmd -> $rc: $out"
nothing_sent "privcmd"
[ $rc -eq 1 ] || fail "xen-run exited $rc, not 1 (environment error)"
echo "$out" | grep -q "uid 65534" || fail "xen-run did not say who served the socket"
stop_impostor "$T/privcmd"

# xenstored's socket: the xenstore tools must not talk to it either.
start_impostor "$T/xenstored.sock" stream
out=$(XENSTORED_PATH=$T/xenstored.sock timeout 20 dist/bin/xenstore-write /x secret 2>&1)
rc=$?
echo "xenstore-write against nobody's xenstored -> $rc: $out"
nothing_sent "xenstored.sock"
[ $rc -ne 0 ] || fail "xenstore-write succeeded"
echo "$out" | grep -q "uid 65534" || fail "xenstore-write did not say who served the socket"
out=$(XEN_RUNDIR=$T timeout 20 dist/bin/xenstore-read /x 2>&1)
nothing_sent "xenstored.sock via XEN_RUNDIR"
stop_impostor "$T/xenstored.sock"

# A run directory nobody made: xen-run refuses it before connecting.
d=$(as_nobody mktemp -d /tmp/sec-attack.XXXXXX)
as_nobody chmod 755 "$d"
out=$(XEN_RUNDIR=$d timeout 20 dist/bin/xen-run --timeout 10 dist/boot/test-hello 2>&1)
rc=$?
echo "xen-run in nobody's run directory -> $rc: $out"
[ $rc -eq 1 ] || fail "xen-run exited $rc in nobody's run directory"
echo "$out" | grep -q "owned by uid 65534" || fail "xen-run did not say why"
echo ok
