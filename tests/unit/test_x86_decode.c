/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_x86_decode: the hypervisor's instruction decoder over byte
 * sequences: lengths across the opcode maps, prefixes and REX, ModRM with
 * SIB and displacements, immediates of every kind, port I/O forms,
 * truncated and invalid encodings.
 */
#include <errno.h>
#include <string.h>

#include <asm/x86_decode.h>

#include "cunit_main.h"

#define BYTES(...) ((const uint8_t[]){ __VA_ARGS__ })
#define LEN(...) sizeof((const uint8_t[]){ __VA_ARGS__ })

/* Decode and return the length (or the negative error). */
static int dec(const uint8_t *b, unsigned int n, struct x86_insn *i)
{
    int rc = x86_decode(b, n, i);

    return rc ? rc : (int)i->len;
}

#define CHECK_LEN(expect, ...)                                                 \
    do                                                                         \
    {                                                                          \
        struct x86_insn i_;                                                    \
        CU_ASSERT_EQUAL(dec(BYTES(__VA_ARGS__), LEN(__VA_ARGS__), &i_),        \
                        (expect));                                             \
    } while ( 0 )

static void test_lengths(void)
{
    CHECK_LEN(1, 0x90); /* nop */
    CHECK_LEN(1, 0xc3); /* ret */
    CHECK_LEN(3, 0x48, 0x89, 0xe5); /* mov %rsp,%rbp */
    CHECK_LEN(4, 0x48, 0x83, 0xec, 0x10); /* sub $0x10,%rsp */
    CHECK_LEN(7, 0x48, 0x81, 0xec, 0x00, 0x01, 0x00, 0x00); /* sub $256 */
    CHECK_LEN(5, 0xe8, 0, 0, 0, 0); /* call rel32 */
    CHECK_LEN(2, 0xeb, 0xfe); /* jmp . */
    CHECK_LEN(6, 0x0f, 0x84, 0, 0, 0, 0); /* je rel32 */
    CHECK_LEN(10, 0x48, 0xb8, 1, 2, 3, 4, 5, 6, 7, 8); /* movabs */
    CHECK_LEN(5, 0xb8, 1, 2, 3, 4); /* mov $imm32,%eax */
    CHECK_LEN(4, 0x66, 0xb8, 1, 2); /* mov $imm16,%ax */
    CHECK_LEN(9, 0xa1, 1, 2, 3, 4, 5, 6, 7, 8); /* mov moffs64,%eax */
    CHECK_LEN(6, 0x67, 0xa1, 1, 2, 3, 4); /* mov moffs32,%eax */
    CHECK_LEN(4, 0xc8, 0x10, 0x00, 0x01); /* enter $16,$1 */
    CHECK_LEN(3, 0xc2, 0x08, 0x00); /* ret $8 */
    CHECK_LEN(3, 0xf6, 0xc0, 0x01); /* test $1,%al */
    CHECK_LEN(2, 0xf6, 0xd0); /* not %al: no immediate */
    CHECK_LEN(6, 0xf7, 0xc0, 1, 2, 3, 4); /* test $imm32,%eax */
    CHECK_LEN(5, 0x66, 0xf7, 0xc0, 1, 2); /* test $imm16,%ax */
    CHECK_LEN(2, 0xf7, 0xd8); /* neg %eax */
    CHECK_LEN(2, 0x0f, 0xa2); /* cpuid */
    CHECK_LEN(2, 0x0f, 0x30); /* wrmsr */
    CHECK_LEN(3, 0x0f, 0x01, 0xf9); /* rdtscp */
    CHECK_LEN(3, 0x0f, 0x22, 0xd8); /* mov %rax,%cr3 */
    CHECK_LEN(4, 0x0f, 0xba, 0xe0, 0x05); /* bt $5,%eax */
    CHECK_LEN(-ENODATA, 0x66, 0x0f, 0x3a, 0x0f, 0xc1); /* palignr, cut */
    CHECK_LEN(6, 0x66, 0x0f, 0x3a, 0x0f, 0xc1, 0x08); /* palignr $8 */
    CHECK_LEN(5, 0x66, 0x0f, 0x38, 0x00, 0xc1); /* pshufb */
}

