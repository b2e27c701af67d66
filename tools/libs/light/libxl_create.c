/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxl_create.c: building a domain from its configuration, in Xen's
 * order: check and complete the config, create the domain, build its
 * memory (libxenguest), apply memory, scheduler and affinity settings,
 * write its xenstore home in one transaction (the nodes and permissions
 * Xen's libxl writes, the console's and each device's), introduce it to
 * xenstored (@introduceDomain), record the config in the state
 * directory, unpause. Any failure undoes every step taken.
 *
 * The xenstore part is one batch: a transaction start, then every
 * request and the commit in one write (libxl_xs.c), then the introduce.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include <public/io/xenbus.h>
#include <xenguest.h>

#include "libxl_internal.h"

#define DEFAULT_EVTCHN_PORTS 1023
#define XENCONSOLE_LIMIT 1048576
#define XENCONSOLE_PROTOCOL "vt100"
/* The hypervisor's limit (MAX_VIRT_CPUS): vCPUs beyond shared_info's 32 register a vcpu_info. */
#define MAX_VCPUS 64

/* What the build produced, for the xenstore entries. */
struct build_state {
    uint32_t domid;
    struct xc_dom_result res;
    char *cmdline;
    double start_time;
    bool domain_made, introduced, stored;
};

static int fail_config(libxl_ctx *ctx, const char *why)
{
    LOG(ctx, ERROR, "invalid domain configuration: %s", why);
    return ERROR_INVAL;
}

/* The kernel command line: cmdline=, else root= and extra= as Xen joins. */
static char *make_cmdline(const struct libxl_domain_build_info *b)
{
    if ( b->cmdline )
        return strdup(b->cmdline);
    if ( b->root && b->extra )
        return libxl__sprintf("root=%s %s", b->root, b->extra);
    if ( b->root )
        return libxl__sprintf("root=%s", b->root);
    return strdup(b->extra ? b->extra : "");
}

/*
 * A path the per-domain monitor can still open after it leaves the
 * directory xl ran in (a restart rebuilds from the stored config).
 */
static int absolute_path(libxl_ctx *ctx, char **path)
{
    char *abs;

    if ( !*path || (*path)[0] == '/' )
        return 0;
    abs = realpath(*path, NULL);
    if ( !abs )
    {
        LOGE(ctx, ERROR, "cannot read %s", *path);
        return ERROR_INVAL;
    }
    free(*path);
    *path = abs;
    return 0;
}

/* Check the config and fill in what it left to libxl. */
static int complete_config(libxl_ctx *ctx, struct libxl_domain_config *c)
{
    struct libxl_domain_build_info *b = &c->b_info;
    unsigned int i;
    uint32_t other;
    int rc;

    if ( c->c_info.type != LIBXL_DOMAIN_TYPE_PV )
        return fail_config(ctx, "only PV domains can be built here");
    if ( !c->c_info.name || !*c->c_info.name )
        return fail_config(ctx, "the domain needs a name");
    if ( !b->kernel || !*b->kernel )
        return fail_config(ctx, "a PV domain needs a kernel");
    if ( !b->target_memkb )
        return fail_config(ctx, "memory must be more than 0");
    if ( b->max_memkb < b->target_memkb )
        b->max_memkb = b->target_memkb;
    if ( !b->avail_vcpus )
        b->avail_vcpus = 1;
    if ( b->max_vcpus < b->avail_vcpus )
        b->max_vcpus = b->avail_vcpus;
    if ( b->max_vcpus > MAX_VCPUS )
        return fail_config(ctx, "too many vCPUs");
    if ( b->sched_weight > 65535 )
        return fail_config(ctx, "cpu_weight must be 1 to 65535");
    if ( !ctx->no_xenstore &&
         !libxl_name_to_domid(ctx, c->c_info.name, &other) )
    {
        LOG(ctx, ERROR, "domain with name \"%s\" already exists",
            c->c_info.name);
        return ERROR_INVAL;
    }
    if ( !c->c_info.uuid_set )
    {
        libxl__uuid_generate(c->c_info.uuid);
        c->c_info.uuid_set = true;
    }
    rc = absolute_path(ctx, &b->kernel);
    if ( !rc )
        rc = absolute_path(ctx, &b->ramdisk);
    for ( i = 0; !rc && i < c->num_disks; i++ )
        rc = libxl__device_disk_setdefault(ctx, &c->disks[i]);
    for ( i = 0; !rc && i < c->num_nics; i++ )
        libxl__device_nic_setdefault(&c->nics[i], i);
    return rc;
}

static uint8_t *read_image(libxl_ctx *ctx, const char *path, size_t *size)
{
    char *data = libxl__read_image(path, size);

    if ( !data )
        LOGE(ctx, ERROR, "cannot read %s", path);
    return (uint8_t *)data;
}

/* The vCPU's affinity from the config: per vCPU if given, else cpumap. */
static const struct libxl_bitmap *
hard_affinity(const struct libxl_domain_build_info *b, unsigned int v)
{
    return v < b->num_vcpu_hard_affinity ? &b->vcpu_hard_affinity[v]
                                         : &b->cpumap;
}

static int apply_affinity(libxl_ctx *ctx, uint32_t domid,
                          const struct libxl_domain_build_info *b)
{
    unsigned int v;
    int rc;

    for ( v = 0; v < b->max_vcpus; v++ )
    {
        const struct libxl_bitmap *soft =
            v < b->num_vcpu_soft_affinity ? &b->vcpu_soft_affinity[v] : NULL;

        const struct libxl_bitmap *hard = hard_affinity(b, v);

        /* A new vCPU may already run anywhere: two hypercalls saved. */
        if ( !soft && libxl_bitmap_is_full(hard) )
            continue;
        rc = libxl_set_vcpuaffinity(ctx, domid, v, hard, soft);
        if ( rc )
            return rc;
    }
    return 0;
}

/* The empty domain: its vCPUs, event channels, memory limit, UUID. */
static int make_domain(libxl_ctx *ctx, const struct libxl_domain_config *c,
                       uint32_t *domid)
{
    const struct libxl_domain_build_info *b = &c->b_info;
    struct xen_domctl_createdomain create = {
        .max_vcpus = b->max_vcpus,
        .max_evtchn_port = b->max_event_channels ? b->max_event_channels
                                                 : DEFAULT_EVTCHN_PORTS,
        .max_grant_frames = -1,
        .max_maptrack_frames = -1,
        .max_pages = b->max_memkb / 4,
    };
    xc_interface *xch = libxl__xch(ctx);

    if ( !xch )
        return ERROR_NO_HYPERVISOR;
    memcpy(create.handle, c->c_info.uuid, sizeof(create.handle));
    *domid = 0;
    if ( xc_domain_create(xch, domid, &create) )
    {
        LOGE(ctx, ERROR, "domain creation failed");
        return libxl__rc_of_errno(errno);
    }
    return 0;
}

/* Fill the domain's memory from its kernel; its limits and scheduling. */
static int build_domain(libxl_ctx *ctx, const struct libxl_domain_config *c,
                        struct build_state *st)
{
    const struct libxl_domain_build_info *b = &c->b_info;
    struct xc_dom_args args = { .console_domid = 0, .store_domid = 0 };
    xc_interface *xch = libxl__xch(ctx);
    size_t ksize = 0, rsize = 0;
    uint8_t *kernel = NULL, *ramdisk = NULL;
    char err[256];
    struct timeval tv;
    int rc = ERROR_FAIL;

    if ( !xch )
        return ERROR_NO_HYPERVISOR;
    kernel = read_image(ctx, b->kernel, &ksize);
    if ( !kernel )
        return ERROR_INVAL;
    if ( b->ramdisk && !(ramdisk = read_image(ctx, b->ramdisk, &rsize)) )
    {
        rc = ERROR_INVAL;
        goto out;
    }
    gettimeofday(&tv, NULL);
    st->start_time = tv.tv_sec + tv.tv_usec / 1e6;

    args.domid = st->domid;
    args.nr_pages = b->target_memkb / 4;
    args.kernel = kernel;
    args.kernel_size = ksize;
    args.ramdisk = ramdisk;
    args.ramdisk_size = rsize;
    args.cmdline = st->cmdline;
    if ( xc_dom_build_pv(xch, &args, &st->res, err, sizeof(err)) )
    {
        LOG(ctx, ERROR, "cannot build domain %u from %s: %s", st->domid,
            b->kernel, err);
        rc = ERROR_INVAL;
        goto out;
    }
    if ( xc_domain_setmaxmem(xch, st->domid, b->max_memkb) ||
         (b->target_memkb < b->max_memkb &&
          xc_domain_set_tot_pages(xch, st->domid, args.nr_pages)) )
    {
        LOGE(ctx, ERROR, "cannot set the memory of domain %u", st->domid);
        goto out;
    }
    rc = libxl_domain_sched_params_set(
        ctx, st->domid,
        b->sched_weight ? (int)b->sched_weight
                        : LIBXL_DOMAIN_SCHED_PARAM_WEIGHT_DEFAULT,
        b->sched_cap ? (int)b->sched_cap
                     : LIBXL_DOMAIN_SCHED_PARAM_CAP_DEFAULT);
    if ( !rc )
        rc = apply_affinity(ctx, st->domid, b);
out:
    free(kernel);
    free(ramdisk);
    return rc;
}

/* Xen's permission sets: dom0-owned and guest-readable, guest-owned, private. */
static struct xs_permissions roperm[2], rwperm[1], noperm[1];

static void set_perms(uint32_t domid)
{
    roperm[0] = (struct xs_permissions){ .id = 0, .perms = XS_PERM_NONE };
    roperm[1] = (struct xs_permissions){ .id = domid, .perms = XS_PERM_READ };
    rwperm[0] = (struct xs_permissions){ .id = domid, .perms = XS_PERM_NONE };
    noperm[0] = (struct xs_permissions){ .id = 0, .perms = XS_PERM_NONE };
}

/* Queue path (under base) with a formatted value. */
static void mknod_at(struct libxl__xs_batch *b, const char *base,
                     const char *key, const struct xs_permissions *p,
                     unsigned int n)
{
    char path[256];

    snprintf(path, sizeof(path), "%s/%s", base, key);
    libxl__xs_batch_mknod(b, path, p, n);
}

/* libxl__domain_make's skeleton: the home, /vm and /libxl directories. */
static void queue_skeleton(struct libxl__xs_batch *b,
                           const struct libxl_domain_config *c, const char *dom,
                           const char *vm, const char *lx)
{
    static const char *const guest_dirs[] = { "data", "drivers", "feature",
                                              "attr", "error" };
    static const char *const control_nodes[] = {
        "control/shutdown",       "control/feature-poweroff",
        "control/feature-reboot", "control/feature-suspend",
        "control/sysrq",
    };
    unsigned int i;

    libxl__xs_batch_rm(b, dom);
    libxl__xs_batch_mknod(b, dom, roperm, 2);
    libxl__xs_batch_rm(b, vm);
    libxl__xs_batch_mknod(b, vm, roperm, 2);
    libxl__xs_batch_rm(b, lx);
    libxl__xs_batch_mknod(b, lx, noperm, 1);
    mknod_at(b, lx, "device", noperm, 1);
    libxl__xs_batch_printf(b, dom, "vm", "%s", vm);
    libxl__xs_batch_printf(b, dom, "name", "%s", c->c_info.name);
    libxl__xs_batch_printf(b, vm, "name", "%s", c->c_info.name);
    mknod_at(b, dom, "cpu", roperm, 2);
    mknod_at(b, dom, "memory", roperm, 2);
    mknod_at(b, dom, "device", roperm, 2);
    mknod_at(b, dom, "device/suspend/event-channel", rwperm, 1);
    mknod_at(b, dom, "control", roperm, 2);
    for ( i = 0; i < sizeof(control_nodes) / sizeof(control_nodes[0]); i++ )
        mknod_at(b, dom, control_nodes[i], rwperm, 1);
    for ( i = 0; i < sizeof(guest_dirs) / sizeof(guest_dirs[0]); i++ )
        mknod_at(b, dom, guest_dirs[i], rwperm, 1);
    libxl__xs_batch_printf(b, vm, "uuid", "%s", vm + 4);
    libxl__xs_batch_printf(
        b, dom, "control/platform-feature-multiprocessor-suspend", "1");
    libxl__xs_batch_printf(b, dom, "control/platform-feature-xs_reset_watches",
                           "1");
    libxl__xs_batch_printf(b, lx, "type", "pv");
}

/* libxl__build_post's entries and the /vm image description. */
static void queue_build_entries(struct libxl__xs_batch *b,
                                const struct libxl_domain_config *c,
                                const struct build_state *st, const char *dom,
                                const char *vm)
{
    const struct libxl_domain_build_info *bi = &c->b_info;
    unsigned int v;

    libxl__xs_batch_printf(b, dom, "memory/static-max", "%lu",
                           (unsigned long)bi->max_memkb);
    libxl__xs_batch_printf(b, dom, "memory/target", "%lu",
                           (unsigned long)bi->target_memkb);
    libxl__xs_batch_printf(b, dom, "memory/videoram", "0");
    libxl__xs_batch_printf(b, dom, "domid", "%u", st->domid);
    libxl__xs_batch_printf(b, dom, "store/port", "%u", st->res.store_evtchn);
    libxl__xs_batch_printf(b, dom, "store/ring-ref", "%lu",
                           (unsigned long)st->res.store_mfn);
    for ( v = 0; v < bi->max_vcpus; v++ )
    {
        char key[32];

        snprintf(key, sizeof(key), "cpu/%u/availability", v);
        libxl__xs_batch_printf(b, dom, key, "%s",
                               v < bi->avail_vcpus ? "online" : "offline");
    }
    libxl__xs_batch_printf(b, vm, "image/ostype", "linux");
    libxl__xs_batch_printf(b, vm, "image/kernel", "%s", bi->kernel);
    libxl__xs_batch_printf(b, vm, "start_time", "%.2f", st->start_time);
    if ( bi->ramdisk )
        libxl__xs_batch_printf(b, vm, "image/ramdisk", "%s", bi->ramdisk);
    libxl__xs_batch_printf(b, vm, "image/cmdline", "%s", st->cmdline);
}

/*
 * The primary console, as libxl__device_console_add writes it: a
 * backend for xenconsoled under domain 0, the frontend in the guest's
 * console/ (read-only to it), libxl's own record.
 */
static void queue_console(struct libxl__xs_batch *b,
                          const struct build_state *st, const char *dom,
                          const char *lx)
{
    struct xs_permissions beperm[2] = {
        { .id = 0, .perms = XS_PERM_NONE },
        { .id = st->domid, .perms = XS_PERM_READ },
    };
    char be[96], fe[96], lxdev[128];

    snprintf(be, sizeof(be), "/local/domain/0/backend/console/%u/0", st->domid);
    snprintf(fe, sizeof(fe), "%s/console", dom);
    snprintf(lxdev, sizeof(lxdev), "%s/device/console/0", lx);
    libxl__xs_batch_printf(b, lxdev, "frontend", "%s", fe);
    libxl__xs_batch_printf(b, lxdev, "backend", "%s", be);

    libxl__xs_batch_rm(b, fe);
    libxl__xs_batch_mknod(b, fe, beperm, 2);
    libxl__xs_batch_printf(b, fe, "backend", "%s", be);
    libxl__xs_batch_printf(b, fe, "backend-id", "0");
    libxl__xs_batch_printf(b, fe, "limit", "%d", XENCONSOLE_LIMIT);
    libxl__xs_batch_printf(b, fe, "type", "xenconsoled");
    libxl__xs_batch_printf(b, fe, "output", "pty");
    libxl__xs_batch_printf(b, fe, "tty", "%s", "");
    libxl__xs_batch_printf(b, fe, "port", "%u", st->res.console_evtchn);
    libxl__xs_batch_printf(b, fe, "ring-ref", "%lu",
                           (unsigned long)st->res.console_mfn);

    libxl__xs_batch_rm(b, be);
    libxl__xs_batch_mknod(b, be, beperm, 2);
    libxl__xs_batch_printf(b, be, "frontend", "%s", fe);
    libxl__xs_batch_printf(b, be, "frontend-id", "%u", st->domid);
    libxl__xs_batch_printf(b, be, "online", "1");
    libxl__xs_batch_printf(b, be, "state", "%d", XenbusStateInitialising);
    libxl__xs_batch_printf(b, be, "protocol", XENCONSOLE_PROTOCOL);
    libxl__xs_batch_printf(b, lxdev, "frontend-id", "%u", st->domid);
    libxl__xs_batch_printf(b, lxdev, "online", "1");
    libxl__xs_batch_printf(b, lxdev, "state", "%d", XenbusStateInitialising);
    libxl__xs_batch_printf(b, lxdev, "protocol", XENCONSOLE_PROTOCOL);
}

static int write_xenstore(libxl_ctx *ctx, struct libxl_domain_config *c,
                          struct build_state *st, bool console)
{
    struct libxl__xs_batch *b = libxl__xs_batch_new();
    char dom[64], vm[64], lx[64], uuid[37];
    int rc;

    if ( !b )
        return ERROR_NOMEM;
    set_perms(st->domid);
    libxl__uuid_to_string(c->c_info.uuid, uuid);
    libxl__dom_path(dom, sizeof(dom), st->domid);
    snprintf(vm, sizeof(vm), "/vm/%s", uuid);
    snprintf(lx, sizeof(lx), "/libxl/%u", st->domid);
    queue_skeleton(b, c, dom, vm, lx);
    queue_build_entries(b, c, st, dom, vm);
    if ( console )
        queue_console(b, st, dom, lx);
    rc = libxl__devices_add_all(ctx, st->domid, c, b);
    if ( !rc )
        rc = libxl__xs_batch_run(ctx, b, true);
    libxl__xs_batch_free(b);
    if ( rc )
        return rc;

    /* After the commit: whoever watches @introduceDomain finds it all. */
    b = libxl__xs_batch_new();
    if ( !b )
        return ERROR_NOMEM;
    libxl__xs_batch_introduce(b, st->domid, st->res.store_mfn,
                              st->res.store_evtchn);
    rc = libxl__xs_batch_run(ctx, b, false);
    libxl__xs_batch_free(b);
    if ( !rc )
        st->introduced = true;
    return rc;
}

/* Undo what was done: the domain, its xenstore entries, its state file. */
static void undo(libxl_ctx *ctx, const struct libxl_domain_config *c,
                 const struct build_state *st)
{
    xc_interface *xch = libxl__xch(ctx);

    if ( !st->domain_made )
        return;
    if ( xch )
        xc_domain_destroy(xch, st->domid);
    if ( st->introduced && libxl__xsh(ctx) )
    {
        libxl__xs_count(ctx);
        xs_release_domain(libxl__xsh(ctx), st->domid);
    }
    if ( !ctx->no_xenstore )
        libxl__xs_domain_cleanup(ctx, st->domid, c->c_info.uuid);
    libxl__state_remove(ctx, st->domid);
}

int libxl_domain_create_begin(libxl_ctx *ctx, struct libxl_domain_config *c,
                              uint32_t *domid)
{
    int rc = complete_config(ctx, c);

    return rc ? rc : make_domain(ctx, c, domid);
}

int libxl_domain_create_finish(libxl_ctx *ctx, struct libxl_domain_config *c,
                               uint32_t domid, unsigned int flags,
                               struct libxl_domain_rings *rings)
{
    struct build_state st = { .domid = domid, .domain_made = true };
    int rc = ERROR_NOMEM;

    st.cmdline = make_cmdline(&c->b_info);
    if ( st.cmdline )
        rc = build_domain(ctx, c, &st);
    if ( !rc && !ctx->no_xenstore )
        rc = write_xenstore(ctx, c, &st, !(flags & LIBXL_CREATE_OWN_CONSOLE));
    if ( !rc && !(flags & LIBXL_CREATE_NO_STATE) )
    {
        libxl__state_remove(ctx, st.domid); /* a stale one of an old domid */
        rc = libxl__state_store(ctx, st.domid, ".json", c);
    }
    if ( !rc && !(flags & LIBXL_CREATE_PAUSED) )
        rc = libxl_domain_unpause(ctx, st.domid);
    if ( rc )
        undo(ctx, c, &st);
    else if ( rings )
        *rings = (struct libxl_domain_rings){
            .console_mfn = st.res.console_mfn,
            .console_port = st.res.console_evtchn,
            .store_mfn = st.res.store_mfn,
            .store_port = st.res.store_evtchn,
        };
    free(st.cmdline);
    return rc;
}

int libxl_domain_create_new(libxl_ctx *ctx, struct libxl_domain_config *c,
                            uint32_t *domid, unsigned int flags)
{
    uint32_t id;
    int rc = libxl_domain_create_begin(ctx, c, &id);

    if ( !rc )
        rc = libxl_domain_create_finish(ctx, c, id, flags, NULL);
    if ( !rc )
        *domid = id;
    return rc;
}

int libxl_evtchn_alloc_unbound(libxl_ctx *ctx, uint32_t domid, uint32_t remote,
                               int *port)
{
    xc_interface *xch = libxl__xch(ctx);
    int p;

    if ( !xch )
        return ERROR_NO_HYPERVISOR;
    p = xc_evtchn_alloc_unbound(xch, domid, remote);
    if ( p < 0 )
    {
        LOGE(ctx, ERROR, "cannot join domain %u to domain %u", domid, remote);
        return libxl__rc_of_errno(errno);
    }
    *port = p;
    return 0;
}
