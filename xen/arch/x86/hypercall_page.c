/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hypercall_page.c: the stubs a guest calls, 32 bytes per hypercall
 * number. Each loads its number into eax and does `out` to
 * XEN_HYPERCALL_PORT, which exits to the hypervisor with the arguments
 * still in registers; the iret stub first pushes rcx, r11 and rax so the
 * hypervisor finds the whole iret frame on the stack.
 */
#include <string.h>

#include <asm/arch.h>
#include <public/xen.h>
#include <xen/domain.h>
#include <xen/lib.h>

#define STUB_SIZE 32

static unsigned int emit_mov_eax(uint8_t *p, uint32_t nr)
{
    p[0] = 0xb8; /* mov $nr, %eax */
    memcpy(p + 1, &nr, sizeof(nr));
    return 5;
}

static unsigned int emit_out(uint8_t *p)
{
    p[0] = 0xe6; /* out %al, $port */
    p[1] = XEN_HYPERCALL_PORT;
    return 2;
}

static void write_normal_stub(uint8_t *p, uint32_t nr)
{
    unsigned int n = emit_mov_eax(p, nr);

    n += emit_out(p + n);
    p[n] = 0xc3; /* ret */
}

static void write_iret_stub(uint8_t *p)
{
    unsigned int n = 0;

    p[n++] = 0x51; /* push %rcx */
    p[n++] = 0x41; /* push %r11 */
    p[n++] = 0x53;
    p[n++] = 0x50; /* push %rax */
    n += emit_mov_eax(p + n, __HYPERVISOR_iret);
    n += emit_out(p + n);
    p[n++] = 0x0f; /* ud2: iret never returns here */
    p[n] = 0x0b;
}

int arch_hypercall_page_init(struct domain *d, uint64_t mfn)
{
    uint8_t *page;
    unsigned int nr;

    if ( !domain_mfn_is_ram(d, mfn) )
        return -EINVAL;
    page = domain_frame_ptr(d, mfn);
    memset(page, 0xcc, PAGE_SIZE); /* int3 padding */
    for ( nr = 0; nr < PAGE_SIZE / STUB_SIZE; nr++ )
    {
        if ( nr == __HYPERVISOR_iret )
            write_iret_stub(page + nr * STUB_SIZE);
        else
            write_normal_stub(page + nr * STUB_SIZE, nr);
    }
    d->arch.hypercall_mfn = mfn;
    __atomic_store_n(&d->arch.hypercall_page_set, true, __ATOMIC_RELEASE);
    return 0;
}
