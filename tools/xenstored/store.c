/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * store.c: the committed xenstore tree: nodes in a hash table by path,
 * each with its value, permissions, child names and a generation that
 * changes whenever the node, its permissions or its set of children
 * change (transactions compare generations to find conflicts). Also the
 * path and permission-string helpers.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

#define HASH_SIZE 16384

static struct node *table[HASH_SIZE];
static uint64_t generation_counter;

uint64_t store_next_generation(void)
{
    return ++generation_counter;
}

static unsigned int hash_path(const char *p)
{
    unsigned int h = 5381;

    while ( *p )
        h = h * 33 + (unsigned char)*p++;
    return h % HASH_SIZE;
}

struct node *store_lookup(const char *path)
{
    struct node *n;

    for ( n = table[hash_path(path)]; n; n = n->hash_next )
        if ( !strcmp(n->path, path) )
            return n;
    return NULL;
}

/* ---- paths ---- */

static bool path_char_ok(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '/' || c == '_' ||
           c == '@' || c == '.';
}

bool path_valid(const char *path)
{
    size_t len = strlen(path), i;

    if ( len == 0 || len > XENSTORE_ABS_PATH_MAX || path[0] != '/' )
        return false;
    if ( len > 1 && path[len - 1] == '/' )
        return false;
    for ( i = 0; i < len; i++ )
        if ( !path_char_ok(path[i]) || (path[i] == '/' && path[i + 1] == '/') )
            return false;
    return true;
}

bool path_is_below(const char *path, const char *top)
{
    size_t n = strlen(top);

    if ( !strcmp(top, "/") )
        return path[0] == '/';
    return !strncmp(path, top, n) && (path[n] == '\0' || path[n] == '/');
}

char *path_parent(const char *path)
{
    const char *slash = strrchr(path, '/');

    if ( slash == path )
        return strdup("/");
    return strndup(path, slash - path);
}

const char *path_basename(const char *path)
{
    return strrchr(path, '/') + 1;
}

/* ---- permissions ---- */

static int perm_char(char c)
{
    switch ( c )
    {
    case 'n':
        return XS_PERM_NONE;
    case 'r':
        return XS_PERM_READ;
    case 'w':
        return XS_PERM_WRITE;
    case 'b':
        return XS_PERM_BOTH;
    default:
        return -1;
    }
}

int perms_parse(const char *strings, unsigned int len, struct xs_perm **out,
                unsigned int *n)
{
    struct xs_perm *p = NULL;
    unsigned int count = 0, off = 0;

    while ( off < len )
    {
        const char *s = strings + off;
        size_t l = strnlen(s, len - off);
        char digits[16], *end;
        unsigned long id;
        int bits;

        if ( l < 2 || l - 1 >= sizeof(digits) || (bits = perm_char(s[0])) < 0 )
            goto bad;
        memcpy(digits, s + 1, l - 1);
        digits[l - 1] = '\0';
        id = strtoul(digits, &end, 10);
        if ( *end || id > 0xffff || !(digits[0] >= '0' && digits[0] <= '9') )
            goto bad;
        p = realloc(p, (count + 1) * sizeof(*p));
        p[count].domid = id;
        p[count].perms = bits;
        count++;
        off += l + 1;
    }
    if ( !count )
        goto bad;
    *out = p;
    *n = count;
    return 0;
bad:
    free(p);
    return -EINVAL;
}

unsigned int perms_format(const struct xs_perm *p, unsigned int n, char *buf,
                          unsigned int size)
{
    static const char chars[] = "nrwb";
    unsigned int i, used = 0;

    for ( i = 0; i < n; i++ )
    {
        int w = snprintf(buf + used, size - used, "%c%u", chars[p[i].perms & 3],
                         p[i].domid);

        if ( w < 0 || (unsigned int)w + 1 > size - used )
            break;
        used += w + 1; /* keep the NUL */
    }
    return used;
}

unsigned int perms_for(const struct xs_perm *p, unsigned int n,
                       unsigned int domid)
{
    unsigned int i;

    if ( p[0].domid == domid )
        return XS_PERM_BOTH; /* the owner */
    for ( i = 1; i < n; i++ )
        if ( p[i].domid == domid )
            return p[i].perms;
    return p[0].perms;
}

/* ---- nodes ---- */

/* Count n for (sign 1) or against (-1) its owner in accounting.c. */
static void node_account(const struct node *n, int sign)
{
    acct_add(n->perms[0].domid, sign,
             sign * (long)acct_node_bytes(n->path, n->len, n->nperms));
}

