# Helpers of the toolstack tests (xl-*.sh, xenconsoled-*.sh, ...),
# sourced after lib.sh: a whole stack (hypervisor, xenstored,
# xenconsoled, started by xencommons) in a private run directory, and
# domain configs for the lifecycle guest (tests/special/lifecycle).

B=dist/bin
LIFECYCLE=$PWD/dist/boot/special-lifecycle
NOCONTROL=$PWD/dist/boot/special-nocontrol

# start_stack: sets XEN_RUNDIR and the toolstack's paths under it; the
# monitors look at their domain every 100 ms (xl.conf monitor_poll_ms).
start_stack() {
    require_kvm
    XEN_RUNDIR=$(mktemp -d /tmp/xl-test.XXXXXX)
    export XEN_RUNDIR
    export XEN_LOGDIR=$XEN_RUNDIR/console XL_LOGDIR=$XEN_RUNDIR/xl-log
    export XEN_DUMP_DIR=$XEN_RUNDIR/dump XL_CONF=$XEN_RUNDIR/xl.conf
    export XEN_OPTIONS="${XEN_OPTIONS:-}"
    # xencommons' netback makes taps where it runs: only a test in a
    # network namespace of its own may have it (net-xencommons.sh).
    export XENCOMMONS_NETBACK="${XENCOMMONS_NETBACK:-no}"
    cat >"$XL_CONF" <<CONF
lockfile="$XEN_RUNDIR/xl.lock"
monitor_poll_ms=100
CONF
    trap stop_stack EXIT
    $B/xencommons start >"$XEN_RUNDIR/xencommons.out" 2>&1 ||
        { cat "$XEN_RUNDIR/xencommons.out" "$XEN_RUNDIR"/*.log; fail "xencommons start"; }
}

stop_stack() {
    [ -n "${XEN_RUNDIR:-}" ] && [ -d "$XEN_RUNDIR" ] || return 0
    $B/xencommons stop >/dev/null 2>&1
    echo "--- logs"
    tail -n 20 "$XEN_RUNDIR/xen.log" "$XEN_RUNDIR/xenconsoled.log" \
        "$XL_LOGDIR"/*.log 2>/dev/null
    rm -rf "$XEN_RUNDIR"
}

# lifecycle_cfg NAME [xl.cfg lines...]: a config file for the guest.
lifecycle_cfg() {
    local name=$1 f=$XEN_RUNDIR/$1.cfg
    shift
    {
        echo "name = \"$name\""
        echo "kernel = \"$LIFECYCLE\""
        echo "memory = 8"
        printf '%s\n' "$@"
    } >"$f"
    echo "$f"
}

# until_true SECONDS CMD...: until CMD succeeds, at most SECONDS.
until_true() {
    local limit=$(($1 * 20)) i
    shift
    for i in $(seq 1 $limit); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.05
    done
    return 1
}

domain_exists() { $B/xl domid "$1" >/dev/null 2>&1; }
domain_gone() { ! domain_exists "$1"; }
# The xl list state column of a domain ("-b----").
domain_state() { $B/xl list "$1" 2>/dev/null | awk 'NR == 2 { print $5 }'; }
console_has() { grep -q "$2" "$XEN_LOGDIR/guest-$1.log" 2>/dev/null; }
