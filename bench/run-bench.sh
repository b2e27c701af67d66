#!/bin/bash
# Runs every benchmark (or only those whose name contains $1). Each prints
# `BENCH <name> <value> <unit> [baseline=<v>] [ratio=<v>]` lines, the
# baseline being a floor measured in the same run. Never part of check.
cd "$(dirname "$0")/.." || exit 1
filter=$1
status=0
for b in bench/*.sh; do
    [ -f "$b" ] || continue
    name=$(basename "$b" .sh)
    [ "$name" = run-bench ] && continue
    if [ -n "$filter" ] && [[ "$name" != *"$filter"* ]]; then
        continue
    fi
    echo "== $name"
    bash "$b" || { echo "benchmark $name failed"; status=1; }
done
exit $status