/* owner: XS_OWNER_INHERIT keeps perms[0] as given. */
static struct node *node_new(const char *path, const struct xs_perm *perms,
                             unsigned int nperms, unsigned int owner)
{
    struct node *n = calloc(1, sizeof(*n));
    unsigned int h = hash_path(path);

    n->path = strdup(path);
    n->value = strdup("");
    n->perms = malloc(nperms * sizeof(*perms));
    memcpy(n->perms, perms, nperms * sizeof(*perms));
    n->nperms = nperms;
    if ( owner != XS_OWNER_INHERIT )
        n->perms[0].domid = owner;
    n->generation = store_next_generation();
    n->hash_next = table[h];
    table[h] = n;
    node_account(n, 1);
    return n;
}

static void node_add_child(struct node *parent, const char *name)
{
    parent->children =
        realloc(parent->children, (parent->nchildren + 1) * sizeof(char *));
    parent->children[parent->nchildren++] = strdup(name);
    parent->generation = store_next_generation();
}

static void node_remove_child(struct node *parent, const char *name)
{
    unsigned int i;

    for ( i = 0; i < parent->nchildren; i++ )
        if ( !strcmp(parent->children[i], name) )
        {
            free(parent->children[i]);
            memmove(&parent->children[i], &parent->children[i + 1],
                    (parent->nchildren - i - 1) * sizeof(char *));
            parent->nchildren--;
            break;
        }
    parent->generation = store_next_generation();
}

void store_init(void)
{
    static const struct xs_perm root_perms = { 0, XS_PERM_NONE };

    if ( !store_lookup("/") )
    {
        node_new("/", &root_perms, 1, XS_OWNER_INHERIT);
        store_write("/tool", "", 0, 0, NULL, 0);
        store_write("/local/domain/0", "", 0, 0, NULL, 0);
    }
}

/* Find or create path; new nodes inherit the parent's perms, owned by domid. */
static struct node *node_get_or_create(const char *path, unsigned int domid)
{
    struct node *n = store_lookup(path), *parent;
    char *ppath;

    if ( n )
        return n;
    ppath = path_parent(path);
    parent = node_get_or_create(ppath, domid);
    free(ppath);
    n = node_new(path, parent->perms, parent->nperms, domid);
    node_add_child(parent, path_basename(path));
    return n;
}

int store_write(const char *path, const char *value, unsigned int len,
                unsigned int domid, const struct xs_perm *perms,
                unsigned int nperms)
{
    struct node *n;

    if ( len > XS_NODE_SIZE_MAX )
        return -E2BIG;
    n = node_get_or_create(path, domid);
    node_account(n, -1);
    if ( value )
    {
        free(n->value);
        n->value = malloc(len + 1);
        memcpy(n->value, value, len);
        n->value[len] = '\0';
        n->len = len;
    }
    if ( perms )
    {
        free(n->perms);
        n->perms = malloc(nperms * sizeof(*perms));
        memcpy(n->perms, perms, nperms * sizeof(*perms));
        n->nperms = nperms;
    }
    node_account(n, 1);
    n->generation = store_next_generation();
    persist_node(n);
    return 0;
}

int store_set_perms(const char *path, const struct xs_perm *perms,
                    unsigned int nperms)
{
    struct node *n = store_lookup(path);

    if ( !n )
        return -ENOENT;
    return store_write(path, NULL, 0, n->perms[0].domid, perms, nperms);
}

static void node_free(struct node *n)
{
    unsigned int i, h = hash_path(n->path);
    struct node **pp;

    for ( pp = &table[h]; *pp; pp = &(*pp)->hash_next )
        if ( *pp == n )
        {
            *pp = n->hash_next;
            break;
        }
    node_account(n, -1);
    for ( i = 0; i < n->nchildren; i++ )
        free(n->children[i]);
    free(n->children);
    free(n->perms);
    free(n->value);
    free(n->path);
    free(n);
}

static void rm_subtree(struct node *n, void (*fn)(const char *, void *),
                       void *arg)
{
    while ( n->nchildren )
    {
        char child[XENSTORE_ABS_PATH_MAX + 64];
        struct node *c;

        snprintf(child, sizeof(child), "%s%s%s", n->path,
                 strcmp(n->path, "/") ? "/" : "", n->children[0]);
        c = store_lookup(child);
        free(n->children[0]);
        memmove(&n->children[0], &n->children[1],
                (n->nchildren - 1) * sizeof(char *));
        n->nchildren--;
        if ( c )
            rm_subtree(c, fn, arg);
    }
    if ( fn )
        fn(n->path, arg);
    node_free(n);
}

int store_rm(const char *path, void (*fn)(const char *path, void *arg),
             void *arg)
{
    struct node *n = store_lookup(path), *parent;
    char *ppath;

    if ( !n )
        return -ENOENT;
    if ( !strcmp(path, "/") )
        return -EINVAL;
    ppath = path_parent(path);
    parent = store_lookup(ppath);
    free(ppath);
    if ( parent )
        node_remove_child(parent, path_basename(path));
    rm_subtree(n, fn, arg);
    persist_rm(path);
    return 0;
}
