#!/bin/bash
# The main job (`make run`): the stack (hypervisor, xenstored,
# xenconsoled) started by xencommons in a fresh private run directory;
# the example domains of config/examples/ (one xl.cfg, one domain XML)
# created with xl, listed while they run, their consoles shown; xl info;
# then all is stopped and the run directory removed.
cd "$(dirname "$0")/.." || exit 1
if ! { : <>/dev/kvm; } 2>/dev/null; then
    echo "make run: cannot open /dev/kvm read-write; the hypervisor needs KVM" >&2
    exit 1
fi
B=dist/bin
XEN_RUNDIR=$(mktemp -d /tmp/xen-demo.XXXXXX)
export XEN_RUNDIR XEN_LOGDIR=$XEN_RUNDIR/console XL_LOGDIR=$XEN_RUNDIR/xl-log
export XL_CONF=$XEN_RUNDIR/xl.conf
echo "lockfile=\"$XEN_RUNDIR/xl.lock\"" >"$XL_CONF"
DEMO_NS=xen-demo-$$
NETBACK_PID=
cleanup() {
    if [ -n "$NETBACK_PID" ]; then
        $B/xl destroy web >/dev/null 2>&1
        kill "$NETBACK_PID" 2>/dev/null
        wait "$NETBACK_PID" 2>/dev/null
        ip netns del "$DEMO_NS" 2>/dev/null
    fi
    echo "== stopping (xencommons stop)"
    $B/xencommons stop
    rm -rf "$XEN_RUNDIR"
}
trap cleanup EXIT
run() {
    echo "\$ ${*#$B/}"
    "$@"
}

echo "== starting the stack in $XEN_RUNDIR (xencommons start)"
# Not xencommons' netback: it would make taps in the host's namespace; the
# demo's own runs in a namespace of its own (web_demo).
XENCOMMONS_NETBACK=no $B/xencommons start || { tail "$XEN_RUNDIR"/*.log; exit 1; }

# Paused first, so that both are in the listing before mini-os's demo
# (a few timer ticks, then power off) has run.
echo "== creating the example domains"
run $B/xl create -p config/examples/mini-os.cfg || exit 1
run $B/xl create -p config/examples/mini-os.xml || exit 1
run $B/xl list
run $B/xl unpause mini-os && run $B/xl unpause mini-os-xml || exit 1
run $B/xl list
run $B/xl vcpu-list

# on_poweroff = "destroy": each is gone once its demo is over.
for _ in $(seq 1 200); do
    $B/xl domid mini-os >/dev/null 2>&1 || $B/xl domid mini-os-xml >/dev/null 2>&1 || break
    sleep 0.05
done
for name in mini-os mini-os-xml; do
    echo "== the console of $name ($XEN_LOGDIR/guest-$name.log)"
    head -n 8 "$XEN_LOGDIR/guest-$name.log"
done
run $B/xl list

# The web guest (config/examples/web.cfg) on a bridge in a network
# namespace of the demo's own: xen-netback runs in it, so the guest's tap
# and the bridge are there and nothing touches the host's own network.
web_demo() {
    if [ "$(id -u)" -ne 0 ] || ! command -v ip >/dev/null; then
        echo "== (the network demo needs root and iproute2: skipped)"
        return 0
    fi
    echo "== the web guest, in network namespace $DEMO_NS"
    ip netns add "$DEMO_NS" || return 1
    ip netns exec "$DEMO_NS" sh -c 'ip link set lo up &&
        ip link add xenbr0 type bridge && ip addr add 10.99.0.1/24 dev xenbr0 &&
        ip link set xenbr0 up' || return 1
    ip netns exec "$DEMO_NS" $B/xen-netback &
    NETBACK_PID=$!
    run $B/xl create config/examples/web.cfg || return 1
    for _ in $(seq 1 200); do
        grep -q "up on" "$XEN_LOGDIR/guest-web.log" 2>/dev/null && break
        sleep 0.05
    done
    head -n 4 "$XEN_LOGDIR/guest-web.log"
    run $B/xl network-list web
    echo "\$ ping -c 3 10.99.0.2   (in $DEMO_NS)"
    ip netns exec "$DEMO_NS" ping -c 3 -W 2 10.99.0.2
    echo "\$ curl http://10.99.0.2/   (in $DEMO_NS)"
    ip netns exec "$DEMO_NS" curl -s -m 10 http://10.99.0.2/
    run $B/xl destroy web
}
web_demo || echo "== the network demo failed"
run $B/xl info

# A disk that outlives its guest: one guest writes a note to a raw image
# (through xen-blkback) and is destroyed while running; a second one,
# given the image read-only, reads the note back.
if [ -x $B/xen-blkback ]; then
    img=$XEN_RUNDIR/demo-disk.img
    truncate -s 16M "$img"
    echo "== the disk demo (config/examples/disk-writer.cfg, disk-reader.cfg)"
    run $B/xl create config/examples/disk-writer.cfg "disk=[\"$img,raw,xvda,w\"]" || exit 1
    for _ in $(seq 1 200); do
        grep -q "diskdemo: wrote" "$XEN_LOGDIR/guest-disk-writer.log" 2>/dev/null && break
        sleep 0.05
    done
    grep "diskdemo" "$XEN_LOGDIR/guest-disk-writer.log"
    run $B/xl block-list disk-writer
    run $B/xl destroy disk-writer
    run $B/xl create config/examples/disk-reader.cfg "disk=[\"$img,raw,xvda,r\"]" || exit 1
    for _ in $(seq 1 200); do
        grep -q "diskdemo: read\|diskdemo: no note" "$XEN_LOGDIR/guest-disk-reader.log" 2>/dev/null && break
        sleep 0.05
    done
    grep "diskdemo" "$XEN_LOGDIR/guest-disk-reader.log"
fi
