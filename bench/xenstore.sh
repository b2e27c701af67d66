#!/bin/bash
# xenstore benchmarks against a private daemon (no persistence, so disk
# speed is not measured) and against one that journals every change.
cd "$(dirname "$0")/.." || exit 1
for mode in --no-persist ""; do
    dir=$(mktemp -d /tmp/xs-bench.XXXXXX)
    dist/bin/xenstored --rundir "$dir" $mode &
    pid=$!
    for _ in $(seq 1 100); do [ -S "$dir/xenstored.sock" ] && break; sleep 0.05; done
    echo "xenstored ${mode:-with its journal}:"
    XENSTORED_PATH=$dir/xenstored.sock build/bench/xsbench
    kill $pid; wait $pid 2>/dev/null
    rm -rf "$dir"
done

# A guest over its ring (needs KVM): latency of one read and one write.
. tests/integration/lib.sh
if [ -z "$KVM_UNAVAILABLE" ] && { : <>/dev/kvm; } 2>/dev/null; then
    start_xen
    # No write-rate limit: the figure is the latency, not the limiter.
    dist/bin/xenstored --rundir "$XEN_RUNDIR" --no-persist --write-rate 0 &
    xspid=$!
    for _ in $(seq 1 100); do [ -S "$XEN_RUNDIR/xenstored.sock" ] && break; sleep 0.05; done
    out=$(dist/bin/xen-run --timeout 120 --xenstore dist/boot/special-xsbench)
    floor=$(build/bench/floor | awk '$1 == "exit_us" { print $2 }')
    for op in read write; do
        us=$(echo "$out" | awk -v k="guest_$op" '$1 == "result" && $2 == k { printf "%.2f", $3 / 1000 }')
        echo "BENCH xenstore_guest_${op}_latency_us $us us baseline=$floor ratio=$(awk -v a="$us" -v b="$floor" 'BEGIN { printf "%.2f", a / b }')"
    done
    kill $xspid; wait $xspid 2>/dev/null
fi
