#!/bin/bash
# The main job (`make run`): a private hypervisor and xenstored in a fresh
# run directory; the demo PV kernel boots and prints; a second guest talks
# to xenstored over its ring; the tree it left is listed; all is stopped.
cd "$(dirname "$0")/.." || exit 1
if ! { : <>/dev/kvm; } 2>/dev/null; then
    echo "make run: cannot open /dev/kvm read-write; the hypervisor needs KVM" >&2
    exit 1
fi
XEN_RUNDIR=$(mktemp -d /tmp/xen-demo.XXXXXX)
export XEN_RUNDIR
chmod 755 "$XEN_RUNDIR"
cleanup() {
    [ -n "$xs" ] && kill "$xs" 2>/dev/null && wait "$xs" 2>/dev/null
    [ -n "$xen" ] && kill "$xen" 2>/dev/null && wait "$xen" 2>/dev/null
    rm -rf "$XEN_RUNDIR"
}
trap cleanup EXIT

echo "== starting the hypervisor and xenstored in $XEN_RUNDIR"
dist/bin/xen >"$XEN_RUNDIR/xen.stderr" 2>&1 &
xen=$!
for _ in $(seq 1 100); do [ -S "$XEN_RUNDIR/privcmd" ] && break; sleep 0.05; done
[ -S "$XEN_RUNDIR/privcmd" ] || { cat "$XEN_RUNDIR/xen.stderr"; exit 1; }
dist/bin/xenstored --no-persist &
xs=$!
for _ in $(seq 1 100); do dist/bin/xenstore-exists / 2>/dev/null && break; sleep 0.05; done

echo "== booting dist/boot/mini-os"
dist/bin/xen-run --memory 8 --timeout 30 dist/boot/mini-os || exit 1

echo "== a guest using xenstore over its ring (dist/boot/special-xenbus)"
# A node of domain 0's that the guest must not be able to read.
dist/bin/xenstore-write /local/domain/0/private secret
dist/bin/xenstore-watch /local/domain >"$XEN_RUNDIR/watch.out" &
watch=$!
# Its first line (the registration event) says the watch is in place.
for _ in $(seq 1 100); do [ -s "$XEN_RUNDIR/watch.out" ] && break; sleep 0.05; done
dist/bin/xen-run --timeout 30 --xenstore dist/boot/special-xenbus || exit 1
kill $watch 2>/dev/null
wait $watch 2>/dev/null

echo "== what domain 0 saw of it through a watch on /local/domain"
sort -u "$XEN_RUNDIR/watch.out"
echo "== xenstore now (xenstore-ls -f /local/domain)"
dist/bin/xenstore-ls -f /local/domain
echo "== done"
