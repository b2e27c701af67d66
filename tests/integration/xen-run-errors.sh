#!/bin/bash
# xen-run's exit codes and messages: malformed kernels are build errors
# (3) with a reason, a domain that never stops times out (5), a usage
# error is 1; the hypervisor survives all of it.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
require_kvm
start_xen
tmp=$XEN_RUNDIR

expect() {   # expect CODE PATTERN xen-run-args...
    local code=$1 pattern=$2 out rc
    shift 2
    out=$(dist/bin/xen-run --timeout 20 "$@" 2>&1)
    rc=$?
    echo "xen-run $* -> $rc: $(echo "$out" | tail -n 1)"
    [ $rc -eq "$code" ] || fail "xen-run $* exited $rc, expected $code"
    echo "$out" | grep -q -- "$pattern" || fail "xen-run $*: no '$pattern' in: $out"
}

: >"$tmp/empty"
head -c 100 dist/boot/mini-os >"$tmp/truncated-header"
head -c 3000 dist/boot/mini-os >"$tmp/truncated-body"
head -c 65536 /dev/urandom >"$tmp/random"
printf '\177ELF\002\001\001' >"$tmp/short-magic"
cp /bin/true "$tmp/not-xen"

expect 3 "too small for an ELF header" "$tmp/empty"
expect 3 "outside the image" "$tmp/truncated-header"
expect 3 "outside the image" "$tmp/truncated-body"
expect 3 "not an ELF image" "$tmp/random"
expect 3 "too small" "$tmp/short-magic"
expect 3 "not an executable\|no Xen ELF notes" "$tmp/not-xen"
expect 3 "cannot read" "$tmp/does-not-exist"
expect 3 "too small for this kernel" --memory 1 dist/boot/mini-os
expect 5 "timed out" --timeout 2 dist/boot/special-pingpong
expect 1 "bad option value" --vcpus 0 dist/boot/mini-os
expect 1 "usage" dist/boot/mini-os dist/boot/mini-os dist/boot/mini-os
expect 0 "powering off" dist/boot/mini-os
# --quiet: the console is consumed but not shown; the status still tells.
out=$(dist/bin/xen-run --quiet dist/boot/test-hello 2>&1)
rc=$?
[ $rc -eq 0 ] || fail "--quiet: exit $rc"
[ -z "$out" ] || fail "--quiet printed: $out"
# A private hypervisor (no XEN_RUNDIR) goes when xen-run goes, even when a
# closed pipe on its output (SIGPIPE) ends it.
private() { pgrep -fc 'xen --rundir /tmp/xen-run\.' || true; }
n=$(private)
(unset XEN_RUNDIR; dist/bin/xen-run --timeout 30 dist/boot/special-spin | head -1 >/dev/null)
for _ in $(seq 1 50); do [ "$(private)" -le "$n" ] && break; sleep 0.1; done
[ "$(private)" -le "$n" ] || fail "xen-run left its private hypervisor running"
xen_alive || fail "the hypervisor died"
echo ok
