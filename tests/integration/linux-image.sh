#!/bin/bash
# The domain builder on Debian's real cloud kernel: unpack (bzImage, LZ4),
# the notes Linux 6.1 has, the layout of a 256 MiB domain and the load
# (tests/unit/test_linux_image.c). Needs no KVM; skipped when the kernel
# is not in the cache that `make deps` (scripts/fetch-linux.sh) fills.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
. scripts/linux-cache.sh

vmlinuz=$(linux_cache_dir)/linux/vmlinuz
[ -e "$vmlinuz" ] ||
    skip "Debian's kernel is not in $(linux_cache_dir) (scripts/fetch-linux.sh fetches it)"
build/tests/linux/test_linux_image "$vmlinuz" || fail "test_linux_image failed"
