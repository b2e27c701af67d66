#!/bin/bash
# The PV network end to end, in a network namespace of its own: a guest
# booted with vif=[...] on bridge xenbr0 answers host ping and serves
# HTTP to curl (through netfront, xen-netback, the tap vif<domid>.0 and
# vif-bridge); a second guest pings and fetches the first over the
# bridge; network-attach gives the running guest a second vif that host
# ping then reaches, network-detach takes it away (tap gone, xenstore
# nodes gone, no more answers), also in the middle of a download; xl
# destroy takes the first tap with it;
# a rate-limited vif holds its rate; a guest from domain XML with an
# <interface> answers too.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
. tests/integration/toolstack.bash
. tests/integration/net.bash
enter_netns "$0" "$@"

make_bridge xenbr0 10.99.0.1/24
start_net_stack

$B/xl create -q "$(web_cfg web1 10.99.0.2/24 'vif = [ "mac=00:16:3e:00:00:02,bridge=xenbr0" ]')" ||
    fail "create web1"
id1=$($B/xl domid web1)
until_true 20 console_has web1 "device/vif/0 up" || fail "web1's vif did not come up"
[ -d /sys/class/net/vif$id1.0 ] || fail "no tap vif$id1.0"
[ "$(basename "$(readlink /sys/class/net/vif$id1.0/master)")" = xenbr0 ] ||
    fail "vif$id1.0 is not on xenbr0"
[ "$($B/xenstore-read /local/domain/0/backend/vif/$id1/0/hotplug-status)" = connected ] ||
    fail "vif-bridge did not report connected"
[ "$($B/xenstore-read /local/domain/0/backend/vif/$id1/0/state)" = 4 ] || fail "backend not Connected"
[ "$($B/xenstore-read /local/domain/$id1/device/vif/0/state)" = 4 ] || fail "frontend not Connected"

ping -c 3 -W 2 10.99.0.2 >"$XEN_RUNDIR/ping1" || { cat "$XEN_RUNDIR/ping1"; fail "host ping of web1"; }
grep -q "3 received" "$XEN_RUNDIR/ping1" || fail "ping: $(cat "$XEN_RUNDIR/ping1")"
ip neigh show 10.99.0.2 | grep -q 00:16:3e:00:00:02 || fail "web1 does not answer ARP with its MAC"
page=$(curl -s -m 10 http://10.99.0.2/) || fail "curl of web1"
[ "$page" = "hello from web1" ] || fail "web1 served '$page'"
# A larger body: many segments, in both directions of the window.
n=$(curl -s -m 20 http://10.99.0.2/bytes/300000 | wc -c)
[ "$n" -eq 300000 ] || fail "GET /bytes/300000 gave $n bytes"
# Several connections at once.
pids=""
for i in 1 2 3 4 5 6 7 8; do
    curl -s -m 10 -o "$XEN_RUNDIR/par$i" http://10.99.0.2/ &
    pids="$pids $!"
done
# shellcheck disable=SC2086
wait $pids
for i in 1 2 3 4 5 6 7 8; do
    [ "$(cat "$XEN_RUNDIR/par$i")" = "hello from web1" ] || fail "parallel fetch $i"
done
# UDP echo (port 7).
if command -v nc >/dev/null; then
    for _ in 1 2 3; do
        r=$(echo "udp ping" | timeout 5 nc -u -w 1 10.99.0.2 7)
        [ "$r" = "udp ping" ] && break
    done
    [ "$r" = "udp ping" ] || fail "UDP echo gave '$r'"
fi

# Guest to guest over the bridge.
$B/xl create -q "$(web_cfg web2 10.99.0.3/24 'vif = [ "bridge=xenbr0,rate=100KB/s@50ms" ]' \
    'extra = "ip=10.99.0.3/24 peer=10.99.0.2"')" || fail "create web2"
until_true 30 console_has web2 "webserver: peer" || fail "web2 did not talk to web1"
grep "webserver: peer" "$XEN_LOGDIR/guest-web2.log"
console_has web2 "peer 10.99.0.2 ping 3/[0-9]* http ok" || fail "guest to guest failed"
id2=$($B/xl domid web2)
mac2=$($B/xenstore-read /local/domain/0/backend/vif/$id2/0/mac)
case $mac2 in 00:16:3e:*) ;; *) fail "generated MAC $mac2 is not in Xen's OUI" ;; esac

# web2's vif is limited to 100 KB/s (5000 bytes a 50 ms period): what it
# sends takes at least that long. A lower bound only: load cannot break it.
[ "$($B/xenstore-read /local/domain/0/backend/vif/$id2/0/rate)" = "5000,50000" ] ||
    fail "rate node: $($B/xenstore-read /local/domain/0/backend/vif/$id2/0/rate)"
