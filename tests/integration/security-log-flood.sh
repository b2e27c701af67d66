#!/bin/bash
# A local user's refused privcmd connections do not flood the log (issue
# 8, item 9): nobody connects as fast as it can for 3 s; the refusals are
# logged up to a burst, the rest are counted (the counts add up to every
# refusal), xen.log hardly grows, and the crash report logged before the
# flood is still in the 64 KiB console ring (sysctl readconsole, what
# `xl dmesg` reads). Root is still served. Against the ASan+UBSan build.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
require_kvm
require_nobody
start_xen_sanitized

# The console ring, read whole through sysctl readconsole (incremental).
read_ring='
import socket, struct, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.connect(sys.argv[1] + "/privcmd")
index, ring = 0, b""
while True:
    # struct xen_sysctl: cmd, interface_version, readconsole
    # {clear, incremental, pad[2], count, index, buffer[16384]}
    op = struct.pack("<IIBBxxIQ", 1, 0x16, 0, 1, 16384, index) + bytes(16384)
    s.send(struct.pack("<II", 35, len(op)) + op)
    rsp = s.recv(65536)
    rc, length = struct.unpack("<iI", rsp[:8])
    if rc != 0:
        sys.exit("readconsole failed: %d" % rc)
    count, index = struct.unpack("<IQ", rsp[8 + 12:8 + 24])
    if count == 0:
        break
    ring += rsp[8 + 24:8 + 24 + count]
sys.stdout.write(ring.decode("ascii", "replace"))
'

dist/bin/xen-run --timeout 30 dist/boot/special-crash-nohandler >"$XEN_RUNDIR/crash.out" 2>&1
python3 -c "$read_ring" "$XEN_RUNDIR" >"$XEN_RUNDIR/ring.before" || fail "cannot read the console ring"
grep -q "with no handler" "$XEN_RUNDIR/ring.before" || fail "no crash report in the ring to start with"
log_before=$(stat -c %s "$XEN_RUNDIR/xen.log")

flood='
import socket, sys, time
path, n, end = sys.argv[1] + "/privcmd", 0, time.monotonic() + 3
while time.monotonic() < end:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    try:
        s.connect(path)
        if len(s.recv(64)) >= 8:
            n += 1
    except OSError:
        pass
    s.close()
print(n)
'
made=$(as_nobody python3 -c "$flood" "$XEN_RUNDIR") || fail "the flood did not run"
echo "nobody made $made refused connections in 3 s"
[ "$made" -gt 2000 ] || fail "too few connections to flood anything ($made)"

# The count of the last refusals is logged once they stop (within 2 s).
tally() {
    logged=$(grep -c "privcmd: refused a client" "$XEN_RUNDIR/xen.log")
    counted=$(sed -n 's/.*privcmd: \([0-9]*\) more connections refused, not logged.*/\1/p' \
        "$XEN_RUNDIR/xen.log" | awk '{ s += $1 } END { print s + 0 }')
}
for _ in $(seq 1 200); do
    tally
    [ $((logged + counted)) -ge "$made" ] && break
    sleep 0.05
done
growth=$(($(stat -c %s "$XEN_RUNDIR/xen.log") - log_before))
echo "logged one by one: $logged; counted: $counted; xen.log grew by $growth bytes"
grep "privcmd:" "$XEN_RUNDIR/xen.log" | tail -n 3
[ $((logged + counted)) -eq "$made" ] ||
    fail "refusals logged ($logged) and counted ($counted) do not add up to $made"
[ "$logged" -le 20 ] || fail "$logged refusals logged one by one"
[ "$growth" -lt 8192 ] || fail "xen.log grew by $growth bytes"

python3 -c "$read_ring" "$XEN_RUNDIR" >"$XEN_RUNDIR/ring.after" || fail "cannot read the console ring"
grep -q "with no handler" "$XEN_RUNDIR/ring.after" ||
    fail "the flood wiped the crash report from the console ring"
dist/bin/xen-run --timeout 30 dist/boot/test-hello >/dev/null 2>&1 || fail "root is no longer served"
xen_alive || fail "the hypervisor died"
stop_xen_sanitized
echo ok
