#!/bin/bash
# Where Debian's Linux kernel and busybox for the Linux guest tests are kept
# (sourced, not run). Outside the repository: nothing of Linux is committed.
#
#   XEN_PV_TESTS_CACHE   the cache directory, if set;
#   otherwise /var/cache/xen-pv-tests for root and
#   ${XDG_CACHE_HOME:-~/.cache}/xen-pv-tests for anyone else.
#
# After scripts/fetch-linux.sh, the cache holds
#   debs/*.deb          the packages as apt-get downloaded them (kept: once)
#   linux/              linux-image-<version>-cloud-amd64, unpacked
#   linux/vmlinuz       a link to the kernel (boot/vmlinuz-<version>)
#   busybox/bin/busybox busybox-static, unpacked
# tests/unit/test_linux_image.c finds the kernel by the same rules.

linux_cache_dir() {
    if [ -n "$XEN_PV_TESTS_CACHE" ]; then
        echo "$XEN_PV_TESTS_CACHE"
    elif [ "$(id -u)" = 0 ]; then
        echo /var/cache/xen-pv-tests
    else
        echo "${XDG_CACHE_HOME:-$HOME/.cache}/xen-pv-tests"
    fi
}