grep -q "vif$id2.0: connected: .*rate-limited" "$XEN_RUNDIR/netback.log" || fail "vif$id2.0 is not rate-limited"
t0=$(date +%s%N)
n=$(curl -s -m 30 http://10.99.0.3/bytes/200000 | wc -c)
ms=$((($(date +%s%N) - t0) / 1000000))
[ "$n" -eq 200000 ] || fail "GET /bytes/200000 from web2 gave $n bytes"
echo "200000 bytes from the rate-limited guest in $ms ms"
[ "$ms" -ge 1500 ] || fail "the rate limit did not hold: 200 KB in $ms ms"

# Hot-plug: a second vif for web1 while it runs, its address from ip=.
$B/xl network-attach web1 bridge=xenbr0 ip=10.99.0.12/24 || fail "network-attach"
until_true 20 console_has web1 "device/vif/1 up on 10.99.0.12" || fail "the new vif did not come up"
[ -d /sys/class/net/vif$id1.1 ] || fail "no tap vif$id1.1"
ping -c 2 -W 2 10.99.0.12 >/dev/null || fail "host ping of the hot-plugged vif"
[ "$(curl -s -m 10 http://10.99.0.12/)" = "hello from web1" ] || fail "curl over the hot-plugged vif"
$B/xl network-list web1 | grep -q "^1 " || fail "network-list lacks vif 1: $($B/xl network-list web1)"

$B/xl network-detach web1 1 || fail "network-detach"
until_true 20 eval "[ ! -d /sys/class/net/vif$id1.1 ]" || fail "tap vif$id1.1 is still there"
until_true 20 console_has web1 "device/vif/1 down" || fail "web1 did not see vif 1 go"
$B/xenstore-exists /local/domain/0/backend/vif/$id1/1 2>/dev/null && fail "backend nodes of vif 1 left"
ping -c 1 -W 1 10.99.0.12 >/dev/null 2>&1 && fail "the detached vif still answers"
ping -c 2 -W 2 10.99.0.2 >/dev/null || fail "vif 0 broke when vif 1 went"
# And again: attach after detach works (pages and grants were given back).
$B/xl network-attach web1 bridge=xenbr0 ip=10.99.0.13/24 || fail "second network-attach"
until_true 20 console_has web1 "up on 10.99.0.13" || fail "the re-attached vif did not come up"
ping -c 2 -W 2 10.99.0.13 >/dev/null || fail "host ping of the re-attached vif"
# Unplug under load: a download over vif 1 is running when it goes.
curl -s -m 30 -o /dev/null http://10.99.0.13/bytes/500000000 &
load=$!
sleep 0.5
kill -0 $load 2>/dev/null || fail "the download over vif 1 ended too soon"
$B/xl network-detach web1 1 || fail "network-detach under load"
wait $load && fail "a download over the detached vif completed"
until_true 20 eval "[ ! -d /sys/class/net/vif$id1.1 ]" || fail "tap vif$id1.1 is still there after detach under load"
netback_alive || fail "xen-netback died in the detach under load"
[ "$(curl -s -m 10 http://10.99.0.2/)" = "hello from web1" ] || fail "vif 0 after the detach under load"

$B/xl destroy web1 || fail "destroy web1"
until_true 20 eval "[ ! -d /sys/class/net/vif$id1.0 ]" || fail "destroy left tap vif$id1.0"
ping -c 2 -W 2 10.99.0.3 >/dev/null || fail "web2 is disturbed by web1's end"
# The same through domain XML: <interface type='bridge'> is a vif.
cat >"$XEN_RUNDIR/web3.xml" <<XML
<domain type='xen'>
  <name>web3</name>
  <memory unit='MiB'>16</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='xenpv'>linux</type>
    <kernel>$WEBSERVER</kernel>
    <cmdline>ip=10.99.0.4/24</cmdline>
  </os>
  <devices>
    <interface type='bridge'>
      <source bridge='xenbr0'/>
      <mac address='00:16:3e:00:00:04'/>
    </interface>
  </devices>
</domain>
XML
$B/xl create -q "$XEN_RUNDIR/web3.xml" || fail "create web3 from XML"
until_true 20 console_has web3 "device/vif/0 up" || fail "web3's vif did not come up"
ping -c 2 -W 2 10.99.0.4 >/dev/null || fail "ping of the XML guest"
ip neigh show 10.99.0.4 | grep -q 00:16:3e:00:00:04 || fail "the XML guest's MAC"
[ "$(curl -s -m 10 http://10.99.0.4/)" = "hello from web3" ] || fail "curl of the XML guest"

netback_alive || fail "xen-netback died"
echo "net-basic: ok"
