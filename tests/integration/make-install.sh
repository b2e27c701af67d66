#!/bin/bash
# make install DESTDIR=... PREFIX=/usr: the programs and the xenstore
# clients, the guest kernel, the init script pointed at the installed
# programs, systemd units, xl.conf (an existing one kept), bash
# completion that knows subcommands, options and running domains, and
# man pages that man(1) renders.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
D=$(mktemp -d /tmp/make-install.XXXXXX)
trap 'rm -rf "$D"' EXIT
inst() { make --no-print-directory -o all install DESTDIR="$D" PREFIX=/usr >"$D.log" 2>&1 || { cat "$D.log"; fail "make install"; }; }
inst
for p in xen xenstored xenconsoled xl xen-run xenstore xenstore-read xenstore-ls; do
    [ -x "$D/usr/sbin/$p" ] || fail "no /usr/sbin/$p"
done
[ -x "$D/usr/bin/xl" ] && [ -x "$D/usr/bin/xenstore-write" ] || fail "no clients in /usr/bin"
[ -f "$D/usr/lib/xen/boot/mini-os" ] || fail "no guest kernel"
# The network backend and the hotplug script it runs, where Xen has it.
[ -x "$D/usr/sbin/xen-netback" ] || fail "no /usr/sbin/xen-netback"
[ -x "$D/etc/xen/scripts/vif-bridge" ] || fail "no /etc/xen/scripts/vif-bridge"
[ -f "$D/usr/share/man/man8/xen-netback.8.gz" ] || fail "no man page xen-netback(8)"
[ -x "$D/etc/init.d/xencommons" ] || fail "no init script"
grep -q '^XEN_BINDIR=${XEN_BINDIR:-/usr/sbin}$' "$D/etc/init.d/xencommons" || fail "xencommons does not look in /usr/sbin"
for u in xen xenstored xenconsoled; do
    f=$D/lib/systemd/system/$u.service
    [ -f "$f" ] || fail "no $u.service"
    grep -q '@SBINDIR@' "$f" && fail "$u.service: @SBINDIR@ left"
    grep -q "^ExecStart=/usr/sbin/$u " "$f" || fail "$u.service: ExecStart"
done
# The example configs name the installed kernel and still parse.
ex=$D/usr/share/doc/xen-pv/examples
grep -q '^kernel = "/usr/lib/xen/boot/mini-os"$' "$ex/mini-os.cfg" ||
    fail "mini-os.cfg: kernel not the installed one: $(grep kernel "$ex/mini-os.cfg")"
grep -q '<kernel>/usr/lib/xen/boot/mini-os</kernel>' "$ex/mini-os.xml" ||
    fail "mini-os.xml: kernel not the installed one"
! grep -q 'dist/boot' "$ex"/* || fail "an example still names dist/boot"
for f in "$ex/mini-os.cfg" "$ex/mini-os.xml"; do
    out=$(XEN_RUNDIR=$D/none dist/bin/xl create -n "$f" 2>&1) || fail "xl create -n $f: $out"
    [[ "$out" == *'"kernel": "/usr/lib/xen/boot/mini-os"'* ]] ||
        fail "xl create -n $f: kernel: $out"
done
[ -f "$D/etc/xen/xl.conf" ] || fail "no xl.conf"
XL_CONF=$D/etc/xen/xl.conf XEN_RUNDIR=$D/none "$D/usr/sbin/xl" help >/dev/null || fail "xl does not take the installed xl.conf"
echo 'lockfile="/run/mine"' >"$D/etc/xen/xl.conf"
inst
grep -q mine "$D/etc/xen/xl.conf" && [ -f "$D/etc/xen/xl.conf.dist" ] || fail "an admin's xl.conf was overwritten"
for m in man1/xl.1 man5/xl.conf.5 man8/xenconsoled.8 man8/xencommons.8 man1/xen-run.1; do
    [ -f "$D/usr/share/man/$m.gz" ] || fail "no man page $m"
    if command -v man >/dev/null; then
        out=$(MANWIDTH=80 man -l "$D/usr/share/man/$m.gz" 2>&1) || fail "man -l $m: $out"
        [[ "$out" == *NAME* ]] || fail "$m renders no NAME section"
    fi
done
if command -v man >/dev/null; then
    MANWIDTH=80 man -l "$D/usr/share/man/man1/xl.1.gz" 2>/dev/null | grep -q "DIFFERENCES FROM XEN'S XL" ||
        fail "xl(1) lists no differences from Xen's xl"
fi

# Bash completion, with the installed xl on PATH.
PATH=$D/usr/sbin:$PATH
. "$D/usr/share/bash-completion/completions/xl"
complete_words() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _xl; echo "${COMPREPLY[*]}"; }
[[ " $(complete_words xl cre) " == *" create "* ]] || fail "completion: subcommands: $(complete_words xl cre)"
[[ " $(complete_words xl vcpu-) " == *" vcpu-pin "* ]] || fail "completion: vcpu-"
[[ " $(complete_words xl list --l) " == *" --long "* ]] || fail "completion: list options: $(complete_words xl list --l)"
[[ " $(complete_words xl sched-credit -) " == *" -w "* ]] || fail "completion: sched-credit options"
. tests/integration/toolstack.bash
start_stack
$B/xl create -q "$(lifecycle_cfg complete-me)" || fail "create"
[ "$(complete_words xl pause compl)" = complete-me ] || fail "completion: domain names: $(complete_words xl pause compl)"
[ "$(complete_words xl -v destroy compl)" = complete-me ] || fail "completion after a global option"
$B/xl destroy complete-me
echo ok
