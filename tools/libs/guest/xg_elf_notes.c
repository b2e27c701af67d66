/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xg_elf_notes.c: what a PV kernel says about itself, as Xen's loader
 * reads it: ELF notes named "Xen" (XEN_ELFNOTE_*), the legacy
 * "__xen_guest" string ("KEY=value,..."), and the FEATURES syntax
 * ("name|!required_name|..."). Every length comes from the image and is
 * checked before use; strings need no terminating NUL.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include <public/elfnote.h>

#include "xg_private.h"

/* Feature names a FEATURES string may use: those Xen's loader knows. */
static const char *const feature_names[] = {
    [XENFEAT_writable_page_tables] = "writable_page_tables",
    [XENFEAT_writable_descriptor_tables] = "writable_descriptor_tables",
    [XENFEAT_auto_translated_physmap] = "auto_translated_physmap",
    [XENFEAT_supervisor_mode_kernel] = "supervisor_mode_kernel",
    [XENFEAT_pae_pgdir_above_4gb] = "pae_pgdir_above_4gb",
    [XENFEAT_hvm_callback_vector] = "hvm_callback_vector",
    [XENFEAT_dom0] = "dom0",
};
#define NR_FEATURE_NAMES (sizeof(feature_names) / sizeof(feature_names[0]))

const char *xc_feature_name(unsigned int bit)
{
    return bit < NR_FEATURE_NAMES ? feature_names[bit] : NULL;
}

static int feature_bit(const char *name, size_t len)
{
    unsigned int i;

    for ( i = 0; i < NR_FEATURE_NAMES; i++ )
        if ( feature_names[i] && strlen(feature_names[i]) == len &&
             !memcmp(feature_names[i], name, len) )
            return i;
    return -1;
}

/*
 * "a|!b|c": each name is a feature the kernel supports; with '!' one it
 * requires. As Xen: an unknown supported name is ignored, an unknown
 * required one refuses the image.
 */
static int parse_features(const char *s, size_t len, struct xc_elf_image *img,
                          char *err, size_t errlen)
{
    size_t pos = 0;

    while ( pos < len )
    {
        const char *name = s + pos;
        const char *bar = memchr(name, '|', len - pos);
        size_t n = bar ? (size_t)(bar - name) : len - pos;
        int required = n && name[0] == '!';
        int bit = feature_bit(name + required, n - required);

        pos += n + 1;
        if ( bit < 0 )
        {
            if ( required )
                return xg_fail(err, errlen,
                               "FEATURES: unknown required feature '%.*s'",
                               (int)(n - 1), name + 1);
            continue;
        }
        img->f_supported |= 1U << bit;
        if ( required )
            img->f_required |= 1U << bit;
    }
    return 0;
}

int xc_elf_check_features(const struct xc_elf_image *img, uint32_t offered,
                          char *err, size_t errlen)
{
    uint32_t missing = img->f_required & ~offered;
    unsigned int bit;

    if ( !missing )
        return 0;
    bit = __builtin_ctz(missing);
    return xg_fail(err, errlen,
                   "the kernel requires feature '%s' (XENFEAT bit %u), which "
                   "this hypervisor does not offer a PV guest",
                   xc_feature_name(bit) ? xc_feature_name(bit) : "?", bit);
}

