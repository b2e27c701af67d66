#!/bin/bash
# Debian's kernel on the PV network, in a network namespace of its own:
# xl create with vif=[bridge=xenbr0,...]; the guest loads the package's
# own xen-netfront module (it depends on no other), which connects to the
# project's xen-netback through xenstore; the guest brings eth0 up on the
# address given on its command line, pings the host side of the bridge and
# serves files with busybox httpd; the namespace pings it and fetches a
# page and 1 MiB of random bytes with curl (md5 checked against the
# guest's). Then xl destroy takes the tap away. Skipped without the cached
# kernel and module, root or /dev/kvm.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
. tests/integration/toolstack.bash
. tests/integration/net.bash
. scripts/linux-cache.sh
cache=$(linux_cache_dir)
kernel=$cache/linux/vmlinuz
[ -e "$kernel" ] || skip "Debian's kernel is not in $cache (scripts/fetch-linux.sh fetches it)"
[ -x "$cache/busybox/bin/busybox" ] || skip "busybox-static is not in $cache"
module=$(find -L "$cache/linux/lib/modules" -name xen-netfront.ko 2>/dev/null | head -n 1)
[ -n "$module" ] || skip "no xen-netfront.ko in $cache/linux/lib/modules"
command -v curl >/dev/null || skip "curl is not installed"
enter_netns "$0" "$@"

make_bridge xenbr0 10.99.0.1/24
start_net_stack
scripts/make-initramfs.sh "$XEN_RUNDIR/initrd.gz" tests/linux/net.sh:/test.sh \
    "$module:/xen-netfront.ko" || fail "make-initramfs failed"
mac=00:16:3e:00:00:05
cat >"$XEN_RUNDIR/linux.cfg" <<CFG
name = "linux-net"
kernel = "$kernel"
ramdisk = "$XEN_RUNDIR/initrd.gz"
memory = 256
vcpus = 1
extra = "console=hvc0 quiet guestip=10.99.0.5/24 hostip=10.99.0.1"
vif = [ 'bridge=xenbr0,ip=10.99.0.5,mac=$mac' ]
on_poweroff = "destroy"
CFG
$B/xl create -q "$XEN_RUNDIR/linux.cfg" || fail "xl create"
log=$XEN_LOGDIR/guest-linux-net.log
id=$($B/xl domid linux-net) || fail "no domid for linux-net"
until_true 300 console_has linux-net "net: serving\|test.sh exited" ||
    { tail -n 40 "$log"; fail "the guest did not start serving"; }
grep "net:" "$log"
grep -qE "Oops|BUG:|Kernel panic" "$log" && { grep -A20 -E "Oops|BUG:|Kernel panic" "$log" | head -40; fail "the kernel reported a fault"; }
for want in "net: eth0 is $mac" "net: eth0 up on 10.99.0.5/24" "net: ping host yes" "net: serving"; do
    grep -qF "$want" "$log" || { tail -n 30 "$log"; fail "missing: $want"; }
done
[ "$($B/xenstore-read /local/domain/0/backend/vif/$id/0/state)" = 4 ] || fail "backend not Connected"
[ "$($B/xenstore-read /local/domain/$id/device/vif/0/state)" = 4 ] || fail "frontend not Connected"
[ "$(basename "$(readlink /sys/class/net/vif$id.0/master)")" = xenbr0 ] || fail "vif$id.0 is not on xenbr0"

ping -c 3 -W 2 10.99.0.5 >"$XEN_RUNDIR/ping" || { cat "$XEN_RUNDIR/ping"; fail "ping of the guest"; }
grep -q "3 received" "$XEN_RUNDIR/ping" || fail "ping: $(cat "$XEN_RUNDIR/ping")"
grep "packets transmitted" "$XEN_RUNDIR/ping"
page=$(curl -s -m 20 http://10.99.0.5/index.html) || fail "curl of the guest's page"
[ "$page" = "hello from Linux on netfront" ] || fail "the guest served '$page'"
curl -s -m 60 -o "$XEN_RUNDIR/random.bin" http://10.99.0.5/random.bin || fail "curl of random.bin"
n=$(stat -c %s "$XEN_RUNDIR/random.bin")
[ "$n" -eq 1048576 ] || fail "random.bin is $n bytes"
sum=$(md5sum <"$XEN_RUNDIR/random.bin" | cut -d' ' -f1)
grep -qF "net: md5 $sum" "$log" || fail "random.bin differs from the guest's (md5 $sum)"
echo "fetched 1048576 bytes, md5 $sum as the guest has"
grep -qiE "rx error|tx error|disconnect|bad request|refus" "$XEN_RUNDIR/netback.log" &&
    { grep -iE "rx error|tx error|disconnect|bad request|refus" "$XEN_RUNDIR/netback.log"; fail "netback logged errors"; }
grep -E "xen_netfront|netfront" "$log" | grep -qiE "error|fail|bad" &&
    { grep -iE "netfront" "$log"; fail "netfront logged errors"; }

$B/xl destroy linux-net || fail "xl destroy"
until_true 20 eval "[ ! -d /sys/class/net/vif$id.0 ]" || fail "destroy left tap vif$id.0"
netback_alive || fail "xen-netback died"
echo "linux-netfront: ping both ways and HTTP from Debian's netfront"
