#!/bin/bash
# A guest that breaks the netif protocol (tests/special/net-hostile):
# each kind of ring scribbling gets it disconnected (backend Closing, its
# ring grants given back), a bad grant only gets NETIF_RSP_ERROR, and
# xen-netback neither crashes nor stops serving a well-behaved guest on
# the same bridge, which answers ping before, during and after. In a
# network namespace of its own.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
. tests/integration/toolstack.bash
. tests/integration/net.bash
HOSTILE=$PWD/dist/boot/special-net-hostile
[ -x "$HOSTILE" ] || fail "$HOSTILE is missing (make check builds it)"
enter_netns "$0" "$@"

make_bridge xenbr0 10.99.0.1/24
start_net_stack

$B/xl create -q "$(web_cfg good 10.99.0.2/24 'vif = [ "bridge=xenbr0" ]')" || fail "create good"
until_true 20 console_has good "device/vif/0 up" || fail "the good guest did not come up"
ping -c 2 -W 2 10.99.0.2 >/dev/null || fail "ping of the good guest"

cfg=$XEN_RUNDIR/bad.cfg
cat >"$cfg" <<CFG
name = "bad"
kernel = "$HOSTILE"
memory = 16
vif = [ "bridge=xenbr0" ]
CFG
$B/xl create -q "$cfg" || fail "create bad"
# Ping the good guest all along.
ping -i 0.2 -W 1 10.99.0.2 >"$XEN_RUNDIR/ping-during" 2>&1 &
PING=$!
until_true 120 console_has bad "net-hostile: done" || fail "the hostile guest did not finish"
kill $PING 2>/dev/null
wait $PING 2>/dev/null
grep "net-hostile:" "$XEN_LOGDIR/guest-bad.log"
line=$(grep "net-hostile: done" "$XEN_LOGDIR/guest-bad.log")
[[ "$line" =~ done,\ ([0-9]+)\ of\ ([0-9]+) ]] || fail "no result line"
[ "${BASH_REMATCH[1]}" = "${BASH_REMATCH[2]}" ] && [ "${BASH_REMATCH[2]}" -ge 20 ] ||
    fail "hostile cases: $line"
n=$(grep -c "broke the protocol" "$XEN_RUNDIR/netback.log")
[ "$n" -eq 7 ] || fail "netback logged $n protocol violations, not 7"
netback_alive || fail "xen-netback died"
ping -c 3 -W 2 10.99.0.2 >/dev/null || fail "the good guest no longer answers"
[ "$(curl -s -m 10 http://10.99.0.2/)" = "hello from good" ] || fail "curl of the good guest"
grep -q "bytes from" "$XEN_RUNDIR/ping-during" || fail "no pings during: $(cat "$XEN_RUNDIR/ping-during")"
echo "net-hostile: ok"
