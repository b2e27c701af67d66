# Shared helpers for integration tests (sourced, not run).
# Each test runs its own hypervisor in a private run directory.

skip() { echo "$*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }

require_kvm() {
    [ -z "$KVM_UNAVAILABLE" ] || skip "$KVM_UNAVAILABLE"
    { : <>/dev/kvm; } 2>/dev/null || skip "cannot open /dev/kvm"
}

# start_xenstored [CLEANUP]: after start_xen, a xenstored of the test's
# own in $XEN_RUNDIR (XENSTORED_PID), its socket there on return; at exit
# it is stopped, CLEANUP (shell text, run then) done, and the hypervisor
# stopped.
start_xenstored() {
    dist/bin/xenstored --rundir "$XEN_RUNDIR" --no-persist 2>"$XEN_RUNDIR/xs.stderr" &
    XENSTORED_PID=$!
    trap "stop_xenstored; ${1:-:}; stop_xen" EXIT
    for _ in $(seq 1 100); do [ -S "$XEN_RUNDIR/xenstored.sock" ] && return 0; sleep 0.05; done
    fail "xenstored did not start: $(cat "$XEN_RUNDIR/xs.stderr")"
}

stop_xenstored() {
    [ -n "$XENSTORED_PID" ] || return 0
    kill "$XENSTORED_PID" 2>/dev/null
    wait "$XENSTORED_PID" 2>/dev/null
    XENSTORED_PID=
}

# require_linux: Debian's kernel (LINUX_KERNEL) and busybox in the cache
# that `make deps` fills (LINUX_CACHE), or the test is skipped.
require_linux() {
    . scripts/linux-cache.sh
    LINUX_CACHE=$(linux_cache_dir)
    LINUX_KERNEL=$LINUX_CACHE/linux/vmlinuz
    [ -e "$LINUX_KERNEL" ] ||
        skip "Debian's kernel is not in $LINUX_CACHE (scripts/fetch-linux.sh fetches it)"
    [ -x "$LINUX_CACHE/busybox/bin/busybox" ] || skip "busybox-static is not in $LINUX_CACHE"
}

# start_xen [xen options...]: sets XEN_RUNDIR and XEN_PID. XEN_BIN picks
# another build of the hypervisor (build/xen-asan).
start_xen() {
    XEN_RUNDIR=$(mktemp -d /tmp/xen-test.XXXXXX)
    chmod 755 "$XEN_RUNDIR"
    export XEN_RUNDIR
    ${XEN_BIN:-dist/bin/xen} "$@" >"$XEN_RUNDIR/stderr" 2>&1 &
    XEN_PID=$!
    trap stop_xen EXIT
    for _ in $(seq 1 200); do
        [ -S "$XEN_RUNDIR/privcmd" ] && return 0
        kill -0 "$XEN_PID" 2>/dev/null || break
        sleep 0.05
    done
    cat "$XEN_RUNDIR/stderr" "$XEN_RUNDIR/xen.log" 2>/dev/null
    fail "hypervisor did not start"
}

stop_xen() {
    if [ -n "$XEN_PID" ]; then
        kill "$XEN_PID" 2>/dev/null
        wait "$XEN_PID" 2>/dev/null
        XEN_PID=
    fi
    if [ -n "$XEN_RUNDIR" ] && [ -d "$XEN_RUNDIR" ]; then
        echo "--- hypervisor log"
        tail -n 40 "$XEN_RUNDIR/xen.log" 2>/dev/null
        rm -rf "$XEN_RUNDIR"
    fi
}

# The ASan+UBSan build of the hypervisor (make check builds it), started
# as start_xen does; stop it with stop_xen_sanitized.
start_xen_sanitized() {
    [ -x build/xen-asan ] || fail "build/xen-asan is missing (make check builds it)"
    XEN_BIN=build/xen-asan start_xen "$@"
}

# Stop a hypervisor started from build/xen-asan and fail if it did not
# exit cleanly or its sanitizers reported anything.
stop_xen_sanitized() {
    local rc
    kill -TERM "$XEN_PID"
    wait "$XEN_PID"
    rc=$?
    XEN_PID=
    if grep -q "AddressSanitizer\|runtime error\|LeakSanitizer" "$XEN_RUNDIR/stderr"; then
        cat "$XEN_RUNDIR/stderr"
        fail "the sanitizers reported errors"
    fi
    [ $rc -eq 0 ] || fail "the hypervisor exited $rc"
}

# wait_for_lines FILE N: until FILE has N lines (e.g. a watch's first,
# registration event, which says the watch is in place), at most 20 s.
wait_for_lines() {
    for _ in $(seq 1 400); do
        [ "$(wc -l <"$1" 2>/dev/null || echo 0)" -ge "$2" ] && return 0
        sleep 0.05
    done
    fail "$1 did not reach $2 lines: $(cat "$1" 2>/dev/null)"
}

xen_alive() { kill -0 "$XEN_PID" 2>/dev/null; }

# Tests of what a local user can do: they run as root and act as the
# unprivileged user nobody through as_nobody. Skips when that cannot be.
require_nobody() {
    [ "$(id -u)" -eq 0 ] || skip "needs root, to act as another user"
    id nobody >/dev/null 2>&1 || skip "there is no user nobody"
    command -v python3 >/dev/null || skip "python3 is not installed"
}

as_nobody() { runuser -u nobody -- "$@"; }
