#!/bin/bash
# xl's XML side: domxml-from-xl and domxml-to-xl (stdout and -o,
# overrides, what XML cannot hold is warned about), a round trip through
# both that keeps the shared settings, `xl create` of a .xml file, and a
# malformed or invalid XML file refused with file and line, creating
# nothing.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
. tests/integration/toolstack.bash
start_stack
J=build/tests/json-get

cfg=$(lifecycle_cfg xml1 'maxmem = 24' 'vcpus = 2' 'cpu_weight = 512' 'cap = 50' \
    'on_reboot = "destroy"' 'cmdline = "lines=1"' 'cpus_soft = "0"')
$B/xl domxml-from-xl "$cfg" >"$XEN_RUNDIR/xml1.xml" 2>"$XEN_RUNDIR/from.err" || fail "domxml-from-xl: $(cat "$XEN_RUNDIR/from.err")"
grep -q "<memory unit=\"KiB\">24576</memory>" "$XEN_RUNDIR/xml1.xml" || fail "maxmem is not <memory>: $(cat "$XEN_RUNDIR/xml1.xml")"
grep -q "<currentMemory unit=\"KiB\">8192</currentMemory>" "$XEN_RUNDIR/xml1.xml" || fail "memory is not <currentMemory>"
grep -q "cpus_soft" "$XEN_RUNDIR/from.err" || fail "what XML drops was not said: $(cat "$XEN_RUNDIR/from.err")"
$B/xl domxml-from-xl -o "$XEN_RUNDIR/o.xml" "$cfg" 'memory=12' 2>/dev/null || fail "domxml-from-xl -o"
grep -q "<currentMemory unit=\"KiB\">12288</currentMemory>" "$XEN_RUNDIR/o.xml" || fail "override or -o: $(cat "$XEN_RUNDIR/o.xml")"

# Back to xl.cfg, and the same domain description either way.
$B/xl domxml-to-xl "$XEN_RUNDIR/xml1.xml" >"$XEN_RUNDIR/back.cfg" || fail "domxml-to-xl"
$B/xl domxml-to-xl -o "$XEN_RUNDIR/back2.cfg" "$XEN_RUNDIR/xml1.xml" && cmp -s "$XEN_RUNDIR/back.cfg" "$XEN_RUNDIR/back2.cfg" ||
    fail "domxml-to-xl -o"
$B/xl domxml-to-xl "$XEN_RUNDIR/xml1.xml" memory=4 >/dev/null 2>&1 && fail "overrides accepted for XML"
for k in b_info/max_memkb b_info/target_memkb b_info/max_vcpus b_info/sched_params/weight b_info/sched_params/cap on_reboot b_info/kernel b_info/cmdline; do
    a=$($B/xl create -n "$cfg" 2>/dev/null | $J "$k")
    b=$($B/xl create -n "$XEN_RUNDIR/back.cfg" 2>/dev/null | $J "$k")
    c=$($B/xl create -n "$XEN_RUNDIR/xml1.xml" 2>/dev/null | $J "$k")
    [ -n "$a" ] && [ "$a" = "$b" ] && [ "$a" = "$c" ] || fail "round trip changed $k: '$a' '$b' '$c'"
done

# xl create of the XML file: a domain like the xl.cfg one.
$B/xl create -q "$XEN_RUNDIR/xml1.xml" || fail "create of a .xml file"
id=$($B/xl domid xml1) || fail "no domain from the XML"
until_true 10 console_has xml1 "lifecycle: up" || fail "the XML domain did not boot"
[ "$($B/xenstore-read /local/domain/$id/memory/static-max)" = 24576 ] || fail "static-max from <memory>"
[ "$($B/xl list -l xml1 | $J 0/config/b_info/sched_params/weight)" = 512 ] || fail "weight from <cputune>"
$B/xl destroy xml1 || fail "destroy"

# Bad XML: the file and line named, exit 4, nothing created.
printf '<domain type="xen">\n  <name>bad-xml</name>\n  <memory>16\n</domain>\n' >"$XEN_RUNDIR/bad.xml"
err=$($B/xl create "$XEN_RUNDIR/bad.xml" 2>&1); [ $? = 4 ] || fail "malformed XML: not 4: $err"
[[ "$err" == *"bad.xml:"[0-9]* ]] || fail "malformed XML: no file and line: $err"
printf '<domain type="xen">\n  <name>bad-xml</name>\n  <memory>16</memory>\n  <bogus/>\n</domain>\n' >"$XEN_RUNDIR/invalid.xml"
err=$($B/xl create "$XEN_RUNDIR/invalid.xml" 2>&1); [ $? = 4 ] || fail "invalid XML: not 4: $err"
[[ "$err" == *"invalid.xml:"[0-9]* ]] || fail "invalid XML: no file and line: $err"
err=$($B/xl domxml-to-xl "$XEN_RUNDIR/invalid.xml" 2>&1); [ $? = 4 ] || fail "domxml-to-xl of invalid XML: not 4"
printf 'name = "bad"\nmemory = "many"\nkernel = "/k"\n' >"$XEN_RUNDIR/bad.cfg"
err=$($B/xl domxml-from-xl "$XEN_RUNDIR/bad.cfg" 2>&1); [ $? = 4 ] || fail "domxml-from-xl of a bad config: not 4"
[[ "$err" == *"bad.cfg:2"* ]] || fail "domxml-from-xl: no file and line: $err"
domain_exists bad-xml && fail "a bad XML file created a domain"
[ "$($B/xl list | wc -l)" = 2 ] || fail "something left: $($B/xl list)"
echo ok
