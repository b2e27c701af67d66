# Helpers of the network tests (net-*.sh), sourced after lib.sh and
# toolstack.bash. The whole stack runs in a network namespace the test
# creates: the bridge, the taps and every address live in it, so nothing
# of the host's own networking is touched and nothing is sent outside.
#
#   enter_netns "$0" "$@"   re-run the test in a fresh namespace (which is
#                           deleted when it ends); skips without root,
#                           /dev/kvm, ip or ping
#   make_bridge NAME ADDR   a bridge with ADDR (e.g. 10.99.0.1/24), up
#   start_netback           xen-netback in the stack's run directory
#   web_cfg NAME IP [xl.cfg lines...]   a webserver guest on xenbr0

WEBSERVER=$PWD/dist/boot/webserver

enter_netns() {
    local script=$1 ns rc
    shift
    if [ -n "${NET_TEST_NS:-}" ]; then
        ip link set lo up
        return 0
    fi
    [ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces, taps)"
    require_kvm
    command -v ip >/dev/null || skip "ip (iproute2) is not installed"
    command -v ping >/dev/null || skip "ping is not installed (iputils-ping)"
    [ -c /dev/net/tun ] || skip "no /dev/net/tun"
    [ -x "$WEBSERVER" ] || fail "$WEBSERVER is missing (make builds it)"
    ns=xtest-net-$$
    ip netns add "$ns" || skip "cannot create a network namespace"
    NET_TEST_NS=$ns ip netns exec "$ns" bash "$script" "$@"
    rc=$?
    ip netns del "$ns" 2>/dev/null
    exit $rc
}

make_bridge() {
    ip link add "$1" type bridge || fail "cannot create bridge $1"
    ip addr add "$2" dev "$1" || fail "cannot address $1"
    ip link set "$1" up || fail "cannot bring $1 up"
}

start_netback() {
    $B/xen-netback --pid-file "$XEN_RUNDIR/netback.pid" "$@" \
        >"$XEN_RUNDIR/netback.out" 2>&1 &
    NETBACK_PID=$!
    until_true 10 grep -q started "$XEN_RUNDIR/netback.log" ||
        { cat "$XEN_RUNDIR/netback.out"; fail "xen-netback did not start"; }
}

stop_netback() {
    [ -n "${NETBACK_PID:-}" ] || return 0
    kill "$NETBACK_PID" 2>/dev/null
    wait "$NETBACK_PID" 2>/dev/null
    NETBACK_PID=
}

# The stack's own exit trap, with netback stopped (and its log shown) first.
stop_net_stack() {
    stop_netback
    echo "--- netback log"
    tail -n 30 "$XEN_RUNDIR/netback.log" 2>/dev/null
    stop_stack
}

# The stack plus a netback of the test's own (not xencommons' one).
start_net_stack() {
    export XENCOMMONS_NETBACK=no
    start_stack
    trap stop_net_stack EXIT
    start_netback "$@"
}

web_cfg() {
    local name=$1 ip=$2 f=$XEN_RUNDIR/$1.cfg
    shift 2
    {
        echo "name = \"$name\""
        echo "kernel = \"$WEBSERVER\""
        echo "memory = 16"
        echo "extra = \"ip=$ip\""
        printf '%s\n' "$@"
    } >"$f"
    echo "$f"
}

netback_alive() { kill -0 "$NETBACK_PID" 2>/dev/null; }