static void test_modrm_forms(void)
{
    struct x86_insn i;

    /* mov 0x12345678(%rip),%rax */
    CU_ASSERT_EQUAL(dec(BYTES(0x48, 0x8b, 0x05, 0x78, 0x56, 0x34, 0x12), 7, &i),
                    7);
    CU_ASSERT(i.rip_relative);
    CU_ASSERT_EQUAL(i.disp, 0x12345678);
    CU_ASSERT_EQUAL(i.op_bytes, 8);
    /* mov (%rsp),%eax: SIB, no displacement */
    CU_ASSERT_EQUAL(dec(BYTES(0x8b, 0x04, 0x24), 3, &i), 3);
    CU_ASSERT(i.has_sib);
    /* mov -8(%rbp),%eax: disp8 sign-extended */
    CU_ASSERT_EQUAL(dec(BYTES(0x8b, 0x45, 0xf8), 3, &i), 3);
    CU_ASSERT_EQUAL(i.disp, -8);
    /* mov 0x0(,%rax,8),%ecx: SIB with base 5 and mod 0: disp32 */
    CU_ASSERT_EQUAL(dec(BYTES(0x8b, 0x0c, 0xc5, 0, 0, 0, 0), 7, &i), 7);
    /* mov 0x100(%rax),%r9: REX.R extends reg */
    CU_ASSERT_EQUAL(dec(BYTES(0x4c, 0x8b, 0x88, 0, 1, 0, 0), 7, &i), 7);
    CU_ASSERT_EQUAL(i.modrm_reg, 9);
    CU_ASSERT_EQUAL(i.modrm_rm, 0);
    /* mov %gs:0x10,%rax (segment override, SIB absolute) */
    CU_ASSERT_EQUAL(
        dec(BYTES(0x65, 0x48, 0x8b, 0x04, 0x25, 0x10, 0, 0, 0), 9, &i), 9);
    CU_ASSERT_EQUAL(i.seg_override, X86_SEG_GS);
}

static void test_prefixes(void)
{
    struct x86_insn i;

    /* rep movsb */
    CU_ASSERT_EQUAL(dec(BYTES(0xf3, 0xa4), 2, &i), 2);
    CU_ASSERT_EQUAL(i.rep, 0xf3);
    /* lock cmpxchg %ecx,(%rdx) */
    CU_ASSERT_EQUAL(dec(BYTES(0xf0, 0x0f, 0xb1, 0x0a), 4, &i), 4);
    CU_ASSERT(i.lock);
    CU_ASSERT_EQUAL(i.map, 2);
    CU_ASSERT_EQUAL(i.opcode, 0xb1);
    /* REX followed by a legacy prefix no longer counts */
    CU_ASSERT_EQUAL(dec(BYTES(0x48, 0x66, 0xb8, 1, 2), 5, &i), 5);
    CU_ASSERT_EQUAL(i.rex, 0);
    CU_ASSERT(i.opsize_16);
    /* Fifteen bytes is the limit. */
    CU_ASSERT_EQUAL(dec(BYTES(0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
                              0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x90),
                        15, &i),
                    15);
    CU_ASSERT_EQUAL(dec(BYTES(0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
                              0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x90),
                        16, &i),
                    -ENODATA);
}

