#!/bin/bash
# Fetches Debian's stock cloud kernel (the versioned package that
# linux-image-cloud-amd64 depends on) and busybox-static with
# `apt-get download` into the cache of scripts/linux-cache.sh, once, and
# unpacks them there (dpkg-deb -x). A second run with both unpacked does
# nothing and needs no network. Exit 0 when both are in the cache.
set -e
cd "$(dirname "$0")/.."
. scripts/linux-cache.sh
cache=$(linux_cache_dir)

die() { echo "fetch-linux: $*" >&2; exit 1; }

[ -e "$cache/linux/vmlinuz" ] && [ -x "$cache/busybox/bin/busybox" ] && exit 0

command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null ||
    die "needs apt-get and dpkg-deb (a Debian machine)"
mkdir -p "$cache/debs" || die "cannot create $cache"

# The metapackage's one linux-image-* dependency, e.g.
# linux-image-6.1.0-57-cloud-amd64. Refresh the lists once if apt has none.
versioned_kernel() {
    apt-cache depends linux-image-cloud-amd64 2>/dev/null |
        awk '$1 == "Depends:" && $2 ~ /^linux-image-/ { print $2; exit }'
}
kernel_pkg=$(versioned_kernel)
if [ -z "$kernel_pkg" ] && [ "$(id -u)" = 0 ]; then
    apt-get update -qq || true
    kernel_pkg=$(versioned_kernel)
fi
[ -n "$kernel_pkg" ] ||
    die "apt knows no linux-image-cloud-amd64 (run apt-get update as root)"

# download PACKAGE: into debs/, unless a .deb of it is there already.
download() {
    local pkg=$1
    compgen -G "$cache/debs/${pkg}_*.deb" >/dev/null && return 0
    echo "fetch-linux: downloading $pkg into $cache/debs"
    (cd "$cache/debs" && apt-get download -qq "$pkg" 2>&1 |
        grep -v 'unsandboxed' >&2 || true)
    compgen -G "$cache/debs/${pkg}_*.deb" >/dev/null ||
        die "apt-get download $pkg failed"
}

# unpack PACKAGE DIR: the package's files under DIR, replaced as a whole.
unpack() {
    local deb
    deb=$(compgen -G "$cache/debs/${1}_*.deb" | sort | tail -n 1)
    rm -rf "$2.new"
    dpkg-deb -x "$deb" "$2.new" || die "dpkg-deb -x $deb failed"
    rm -rf "$2"
    mv "$2.new" "$2"
}

download "$kernel_pkg"
download busybox-static
unpack "$kernel_pkg" "$cache/linux"
vmlinuz=$(cd "$cache/linux" && compgen -G 'boot/vmlinuz-*' | head -n 1)
[ -n "$vmlinuz" ] || die "$kernel_pkg has no boot/vmlinuz-*"
ln -sfn "$vmlinuz" "$cache/linux/vmlinuz"
unpack busybox-static "$cache/busybox"
[ -x "$cache/busybox/bin/busybox" ] || die "busybox-static has no bin/busybox"
echo "fetch-linux: $kernel_pkg and busybox-static in $cache"
