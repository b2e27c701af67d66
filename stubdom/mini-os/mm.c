/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mm.c: memory. Pages after the boot region (everything the builder
 * mapped: kernel, p2m, start_info, rings, page tables, stack, slack) up
 * to the end of the boot mapping are handed out by a page allocator;
 * malloc is a first-fit allocator with a free list on top of it.
 */
#include <mini-os/os.h>

extern char _end[];

static uintptr_t heap_next, heap_end;

struct chunk {
    size_t size; /* bytes after the header */
    struct chunk *next; /* free list */
};

static struct chunk *free_list;

void mm_init(void)
{
    /* The boot mapping covers at least up to the end of the stack page. */
    uintptr_t pt_end = start_info.pt_base + start_info.nr_pt_frames * PAGE_SIZE;
    uintptr_t mapped_end =
        (pt_end + PAGE_SIZE + (512UL << 10) + (4UL << 20) - 1) &
        ~((4UL << 20) - 1);
    uintptr_t ram_end = VIRT_BASE + start_info.nr_pages * PAGE_SIZE;

    heap_next = pt_end + PAGE_SIZE; /* past the boot stack */
    heap_end = mapped_end < ram_end ? mapped_end : ram_end;
    if ( heap_next < (uintptr_t)_end )
        heap_next = ((uintptr_t)_end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

void *alloc_page(void)
{
    void *p;

    if ( heap_next + PAGE_SIZE > heap_end )
        return NULL;
    p = (void *)heap_next;
    heap_next += PAGE_SIZE;
    memset(p, 0, PAGE_SIZE);
    return p;
}

unsigned long virt_to_mfn(const void *va)
{
    return ((uintptr_t)va - VIRT_BASE) >> 12;
}

static struct chunk *grow(size_t size)
{
    size_t bytes =
        (sizeof(struct chunk) + size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    struct chunk *c;

    if ( heap_next + bytes > heap_end )
        return NULL;
    c = (struct chunk *)heap_next;
    heap_next += bytes;
    c->size = bytes - sizeof(*c);
    return c;
}

void *malloc(size_t size)
{
    struct chunk **pp, *c;

    size = (size + 15) & ~15UL;
    for ( pp = &free_list; *pp; pp = &(*pp)->next )
        if ( (*pp)->size >= size )
        {
            c = *pp;
            *pp = c->next;
            return c + 1;
        }
    c = grow(size);
    return c ? c + 1 : NULL;
}

void free(void *p)
{
    struct chunk *c;

    if ( !p )
        return;
    c = (struct chunk *)p - 1;
    c->next = free_list;
    free_list = c;
}

void *calloc(size_t n, size_t size)
{
    void *p;

    if ( size && n > (size_t)-1 / size )
        return NULL;
    p = malloc(n * size);
    if ( p )
        memset(p, 0, n * size);
    return p;
}

void *realloc(void *p, size_t size)
{
    struct chunk *c;
    void *q;

    if ( !p )
        return malloc(size);
    c = (struct chunk *)p - 1;
    if ( c->size >= size )
        return p;
    q = malloc(size);
    if ( q )
    {
        memcpy(q, p, c->size);
        free(p);
    }
    return q;
}