static void test_port_io(void)
{
    struct x86_insn i;
    bool out, string, dx;
    unsigned int bytes;

    CU_ASSERT_EQUAL(dec(BYTES(0xe6, 0x80), 2, &i), 2); /* out %al,$0x80 */
    CU_ASSERT(x86_insn_port_io(&i, &out, &string, &dx, &bytes));
    CU_ASSERT(out && !string && !dx && bytes == 1);
    CU_ASSERT_EQUAL(i.imm, 0x80);
    CU_ASSERT_EQUAL(dec(BYTES(0x66, 0xe5, 0x70), 3, &i), 3); /* in $0x70,%ax */
    CU_ASSERT(x86_insn_port_io(&i, &out, &string, &dx, &bytes));
    CU_ASSERT(!out && !string && !dx && bytes == 2);
    CU_ASSERT_EQUAL(dec(BYTES(0xed), 1, &i), 1); /* in (%dx),%eax */
    CU_ASSERT(x86_insn_port_io(&i, &out, &string, &dx, &bytes));
    CU_ASSERT(!out && dx && bytes == 4);
    CU_ASSERT_EQUAL(dec(BYTES(0xee), 1, &i), 1); /* out %al,(%dx) */
    CU_ASSERT(x86_insn_port_io(&i, &out, &string, &dx, &bytes));
    CU_ASSERT(out && dx && bytes == 1);
    CU_ASSERT_EQUAL(dec(BYTES(0xf3, 0x6e), 2, &i), 2); /* rep outsb */
    CU_ASSERT(x86_insn_port_io(&i, &out, &string, &dx, &bytes));
    CU_ASSERT(out && string && bytes == 1 && i.rep == 0xf3);
    CU_ASSERT_EQUAL(dec(BYTES(0x6d), 1, &i), 1); /* insl */
    CU_ASSERT(x86_insn_port_io(&i, &out, &string, &dx, &bytes));
    CU_ASSERT(!out && string && bytes == 4);
    CU_ASSERT_EQUAL(dec(BYTES(0x90), 1, &i), 1);
    CU_ASSERT(!x86_insn_port_io(&i, &out, &string, &dx, &bytes));
    /* 0f e6 is cvtdq2pd, not an out */
    CU_ASSERT_EQUAL(dec(BYTES(0xf3, 0x0f, 0xe6, 0xc1), 4, &i), 4);
    CU_ASSERT(!x86_insn_port_io(&i, &out, &string, &dx, &bytes));
}

static void test_invalid_and_truncated(void)
{
    struct x86_insn i;

    CU_ASSERT_EQUAL(dec(BYTES(0x06), 1, &i), -EINVAL); /* push %es */
    CU_ASSERT_EQUAL(dec(BYTES(0xc4, 0xe2, 0x79, 0x18), 4, &i),
                    -EINVAL); /* VEX */
    CU_ASSERT_EQUAL(dec(BYTES(0x62, 0xf1, 0x7c, 0x48), 4, &i),
                    -EINVAL); /* EVEX */
    CU_ASSERT_EQUAL(dec(BYTES(0xea, 0, 0, 0, 0, 0, 0), 7, &i), -EINVAL);
    CU_ASSERT_EQUAL(dec(BYTES(0x0f, 0x0a), 2, &i), -EINVAL);
    CU_ASSERT_EQUAL(dec(BYTES(0x0f, 0x0b), 2, &i), 2); /* ud2 */
    CU_ASSERT_EQUAL(dec(BYTES(0x48), 1, &i), -ENODATA);
    CU_ASSERT_EQUAL(dec(BYTES(0x0f), 1, &i), -ENODATA);
    CU_ASSERT_EQUAL(dec(BYTES(0x8b), 1, &i), -ENODATA);
    CU_ASSERT_EQUAL(dec(BYTES(0x8b, 0x04), 2, &i), -ENODATA);
    CU_ASSERT_EQUAL(dec(BYTES(0x8b, 0x80, 0, 0), 4, &i), -ENODATA);
    CU_ASSERT_EQUAL(dec(BYTES(0xe8, 0, 0), 3, &i), -ENODATA);
    CU_ASSERT_EQUAL(dec(BYTES(0x90), 0, &i), -ENODATA);
}

static void test_mem_segment(void)
{
    struct x86_insn i;

    CU_ASSERT_EQUAL(dec(BYTES(0x48, 0x8b, 0x45, 0xf8), 4, &i), 4);
    CU_ASSERT_EQUAL(x86_insn_mem_segment(&i), X86_SEG_SS); /* -8(%rbp) */
    CU_ASSERT_EQUAL(dec(BYTES(0x3e, 0x48, 0x8b, 0x45, 0x00), 5, &i), 5);
    CU_ASSERT_EQUAL(x86_insn_mem_segment(&i), X86_SEG_DS); /* %ds:(%rbp) */
    CU_ASSERT_EQUAL(dec(BYTES(0x48, 0x8b, 0x04, 0x24), 4, &i), 4);
    CU_ASSERT_EQUAL(x86_insn_mem_segment(&i), X86_SEG_SS); /* (%rsp) */
    CU_ASSERT_EQUAL(dec(BYTES(0x49, 0x8b, 0x04, 0x24), 4, &i), 4);
    CU_ASSERT_EQUAL(x86_insn_mem_segment(&i), X86_SEG_DS); /* (%r12) */
    CU_ASSERT_EQUAL(dec(BYTES(0x48, 0x8b, 0x03), 3, &i), 3);
    CU_ASSERT_EQUAL(x86_insn_mem_segment(&i), X86_SEG_DS); /* (%rbx) */
    CU_ASSERT_EQUAL(dec(BYTES(0x8b, 0x04, 0x25, 0, 0, 0, 0), 7, &i), 7);
    CU_ASSERT_EQUAL(x86_insn_mem_segment(&i), X86_SEG_DS); /* absolute */
    CU_ASSERT_EQUAL(dec(BYTES(0x64, 0x48, 0x8b, 0x04, 0x24), 5, &i), 5);
    CU_ASSERT_EQUAL(x86_insn_mem_segment(&i), X86_SEG_FS);
    CU_ASSERT_EQUAL(dec(BYTES(0x48, 0x89, 0xc3), 3, &i), 3);
    CU_ASSERT_EQUAL(x86_insn_mem_segment(&i), X86_SEG_NONE); /* registers */
}

