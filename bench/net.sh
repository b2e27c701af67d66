#!/bin/bash
# PV network benchmarks, all inside a network namespace of their own:
# a webserver guest on xenbr0 (netfront -> xen-netback -> tap -> bridge)
# against a veth pair between this namespace and another one, measured in
# the same run: small-datagram UDP packets per second into dom0, bulk TCP
# from the sender into dom0 (the guest serves /bytes/N to curl), and
# ping round trip; and guest to guest, TCP and ping.
cd "$(dirname "$0")/.." || exit 1
. tests/integration/lib.sh
. tests/integration/toolstack.bash
. tests/integration/net.bash
NP=$PWD/build/bench/netperf
[ -x "$NP" ] || fail "$NP is missing (make bench builds it)"
enter_netns "$0" "$@"
SECS=${NET_BENCH_SECS:-3}
PEER=xbench-peer-$$

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
ping_avg_us() { ping -q -c 50 -i 0.02 -W 1 "$1" | awk -F/ '/^rtt/ { printf "%.0f", $5 * 1000 }'; }

# ---- the baseline: a veth pair to another namespace ----
ip netns add "$PEER" || fail "cannot create $PEER"
cleanup_peer() { ip netns del "$PEER" 2>/dev/null; }
ip link add vb0 type veth peer name vb1 || fail "veth"
ip link set vb1 netns "$PEER"
ip addr add 10.98.0.1/24 dev vb0 && ip link set vb0 up
ip netns exec "$PEER" sh -c 'ip link set lo up; ip addr add 10.98.0.2/24 dev vb1; ip link set vb1 up'
ping -c 1 -W 2 10.98.0.2 >/dev/null || { cleanup_peer; fail "veth ping"; }

$NP udp-sink 9000 $((SECS + 5)) >"/tmp/np-veth-udp.$$" &
sink=$!
sleep 0.2
ip netns exec "$PEER" $NP udp-blast 10.98.0.1 9000 "$SECS" 64 >/dev/null
wait $sink
veth_pps=$(awk '$1 == "udp_pps" { print $2 }' "/tmp/np-veth-udp.$$")
$NP tcp-sink 9001 >"/tmp/np-veth-tcp.$$" &
sink=$!
sleep 0.2
ip netns exec "$PEER" $NP tcp-blast 10.98.0.1 9001 2000000000
wait $sink
veth_mbit=$(awk '$1 == "tcp_mbit" { print $2 }' "/tmp/np-veth-tcp.$$")
veth_rtt=$(ping_avg_us 10.98.0.2)
cleanup_peer
rm -f "/tmp/np-veth-udp.$$" "/tmp/np-veth-tcp.$$"

# ---- the guest ----
make_bridge xenbr0 10.99.0.1/24
start_net_stack
$B/xl create -q "$(web_cfg bench1 10.99.0.2/24 'vif = [ "bridge=xenbr0" ]' 'extra = "ip=10.99.0.2/24 sndbuf=262144"' 'memory = 32')" || fail "create"
until_true 20 console_has bench1 "device/vif/0 up" || fail "the guest's vif did not come up"
ping -c 2 -W 2 10.99.0.2 >/dev/null || fail "ping of the guest"

$NP udp-sink 9000 $((SECS + 10)) >"$XEN_RUNDIR/np-udp" &
sink=$!
sleep 0.2
echo "blast $SECS 64 9000" | nc -u -w 1 10.99.0.2 9
wait $sink
guest_pps=$(awk '$1 == "udp_pps" { print $2 }' "$XEN_RUNDIR/np-udp")
grep "blast sent" "$XEN_LOGDIR/guest-bench1.log" | tail -n 1
bytes=200000000
speed=$(curl -s -m 120 -o /dev/null -w '%{speed_download}' "http://10.99.0.2/bytes/$bytes")
guest_mbit=$(awk -v s="$speed" 'BEGIN { printf "%.1f", s * 8 / 1e6 }')
guest_rtt=$(ping_avg_us 10.99.0.2)

# Guest to guest over the bridge: a second guest pings the first and
# fetches 50 MB from it.
$B/xl create -q "$(web_cfg bench2 10.99.0.3/24 'vif = [ "bridge=xenbr0" ]' \
    'extra = "ip=10.99.0.3/24 peer=10.99.0.2 peer_bench=50000000"' 'memory = 32')" ||
    fail "create bench2"
until_true 120 console_has bench2 "peer bench" || fail "bench2 did not finish"
line=$(grep "peer bench" "$XEN_LOGDIR/guest-bench2.log" | tail -n 1)
echo "$line"
gg_rtt=$(echo "$line" | awk '{ for (i = 1; i < NF; i++) if ($i == "rtt_us") print $(i + 1) }')
gg_mbit=$(echo "$line" | awk '{ for (i = 1; i < NF; i++) if ($i == "fetch") b = $(i + 1); if ($(NF) == "us") print (($(NF - 1) > 0) ? sprintf("%.1f", b * 8 / $(NF - 1)) : 0) }')

echo "                       guest->dom0   veth pair"
printf "UDP 64 B, packets/s    %-13s %s\n" "$guest_pps" "$veth_pps"
printf "TCP bulk, Mbit/s       %-13s %s\n" "$guest_mbit" "$veth_mbit"
printf "ping round trip, us    %-13s %s\n" "$guest_rtt" "$veth_rtt"
printf "guest->guest TCP, Mbit/s %-11s %s\n" "$gg_mbit" "$veth_mbit"
printf "guest->guest ping, us  %-13s %s\n" "$gg_rtt" "$veth_rtt"
echo "BENCH net_udp_pps_guest_to_dom0 $guest_pps pps baseline=$veth_pps ratio=$(ratio "$guest_pps" "$veth_pps")"
echo "BENCH net_tcp_mbit_guest_to_dom0 $guest_mbit Mbit/s baseline=$veth_mbit ratio=$(ratio "$guest_mbit" "$veth_mbit")"
echo "BENCH net_ping_rtt_us $guest_rtt us baseline=$veth_rtt ratio=$(ratio "$guest_rtt" "$veth_rtt")"
echo "BENCH net_tcp_mbit_guest_to_guest $gg_mbit Mbit/s baseline=$veth_mbit ratio=$(ratio "$gg_mbit" "$veth_mbit")"
echo "BENCH net_ping_rtt_us_guest_to_guest $gg_rtt us baseline=$veth_rtt ratio=$(ratio "$gg_rtt" "$veth_rtt")"
