/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * asm/x86_decode.h: a small decoder for 64-bit mode instructions, enough
 * to find an instruction's length, prefixes, opcode and operands. The
 * hypervisor decodes what a guest kernel (running in ring 3) was doing
 * when it took a #GP or an I/O exit, to emulate it as Xen emulates
 * privileged operations for PV guests. It decodes the whole one- and
 * two-byte opcode maps for length; VEX/EVEX/XOP encodings are refused.
 */
#ifndef X86_DECODE_H
#define X86_DECODE_H

#include <stdbool.h>
#include <stdint.h>

#define X86_MAX_INSN_LEN 15

/* Segment override prefixes, as seg_override holds them. */
enum x86_segment {
    X86_SEG_NONE = 0,
    X86_SEG_ES,
    X86_SEG_CS,
    X86_SEG_SS,
    X86_SEG_DS,
    X86_SEG_FS,
    X86_SEG_GS,
};

struct x86_insn {
    unsigned int len; /* total length in bytes */
    /* Prefixes. */
    bool opsize_16; /* 0x66 */
    bool addrsize_32; /* 0x67 */
    bool lock; /* 0xf0 */
    uint8_t rep; /* 0, 0xf2 or 0xf3 (the last one given) */
    enum x86_segment seg_override;
    uint8_t rex; /* 0 if none */
    /* Opcode: map 1 (one byte), 2 (0x0f xx) or 3 (0x0f 0x38/0x3a xx). */
    unsigned int map;
    uint8_t opcode;
    /* ModRM (when has_modrm), with REX extensions applied to reg/rm. */
    bool has_modrm;
    uint8_t modrm_mod, modrm_reg, modrm_rm;
    bool has_sib;
    uint8_t sib;
    bool rip_relative;
    int32_t disp;
    unsigned int imm_len; /* 0, 1, 2, 4 or 8 */
    uint64_t imm; /* zero-extended */
    /* Operand size for the instruction's main operand: 1, 2, 4 or 8. */
    unsigned int op_bytes;
};

/*
 * Decode the instruction at bytes[0..avail). Returns 0, -EINVAL for an
 * encoding it does not know or that is invalid in 64-bit mode, or
 * -ENODATA if the instruction runs past avail (or past 15 bytes).
 */
int x86_decode(const uint8_t *bytes, unsigned int avail, struct x86_insn *insn);

/* Classes the emulators ask about. */
static inline bool x86_insn_is(const struct x86_insn *i, unsigned int map,
                               uint8_t opcode)
{
    return i->map == map && i->opcode == opcode;
}

/*
 * The segment of the instruction's ModRM memory operand: its override,
 * else SS for an rsp or rbp base, else DS. X86_SEG_NONE if it has none.
 */
enum x86_segment x86_insn_mem_segment(const struct x86_insn *i);

/* in/out/ins/outs: true, with the port width and direction. */
bool x86_insn_port_io(const struct x86_insn *i, bool *out, bool *string,
                      bool *port_in_dx, unsigned int *bytes);

#endif /* X86_DECODE_H */