static void test_privileged(void)
{
    struct x86_insn i;

    CU_ASSERT_EQUAL(dec(BYTES(0x0f, 0x20, 0xd8), 3, &i), 3); /* mov %cr3 */
    CU_ASSERT(x86_insn_is(&i, 2, 0x20) && i.modrm_reg == 3 && i.modrm_rm == 0);
    CU_ASSERT_EQUAL(dec(BYTES(0x41, 0x0f, 0x22, 0xc7), 4, &i), 4);
    CU_ASSERT(i.modrm_reg == 0 && i.modrm_rm == 15); /* mov %r15,%cr0 */
    CU_ASSERT_EQUAL(dec(BYTES(0x0f, 0x23, 0xf8), 3, &i), 3); /* mov %rax,%dr7 */
    CU_ASSERT(x86_insn_is(&i, 2, 0x23) && i.modrm_reg == 7);
    CU_ASSERT_EQUAL(dec(BYTES(0x0f, 0x06), 2, &i), 2); /* clts */
    CU_ASSERT_EQUAL(dec(BYTES(0x0f, 0x09), 2, &i), 2); /* wbinvd */
    CU_ASSERT_EQUAL(dec(BYTES(0x0f, 0x32), 2, &i), 2); /* rdmsr */
    CU_ASSERT_EQUAL(dec(BYTES(0xf4), 1, &i), 1); /* hlt */
    CU_ASSERT_EQUAL(dec(BYTES(0xcd, 0x80), 2, &i), 2); /* int $0x80 */
    CU_ASSERT(x86_insn_is(&i, 1, 0xcd) && i.imm == 0x80);
    CU_ASSERT_EQUAL(dec(BYTES(0xff, 0x1c, 0x24), 3, &i), 3); /* lcall *(%rsp) */
    CU_ASSERT(x86_insn_is(&i, 1, 0xff) && (i.modrm_reg & 7) == 3);
}

/* Every byte string decodes or fails cleanly, within 15 bytes. */
static void test_random_bytes(void)
{
    uint8_t buf[32];
    unsigned int n, k;
    uint32_t seed = 12345;

    for ( n = 0; n < 200000; n++ )
    {
        struct x86_insn i;
        int rc;

        for ( k = 0; k < sizeof(buf); k++ )
        {
            seed = seed * 1103515245 + 12345;
            buf[k] = seed >> 16;
        }
        rc = x86_decode(buf, 1 + (n % sizeof(buf)), &i);
        CU_ASSERT(rc == 0 || rc == -EINVAL || rc == -ENODATA);
        if ( !rc )
            CU_ASSERT(i.len >= 1 && i.len <= X86_MAX_INSN_LEN &&
                      i.len <= 1 + (n % sizeof(buf)));
    }
}

static const struct unit_case cases[] = {
    { "lengths", test_lengths },
    { "modrm forms", test_modrm_forms },
    { "prefixes", test_prefixes },
    { "port I/O", test_port_io },
    { "invalid and truncated", test_invalid_and_truncated },
    { "memory operand segment", test_mem_segment },
    { "privileged instructions", test_privileged },
    { "random bytes", test_random_bytes },
};

UNIT_MAIN("x86_decode", cases)
