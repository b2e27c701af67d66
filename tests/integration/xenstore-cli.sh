#!/bin/bash
# The xenstore command-line tools against a private xenstored: output
# formats and exit codes.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
dir=$(mktemp -d /tmp/xs-cli.XXXXXX)
dist/bin/xenstored --rundir "$dir" 2>"$dir/stderr" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do [ -S "$dir/xenstored.sock" ] && break; sleep 0.05; done
export XENSTORED_PATH=$dir/xenstored.sock
B=dist/bin

expect_eq() { [ "$1" = "$2" ] || fail "$3: got '$1', expected '$2'"; }

$B/xenstore-write /vm/a/name web /vm/a/mem 512 || fail "write"
expect_eq "$($B/xenstore-read /vm/a/name)" "web" "read"
expect_eq "$($B/xenstore read /vm/a/mem)" "512" "multi-call read"
$B/xenstore-read /vm/none 2>"$dir/err"; rc=$?
expect_eq "$rc" 1 "read of a missing path exit code"
grep -q "couldn't read path /vm/none" "$dir/err" || fail "read error message"
$B/xenstore-exists /vm/a/name || fail "exists"
$B/xenstore-exists /vm/none && fail "exists on a missing path"
expect_eq "$($B/xenstore-list /vm/a | tr '\n' ' ')" "name mem " "list"
expect_eq "$($B/xenstore-ls /vm)" "$(printf 'a = ""\n name = "web"\n mem = "512"')" "ls"
expect_eq "$($B/xenstore-ls -f /vm/a | head -1)" '/vm/a/name = "web"' "ls -f"
$B/xenstore-chmod -r /vm n0 r5 || fail "chmod"
expect_eq "$($B/xenstore-ls -p /vm/a | head -1)" 'name = "web"  (n0,r5)' "ls -p after chmod -r"
$B/xenstore-chmod /vm q9 2>/dev/null; expect_eq "$?" 2 "chmod with a bad permission"
printf 'a\001b' | xargs -0 $B/xenstore-write -R /vm/esc
expect_eq "$($B/xenstore-ls /vm | grep esc)" 'esc = "a\001b"' "escaped value"

# Values in Xen's escaped notation: written unescaped unless -R, read
# escaped unless -R.
$B/xenstore-write /vm/e 'tab\there\x7f\\end' || fail "write an escaped value"
expect_eq "$($B/xenstore-read -R /vm/e | od -An -c | tr -s ' ')" \
    "$(printf 'tab\there\177\\end\n' | od -An -c | tr -s ' ')" "write unescapes"
expect_eq "$($B/xenstore-read /vm/e)" 'tab\there\x7f\\end' "read escapes"
$B/xenstore-write -R /vm/raw 'a\tb' || fail "write -R"
expect_eq "$($B/xenstore-read -R /vm/raw)" 'a\tb' "write -R keeps backslashes"
expect_eq "$($B/xenstore-read /vm/raw)" 'a\\tb' "read shows a backslash escaped"
$B/xenstore-write /vm/neg -5 || fail "a value starting with -"
expect_eq "$($B/xenstore-read /vm/neg)" "-5" "read it back"

# -p prefixes, -s accepted by every tool, rm -t removes emptied parents.
expect_eq "$($B/xenstore-read -p /vm/a/name)" "/vm/a/name: web" "read -p"
expect_eq "$($B/xenstore-list -p /vm/a | head -1)" "/vm/a/name" "list -p"
expect_eq "$($B/xenstore-read -s /vm/a/name)" "web" "read -s"
$B/xenstore-exists -s /vm/a || fail "exists -s"
$B/xenstore-write /t1/t2/t3/leaf x || fail "write a deep node"
$B/xenstore-write /t1/keep y || fail "write a sibling"
$B/xenstore-rm -t /t1/t2/t3/leaf || fail "rm -t"
$B/xenstore-exists /t1/t2 && fail "rm -t left an empty parent"
$B/xenstore-exists /t1/keep || fail "rm -t removed a parent with other children"
$B/xenstore-read -q /vm/a/name 2>/dev/null; expect_eq "$?" 2 "unknown option"

# watch: the registration event, then one change.
$B/xenstore-watch -n 2 /vm/a >"$dir/watch.out" &
wpid=$!
wait_for_lines "$dir/watch.out" 1
$B/xenstore-write /vm/a/state running
wait $wpid || fail "xenstore-watch failed"
expect_eq "$(tr '\n' ' ' <"$dir/watch.out")" "/vm/a /vm/a/state " "watch events"

$B/xenstore-rm /vm/a || fail "rm"
$B/xenstore-exists /vm/a && fail "rm left the node"
$B/xenstore-rm /vm/a 2>/dev/null; expect_eq "$?" 0 "rm of a missing node whose parent exists"
$B/xenstore-rm /vm/a/b 2>/dev/null; expect_eq "$?" 1 "rm of a node whose parent is missing"
$B/xenstore 2>/dev/null; expect_eq "$?" 2 "usage"
kill -0 $pid || fail "xenstored died"
echo ok
