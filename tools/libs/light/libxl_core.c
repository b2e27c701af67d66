/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxl_core.c: `xl dump-core`: the domain's memory and vCPU state as an
 * ELF core file in Xen's dump-core format (docs/misc/dump-core-format.txt
 * in Xen): no program headers; sections .note.Xen (the none, header,
 * xen_version and format_version notes), .xen_prstatus (one
 * vcpu_guest_context per vCPU), .xen_p2m ({pfn, gmfn} pairs; here gmfn
 * equals pfn) and .xen_pages (the pages, in .xen_p2m's order).
 *
 * Guest RAM is lazily backed: a page the guest never touched is zero
 * and is left out, as a page the domain does not hold is in Xen's
 * dumps; the domain is paused while it is read.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <public/version.h>

#include "libxl_internal.h"

#define PAGE_SIZE 4096
#define XEN_ELFNOTE_DUMPCORE_NONE 0x2000000
#define XEN_ELFNOTE_DUMPCORE_HEADER 0x2000001
#define XEN_ELFNOTE_DUMPCORE_XEN_VERSION 0x2000002
#define XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION 0x2000003
#define XC_CORE_MAGIC 0xF00FEBED
#define FORMAT_VERSION 0x1 /* (0, 1) */

struct dumpcore_header {
    uint64_t xch_magic, xch_nr_vcpus, xch_nr_pages, xch_page_size;
};

struct dumpcore_xen_version {
    uint64_t major_version, minor_version;
    xen_extraversion_t extra_version;
    xen_compile_info_t compile_info;
    xen_capabilities_info_t capabilities;
    xen_changeset_info_t changeset;
    xen_platform_parameters_t platform_parameters;
    uint64_t pagesize;
};

struct dumpcore_p2m {
    uint64_t pfn, gmfn;
};

struct core {
    FILE *f;
    uint64_t nr_vcpus, nr_pages;
    struct vcpu_guest_context *ctxt;
    struct dumpcore_p2m *p2m;
    const uint8_t *mem;
};

static int put_note(FILE *f, uint32_t type, const void *desc, uint32_t len)
{
    Elf64_Nhdr n = { .n_namesz = 4, .n_descsz = len, .n_type = type };
    static const char pad[4];

    return fwrite(&n, sizeof(n), 1, f) != 1 || fwrite("Xen", 4, 1, f) != 1 ||
                   (len && fwrite(desc, len, 1, f) != 1) ||
                   fwrite(pad, (4 - len % 4) % 4, 1, f) > 1
               ? -1
               : 0;
}

static size_t notes_size(void)
{
    size_t each = sizeof(Elf64_Nhdr) + 4;

    return 4 * each + sizeof(struct dumpcore_header) +
           ((sizeof(struct dumpcore_xen_version) + 3) & ~3UL) +
           sizeof(uint64_t);
}

static int write_notes(libxl_ctx *ctx, struct core *c)
{
    struct dumpcore_header h = { .xch_magic = XC_CORE_MAGIC,
                                 .xch_nr_vcpus = c->nr_vcpus,
                                 .xch_nr_pages = c->nr_pages,
                                 .xch_page_size = PAGE_SIZE };
    struct dumpcore_xen_version v;
    xc_interface *xch = libxl__xch(ctx);
    uint64_t format = FORMAT_VERSION;
    int ver;

    memset(&v, 0, sizeof(v));
    ver = xch ? xc_version(xch, XENVER_version, NULL) : -1;
    if ( ver >= 0 )
    {
        v.major_version = ver >> 16;
        v.minor_version = ver & 0xffff;
        xc_version(xch, XENVER_extraversion, v.extra_version);
        xc_version(xch, XENVER_compile_info, &v.compile_info);
        xc_version(xch, XENVER_capabilities, v.capabilities);
        xc_version(xch, XENVER_changeset, v.changeset);
        xc_version(xch, XENVER_platform_parameters, &v.platform_parameters);
        v.pagesize = PAGE_SIZE;
    }
    return put_note(c->f, XEN_ELFNOTE_DUMPCORE_NONE, NULL, 0) ||
                   put_note(c->f, XEN_ELFNOTE_DUMPCORE_HEADER, &h,
                            sizeof(h)) ||
                   put_note(c->f, XEN_ELFNOTE_DUMPCORE_XEN_VERSION, &v,
                            sizeof(v)) ||
                   put_note(c->f, XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION, &format,
                            sizeof(format))
               ? -1
               : 0;
}

/* The pages the guest has touched, among its first nr. */
static int collect_pages(struct core *c, uint64_t nr)
{
    unsigned char *resident = malloc(nr ? nr : 1);
    uint64_t i;

    if ( !resident )
        return -1;
    if ( mincore((void *)c->mem, nr * PAGE_SIZE, resident) )
        memset(resident, 1, nr); /* cannot tell: take them all */
    c->p2m = calloc(nr ? nr : 1, sizeof(*c->p2m));
    if ( !c->p2m )
    {
        free(resident);
        return -1;
    }
    for ( i = 0; i < nr; i++ )
        if ( resident[i] & 1 )
        {
            c->p2m[c->nr_pages].pfn = i;
            c->p2m[c->nr_pages].gmfn = i;
            c->nr_pages++;
        }
    free(resident);
    return 0;
}

static const char shstrtab[] =
    "\0.shstrtab\0.note.Xen\0.xen_prstatus\0.xen_p2m\0.xen_pages";

/* Offsets of each name in shstrtab. */
enum { NAME_SHSTRTAB = 1, NAME_NOTE = 11, NAME_PRSTATUS = 21, NAME_P2M = 35,
       NAME_PAGES = 44 };

static int write_file(libxl_ctx *ctx, struct core *c)
{
    Elf64_Ehdr eh = { .e_type = ET_CORE,
                      .e_machine = EM_X86_64,
                      .e_version = EV_CURRENT,
                      .e_ehsize = sizeof(Elf64_Ehdr),
                      .e_shentsize = sizeof(Elf64_Shdr),
                      .e_shnum = 6,
                      .e_shstrndx = 1 };
    Elf64_Shdr sh[6];
    uint64_t off = sizeof(eh), i;
    static const char zeros[PAGE_SIZE];

    memcpy(eh.e_ident, ELFMAG, SELFMAG);
    eh.e_ident[EI_CLASS] = ELFCLASS64;
    eh.e_ident[EI_DATA] = ELFDATA2LSB;
    eh.e_ident[EI_VERSION] = EV_CURRENT;
    eh.e_ident[EI_OSABI] = ELFOSABI_SYSV;
    memset(sh, 0, sizeof(sh));
    sh[1] = (Elf64_Shdr){ .sh_name = NAME_SHSTRTAB, .sh_type = SHT_STRTAB,
                          .sh_offset = off, .sh_size = sizeof(shstrtab),
                          .sh_addralign = 1 };
    off += sizeof(shstrtab);
    off = (off + 7) & ~7ULL;
    sh[2] = (Elf64_Shdr){ .sh_name = NAME_NOTE, .sh_type = SHT_NOTE,
                          .sh_offset = off, .sh_size = notes_size(),
                          .sh_addralign = 4 };
    off += notes_size();
    off = (off + 7) & ~7ULL;
    sh[3] = (Elf64_Shdr){ .sh_name = NAME_PRSTATUS, .sh_type = SHT_PROGBITS,
                          .sh_offset = off,
                          .sh_size = c->nr_vcpus * sizeof(*c->ctxt),
                          .sh_entsize = sizeof(*c->ctxt), .sh_addralign = 8 };
    off += sh[3].sh_size;
    sh[4] = (Elf64_Shdr){ .sh_name = NAME_P2M, .sh_type = SHT_PROGBITS,
                          .sh_offset = off,
                          .sh_size = c->nr_pages * sizeof(*c->p2m),
                          .sh_entsize = sizeof(*c->p2m), .sh_addralign = 8 };
    off += sh[4].sh_size;
    off = (off + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
    sh[5] = (Elf64_Shdr){ .sh_name = NAME_PAGES, .sh_type = SHT_PROGBITS,
                          .sh_offset = off, .sh_size = c->nr_pages * PAGE_SIZE,
                          .sh_entsize = PAGE_SIZE,
                          .sh_addralign = PAGE_SIZE };
    off += sh[5].sh_size;
    eh.e_shoff = off;

#define PUT(p, n) (fwrite((p), 1, (n), c->f) != (size_t)(n))
#define PAD_TO(o) PUT(zeros, (o) - (uint64_t)ftell(c->f))
    if ( PUT(&eh, sizeof(eh)) || PUT(shstrtab, sizeof(shstrtab)) ||
         PAD_TO(sh[2].sh_offset) || write_notes(ctx, c) ||
         PAD_TO(sh[3].sh_offset) || PUT(c->ctxt, sh[3].sh_size) ||
         PUT(c->p2m, sh[4].sh_size) || PAD_TO(sh[5].sh_offset) )
        return -1;
    for ( i = 0; i < c->nr_pages; i++ )
        if ( PUT(c->mem + c->p2m[i].pfn * PAGE_SIZE, PAGE_SIZE) )
            return -1;
    if ( PUT(sh, sizeof(sh)) )
        return -1;
#undef PAD_TO
#undef PUT
    return 0;
}

int libxl_domain_core_dump(libxl_ctx *ctx, uint32_t domid,
                           const char *filename)
{
    xc_interface *xch = libxl__xch(ctx);
    struct core c = { 0 };
    struct libxl_dominfo info;
    size_t mem_size = 0;
    bool paused_here = false;
    int rc, fd = -1;
    uint64_t v;

    if ( !xch )
        return ERROR_NO_HYPERVISOR;
    rc = libxl_domain_info(ctx, &info, domid);
    if ( rc )
        return rc;
    if ( domid == 0 )
    {
        LOG(ctx, ERROR, "domain 0 has no guest memory to dump");
        return ERROR_INVAL;
    }
    if ( !info.paused && !info.shutdown && !xc_domain_pause(xch, domid) )
        paused_here = true;
    rc = ERROR_FAIL;
    c.mem = xc_map_foreign_domain(xch, domid, &mem_size);
    if ( !c.mem )
    {
        LOGE(ctx, ERROR, "cannot map the memory of domain %u", domid);
        goto out;
    }
    c.nr_vcpus = info.vcpu_max_id + 1;
    c.ctxt = calloc(c.nr_vcpus, sizeof(*c.ctxt));
    if ( !c.ctxt || collect_pages(&c, mem_size / PAGE_SIZE) )
    {
        rc = ERROR_NOMEM;
        goto out;
    }
    for ( v = 0; v < c.nr_vcpus; v++ )
        xc_vcpu_getcontext(xch, domid, v, &c.ctxt[v]); /* down: zeroes */
    fd = open(filename, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    c.f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if ( !c.f )
    {
        LOGE(ctx, ERROR, "cannot write %s", filename);
        if ( fd >= 0 )
            close(fd);
        goto out;
    }
    if ( write_file(ctx, &c) )
        LOGE(ctx, ERROR, "cannot write %s", filename);
    else
        rc = 0;
    if ( fclose(c.f) && !rc )
    {
        LOGE(ctx, ERROR, "cannot write %s", filename);
        rc = ERROR_FAIL;
    }
out:
    if ( c.mem )
        munmap((void *)c.mem, mem_size);
    if ( paused_here )
        xc_domain_unpause(xch, domid);
    free(c.ctxt);
    free(c.p2m);
    return rc;
}
