#!/bin/bash
# xencommons starts xen-netback with the other daemons (after blkback,
# and stops it first), in the network namespace it runs in: here one the
# test creates, with the bridge xenbr0. A webserver guest created right
# after `xencommons start` gets its vif on the bridge and answers ping and
# HTTP; `xencommons status` reports the backend; `stop` stops it.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
. tests/integration/toolstack.bash
. tests/integration/net.bash
enter_netns "$0" "$@"

make_bridge xenbr0 10.99.0.1/24
XENCOMMONS_NETBACK=yes start_stack
grep -q "xen-netback: started" "$XEN_RUNDIR/xencommons.out" ||
    fail "xencommons did not start xen-netback: $(cat "$XEN_RUNDIR/xencommons.out")"
$B/xencommons status | grep -q "xen-netback: running" || fail "status does not report xen-netback"
pid=$(cat "$XEN_RUNDIR/xen-netback.pid")
$B/xl create -q "$(web_cfg web1 10.99.0.2/24 'vif = [ "mac=00:16:3e:00:00:02,bridge=xenbr0" ]')" ||
    fail "create web1"
until_true 20 console_has web1 "device/vif/0 up" || fail "web1's vif did not come up"
ping -c 2 -W 2 10.99.0.2 >/dev/null || fail "ping of web1"
[ "$(curl -s -m 10 http://10.99.0.2/)" = "hello from web1" ] || fail "curl of web1"
grep -q "vif1.0: connected" "$XEN_RUNDIR/netback.log" || fail "no connect in netback.log"
out=$($B/xencommons stop)
echo "$out"
[ "$(echo "$out" | head -n 1)" = "xen-netback: stopped" ] || fail "stop did not stop xen-netback first"
# Gone, or a zombie that its new parent has not reaped yet.
kill -0 "$pid" 2>/dev/null && [[ "$(cat "/proc/$pid/stat" 2>/dev/null)" != *") Z "* ]] &&
    fail "xen-netback still runs"
XENCOMMONS_NETBACK=no $B/xencommons start >/dev/null || fail "start without netback"
$B/xencommons status | grep -q "xen-netback" && fail "XENCOMMONS_NETBACK=no started it"
echo "net-xencommons: ok"
