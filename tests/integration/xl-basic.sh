#!/bin/bash
# xl against a real stack: create (-p, -q, -n dry run, key=value
# overrides, -f), list (-v, -Z, -n, -l, --format json, domain
# arguments), domid, domname, rename, pause, unpause, uptime (-s),
# vm-list, info (-n, KEY), dmesg (-c), destroy; help and --help; the
# exit codes beyond Xen's 0/1 (docs/man/xl.1.md).
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
. tests/integration/toolstack.bash
start_stack
J=build/tests/json-get

cfg=$(lifecycle_cfg basic1 'vcpus = 1')
# -n: the config as JSON, nothing created.
$B/xl create -n "$cfg" 'memory=12' >"$XEN_RUNDIR/dry.json" 2>/dev/null || fail "create -n"
[ "$($J b_info/target_memkb <"$XEN_RUNDIR/dry.json")" = 12288 ] || fail "override not in the dry run"
domain_exists basic1 && fail "a dry run created a domain"
$B/xl -N create "$cfg" >/dev/null 2>&1 || fail "xl -N create"
domain_exists basic1 && fail "-N created a domain"

out=$($B/xl create "$cfg" 'extra="lines=2"' 2>&1) || fail "create: $out"
[[ "$out" == *"Parsing config from $cfg"* ]] || fail "create did not say what it parsed: $out"
id=$($B/xl domid basic1) || fail "domid"
[ "$($B/xl domname "$id")" = basic1 ] || fail "domname"
until_true 10 console_has basic1 "lifecycle: line 2" || fail "the override did not reach the guest"

# -p leaves it paused; -q says nothing; -f names the file.
cfg2=$(lifecycle_cfg basic2)
out=$($B/xl create -q -p -f "$cfg2" 2>&1) || fail "create -q -p -f"
[ -z "$out" ] || fail "create -q printed: $out"
[[ "$(domain_state basic2)" == ??p--- ]] || fail "create -p: state $(domain_state basic2)"
$B/xl unpause basic2 || fail "unpause"
until_true 10 console_has basic2 "lifecycle: up" || fail "the unpaused domain did not run"
$B/xl pause basic2 && [[ "$(domain_state basic2)" == ??p--- ]] || fail "pause: $(domain_state basic2)"
$B/xl unpause basic2 || fail "unpause again"

# list: Xen's header and columns, the name in 40 columns.
$B/xl list >"$XEN_RUNDIR/list" || fail "list"
head -1 "$XEN_RUNDIR/list" | grep -qxP 'Name {40}ID   Mem VCPUs\tState\tTime\(s\)' ||
    fail "list header: $(head -1 "$XEN_RUNDIR/list" | od -c | head -3)"
grep -qP '^basic1 {34} +'"$id"' +8 +1 +-b---- +[0-9]+\.[0-9]$' "$XEN_RUNDIR/list" ||
    fail "list row: $(grep basic1 "$XEN_RUNDIR/list")"
[ "$($B/xl list basic1 | wc -l)" = 2 ] || fail "list DOMAIN"
$B/xl list -v basic1 | head -1 | grep -q 'UUID                            Reason-Code	Security Label$' || fail "list -v header"
$B/xl list -v basic1 | tail -1 | grep -qE ' [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12} +- +-$' ||
    fail "list -v row: $($B/xl list -v basic1)"
$B/xl list -Z basic1 | head -1 | grep -q 'Time(s)   Security Label$' || fail "list -Z"
$B/xl list -n basic1 | tail -1 | grep -q ' all$' || fail "list -n"
$B/xl list -l >"$XEN_RUNDIR/l.json" || fail "list -l"
[ "$($J 0/config/c_info/name <"$XEN_RUNDIR/l.json")" = basic1 ] || fail "list -l: $(head -20 "$XEN_RUNDIR/l.json")"
[ "$($J '#' <"$XEN_RUNDIR/l.json")" = 2 ] || fail "list -l lists domain 0"
$B/xl list --format json basic2 >"$XEN_RUNDIR/f.json" || fail "list --format json"
[ "$($J 0/name 0/paused 0/config/b_info/max_memkb <"$XEN_RUNDIR/f.json" | tr '\n' ' ')" = "basic2 false 8192 " ] ||
    fail "list --format json: $(head -30 "$XEN_RUNDIR/f.json")"

# rename: the name, /vm/<uuid>/name and the stored config follow.
$B/xl rename basic2 renamed || fail "rename"
domain_exists renamed && domain_gone basic2 || fail "rename did not take"
id2=$($B/xl domid renamed)
vm=$($B/xenstore-read /local/domain/$id2/vm)
[ "$($B/xenstore-read "$vm/name")" = renamed ] || fail "/vm name after rename"
$B/xl list -l renamed | grep -q '"name": "renamed"' || fail "stored config after rename"
$B/xl rename renamed basic1 2>/dev/null && fail "renamed onto a name in use"

