#!/bin/bash
# make-initramfs.sh OUT [SRC:DEST ...]: a gzip'd cpio (newc) initramfs for
# the Linux guest tests: Debian's busybox-static from the cache of
# scripts/linux-cache.sh (or $BUSYBOX), a link per applet, the project's
# own /init (tests/linux/init), and any SRC file copied in as DEST (e.g.
# tests/linux/smoke.sh:/test.sh). Run scripts/fetch-linux.sh first.
set -e
cd "$(dirname "$0")/.."
. scripts/linux-cache.sh

die() { echo "make-initramfs: $*" >&2; exit 1; }

[ $# -ge 1 ] || die "usage: $0 OUT [SRC:DEST ...]"
out=$1
shift
busybox=${BUSYBOX:-$(linux_cache_dir)/busybox/bin/busybox}
[ -x "$busybox" ] || die "no busybox at $busybox (run scripts/fetch-linux.sh)"
command -v cpio >/dev/null || die "needs cpio (scripts/install-deps.sh)"

stage=$(mktemp -d /tmp/initramfs.XXXXXX)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,etc,root}
cp "$busybox" "$stage/bin/busybox"
# One link per applet where busybox would install it (bin/sh, sbin/init...).
"$busybox" --list-full | while read -r applet; do
    [ -e "$stage/$applet" ] || ln -s /bin/busybox "$stage/$applet"
done
install -m 755 tests/linux/init "$stage/init"
# The kernel opens /dev/console for /init before devtmpfs is mounted; its
# built-in initramfs has one too, so without root this node is not needed.
[ "$(id -u)" = 0 ] && mknod -m 600 "$stage/dev/console" c 5 1
for pair in "$@"; do
    src=${pair%%:*}
    dest=${pair#*:}
    [ -f "$src" ] && [ "$src" != "$pair" ] || die "bad SRC:DEST '$pair'"
    mkdir -p "$stage/$(dirname "$dest")"
    install -m 755 "$src" "$stage/$dest"
done
(cd "$stage" && find . -mindepth 1 -print0 | sort -z |
    cpio --null -o -H newc --owner=0:0 --quiet) | gzip -9 -n >"$out.tmp"
mv "$out.tmp" "$out"
