#!/bin/bash
# Every guest test kernel again, against the ASan+UBSan build of the
# hypervisor: each still passes (or skips, as it does on the normal
# build), and the sanitizers report nothing in the hypervisor.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
require_kvm
start_xen_sanitized
for k in dist/boot/test-*; do
    name=$(basename "$k")
    opts_file=tests/guest/${name#test-}/xen-run.opts
    opts=""
    [ -f "$opts_file" ] && opts=$(cat "$opts_file")
    # shellcheck disable=SC2086
    result=$(dist/bin/xen-run --timeout 60 $opts "$k" 2>&1 | grep -m1 '^Test result:')
    echo "$name: $result"
    case "$result" in
    "Test result: SUCCESS"* | "Test result: SKIP"*) ;;
    *) fail "$name under the sanitizers: ${result:-no result}" ;;
    esac
done
stop_xen_sanitized
echo ok
