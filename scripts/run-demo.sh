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
cleanup() {
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
$B/xencommons start || { tail "$XEN_RUNDIR"/*.log; exit 1; }

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
