/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ptwr: a guest kernel writes entries of a page table it has pinned
 * through a read-only mapping of it, with the instructions Linux uses
 * (mov, xchg, lock cmpxchg, lock btr/bts, lock or/and); each write takes
 * effect as one step with the results and flags the instruction gives
 * on ordinary memory. A read-only page that is not a pinned table still
 * faults, as does an entry for a frame that is not the guest's.
 */
#include "xtf.h"

const char test_title[] =
    "writes to pinned page tables through a read-only mapping";

#define P_RW 0x3UL
#define P_RO 0x1UL
#define USER 0x4UL

static volatile struct {
    unsigned int count;
    uint64_t error_code;
} fault;

static int pf_hook(struct pt_regs *regs)
{
    fault.count++;
    fault.error_code = regs->error_code;
    regs->rip +=
        3; /* every faulting write below is `mov %rax,(%rdi)`: 3 bytes */
    return 1;
}

static void store(volatile uint64_t *p, uint64_t v)
{
    __asm__ volatile("mov %%rax, (%%rdi)" ::"a"(v), "D"(p) : "memory");
}

/* Map the page at va read-only in place; its frame stays as it is. */
static volatile uint64_t *map_read_only(void *va)
{
    CHECK_RC(HYPERVISOR_update_va_mapping(
                 (unsigned long)va, ((uint64_t)virt_to_mfn(va) << 12) | P_RO,
                 UVMF_INVLPG),
             0);
    return (volatile uint64_t *)va;
}

static uint64_t pte(void *frame, uint64_t bits)
{
    return ((uint64_t)virt_to_mfn(frame) << 12) | bits;
}

void test_main(void)
{
    uint64_t *l1 = alloc_page(), *data = alloc_page(), *plain = alloc_page();
    struct mmuext_op pin = { .cmd = MMUEXT_PIN_L1_TABLE };
    volatile uint64_t *t;
    uint64_t v, e1 = pte(data, P_RW), e2 = pte(data, P_RO), rflags;
    unsigned char cf, zf;

    set_trap_hook(14, pf_hook);
    /* As on Xen, a table is pinned once no writable mapping of it is left. */
    t = map_read_only(l1);
    pin.arg1.mfn = virt_to_mfn(l1);
    CHECK_RC(HYPERVISOR_mmuext_op(&pin, 1, NULL, DOMID_SELF), 0);

    /* mov: a new entry gets _PAGE_USER as every PV entry does. */
    fault.count = 0;
    store(&t[0], e1);
    CHECK(fault.count == 0, "mov to a pinned table faulted (%#lx)",
          (unsigned long)fault.error_code);
    CHECK(l1[0] == (e1 | USER), "mov: entry %#lx", (unsigned long)l1[0]);
    t[1] = 0; /* a compiler-chosen mov of an immediate */
    CHECK(l1[1] == 0, "mov $0: entry %#lx", (unsigned long)l1[1]);

    /* xchg returns the old entry (Linux's ptep_get_and_clear). */
    v = 0;
    __asm__ volatile("xchg %0, (%1)" : "+r"(v) : "r"(&t[0]) : "memory");
    CHECK(v == (e1 | USER) && l1[0] == 0, "xchg: got %#lx, entry %#lx",
          (unsigned long)v, (unsigned long)l1[0]);

    /* lock cmpxchg: success sets ZF, failure loads the current value. */
    v = 0;
    __asm__ volatile("lock cmpxchg %3, (%2); setz %1"
                     : "+a"(v), "=q"(zf)
                     : "r"(&t[2]), "r"(e2)
                     : "memory", "cc");
    CHECK(zf && l1[2] == (e2 | USER), "cmpxchg hit: zf %u entry %#lx", zf,
          (unsigned long)l1[2]);
    v = 12345;
    __asm__ volatile("lock cmpxchg %3, (%2); setz %1"
                     : "+a"(v), "=q"(zf)
                     : "r"(&t[2]), "r"(e1)
                     : "memory", "cc");
    CHECK(!zf && v == (e2 | USER) && l1[2] == (e2 | USER),
          "cmpxchg miss: zf %u rax %#lx entry %#lx", zf, (unsigned long)v,
          (unsigned long)l1[2]);

    /* lock btr/bts (ptep_set_wrprotect): CF is the bit's old value. */
    store(&t[3], e1);
    __asm__ volatile("lock btrq $1, (%1); setc %0"
                     : "=q"(cf)
                     : "r"(&t[3])
                     : "memory", "cc");
    CHECK(cf && l1[3] == ((e1 | USER) & ~2UL), "btr: cf %u entry %#lx", cf,
          (unsigned long)l1[3]);
    __asm__ volatile("lock btsq $1, (%1); setc %0"
                     : "=q"(cf)
                     : "r"(&t[3])
                     : "memory", "cc");
    CHECK(!cf && l1[3] == (e1 | USER), "bts: cf %u entry %#lx", cf,
          (unsigned long)l1[3]);

    /* lock and/or with the flags of the result. */
    __asm__ volatile("lock andq $0, (%1); pushfq; popq %0"
                     : "=r"(rflags)
                     : "r"(&t[3])
                     : "memory", "cc");
    CHECK(l1[3] == 0 && (rflags & 0x40) && !(rflags & 1),
          "and $0: entry %#lx rflags %#lx", (unsigned long)l1[3],
          (unsigned long)rflags);
    __asm__ volatile("lock orq %1, (%0)" ::"r"(&t[3]), "r"(e2)
                     : "memory", "cc");
    CHECK(l1[3] == (e2 | USER), "or: entry %#lx", (unsigned long)l1[3]);

    /* A 32-bit store changes only its half of the entry (here: NX). */
    __asm__ volatile("movl %1, 4(%0)" ::"r"(&t[3]), "r"(0x80000000u)
                     : "memory");
    CHECK(l1[3] == ((e2 | USER) & 0xffffffffUL) + (1UL << 63),
          "32-bit store: entry %#lx", (unsigned long)l1[3]);
    store(&t[3], 0);

    /* An entry for a frame the domain does not own is refused: it faults. */
    fault.count = 0;
    store(&t[4], (1UL << 42) | P_RW);
    CHECK(fault.count == 1 && l1[4] == 0,
          "foreign frame: %u faults, entry %#lx", fault.count,
          (unsigned long)l1[4]);

    /* A read-only page that is no pinned table still faults. */
    t = map_read_only(plain);
    fault.count = 0;
    store(&t[0], 42);
    CHECK(fault.count == 1 && (fault.error_code & 3) == 3 && plain[0] == 0,
          "write to a plain read-only page: %u faults, error %#lx, value %lu",
          fault.count, (unsigned long)fault.error_code,
          (unsigned long)plain[0]);

    /* Unpinned, the table is an ordinary read-only page again. */
    pin.cmd = MMUEXT_UNPIN_TABLE;
    CHECK_RC(HYPERVISOR_mmuext_op(&pin, 1, NULL, DOMID_SELF), 0);
    t = (volatile uint64_t *)l1;
    fault.count = 0;
    store(&t[5], e1);
    CHECK(fault.count == 1 && l1[5] == 0,
          "write to an unpinned read-only table: %u faults, entry %#lx",
          fault.count, (unsigned long)l1[5]);
}