/* A string of at most len bytes (no NUL needed) into a field of dstlen. */
static void copy_string(char *dst, size_t dstlen, const void *src, size_t len)
{
    size_t n = strnlen(src, len);

    if ( n > dstlen - 1 )
        n = dstlen - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* Numbers are 1, 2, 4 or 8 bytes, little-endian (Xen's notes). */
static int note_number(uint32_t type, const uint8_t *desc, uint32_t len,
                       uint64_t *v, char *err, size_t errlen)
{
    if ( len != 1 && len != 2 && len != 4 && len != 8 )
        return xg_fail(err, errlen, "Xen note %u has a bad size (%u bytes)",
                       type, len);
    *v = 0;
    memcpy(v, desc, len);
    return 0;
}

static int apply_string_note(struct xc_elf_image *img, uint32_t type,
                             const uint8_t *desc, uint32_t len, char *err,
                             size_t errlen)
{
    switch ( type )
    {
    case XEN_ELFNOTE_GUEST_OS:
        copy_string(img->guest_os, sizeof(img->guest_os), desc, len);
        return 0;
    case XEN_ELFNOTE_GUEST_VERSION:
        copy_string(img->guest_version, sizeof(img->guest_version), desc, len);
        return 0;
    case XEN_ELFNOTE_XEN_VERSION:
        copy_string(img->xen_version, sizeof(img->xen_version), desc, len);
        return 0;
    case XEN_ELFNOTE_LOADER:
        copy_string(img->loader, sizeof(img->loader), desc, len);
        return 0;
    case XEN_ELFNOTE_PAE_MODE:
        copy_string(img->pae_mode, sizeof(img->pae_mode), desc, len);
        return 0;
    case XEN_ELFNOTE_FEATURES:
        return parse_features((const char *)desc,
                              strnlen((const char *)desc, len), img, err,
                              errlen);
    default: /* BSD_SYMTAB and the notes this loader does not know */
        return 0;
    }
}

static int apply_array_note(struct xc_elf_image *img, uint32_t type,
                            const uint8_t *desc, uint32_t len, char *err,
                            size_t errlen)
{
    uint32_t words;

    if ( type == XEN_ELFNOTE_SUPPORTED_FEATURES )
    {
        /* A bitmap of 32-bit submaps; this hypervisor has submap 0. */
        if ( len < 4 || len % 4 )
            return xg_fail(err, errlen,
                           "SUPPORTED_FEATURES note has a bad size (%u "
                           "bytes)",
                           len);
        memcpy(&words, desc, 4);
        img->f_supported |= words;
        return 0;
    }
    /* L1_MFN_VALID: a mask and a value, 8 bytes each (one or both). */
    if ( len != 8 && len != 16 )
        return xg_fail(err, errlen,
                       "L1_MFN_VALID note has a bad size (%u bytes)", len);
    memcpy(img->l1_mfn_valid, desc, len);
    return 0;
}

static int apply_number_note(struct xc_elf_image *img, uint32_t type,
                             const uint8_t *desc, uint32_t len, char *err,
                             size_t errlen)
{
    uint64_t v;

    if ( note_number(type, desc, len, &v, err, errlen) )
        return -1;
    switch ( type )
    {
    case XEN_ELFNOTE_ENTRY:
        img->entry = v;
        break;
    case XEN_ELFNOTE_HYPERCALL_PAGE:
        img->hypercall_page = v;
        break;
    case XEN_ELFNOTE_VIRT_BASE:
        img->virt_base = v;
        break;
    case XEN_ELFNOTE_PADDR_OFFSET:
        img->paddr_offset = v;
        break;
    case XEN_ELFNOTE_HV_START_LOW:
        img->hv_start_low = v;
        break;
    case XEN_ELFNOTE_INIT_P2M:
        img->p2m_base = v;
        break;
    case XEN_ELFNOTE_MOD_START_PFN:
        img->unmapped_ramdisk = v != 0;
        break;
    case XEN_ELFNOTE_SUSPEND_CANCEL:
        img->suspend_cancel = v != 0;
        break;
    case XEN_ELFNOTE_PHYS32_ENTRY:
        img->phys32_entry = v;
        break;
    }
    return 0;
}

static int apply_note(struct xc_elf_image *img, uint32_t type,
                      const uint8_t *desc, uint32_t len, char *err,
                      size_t errlen)
{
    if ( type < 32 )
        img->notes_seen |= 1U << type;
    switch ( type )
    {
    case XEN_ELFNOTE_ENTRY:
    case XEN_ELFNOTE_HYPERCALL_PAGE:
    case XEN_ELFNOTE_VIRT_BASE:
    case XEN_ELFNOTE_PADDR_OFFSET:
    case XEN_ELFNOTE_HV_START_LOW:
    case XEN_ELFNOTE_INIT_P2M:
    case XEN_ELFNOTE_MOD_START_PFN:
    case XEN_ELFNOTE_SUSPEND_CANCEL:
    case XEN_ELFNOTE_PHYS32_ENTRY:
        return apply_number_note(img, type, desc, len, err, errlen);
    case XEN_ELFNOTE_SUPPORTED_FEATURES:
    case XEN_ELFNOTE_L1_MFN_VALID:
        return apply_array_note(img, type, desc, len, err, errlen);
    default:
        return apply_string_note(img, type, desc, len, err, errlen);
    }
}

#define ALIGN4(x) (((uint64_t)(x) + 3) & ~3ULL)

int xg_parse_note_block(struct xc_elf_image *img, const uint8_t *p,
                        uint64_t len, unsigned int *total, unsigned int *found,
                        char *err, size_t errlen)
{
    uint64_t pos = 0;

    while ( pos < len )
    {
        Elf64_Nhdr nh;
        uint64_t name_off, desc_off, next;

        if ( len - pos < sizeof(nh) )
            return xg_fail(err, errlen, "truncated ELF note header");
        if ( ++*total > XG_MAX_NOTES )
            return xg_fail(err, errlen, "more than %u ELF notes", XG_MAX_NOTES);
        memcpy(&nh, p + pos, sizeof(nh));
        name_off = pos + sizeof(nh);
        desc_off = name_off + ALIGN4(nh.n_namesz);
        next = desc_off + ALIGN4(nh.n_descsz);
        if ( desc_off > len || next > len )
            return xg_fail(err, errlen, "ELF note runs past its segment");
        if ( nh.n_namesz == 4 && !memcmp(p + name_off, "Xen", 4) )
        {
            if ( apply_note(img, nh.n_type, p + desc_off, nh.n_descsz, err,
                            errlen) )
                return -1;
            ++*found;
        }
        pos = next;
    }
    return 0;
}

/* A number in a "__xen_guest" value, all of it (C syntax, as strtoull). */
static int guest_number(const char *key, const char *value, uint64_t *v,
                        char *err, size_t errlen)
{
    char *end;

    *v = strtoull(value, &end, 0);
    if ( !*value || *end )
        return xg_fail(err, errlen, "__xen_guest: bad number %s='%s'", key,
                       value);
    return 0;
}

/* One KEY=value of a "__xen_guest" string; unknown keys are ignored. */
static int apply_guest_key(struct xc_elf_image *img, const char *key,
                           const char *value, uint64_t *hypercall_pfn,
                           char *err, size_t errlen)
{
    static const struct {
        const char *key;
        uint32_t type;
    } keys[] = {
        { "LOADER", XEN_ELFNOTE_LOADER },
        { "GUEST_OS", XEN_ELFNOTE_GUEST_OS },
        { "GUEST_VER", XEN_ELFNOTE_GUEST_VERSION },
        { "XEN_VER", XEN_ELFNOTE_XEN_VERSION },
        { "PAE", XEN_ELFNOTE_PAE_MODE },
        { "FEATURES", XEN_ELFNOTE_FEATURES },
        { "VIRT_BASE", XEN_ELFNOTE_VIRT_BASE },
        { "VIRT_ENTRY", XEN_ELFNOTE_ENTRY },
        { "ELF_PADDR_OFFSET", XEN_ELFNOTE_PADDR_OFFSET },
        { "HYPERCALL_PAGE", XEN_ELFNOTE_HYPERCALL_PAGE },
    };
    unsigned int i;
    uint64_t v;

    for ( i = 0; i < sizeof(keys) / sizeof(keys[0]); i++ )
        if ( !strcmp(key, keys[i].key) )
            break;
    if ( i == sizeof(keys) / sizeof(keys[0]) )
        return 0;
    img->notes_seen |= 1U << keys[i].type;
    switch ( keys[i].type )
    {
    case XEN_ELFNOTE_VIRT_BASE:
    case XEN_ELFNOTE_ENTRY:
    case XEN_ELFNOTE_PADDR_OFFSET:
        if ( guest_number(key, value, &v, err, errlen) )
            return -1;
        return apply_number_note(img, keys[i].type, (const uint8_t *)&v, 8, err,
                                 errlen);
    case XEN_ELFNOTE_HYPERCALL_PAGE:
        /* A frame number here, relative to VIRT_BASE. */
        if ( guest_number(key, value, hypercall_pfn, err, errlen) )
            return -1;
        if ( *hypercall_pfn >> 52 )
            return xg_fail(err, errlen, "__xen_guest: bad HYPERCALL_PAGE");
        return 0;
    default:
        return apply_string_note(img, keys[i].type, (const uint8_t *)value,
                                 strlen(value), err, errlen);
    }
}

int xg_parse_xen_guest(struct xc_elf_image *img, const uint8_t *s, uint64_t len,
                       char *err, size_t errlen)
{
    uint64_t pos = 0, hypercall_pfn = XC_UNSET_ADDR;

    len = strnlen((const char *)s, len);
    while ( pos < len )
    {
        /* Keys and values are cut at Xen's lengths (31 and 127). */
        char key[32] = "", value[128] = "";
        const char *item = (const char *)s + pos;
        const char *comma = memchr(item, ',', len - pos);
        size_t n = comma ? (size_t)(comma - item) : len - pos;
        const char *eq = memchr(item, '=', n);
        size_t klen = eq ? (size_t)(eq - item) : n;

        copy_string(key, sizeof(key), item, klen);
        if ( eq )
            copy_string(value, sizeof(value), eq + 1, n - klen - 1);
        pos += n + 1;
        if ( apply_guest_key(img, key, value, &hypercall_pfn, err, errlen) )
            return -1;
    }
    if ( hypercall_pfn != XC_UNSET_ADDR )
        img->hypercall_page =
            (hypercall_pfn << XG_PAGE_SHIFT) +
            (img->virt_base != XC_UNSET_ADDR ? img->virt_base : 0);
    return 0;
}
