#!/bin/bash
# The privcmd channel serves uid 0 only: another user's request gets
# -EPERM and the connection is closed, and the hypervisor goes on.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
require_kvm
command -v python3 >/dev/null || skip "python3 is not installed"
start_xen

client='
import socket, struct, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.connect(sys.argv[1] + "/privcmd")
# The refusal comes as soon as the connection is accepted.
rc, length = struct.unpack("<iI", s.recv(65536)[:8])
print("rc", rc)
sys.exit(0 if rc == -1 else 1)
'
out=$(runuser -u nobody -- python3 -c "$client" "$XEN_RUNDIR" 2>&1)
echo "$out"
echo "$out" | grep -q "^rc -1$" || fail "non-root client was not refused with -EPERM"
grep -q "refused a client" "$XEN_RUNDIR/xen.log" || fail "refusal not logged"
xen_alive || fail "hypervisor died"

# A malformed request from root (length field lying) gets -EMSGSIZE.
bad='
import socket, struct, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.connect(sys.argv[1] + "/privcmd")
s.send(struct.pack("<II", 36, 4096) + b"x" * 10)
rc, length = struct.unpack("<iI", s.recv(65536)[:8])
print("rc", rc)
sys.exit(0 if rc == -90 else 1)
'
python3 -c "$bad" "$XEN_RUNDIR" || fail "malformed request not rejected with -EMSGSIZE"
xen_alive || fail "hypervisor died"
echo "ok"
