#!/bin/bash
# A guest with no ip= and no ip in its vif spec takes its address by
# DHCP (the guest stack's client) from dnsmasq on the bridge, then
# answers ping and curl there. In a network namespace of its own; skips
# without dnsmasq.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
. tests/integration/toolstack.bash
. tests/integration/net.bash
command -v dnsmasq >/dev/null || skip "dnsmasq is not installed (dnsmasq-base)"
enter_netns "$0" "$@"

make_bridge xenbr0 10.99.0.1/24
start_net_stack
dnsmasq --keep-in-foreground --conf-file=/dev/null --port=0 --no-resolv --no-hosts \
    --interface=xenbr0 --bind-interfaces --dhcp-range=10.99.0.50,10.99.0.60,255.255.255.0,1h \
    --dhcp-host=00:16:3e:00:00:57,10.99.0.57 --dhcp-leasefile="$XEN_RUNDIR/leases" \
    --pid-file="$XEN_RUNDIR/dnsmasq.pid" >"$XEN_RUNDIR/dnsmasq.out" 2>&1 &
DNSMASQ=$!
stop_all() { kill "$DNSMASQ" 2>/dev/null; wait "$DNSMASQ" 2>/dev/null; stop_net_stack; }
trap stop_all EXIT
sleep 0.3
kill -0 "$DNSMASQ" 2>/dev/null || { cat "$XEN_RUNDIR/dnsmasq.out"; fail "dnsmasq did not start"; }

f=$XEN_RUNDIR/dhcp1.cfg
cat >"$f" <<CFG
name = "dhcp1"
kernel = "$WEBSERVER"
memory = 16
vif = [ "mac=00:16:3e:00:00:57,bridge=xenbr0" ]
CFG
$B/xl create -q "$f" || fail "create dhcp1"
until_true 30 console_has dhcp1 "device/vif/0 up on 10.99.0.57" ||
    fail "no DHCP address: $(grep webserver "$XEN_LOGDIR/guest-dhcp1.log"; cat "$XEN_RUNDIR/dnsmasq.out")"
grep -q "00:16:3e:00:00:57" "$XEN_RUNDIR/leases" || fail "dnsmasq has no lease for the guest"
ping -c 2 -W 2 10.99.0.57 >/dev/null || fail "ping of the DHCP guest"
[ "$(curl -s -m 10 http://10.99.0.57/)" = "hello from dhcp1" ] || fail "curl of the DHCP guest"
echo "net-dhcp: ok"
