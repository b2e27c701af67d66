#!/bin/sh
# /test.sh of bench/linux.sh's initramfs: says when /init began (the
# boot-time mark), then runs linuxbench in the guest.
echo "linuxbench init reached"
/linuxbench "${LB_SYSCALLS:-100000}" "${LB_FORKS:-200}" /bin/true
