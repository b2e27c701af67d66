#!/bin/sh
# Run inside Debian's kernel (tests/integration/linux-netfront.sh): its own
# xen-netfront driver, from the package's modules, finds the vif xl gave
# it through xenstore and connects to the project's xen-netback. eth0 gets
# the address the test passed on the kernel command line (guestip=,
# hostip=: unknown key=value parameters are in /init's environment); the
# guest pings the host side of the bridge and serves /www over HTTP until
# the test, having checked, destroys it.
# max_queues= (from nfqueues= on the command line) asks more queues than
# vCPUs: the multi-queue keys without an SMP guest.
insmod /xen-netfront.ko ${nfqueues:+max_queues=$nfqueues} || echo "net: insmod failed"
n=0
while [ ! -d /sys/class/net/eth0 ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
[ -d /sys/class/net/eth0 ] && echo "net: eth0 is $(cat /sys/class/net/eth0/address)"
ip link set lo up
ip addr add "$guestip" dev eth0 && ip link set eth0 up && echo "net: eth0 up on $guestip"
# The first pings may go before the bridge has learnt the port.
ok=no
for _ in 1 2 3 4 5; do
    if ping -c 3 -W 2 "$hostip" >/tmp/ping 2>&1; then ok=yes; break; fi
done
grep -E "packets transmitted" /tmp/ping | sed 's/^/net: ping host: /'
echo "net: ping host $ok"
mkdir -p /www
echo "hello from Linux on netfront" >/www/index.html
dd if=/dev/urandom of=/www/random.bin bs=4k count=256 2>/dev/null
echo "net: random.bin is $(wc -c </www/random.bin) bytes"
md5sum /www/random.bin | sed 's/^/net: md5 /'
httpd -p 80 -h /www && echo "net: serving"
# Stay up: the test destroys the domain when it is done.
while :; do sleep 1000; done
