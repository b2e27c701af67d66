# Compilers and flags for the three kinds of objects the tree builds:
# host programs (hypervisor, toolstack, tests), the same with ASan and
# UBSan for the unit tests, and freestanding PV guest kernels.
# Override on the command line, e.g. `make CC=clang`.

CC      ?= gcc
HOST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wshadow \
               -Wimplicit-fallthrough -D_GNU_SOURCE \
               -Ixen/include -Itools/include
SAN_FLAGS   := -fsanitize=address,undefined -fno-omit-frame-pointer \
               -fno-sanitize-recover=undefined

# Guest kernels run in ring 3 with the hypervisor's bounce frames pushed
# right below the interrupted stack pointer: no red zone, no SSE state.
GUEST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror \
                -ffreestanding -fno-pic -fno-pie -mno-red-zone \
                -mcmodel=kernel -mno-sse -mno-mmx -mno-avx -mno-sse2 \
                -fno-stack-protector -fno-asynchronous-unwind-tables \
                -nostdlib -nostdinc -fno-builtin \
                -isystem $(shell $(CC) -print-file-name=include) \
                -Ixen/include -Istubdom/mini-os/include
GUEST_LDFLAGS := -nostdlib -static -no-pie -z max-page-size=4096 \
                 -Wl,--no-warn-rwx-segments -Wl,--build-id=none
