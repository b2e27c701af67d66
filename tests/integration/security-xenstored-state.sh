#!/bin/bash
# xenstored loads its state only from files root owns and no one else
# can write (issue 8, item 8): a state file or journal of nobody's, one
# that others may write, or a symlink in its place makes it refuse to
# start rather than serve a tree a local user wrote. root's own state
# still loads.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
require_nobody

T=$(mktemp -d /tmp/sec-xsstate.XXXXXX)
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; wait 2>/dev/null; rm -rf "$T"' EXIT
B=dist/bin

# start_xs DIR: xenstored in DIR; returns 1 if it exited instead.
start_xs() {
    $B/xenstored --rundir "$1" >"$T/out" 2>&1 &
    pid=$!
    for _ in $(seq 1 100); do
        XENSTORED_PATH=$1/xenstored.sock $B/xenstore-exists / 2>/dev/null && return 0
        kill -0 $pid 2>/dev/null || { wait $pid; pid=; return 1; }
        sleep 0.05
    done
    fail "xenstored neither served nor exited: $(cat "$T/out")"
}
stop_xs() { kill $pid; wait $pid; pid=; }

# A state file holding a node a local user would like root to serve.
mkdir -m 700 "$T/make"
start_xs "$T/make" || fail "xenstored did not start: $(cat "$T/out")"
XENSTORED_PATH=$T/make/xenstored.sock $B/xenstore-write /injected yes || fail "xenstore-write"
stop_xs
[ -s "$T/make/xenstored.state" ] || fail "no state file was written"

# refused WHAT PATTERN: xenstored in $T/d must not start; PATTERN says why.
refused() {
    if start_xs "$T/d"; then
        v=$(XENSTORED_PATH=$T/d/xenstored.sock $B/xenstore-read /injected 2>&1)
        stop_xs
        fail "$1: xenstored started (and /injected reads '$v')"
    fi
    grep -q -- "$2" "$T/out" || fail "$1: no '$2' in: $(cat "$T/out")"
    echo "$1: refused ($(head -n 1 "$T/out"))"
    rm -rf "$T/d"
}
fresh() {
    mkdir -m 700 "$T/d"
    cp "$T/make/xenstored.state" "$T/d/"
    chmod 600 "$T/d/xenstored.state"
}

fresh
chown nobody "$T/d/xenstored.state"
refused "a state file of nobody's" "uid 65534"

fresh
chmod 666 "$T/d/xenstored.state"
refused "a state file others may write" "writable"

fresh
: >"$T/d/xenstored.journal"
chmod 620 "$T/d/xenstored.journal"
refused "a journal the group may write" "writable"

fresh
mv "$T/d/xenstored.state" "$T/elsewhere.state"
ln -s "$T/elsewhere.state" "$T/d/xenstored.state"
refused "a symlinked state file" "xenstored.state"

fresh
ln "$T/d/xenstored.state" "$T/d/xenstored.journal"
refused "a journal hard-linked to another file" "links"

# root's own state, mode 0600: loaded.
fresh
start_xs "$T/d" || fail "root's own state was refused: $(cat "$T/out")"
[ "$(XENSTORED_PATH=$T/d/xenstored.sock $B/xenstore-read /injected)" = yes ] ||
    fail "root's own state was not loaded"
stop_xs
echo ok
