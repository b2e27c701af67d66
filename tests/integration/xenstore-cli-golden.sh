#!/bin/bash
# The xenstore command-line tools byte for byte against golden files:
# each line of tests/golden/xenstore/cases.txt is run (in order, against
# one private xenstored) and its standard output, standard error (both
# shown byte-exactly by `sed -n 'l 0'`) and exit status are compared with
# tests/golden/xenstore/expected.txt, which holds what Xen's own tools
# print (see tests/golden/xenstore/README.md).
#
#   xenstore-cli-golden.sh [--record FILE] [--tools DIR]
# --record writes the transcript to FILE instead of comparing; --tools
# runs the tools found in DIR (default dist/bin).
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
top=$PWD
golden=$top/tests/golden/xenstore
tools=$top/dist/bin
record=
while [ $# -gt 0 ]; do
    case $1 in
    --record) record=$2; shift 2 ;;
    --tools) tools=$2; shift 2 ;;
    *) fail "unknown argument $1" ;;
    esac
done
dir=$(mktemp -d /tmp/xs-golden.XXXXXX)
$top/dist/bin/xenstored --rundir "$dir" --no-persist 2>"$dir/daemon.err" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do [ -S "$dir/xenstored.sock" ] && break; sleep 0.05; done
[ -S "$dir/xenstored.sock" ] || fail "xenstored did not start"

# What each case line may use besides the tools.
cat >"$dir/helpers.sh" <<'HELPERS'
# watch_then 'WATCH ARGS' 'COMMAND...': xenstore-watch WATCH ARGS in the
# background; once its first event (the registration) is out, COMMAND;
# then wait for the watch to end (give it -n).
watch_then() {
    local out=$CASE_DIR/watch.out
    : >"$out"
    eval "xenstore-watch $1" >"$out" 2>"$CASE_DIR/watch.err" &
    local w=$!
    for _ in $(seq 1 200); do [ -s "$out" ] && break; sleep 0.02; done
    eval "$2" >/dev/null 2>&1
    for _ in $(seq 1 250); do kill -0 $w 2>/dev/null || break; sleep 0.02; done
    kill $w 2>/dev/null
    wait $w
    local rc=$?
    cat "$out"
    cat "$CASE_DIR/watch.err" >&2
    return $rc
}
HELPERS

transcript=$dir/transcript.txt
: >"$transcript"
n=0
while IFS= read -r line || [ -n "$line" ]; do
    case $line in '' | '#'*) continue ;; esac
    n=$((n + 1))
    mkdir -p "$dir/case"
    (
        cd "$dir/case" || exit 1
        export PATH=$tools:$PATH XENSTORED_PATH=$dir/xenstored.sock CASE_DIR=$dir/case
        export LC_ALL=C
        . "$dir/helpers.sh"
        eval "$line"
    ) >"$dir/stdout" 2>"$dir/stderr" </dev/null
    rc=$?
    {
        printf '$ %s\n' "$line"
        for s in stdout stderr; do
            [ -s "$dir/$s" ] || continue
            echo "- $s"
            sed -n 'l 0' "$dir/$s"
            [ "$(tail -c 1 "$dir/$s" | od -An -c | tr -d ' ')" = '\n' ] ||
                echo "- (no newline at the end)"
        done
        echo "- exit $rc"
    } >>"$transcript"
done <"$golden/cases.txt"

if [ -n "$record" ]; then
    cp "$transcript" "$record"
    echo "recorded $n cases in $record"
    exit 0
fi
if ! diff -u "$golden/expected.txt" "$transcript"; then
    fail "the tools' output differs from tests/golden/xenstore/expected.txt"
fi
kill -0 $pid || fail "xenstored died"
echo "ok: $n cases"
