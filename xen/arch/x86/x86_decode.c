/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * x86_decode.c: instruction decoding for the emulators (asm/x86_decode.h).
 * 64-bit mode only: guest code always runs in long mode here. The opcode
 * tables below give, for each opcode of the one-byte and 0x0f maps,
 * whether it takes a ModRM byte and what immediate follows, from the
 * opcode maps of the Intel SDM (volume 2, appendix A).
 */
#include <errno.h>
#include <string.h>

#include <asm/x86_decode.h>

/* Immediate kinds. */
enum imm_kind {
    IMM_NONE,
    IMM_B, /* 1 byte */
    IMM_W, /* 2 bytes */
    IMM_Z, /* 2 with 0x66, else 4 */
    IMM_V, /* 8 with REX.W, 2 with 0x66, else 4 (mov reg, imm) */
    IMM_D, /* 4 bytes (rel32) */
    IMM_MOFFS, /* address size: 8, or 4 with 0x67 */
    IMM_WB, /* enter: 2 + 1 */
    IMM_GRP3, /* F6/F7: test (reg 0/1) has ib/iz, the others none */
};

enum opcode_flags {
    F_MODRM = 1 << 4,
    F_INVALID = 1 << 5, /* invalid in 64-bit mode, or not supported */
    F_PREFIX = 1 << 6,
};

#define M F_MODRM
#define X F_INVALID
#define P F_PREFIX

/* One-byte map: flags | imm_kind. */
static const uint8_t map1[256] = {
    /* 00 */ M,
    M,
    M,
    M,
    IMM_B,
    IMM_Z,
    X,
    X,
    /* 08 */ M,
    M,
    M,
    M,
    IMM_B,
    IMM_Z,
    X,
    0 /* 0f: escape */,
    /* 10 */ M,
    M,
    M,
    M,
    IMM_B,
    IMM_Z,
    X,
    X,
    /* 18 */ M,
    M,
    M,
    M,
    IMM_B,
    IMM_Z,
    X,
    X,
    /* 20 */ M,
    M,
    M,
    M,
    IMM_B,
    IMM_Z,
    P,
    X,
    /* 28 */ M,
    M,
    M,
    M,
    IMM_B,
    IMM_Z,
    P,
    X,
    /* 30 */ M,
    M,
    M,
    M,
    IMM_B,
    IMM_Z,
    P,
    X,
    /* 38 */ M,
    M,
    M,
    M,
    IMM_B,
    IMM_Z,
    P,
    X,
    /* 40 */ P,
    P,
    P,
    P,
    P,
    P,
    P,
    P,
    P,
    P,
    P,
    P,
    P,
    P,
    P,
    P, /* REX */
    /* 50 */ 0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    /* 60 */ X,
    X,
    X /* EVEX */,
    M,
    P,
    P,
    P,
    P,
    /* 68 */ IMM_Z,
    M | IMM_Z,
    IMM_B,
    M | IMM_B,
    0,
    0,
    0,
    0,
    /* 70 */ IMM_B,
    IMM_B,
    IMM_B,
    IMM_B,
    IMM_B,
    IMM_B,
    IMM_B,
    IMM_B,
    /* 78 */ IMM_B,
    IMM_B,
    IMM_B,
    IMM_B,
    IMM_B,
    IMM_B,
    IMM_B,
    IMM_B,
    /* 80 */ M | IMM_B,
    M | IMM_Z,
    X,
    M | IMM_B,
    M,
    M,
    M,
    M,
    /* 88 */ M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    /* 90 */ 0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    X,
    0,
    0,
    0,
    0,
    0,
    /* a0 */ IMM_MOFFS,
    IMM_MOFFS,
    IMM_MOFFS,
    IMM_MOFFS,
    0,
    0,
    0,
    0,
    /* a8 */ IMM_B,
    IMM_Z,
    0,
    0,
    0,
    0,
    0,
    0,
    /* b0 */ IMM_B,
    IMM_B,
    IMM_B,
    IMM_B,
    IMM_B,
    IMM_B,
    IMM_B,
    IMM_B,
    /* b8 */ IMM_V,
    IMM_V,
    IMM_V,
    IMM_V,
    IMM_V,
    IMM_V,
    IMM_V,
    IMM_V,
    /* c0 */ M | IMM_B,
    M | IMM_B,
    IMM_W,
    0,
    X /* VEX */,
    X /* VEX */,
    /* c6 */ M | IMM_B,
    M | IMM_Z,
    /* c8 */ IMM_WB,
    0,
    IMM_W,
    0,
    0,
    IMM_B,
    X,
    0,
    /* d0 */ M,
    M,
    M,
    M,
    X,
    X,
    X,
    0,
    /* d8 */ M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    /* e0 */ IMM_B,
    IMM_B,
    IMM_B,
    IMM_B,
    IMM_B,
    IMM_B,
    IMM_B,
    IMM_B,
    /* e8 */ IMM_D,
    IMM_D,
    X,
    IMM_B,
    0,
    0,
    0,
    0,
    /* f0 */ P,
    0,
    P,
    P,
    0,
    0,
    M | IMM_GRP3,
    M | IMM_GRP3,
    /* f8 */ 0,
    0,
    0,
    0,
    0,
    0,
    M,
    M,
};