# uptime, vm-list, info, dmesg
[ "$($B/xl uptime | head -1)" = "$(printf '%-33s %4s %s' Name ID Uptime)" ] || fail "uptime header"
$B/xl uptime basic1 | tail -1 | grep -qP '^basic1 {27} +'"$id"'  0:00:[0-9]{2}$' || fail "uptime: $($B/xl uptime basic1)"
$B/xl uptime -s basic1 | grep -qE '^ [0-9:]{8} up +0:00, basic1 \('"$id"'\)$' || fail "uptime -s: $($B/xl uptime -s basic1)"
$B/xl vm-list | head -1 | grep -qx 'UUID                                  ID    name' || fail "vm-list"
$B/xl vm-list | grep -qE "^[0-9a-f-]{36}  $id    basic1 +$" || fail "vm-list row"
$B/xl info >"$XEN_RUNDIR/info" || fail "info"
keys=$(awk -F' *: ' '{print $1}' "$XEN_RUNDIR/info" | tr '\n' ' ')
want="host release version machine nr_cpus max_cpu_id nr_nodes cores_per_socket threads_per_core cpu_mhz hw_caps virt_caps total_memory free_memory sharing_freed_memory sharing_used_memory outstanding_claims free_cpus xen_major xen_minor xen_extra xen_version xen_caps xen_scheduler xen_pagesize platform_params xen_changeset xen_commandline cc_compiler cc_compile_by cc_compile_domain cc_compile_date build_id xend_config_format "
[ "$keys" = "$want" ] || fail "info keys: $keys"
grep -qx 'virt_caps              : pv gnttab-v1' "$XEN_RUNDIR/info" || fail "virt_caps"
[ "$($B/xl info xen_scheduler)" = credit ] || fail "info KEY"
$B/xl info -n | grep -q '^numa_info' || fail "info -n"
# hw_caps: Xen's featureset words of the host (word 0 is CPUID 1 EDX,
# with FPU in bit 0; word 2 is 0x80000001 EDX, with long mode in bit 29).
hw=$($B/xl info hw_caps)
[[ "$hw" =~ ^([0-9a-f]{8}:){7}[0-9a-f]{8}$ ]] || fail "hw_caps: $hw"
IFS=: read -r -a w <<<"$hw"
(( 0x${w[0]} & 1 )) || fail "hw_caps word 0 has no FPU: $hw"
(( 0x${w[2]} >> 29 & 1 )) || fail "hw_caps word 2 has no long mode: $hw"
# -x adds xenstored's features just before xend_config_format.
$B/xl info -x | tail -n 2 | head -n 1 | grep -q '^xenstore_features      : 0x[0-9a-f]\{8\}$' ||
    fail "info -x: $($B/xl info -x | tail -n 2)"
! $B/xl info | grep -q xenstore_features || fail "xenstore_features without -x"
$B/xl info --format json | $J nr_cpus >/dev/null || fail "info --format json"
$B/xl dmesg | grep -q "domain $id" || fail "dmesg"
$B/xl dmesg -c >/dev/null && [ -z "$($B/xl dmesg)" ] || fail "dmesg -c"

# help
$B/xl help | grep -q '^ create ' || fail "help"
$B/xl list --help | grep -q '^Usage: xl \[-v\] list' || fail "list --help"
$B/xl create -h | grep -q -- '--dryrun' || fail "create -h"
$B/xl frobnicate 2>/dev/null; [ $? = 1 ] || fail "an unknown command"

# Exit codes: 2 usage, 3 no such domain, 4 bad config, 5 unreachable.
$B/xl list --nope >/dev/null 2>&1; [ $? = 2 ] || fail "bad option: not 2"
$B/xl destroy nosuch 2>/dev/null; [ $? = 3 ] || fail "no such domain: not 3"
$B/xl pause 4242 2>/dev/null; [ $? = 3 ] || fail "no such id: not 3"
printf 'name="bad"\nmemory = "x"\n' >"$XEN_RUNDIR/bad.cfg"
err=$($B/xl create "$XEN_RUNDIR/bad.cfg" 2>&1); [ $? = 4 ] || fail "bad config: not 4"
[[ "$err" == *"bad.cfg"* ]] || fail "the error does not name the file: $err"
XEN_RUNDIR=$XEN_RUNDIR/nothing-here $B/xl list >/dev/null 2>&1; [ $? = 5 ] || fail "no hypervisor: not 5"

$B/xl destroy basic1 || fail "destroy"
domain_gone basic1 || fail "still there after destroy"
$B/xenstore-exists "/local/domain/$id" && fail "its xenstore home is left"
[ -e "$XEN_RUNDIR/libxl/$id.json" ] && fail "its state file is left"
$B/xl destroy 0 2>/dev/null && fail "destroyed domain 0"
$B/xl destroy renamed || fail "destroy renamed"
echo ok
