#!/bin/bash
# A run directory that a local user controls is refused (issue 8, item
# 8): xen (its normal and its ASan+UBSan builds) and xenstored stop with
# a reason and write nothing through it. The attacker is nobody: it
# pre-creates the directory, plants symlinks to root's files, leaves
# entries of its own in a directory root took over, or controls a parent
# or a symlink on the way. Files are opened without following symlinks.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
require_nobody

T=$(mktemp -d /tmp/sec-rundir.XXXXXX) # root's, 0700: the victims live here
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$T" /tmp/sec-attack.* /tmp/sec-link.*
}
trap cleanup EXIT
for v in pid log xslog state; do
    echo "root's secret" >"$T/victim-$v"
    chmod 600 "$T/victim-$v"
done

victims_intact() {
    for v in pid log xslog state; do
        [ "$(cat "$T/victim-$v")" = "root's secret" ] ||
            fail "$1: root's file victim-$v was written through the run directory: $(head -c 200 "$T/victim-$v")"
    done
}

# refused WHAT SOCKET PATTERN CMD...: the daemon CMD must stop by itself,
# with a non-zero status and PATTERN in its output, never serving SOCKET.
refused() {
    local what=$1 sock=$2 pattern=$3 out=$T/out rc
    shift 3
    "$@" >"$out" 2>&1 &
    pid=$!
    for _ in $(seq 1 200); do
        kill -0 "$pid" 2>/dev/null || break
        [ -S "$sock" ] && break
        sleep 0.05
    done
    if kill -0 "$pid" 2>/dev/null; then
        kill "$pid"
        wait "$pid" 2>/dev/null
        pid=
        victims_intact "$what"
        fail "$what: the run directory was accepted: $(cat "$out")"
    fi
    wait "$pid"
    rc=$?
    pid=
    [ $rc -ne 0 ] || fail "$what: exited 0: $(cat "$out")"
    grep -q -- "$pattern" "$out" || fail "$what: no '$pattern' in: $(cat "$out")"
    echo "$what: refused ($(head -n 1 "$out"))"
    victims_intact "$what"
}

# A directory nobody made, world-writable, with symlinks to root's files.
attack_dir() {
    local d
    d=$(as_nobody mktemp -d /tmp/sec-attack.XXXXXX)
    as_nobody chmod 777 "$d"
    as_nobody ln -s "$T/victim-pid" "$d/xen.pid"
    as_nobody ln -s "$T/victim-log" "$d/xen.log"
    as_nobody ln -s "$T/victim-xslog" "$d/xenstored.log"
    as_nobody ln -s "$T/victim-state" "$d/xenstored.state.tmp"
    echo "$d"
}

# A directory root owns, mode 0755, in root's 0700 scratch directory.
root_dir() {
    local d
    d=$(mktemp -d "$T/root.XXXXXX")
    chmod 755 "$d"
    echo "$d"
}

XENS="dist/bin/xen"
[ -x build/xen-asan ] && XENS="$XENS build/xen-asan"
for xen in $XENS; do
    d=$(attack_dir)
    refused "$xen in nobody's directory" "$d/privcmd" "owned by uid 65534" \
        $xen --rundir "$d"

    d=$(root_dir)
    chmod 777 "$d"
    refused "$xen in a world-writable directory" "$d/privcmd" "writable" \
        $xen --rundir "$d"
    chmod 775 "$d"
    refused "$xen in a group-writable directory" "$d/privcmd" "writable" \
        $xen --rundir "$d"

    # root took the directory over (chown) but nobody's entries are left.
    d=$(attack_dir)
    chown root:root "$d"
    chmod 755 "$d"
    refused "$xen with nobody's entries left" "$d/privcmd" "entry .* is owned by uid 65534" \
        $xen --rundir "$d"

    # A parent nobody can write: it could swap the directory.
    p=$(as_nobody mktemp -d /tmp/sec-attack.XXXXXX)
    as_nobody chmod 777 "$p"
    mkdir -m 755 "$p/run"
    refused "$xen under nobody's directory" "$p/run/privcmd" "$p" \
        $xen --rundir "$p/run"

    # A symlink of nobody's on the way to a good directory.
    d=$(root_dir)
    l=/tmp/sec-link.$$
    as_nobody ln -sfn "$d" "$l"
    refused "$xen through nobody's symlink" "$d/privcmd" "symlink" \
        $xen --rundir "$l"
    rm -f "$l"

    # root's own directory, but xen.log is a symlink: not followed.
    d=$(root_dir)
    ln -s "$T/victim-log" "$d/xen.log"
    refused "$xen with a symlinked xen.log" "$d/privcmd" "xen.log" \
        $xen --rundir "$d"
done

for xs in dist/bin/xenstored; do
    d=$(attack_dir)
    refused "xenstored in nobody's directory" "$d/xenstored.sock" \
        "owned by uid 65534" $xs --rundir "$d"

    d=$(root_dir)
    chmod 1777 "$d"
    refused "xenstored in a world-writable directory" "$d/xenstored.sock" \
        "writable" $xs --rundir "$d"

    d=$(attack_dir)
    chown root:root "$d"
    chmod 755 "$d"
    refused "xenstored with nobody's entries left" "$d/xenstored.sock" \
        "entry .* is owned by uid 65534" $xs --rundir "$d"

    d=$(root_dir)
    ln -s "$T/victim-xslog" "$d/xenstored.log"
    refused "xenstored with a symlinked xenstored.log" "$d/xenstored.sock" \
        "xenstored.log" $xs --rundir "$d"
done

# The snapshot's temporary file is created afresh (O_EXCL), never opened
# through what is there: a symlink left in its place is replaced.
d=$(root_dir)
ln -s "$T/victim-state" "$d/xenstored.state.tmp"
dist/bin/xenstored --rundir "$d" >"$T/out" 2>&1 &
pid=$!
for _ in $(seq 1 100); do [ -S "$d/xenstored.sock" ] && break; sleep 0.05; done
[ -S "$d/xenstored.sock" ] || fail "xenstored did not start in a good directory: $(cat "$T/out")"
XENSTORED_PATH=$d/xenstored.sock dist/bin/xenstore-write /sec/x 1 || fail "xenstore-write"
kill "$pid"
wait "$pid"
pid=
victims_intact "xenstored's snapshot"
[ -f "$d/xenstored.state" ] && [ ! -L "$d/xenstored.state" ] ||
    fail "xenstored.state is not a regular file after the snapshot"

# xen.pid is written to a new file and renamed into place: a symlink
# there is replaced, not followed.
d=$(root_dir)
ln -s "$T/victim-pid" "$d/xen.pid"
if { : <>/dev/kvm; } 2>/dev/null; then
    dist/bin/xen --rundir "$d" >"$T/out" 2>&1 &
    pid=$!
    for _ in $(seq 1 200); do [ -S "$d/privcmd" ] && break; sleep 0.05; done
    [ -S "$d/privcmd" ] || fail "xen did not start in a good directory: $(cat "$T/out")"
    for _ in $(seq 1 100); do [ -f "$d/xen.pid" ] && [ ! -L "$d/xen.pid" ] && break; sleep 0.05; done
    [ "$(cat "$d/xen.pid")" = "$pid" ] || fail "xen.pid does not hold xen's pid"
    kill "$pid"
    wait "$pid"
    pid=
    victims_intact "xen.pid"
fi
echo ok
