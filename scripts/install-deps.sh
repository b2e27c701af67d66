#!/bin/bash
# Installs the Debian packages the build and the tests need, only those
# that are missing. Run as root on a Debian machine.
set -e
pkgs="gcc make libc6-dev libcunit1-dev libyajl-dev libxml2-dev uuid-dev
      iproute2 python3 valgrind liburing-dev"
# The domain builder's kernel decompressors, the tools its tests compress
# test kernels with, and cpio for the Linux initramfs.
pkgs="$pkgs zlib1g-dev libbz2-dev liblzma-dev liblzo2-dev liblz4-dev libzstd-dev"
pkgs="$pkgs bzip2 xz-utils lzop lz4 zstd cpio"
# The network tests' host side: ping, curl and nc toward guests, and a
# DHCP server on their bridge (dnsmasq, run by the test itself).
pkgs="$pkgs iputils-ping curl netcat-openbsd dnsmasq-base"
# xen-netback batches its tap writes with io_uring.
pkgs="$pkgs liburing-dev"
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
if [ "$(id -u)" != 0 ]; then
    echo "install-deps: need root to install:$missing" >&2
    exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
