#!/bin/bash
# Installs the Debian packages the build and the tests need, only those
# that are missing. Run as root on a Debian machine.
set -e
pkgs="gcc make libc6-dev libcunit1-dev libyajl-dev libxml2-dev uuid-dev
      iproute2 python3 valgrind"
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
