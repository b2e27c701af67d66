#!/bin/bash
# xl's configuration front ends, no hypervisor needed: `domxml-from-xl`
# and `domxml-to-xl` over every config of tests/configs/good and
# config/examples (cfg -> XML -> cfg keeps the domain `xl create -n`
# prints, the XML is valid against docs/schemas/domain.rng, a second
# conversion changes nothing), the xl.cfg/XML pairs giving one JSON, `-`
# for standard input, and every bad config refused with exit 4 and
# "FILE:LINE:" or "FILE:" in its message, by create -n and by both
# converters.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
XL=dist/bin/xl
[ -x $XL ] || fail "$XL is missing"
T=$(mktemp -d /tmp/xl-domxml.XXXXXX)
trap 'rm -rf "$T"' EXIT
export XL_CONF=$T/no-xl.conf
have_xmllint=false
command -v xmllint >/dev/null && have_xmllint=true

dry_json() { $XL create -q -n "$@" 2>/dev/null; }

checked=0
for cfg in tests/configs/good/*.cfg config/examples/*.cfg; do
    b=$T/$(basename "$cfg" .cfg)
    $XL domxml-from-xl "$cfg" >"$b.xml" 2>"$b.warn" || fail "domxml-from-xl $cfg: $(cat "$b.warn")"
    grep -q "^<domain type=.xen.>" "$b.xml" || fail "$cfg: no <domain type='xen'>: $(head -3 "$b.xml")"
    if $have_xmllint; then
        xmllint --noout --relaxng docs/schemas/domain.rng "$b.xml" 2>"$b.lint" ||
            fail "$cfg: the XML written is not valid: $(cat "$b.lint")"
    fi
    $XL domxml-to-xl "$b.xml" >"$b.back.cfg" 2>"$b.err" || fail "domxml-to-xl of $cfg's XML: $(cat "$b.err")"
    # A second conversion is a fixed point.
    $XL domxml-from-xl "$b.back.cfg" >"$b.again.xml" 2>/dev/null || fail "domxml-from-xl of $b.back.cfg"
    cmp -s "$b.xml" "$b.again.xml" || fail "$cfg: XML changed on the second conversion: $(diff "$b.xml" "$b.again.xml")"
    # Whatever XML holds survives: the same domain unless a warning named
    # what it could not hold.
    dry_json "$cfg" >"$b.json" || fail "create -n $cfg"
    dry_json "$b.back.cfg" >"$b.back.json" || fail "create -n of $cfg round-tripped"
    if grep -q "no place for" "$b.warn"; then
        [ "$(grep -c "no place for" "$b.warn")" = 1 ] || fail "$cfg: more than one loss warning"
    else
        cmp -s "$b.json" "$b.back.json" ||
            fail "$cfg: cfg -> XML -> cfg lost settings without a warning: $(diff "$b.json" "$b.back.json")"
    fi
    checked=$((checked + 1))
done
[ $checked -ge 6 ] || fail "only $checked xl.cfg files converted"

for xml in tests/configs/good/*.xml config/examples/*.xml; do
    b=$T/$(basename "$xml" .xml).x
    $XL domxml-to-xl "$xml" >"$b.cfg" 2>"$b.err" || fail "domxml-to-xl $xml: $(cat "$b.err")"
    $XL domxml-from-xl "$b.cfg" >"$b.xml" 2>"$b.warn" || fail "domxml-from-xl of $xml's cfg: $(cat "$b.warn")"
    grep -q "no place for" "$b.warn" && fail "$xml: XML -> cfg -> XML lost: $(cat "$b.warn")"
    dry_json "$xml" >"$b.json" || fail "create -n $xml"
    dry_json "$b.xml" >"$b.back.json" || fail "create -n of $xml round-tripped"
    cmp -s "$b.json" "$b.back.json" ||
        fail "$xml: XML -> cfg -> XML changed the domain: $(diff "$b.json" "$b.back.json")"
done

# The pairs (web.cfg and web.xml, ...) are one domain. (The examples
# differ in their names, so both can run at once.)
pairs=0
for xml in tests/configs/good/*.xml; do
    cfg=${xml%.xml}.cfg
    [ -f "$cfg" ] || continue
    cmp -s <(dry_json "$cfg") <(dry_json "$xml") ||
        fail "$cfg and $xml differ: $(diff <(dry_json "$cfg") <(dry_json "$xml"))"
    pairs=$((pairs + 1))
done
[ $pairs -ge 2 ] || fail "only $pairs xl.cfg/XML pairs"

# Standard input, both ways, and key=value overrides as create takes them.
out=$($XL domxml-from-xl - 'memory=48' <config/examples/mini-os.cfg | $XL domxml-to-xl -) ||
    fail "converting through a pipe"
grep -qx 'memory = 48' <<<"$out" || fail "the override was lost: $out"
grep -qx 'name = "mini-os"' <<<"$out" || fail "the name was lost: $out"
# create takes overrides after an XML file too.
dry_json config/examples/mini-os.xml 'memory=24' 'vcpus=1' | grep -q '"target_memkb": 24576' ||
    fail "create -n FILE.xml memory=24: $($XL create -n config/examples/mini-os.xml memory=24 2>&1)"
err=$($XL create -n config/examples/mini-os.xml 'memory=lots' 2>&1)
[ $? = 4 ] && [[ "$err" == *"command line:1: memory: "* ]] || fail "a bad override on XML: $err"
$XL domxml-to-xl config/examples/mini-os.xml memory=4 >/dev/null 2>&1
[ $? = 2 ] || fail "domxml-to-xl took an override"

# Bad configs, each with its "expect: error|warning LINE KEY: words"
# line: an error exits 4 with "FILE:LINE: KEY: ...words" (":LINE" left
# out when 0) and prints nothing on standard output; a warning says
# "FILE:LINE: warning: KEY: words" and converts.
bad=0
for f in tests/configs/bad/*; do
    case $f in
    *.cfg) conv=domxml-from-xl ;;
    *.xml) conv=domxml-to-xl ;;
    *) continue ;;
    esac
    x=$(grep -m1 -o 'expect: .*' "$f" | sed 's/ -->$//') || fail "$f has no expect: line"
    read -r kind line rest <<<"${x#expect: }"
    key=${rest%%:*}
    words=${rest#*: }
    where=$f:$line
    [ "$line" = 0 ] && where=$f
    want="$where: "
    [ -n "$key" ] && want="$where: $key: "
    for cmd in "create -n" "$conv"; do
        # shellcheck disable=SC2086
        $XL $cmd "$f" >"$T/bad.out" 2>"$T/bad.err"
        rc=$?
        if [ "$kind" = warning ]; then
            [ $rc = 0 ] || fail "xl $cmd $f: exit $rc: $(cat "$T/bad.err")"
            grep -qF "$where: warning: $key: $words" "$T/bad.err" ||
                fail "xl $cmd $f: expected the warning '$where: warning: $key: $words': $(cat "$T/bad.err")"
            continue
        fi
        [ $rc = 4 ] || fail "xl $cmd $f: exit $rc, expected 4: $(cat "$T/bad.err")"
        [ -s "$T/bad.out" ] && fail "xl $cmd $f printed: $(head -3 "$T/bad.out")"
        msg=$(grep -v "warning:" "$T/bad.err" | grep -v "^Parsing config")
        [[ "$msg" == "$want"*"${words# }"* ]] ||
            fail "xl $cmd $f: expected '$want...${words# }': $(cat "$T/bad.err")"
    done
    bad=$((bad + 1))
done
[ $bad -ge 40 ] || fail "only $bad bad configs"

# The line and the key, for one of each kind.
err=$($XL domxml-from-xl tests/configs/bad/disk-typo-key.cfg 2>&1)
[[ "$err" == "tests/configs/bad/disk-typo-key.cfg:5: disk: "* ]] || fail "disk typo: $err"
err=$($XL domxml-to-xl tests/configs/bad/malformed.xml 2>&1)
[[ "$err" == "tests/configs/bad/malformed.xml:8: "* ]] || fail "malformed XML: $err"
echo "$checked xl.cfg and $pairs pairs converted both ways; $bad bad configs refused"
