#!/bin/bash
# xenstored's state survives a restart, even a kill -9: the tree,
# permissions and quotas come back (introduced domains and targets too:
# tests/integration/xenstore-guest-restart.sh); a torn journal record
# (the daemon died mid-write) is ignored; a client's handle reconnects.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
dir=$(mktemp -d /tmp/xs-restart.XXXXXX)
export XENSTORED_PATH=$dir/xenstored.sock
B=dist/bin
start_xs() {
    dist/bin/xenstored --rundir "$dir" 2>>"$dir/stderr" &
    pid=$!
    for _ in $(seq 1 100); do
        [ -S "$XENSTORED_PATH" ] && $B/xenstore-exists / 2>/dev/null && return 0
        sleep 0.05
    done
    fail "xenstored did not start: $(cat "$dir/stderr")"
}
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT

start_xs
$B/xenstore-write /vm/1/name web /vm/1/mem 512 || fail "write"
$B/xenstore-chmod /vm/1/name n0 r7 || fail "chmod"
$B/xenstore-write /gone x && $B/xenstore-rm /gone
$B/xenstore-control quota nodes 700 >/dev/null || fail "set a global quota"
$B/xenstore-control quota 7 watches 9 >/dev/null || fail "set a domain's quota"
kill -9 $pid; wait $pid 2>/dev/null
rm -f "$XENSTORED_PATH"

# A record cut short by the crash, at the end of the journal.
printf 'W/vm/torn\000\377' >>"$dir/xenstored.journal"
start_xs
[ "$($B/xenstore-read /vm/1/name)" = web ] || fail "value lost over kill -9"
[ "$($B/xenstore-read /vm/1/mem)" = 512 ] || fail "second value lost"
$B/xenstore-ls -p /vm/1 | head -1 | grep -q '^name = "web" .* (n0,r7)$' || fail "permissions lost"
$B/xenstore-exists /gone && fail "a removed node came back"
$B/xenstore-exists /vm/torn && fail "the torn record was applied"
grep -q "torn record" "$dir/xenstored.log" || fail "the torn record was not reported"
$B/xenstore-control quota | grep -qx 'nodes=700' || fail "global quota lost"
$B/xenstore-control quota 7 | grep -qx 'watches=9' || fail "domain quota lost"

# A clean restart keeps everything too (snapshot written at exit).
kill $pid; wait $pid 2>/dev/null
start_xs
[ "$($B/xenstore-read /vm/1/name)" = web ] || fail "value lost over a clean restart"
$B/xenstore-control quota 7 | grep -qx 'watches=9' || fail "quota lost from the snapshot"
echo ok