/* The 0x0f map. */
static const uint8_t map2[256] = {
    /* 00 */ M,
    M,
    M,
    M,
    X,
    0,
    0,
    0,
    /* 08 */ 0,
    0,
    X,
    0,
    X,
    M,
    0,
    M | IMM_B /* 3DNow! suffix */,
    /* 10 */ M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    /* 20 */ M,
    M,
    M,
    M,
    X,
    X,
    X,
    X,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    /* 30 */ 0,
    0,
    0,
    0,
    0,
    0,
    X,
    0,
    /* 38 */ 0 /* three-byte */,
    X,
    0 /* three-byte */,
    X,
    X,
    X,
    X,
    X,
    /* 40 */ M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    /* 50 */ M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    /* 60 */ M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    /* 70 */ M | IMM_B,
    M | IMM_B,
    M | IMM_B,
    M | IMM_B,
    M,
    M,
    M,
    0,
    /* 78 */ M,
    M,
    X,
    X,
    M,
    M,
    M,
    M,
    /* 80 */ IMM_D,
    IMM_D,
    IMM_D,
    IMM_D,
    IMM_D,
    IMM_D,
    IMM_D,
    IMM_D,
    /* 88 */ IMM_D,
    IMM_D,
    IMM_D,
    IMM_D,
    IMM_D,
    IMM_D,
    IMM_D,
    IMM_D,
    /* 90 */ M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    /* a0 */ 0,
    0,
    0,
    M,
    M | IMM_B,
    M,
    X,
    X,
    /* a8 */ 0,
    0,
    0,
    M,
    M | IMM_B,
    M,
    M,
    M,
    /* b0 */ M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    /* b8 */ M,
    M,
    M | IMM_B,
    M,
    M,
    M,
    M,
    M,
    /* c0 */ M,
    M,
    M | IMM_B,
    M,
    M | IMM_B,
    M | IMM_B,
    M | IMM_B,
    M,
    /* c8 */ 0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    /* d0 */ M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    /* e0 */ M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    /* f0 */ M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    M,
    X,
};

#undef M
#undef X
#undef P

#define IMM_KIND(f) ((f)&0x0f)

struct cursor {
    const uint8_t *bytes;
    unsigned int avail, pos;
};

/* Next byte, or -1 past the end of what may be read. */
static int next_byte(struct cursor *c)
{
    if ( c->pos >= c->avail || c->pos >= X86_MAX_INSN_LEN )
        return -1;
    return c->bytes[c->pos++];
}

/* Read n little-endian bytes; false past the end. */
static bool read_le(struct cursor *c, unsigned int n, uint64_t *val)
{
    unsigned int i;

    *val = 0;
    for ( i = 0; i < n; i++ )
    {
        int b = next_byte(c);

        if ( b < 0 )
            return false;
        *val |= (uint64_t)b << (8 * i);
    }
    return true;
}

static bool legacy_prefix(struct x86_insn *insn, uint8_t b)
{
    switch ( b )
    {
    case 0x26:
        insn->seg_override = X86_SEG_ES;
        return true;
    case 0x2e:
        insn->seg_override = X86_SEG_CS;
        return true;
    case 0x36:
        insn->seg_override = X86_SEG_SS;
        return true;
    case 0x3e:
        insn->seg_override = X86_SEG_DS;
        return true;
    case 0x64:
        insn->seg_override = X86_SEG_FS;
        return true;
    case 0x65:
        insn->seg_override = X86_SEG_GS;
        return true;
    case 0x66:
        insn->opsize_16 = true;
        return true;
    case 0x67:
        insn->addrsize_32 = true;
        return true;
    case 0xf0:
        insn->lock = true;
        return true;
    case 0xf2:
    case 0xf3:
        insn->rep = b;
        return true;
    default:
        return false;
    }
}

/*
 * Prefixes, then the opcode byte(s). A REX prefix counts only if it comes
 * last, right before the opcode, as the SDM says.
 */
static int decode_opcode(struct cursor *c, struct x86_insn *insn,
                         uint8_t *flags)
{
    int b;

    for ( ;; )
    {
        if ( (b = next_byte(c)) < 0 )
            return -ENODATA;
        if ( b >= 0x40 && b <= 0x4f )
        {
            insn->rex = b;
            continue;
        }
        if ( !legacy_prefix(insn, b) )
            break;
        insn->rex = 0; /* a legacy prefix after REX cancels it */
    }
    insn->map = 1;
    insn->opcode = b;
    *flags = map1[b];
    if ( b != 0x0f )
        return 0;

    if ( (b = next_byte(c)) < 0 )
        return -ENODATA;
    insn->map = 2;
    insn->opcode = b;
    *flags = map2[b];
    if ( b != 0x38 && b != 0x3a )
        return 0;

    /* Three-byte maps: all take ModRM; 0f 3a also an imm8. */
    *flags = F_MODRM | (b == 0x3a ? IMM_B : IMM_NONE);
    if ( (b = next_byte(c)) < 0 )
        return -ENODATA;
    insn->map = 3;
    insn->opcode = b;
    return 0;
}

