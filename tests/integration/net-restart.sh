#!/bin/bash
# kill -9 of xen-netback under a connected guest: the tap goes with it;
# a new xen-netback takes the vif over from the live rings (no xenbus
# change the guest would see), puts a new tap on the bridge, and host
# ping and curl reach the guest again. Its own network namespace.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
. tests/integration/toolstack.bash
. tests/integration/net.bash
enter_netns "$0" "$@"

make_bridge xenbr0 10.99.0.1/24
start_net_stack

$B/xl create -q "$(web_cfg web1 10.99.0.2/24 'vif = [ "bridge=xenbr0" ]')" || fail "create web1"
id=$($B/xl domid web1)
until_true 20 console_has web1 "device/vif/0 up" || fail "web1's vif did not come up"
ping -c 2 -W 2 10.99.0.2 >/dev/null || fail "ping before"

for round in 1 2; do
    kill -9 "$NETBACK_PID"
    wait "$NETBACK_PID" 2>/dev/null
    until_true 10 eval "[ ! -d /sys/class/net/vif$id.0 ]" || fail "the tap outlived its netback"
    ping -c 1 -W 1 10.99.0.2 >/dev/null 2>&1 && fail "answers with no backend"
    start_netback
    until_true 20 eval "[ \$(grep -c 'taken over while connected' '$XEN_RUNDIR/netback.log') -ge $round ]" ||
        fail "round $round: the new netback did not take vif$id.0 over"
    until_true 10 eval "[ -d /sys/class/net/vif$id.0/master ]" || fail "round $round: new tap not on the bridge"
    until_true 10 ping -c 1 -W 1 10.99.0.2 || fail "round $round: no ping after the restart"
    [ "$(curl -s -m 10 http://10.99.0.2/)" = "hello from web1" ] || fail "round $round: curl after the restart"
done
[ "$($B/xenstore-read /local/domain/$id/device/vif/0/state)" = 4 ] || fail "the frontend left Connected"
console_has web1 "backend closing" && fail "the guest saw its backend close"
echo "net-restart: ok"
