#!/bin/bash
# A guest written against Xen's public headers alone (tests/xenabi: notes
# only in a SHT_NOTE section, reads of the hard-coded M2P, wrmsr of
# GS_BASE at boot, xenstore over its ring) boots unmodified, finds the
# xenstore home libxl would give it (domid, name it cannot change,
# control/shutdown and control/feature-* it can write), and shuts down
# when xen-run asks through control/shutdown: poweroff on SIGTERM, reboot
# on SIGUSR1, acknowledging first as Xen's guests do. Its console_io
# output goes to the hypervisor's log, as a domU's does on Xen.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
require_kvm
start_xen
start_xenstored

# Boot the guest, wait until it waits on control/shutdown, send $1 to
# xen-run; the exit code is left in $rc, the domain id in $domid.
run_and_ask() {
    local mark log_lines
    log_lines=$(wc -l <"$XEN_RUNDIR/xen.log")
    dist/bin/xen-run --timeout 60 --xenstore dist/boot/xenabi-guest \
        >"$XEN_RUNDIR/guest.out" 2>&1 &
    run=$!
    for _ in $(seq 1 400); do
        tail -n +$((log_lines + 1)) "$XEN_RUNDIR/xen.log" |
            grep -q "waiting for control/shutdown" && break
        kill -0 $run 2>/dev/null || break
        sleep 0.05
    done
    tail -n +$((log_lines + 1)) "$XEN_RUNDIR/xen.log" >"$XEN_RUNDIR/this.log"
    grep -q "waiting for control/shutdown" "$XEN_RUNDIR/this.log" ||
        fail "the guest did not get to waiting on control/shutdown"
    domid=$(sed -n 's/.*xenabi: domid //p' "$XEN_RUNDIR/this.log")
    home=/local/domain/$domid
    [ -n "$domid" ] || fail "the guest found no domid node"
    [ "$(dist/bin/xenstore-read $home/name)" = xenabi-guest ] ||
        fail "name is not the kernel's: $(dist/bin/xenstore-read $home/name)"
    [ "$(dist/bin/xenstore-read $home/control/feature-poweroff)" = 1 ] ||
        fail "the guest could not write control/feature-poweroff"
    perms=$(dist/bin/xenstore-ls -p $home | grep '^name ')
    case "$perms" in *"(n0,r$domid)"*) ;; *) fail "name perms: $perms" ;; esac
    perms=$(dist/bin/xenstore-ls -p $home/control | grep '^shutdown ')
    case "$perms" in *"(n$domid)"*) ;; *) fail "control/shutdown perms: $perms" ;; esac
    kill -"$1" $run
    wait $run
    rc=$?
    tail -n +$((log_lines + 1)) "$XEN_RUNDIR/xen.log" >"$XEN_RUNDIR/this.log"
    cat "$XEN_RUNDIR/guest.out" "$XEN_RUNDIR/this.log"
}

run_and_ask TERM
[ $rc -eq 0 ] || fail "xen-run exited $rc, not 0 (poweroff)"
for line in "m2p ok" "gs base ok" "control/shutdown says poweroff" "powering off"; do
    grep -q "xenabi: $line" "$XEN_RUNDIR/this.log" || fail "no '$line'"
done
grep -q "asking domain $domid to poweroff" "$XEN_RUNDIR/guest.out" ||
    fail "xen-run did not say it asked"
dist/bin/xenstore-exists /local/domain/$domid && fail "the home is left behind"

run_and_ask USR1
[ $rc -eq 4 ] || fail "xen-run exited $rc, not 4 (another reason: reboot)"
grep -q "xenabi: rebooting" "$XEN_RUNDIR/this.log" || fail "no reboot"
grep -q "domain $domid shut down: reboot" "$XEN_RUNDIR/this.log" ||
    fail "the hypervisor did not see a reboot"
echo ok
