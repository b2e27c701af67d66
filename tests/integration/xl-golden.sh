#!/bin/bash
# The listings scripts parse, byte for byte against golden files made
# with Xen's formats (tests/integration/golden/): xl list (plain, -v, -Z,
# -n), vcpu-list, sched-credit (and -s), uptime, vm-list, block-list and
# network-list. What changes from run to run (UUIDs, CPU time, uptime)
# is masked first, keeping the width of each field.
#   XL_GOLDEN_UPDATE=1 tests/integration/xl-golden.sh   rewrites them.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
. tests/integration/toolstack.bash
start_stack
golden=tests/integration/golden

$B/xl create -q "$(lifecycle_cfg gold1 'vcpus = 2' 'cpus = "0"' \
    'disk = [ "/srv/gold1.img,raw,xvda,rw", "format=raw, vdev=xvdb, access=ro, target=/srv/data.img" ]' \
    'vif = [ "mac=00:16:3e:01:02:03,bridge=xenbr0", "mac=00:16:3e:0a:0b:0c" ]')" || fail "create gold1"
$B/xl create -q -p "$(lifecycle_cfg gold-second-domain-with-a-long-name 'memory = 12' 'maxmem = 20')" ||
    fail "create the second domain"
until_true 10 eval '[[ "$(domain_state gold1)" == -b---- ]]' || fail "gold1 did not settle: $(domain_state gold1)"
$B/xl sched-credit -d gold1 -w 384 -c 25 || fail "sched-credit"

# Width-keeping masks: each run of these becomes as many X's.
mask() {
    perl -pe '
        s/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/"X" x length($1)/ge
            unless /^0{8}-0{4}/ || /^Domain-0 .*0{8}-0{4}-/;
        s/(?<=\t| )( *\d+\.\d)(?=( |\t|$))/" " x (length($1) - 1) . "T"/ge
            if $ENV{MASK_TIME};
        # Uptimes grow a digit (and a "N days," prefix) as they run, so
        # the whole field, with the blank that pads it, becomes one U.
        s/ (\d+ days?, +)?[ \d]\d:\d\d:\d\d$/ U/ if $ENV{MASK_UPTIME};
    '
}

check() {
    local name=$1 out
    shift
    out=$("$@" 2>&1 | mask) || true
    if [ -n "${XL_GOLDEN_UPDATE:-}" ]; then
        printf '%s\n' "$out" >"$golden/$name.txt"
        return
    fi
    diff -u "$golden/$name.txt" <(printf '%s\n' "$out") >"$XEN_RUNDIR/$name.diff" ||
        { cat "$XEN_RUNDIR/$name.diff"; fail "xl $* differs from $golden/$name.txt"; }
}

MASK_TIME=1 check list $B/xl list
MASK_TIME=1 check list-v $B/xl list -v
MASK_TIME=1 check list-Z $B/xl list -Z
MASK_TIME=1 check list-n $B/xl list -n
MASK_TIME=1 check vcpu-list $B/xl vcpu-list
check sched-credit $B/xl sched-credit
check sched-credit-s $B/xl sched-credit -s
MASK_UPTIME=1 check uptime $B/xl uptime
check vm-list $B/xl vm-list
check block-list $B/xl block-list gold1
check network-list $B/xl network-list gold1
echo ok
