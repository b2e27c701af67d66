#!/bin/bash
# libxenstore's feature, watch-depth and quota calls against xenstored.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
dir=$(mktemp -d /tmp/xs-lib.XXXXXX)
dist/bin/xenstored --rundir "$dir" --no-persist 2>"$dir/stderr" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do [ -S "$dir/xenstored.sock" ] && break; sleep 0.05; done
XENSTORED_PATH=$dir/xenstored.sock build/tests/xenstore-lib || fail "libxenstore calls"
kill -0 $pid || fail "xenstored died"
echo ok