static int decode_modrm(struct cursor *c, struct x86_insn *insn)
{
    unsigned int disp_len = 0;
    uint64_t disp;
    int b = next_byte(c);

    if ( b < 0 )
        return -ENODATA;
    insn->has_modrm = true;
    insn->modrm_mod = b >> 6;
    insn->modrm_reg = ((b >> 3) & 7) | (insn->rex & 4 ? 8 : 0);
    insn->modrm_rm = (b & 7) | (insn->rex & 1 ? 8 : 0);
    if ( insn->modrm_mod == 3 )
        return 0;

    if ( (b & 7) == 4 )
    {
        int s = next_byte(c);

        if ( s < 0 )
            return -ENODATA;
        insn->has_sib = true;
        insn->sib = s;
        if ( insn->modrm_mod == 0 && (s & 7) == 5 )
            disp_len = 4;
    }
    else if ( insn->modrm_mod == 0 && (b & 7) == 5 )
    {
        insn->rip_relative = true;
        disp_len = 4;
    }
    if ( insn->modrm_mod == 1 )
        disp_len = 1;
    else if ( insn->modrm_mod == 2 )
        disp_len = 4;
    if ( !read_le(c, disp_len, &disp) )
        return -ENODATA;
    insn->disp = disp_len == 1 ? (int8_t)disp : (int32_t)disp;
    return 0;
}

static unsigned int imm_length(const struct x86_insn *insn, unsigned int kind)
{
    switch ( kind )
    {
    case IMM_B:
        return 1;
    case IMM_W:
        return 2;
    case IMM_Z:
        return insn->opsize_16 ? 2 : 4;
    case IMM_V:
        return insn->rex & 8 ? 8 : insn->opsize_16 ? 2 : 4;
    case IMM_D:
        return 4;
    case IMM_MOFFS:
        return insn->addrsize_32 ? 4 : 8;
    case IMM_WB:
        return 3;
    case IMM_GRP3:
        if ( (insn->modrm_reg & 7) > 1 )
            return 0;
        return insn->opcode == 0xf6 ? 1 : imm_length(insn, IMM_Z);
    default:
        return 0;
    }
}

int x86_decode(const uint8_t *bytes, unsigned int avail, struct x86_insn *insn)
{
    struct cursor c = { .bytes = bytes, .avail = avail };
    uint8_t flags;
    int rc;

    memset(insn, 0, sizeof(*insn));
    if ( (rc = decode_opcode(&c, insn, &flags)) )
        return rc;
    if ( flags & (F_INVALID | F_PREFIX) )
        return -EINVAL;
    insn->op_bytes = insn->rex & 8 ? 8 : insn->opsize_16 ? 2 : 4;
    if ( (flags & F_MODRM) && (rc = decode_modrm(&c, insn)) )
        return rc;
    insn->imm_len = imm_length(insn, IMM_KIND(flags));
    if ( !read_le(&c, insn->imm_len, &insn->imm) )
        return -ENODATA;
    insn->len = c.pos;
    return 0;
}

bool x86_insn_port_io(const struct x86_insn *i, bool *out, bool *string,
                      bool *port_in_dx, unsigned int *bytes)
{
    uint8_t op = i->opcode;

    if ( i->map != 1 )
        return false;
    if ( op >= 0xe4 && op <= 0xe7 )
        *port_in_dx = false;
    else if ( (op >= 0xec && op <= 0xef) || (op >= 0x6c && op <= 0x6f) )
        *port_in_dx = true;
    else
        return false;
    *string = op >= 0x6c && op <= 0x6f;
    *out = *string ? op >= 0x6e : (op & 2) != 0;
    /* Odd opcodes move a word or dword (I/O has no 64-bit form). */
    *bytes = !(op & 1) ? 1 : i->opsize_16 ? 2 : 4;
    return true;
}

enum x86_segment x86_insn_mem_segment(const struct x86_insn *i)
{
    unsigned int base;

    if ( !i->has_modrm || i->modrm_mod == 3 )
        return X86_SEG_NONE;
    if ( i->seg_override )
        return i->seg_override;
    if ( i->rip_relative )
        return X86_SEG_DS;
    if ( i->has_sib )
    {
        base = (i->sib & 7) | (i->rex & 1 ? 8 : 0);
        if ( (i->sib & 7) == 5 && i->modrm_mod == 0 )
            return X86_SEG_DS; /* no base: disp32 */
    }
    else
        base = i->modrm_rm;
    return base == 4 || base == 5 ? X86_SEG_SS : X86_SEG_DS;
}
