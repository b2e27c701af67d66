#!/bin/bash
# The configuration front ends against a real stack: every bad config of
# tests/configs/bad (and bad overrides, on xl.cfg and on XML) given to
# `xl create` exits 4 with its FILE:LINE: KEY error and leaves nothing
# behind: the same `xl list`, xenstore tree and state directory as
# before. Then a domain created from domain XML with key=value
# overrides, and one from the xl.cfg that `xl domxml-to-xl` made of that
# XML, run with the settings asked for (xl list, xenstore, list -l).
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
. tests/integration/toolstack.bash
start_stack
J=build/tests/json-get

snapshot() {
    {
        $B/xl list | awk '{ print $1, $2, $3, $4 }'
        $B/xenstore-ls -f / 2>&1 | grep -v '^/local/domain/0/' | sort
        ls -la "$XEN_RUNDIR/libxl" 2>&1 | awk 'NR > 1 { print $NF }' | sort
    } >"$1"
}

snapshot "$XEN_RUNDIR/before"
grep -q '^Domain-0 0 ' "$XEN_RUNDIR/before" && grep -q '^/' "$XEN_RUNDIR/before" ||
    fail "the snapshot misses xl list or xenstore: $(cat "$XEN_RUNDIR/before")"
errors=0
for f in tests/configs/bad/*.cfg tests/configs/bad/*.xml; do
    grep -q 'expect: error' "$f" || continue
    line=$(grep -m1 -o 'expect: error [0-9]*' "$f" | awk '{ print $3 }')
    where=$f:$line
    [ "$line" = 0 ] && where=$f
    err=$($B/xl create "$f" 2>&1)
    rc=$?
    [ $rc = 4 ] || fail "xl create $f: exit $rc, expected 4: $err"
    grep -q "^$where: " <<<"$err" || fail "xl create $f: expected '$where: ...': $err"
    errors=$((errors + 1))
done
[ $errors -ge 35 ] || fail "only $errors bad configs"

# Bad overrides: one that does not parse, one of the wrong type, one that
# conflicts with the file, on either format.
xml=$XEN_RUNDIR/fe.xml
sed -e "s|<name>mini-os-xml</name>|<name>fe-xml</name>|" \
    -e "s|<kernel>[^<]*</kernel>|<kernel>$LIFECYCLE</kernel>|" \
    -e "s|<memory unit='MiB'>16</memory>|<memory unit='MiB'>32</memory>|" \
    -e "s|\(<kernel>.*</kernel>\)|\1<cmdline>lines=2</cmdline>|" \
    config/examples/mini-os.xml >"$xml"
grep -q "<kernel>$LIFECYCLE</kernel><cmdline>" "$xml" && grep -q ">32</memory>" "$xml" ||
    fail "config/examples/mini-os.xml has changed: $(cat "$xml")"
cfg=$(lifecycle_cfg fe-cfg 'maxmem = 8')
for file in "$cfg" "$xml"; do
    for ov in 'memory=lots' 'vcpus="two"' 'maxvcpus=0' 'disk=["/x,raw,xvda,rx"]' 'vif=["bridg=xenbr0"]'; do
        err=$($B/xl create "$file" "$ov" 2>&1)
        rc=$?
        [ $rc = 4 ] || fail "xl create $file $ov: exit $rc: $err"
        grep -q "^command line:1: " <<<"$err" || fail "xl create $file $ov: not named on the command line: $err"
    done
    # memory above the file's maxmem: the file's maxmem is named (in XML
    # without a line: the line would be one of the converted text).
    err=$($B/xl create "$file" 'memory=64' 2>&1)
    [ $? = 4 ] && grep -q "^$file\(:[0-9]*\)\?: maxmem: " <<<"$err" || fail "a conflicting override on $file: $err"
done
snapshot "$XEN_RUNDIR/after"
cmp -s "$XEN_RUNDIR/before" "$XEN_RUNDIR/after" ||
    fail "a refused config left something behind: $(diff "$XEN_RUNDIR/before" "$XEN_RUNDIR/after")"

# XML with overrides: created as asked.
$B/xl create -q "$xml" 'memory=12' 'maxmem=16' 'vcpus=2' 'cmdline="lines=3"' || fail "create $xml with overrides"
id=$($B/xl domid fe-xml) || fail "no domain fe-xml"
$B/xl list fe-xml | tail -1 | grep -qP "^fe-xml +$id +12 +[0-9]+ +[-a-z]{6} " || fail "list: $($B/xl list fe-xml)"
[ "$($B/xenstore-read /local/domain/$id/memory/static-max)" = 16384 ] || fail "static-max"
[ "$($B/xenstore-read /local/domain/$id/memory/target)" = 12288 ] || fail "target"
# (xl list counts the vCPUs the guest brought up; this one runs on one.)
[ "$($B/xenstore-read /local/domain/$id/cpu/1/availability)" = online ] || fail "vcpus=2: cpu/1 not online"
$B/xl list -l fe-xml >"$XEN_RUNDIR/fe.json" || fail "list -l"
[ "$($J 0/config/b_info/max_memkb 0/config/b_info/max_vcpus <"$XEN_RUNDIR/fe.json" | tr '\n' ' ')" = "16384 2 " ] ||
    fail "list -l: $(head -30 "$XEN_RUNDIR/fe.json")"
until_true 10 console_has fe-xml "lifecycle: line 3" || fail "the guest did not get the overridden command line"

# The same domain through the converter: xl.cfg made from the XML.
$B/xl domxml-to-xl "$xml" | sed 's/^name = .*/name = "fe-conv"/' >"$XEN_RUNDIR/fe-conv.cfg" || fail "domxml-to-xl"
$B/xl create -q "$XEN_RUNDIR/fe-conv.cfg" || fail "create the converted config"
until_true 10 console_has fe-conv "lifecycle: line 2" || fail "the converted config did not boot"
$B/xl list -l fe-conv | $J 0/config/b_info/kernel | grep -qx "$LIFECYCLE" || fail "converted kernel"

$B/xl destroy fe-xml && $B/xl destroy fe-conv || fail "destroy"
until_true 10 domain_gone fe-xml || fail "fe-xml not gone"
echo "$errors bad configs refused, nothing left behind; XML with overrides and its conversion booted"
