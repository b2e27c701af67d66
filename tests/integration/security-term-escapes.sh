#!/bin/bash
# A guest cannot drive the administrator's terminal (issue 8, item 11):
# when xen-run's standard output is a terminal, control characters other
# than \n, \r and \t (ESC, BEL, backspace, DEL, 8-bit and UTF-8 C1
# controls) are shown in caret notation or replaced, never passed on;
# ordinary text, UTF-8 included, gets through. Into a pipe or a file the
# console is copied byte for byte. The filter itself: test_term_filter.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
require_kvm
command -v script >/dev/null || skip "script(1) is not installed"
command -v python3 >/dev/null || skip "python3 is not installed"
start_xen

# On a terminal: script(1) gives xen-run a pseudo-terminal.
LC_ALL=C.UTF-8 timeout 60 script -qec "dist/bin/xen-run --timeout 30 dist/boot/special-term-escapes" \
    /dev/null >"$XEN_RUNDIR/tty.out" 2>&1 </dev/null ||
    fail "xen-run on a terminal failed: $(cat -v "$XEN_RUNDIR/tty.out")"
cat -v "$XEN_RUNDIR/tty.out"
python3 - "$XEN_RUNDIR/tty.out" <<'PY' || fail "the terminal got a control sequence"
import sys
out = open(sys.argv[1], "rb").read()
start = out.index(b"escapes: begin")
seen = out[start:]
bad = [c for c in set(seen) if (c < 0x20 and c not in b"\n\r\t") or c == 0x7f]
if bad:
    sys.exit("control bytes reached the terminal: %s" % sorted(bad))
if b"\x9b" in seen.replace(b"\xef\xbf\xbd", b""):
    sys.exit("an 8-bit or UTF-8 CSI reached the terminal")
for want in (b"escapes: done", b"caf\xc3\xa9 ok", b"tab\tend", b"^[[2J", b"^[]0;owned^G"):
    if want not in seen:
        sys.exit("missing from the terminal: %r" % want)
PY

# Into a file: byte for byte.
dist/bin/xen-run --timeout 30 dist/boot/special-term-escapes >"$XEN_RUNDIR/file.out" 2>&1 ||
    fail "xen-run into a file failed"
grep -q $'\033\\]0;owned\007' "$XEN_RUNDIR/file.out" || fail "output into a file was changed"
grep -q $'csi-utf8 \302\233' "$XEN_RUNDIR/file.out" || fail "output into a file was changed"
xen_alive || fail "the hypervisor died"
echo ok
