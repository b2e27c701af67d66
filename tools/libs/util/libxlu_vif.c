/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxlu_vif.c: one vif= specification, xl-network-configuration(5):
 * comma-separated key=value settings, all optional (an empty string is a
 * vif with every default), plus the trusted/untrusted flags. rate= is
 * Xen's RATE[/s][@INTERVAL] with RATE in B/s, KB/s, MB/s, GB/s (bytes)
 * or b/s, Kb/s, Mb/s, Gb/s (bits), K/M/G being powers of 1000, INTERVAL
 * in s, ms or us (default 50ms); netback gets the bytes it may send per
 * interval, rate * interval, as Xen computes it.
 * Beyond Xen: the MAC, addresses, interface names, mtu and devid are
 * checked here rather than when the device is plugged.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libxlu_internal.h"

#define IFNAME_MAX 15 /* IFNAMSIZ - 1 */

static int set_str(char **dst, const char *v, char *err, size_t errlen)
{
    free(*dst);
    *dst = strdup(v);
    if ( !*dst )
    {
        xlu__errmsg(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

static int parse_mac(const char *s, uint8_t mac[6], char *err, size_t errlen)
{
    unsigned int i, n;
    const char *p = s;

    for ( i = 0; i < 6; i++ )
    {
        for ( n = 0; n < 2 && isxdigit((unsigned char)p[n]); n++ )
            ;
        if ( !n || (i < 5 && p[n] != ':') || (i == 5 && p[n]) )
        {
            xlu__errmsg(err, errlen,
                        "invalid mac `%s' (six hex octets: 00:16:3e:xx:xx:xx)",
                        s);
            return -1;
        }
        mac[i] = strtoul(p, NULL, 16);
        p += n + 1;
    }
    return 0;
}

/* A Linux interface name: 1-15 characters, no blanks, '/' or ':'. */
static int check_ifname(const char *what, const char *v, char *err,
                        size_t errlen)
{
    size_t i, n = strlen(v);

    for ( i = 0; i < n; i++ )
        if ( isspace((unsigned char)v[i]) || !isprint((unsigned char)v[i]) ||
             v[i] == '/' || v[i] == ':' )
            break;
    if ( !n || n > IFNAME_MAX || i < n )
    {
        xlu__errmsg(err, errlen,
                    "invalid %s `%s' (an interface name of 1-%d characters)",
                    what, v, IFNAME_MAX);
        return -1;
    }
    return 0;
}

/*
 * ip=: one or more IPv4/IPv6 addresses (each with an optional /prefix)
 * separated by blanks; kept as a single-space-separated list, the form
 * domain XML's <ip> elements give back.
 */
static int parse_ip(const char *v, char **out, char *err, size_t errlen)
{
    char *copy = strdup(v), *list = calloc(1, strlen(v) + 1);
    char *item, *save = NULL, *slash;
    unsigned char buf[16];
    unsigned long long prefix;
    int rc = 0, n = 0;

    if ( !copy || !list )
    {
        free(copy);
        free(list);
        xlu__errmsg(err, errlen, "out of memory");
        return -1;
    }
    for ( item = strtok_r(copy, " \t", &save); item && !rc;
          item = strtok_r(NULL, " \t", &save), n++ )
    {
        bool v6 = strchr(item, ':');

        if ( n )
            strcat(list, " ");
        strcat(list, item);
        slash = strchr(item, '/');
        if ( slash )
            *slash++ = '\0';
        if ( inet_pton(v6 ? AF_INET6 : AF_INET, item, buf) != 1 ||
             (slash && !xlu__parse_ulong(slash, 10, v6 ? 128 : 32, &prefix)) )
            rc = -1;
    }
    free(copy);
    if ( rc || !n )
    {
        xlu__errmsg(err, errlen,
                    "invalid ip `%s' (IP addresses separated by spaces)", v);
        free(list);
        return -1;
    }
    free(*out);
    *out = list;
    return 0;
}

static int parse_number(const char *what, const char *v, unsigned long long min,
                        unsigned long long max, unsigned long long *out,
                        char *err, size_t errlen)
{
    if ( !xlu__parse_ulong(v, 10, max, out) || *out < min )
    {
        xlu__errmsg(err, errlen, "invalid %s `%s' (a number %llu-%llu)", what,
                    v, min, max);
        return -1;
    }
    return 0;
}

/* "10Mb/s" -> bytes per second. */
static int rate_bytes_per_sec(const char *s, uint64_t *out)
{
    unsigned long long n = 0, mult = 1;
    const char *p = s;

    while ( isdigit((unsigned char)*p) )
        p++;
    if ( p == s || p - s > 10 )
        return -1;
    n = strtoull(s, NULL, 10);
    if ( !n || n > UINT32_MAX )
        return -1;
    if ( *p == 'G' )
        mult = 1000ULL * 1000 * 1000, p++;
    else if ( *p == 'M' )
        mult = 1000ULL * 1000, p++;
    else if ( *p == 'K' )
        mult = 1000, p++;
    if ( (*p != 'B' && *p != 'b') || strcmp(p + 1, "/s") )
        return -1;
    n *= mult;
    if ( *p == 'b' )
        n /= 8;
    *out = n;
    return 0;
}

/* "50ms" -> microseconds: Xen's [0-9]+[mu]?s?, a bare number is seconds. */
static int rate_interval_usecs(const char *s, uint32_t *out)
{
    unsigned long long n, mult = 1000000;
    const char *p = s;

    while ( isdigit((unsigned char)*p) )
        p++;
    if ( p == s || p - s > 10 )
        return -1;
    n = strtoull(s, NULL, 10);
    if ( *p == 'm' )
        mult = 1000, p++;
    else if ( *p == 'u' )
        mult = 1, p++;
    if ( *p == 's' )
        p++;
    if ( *p )
        return -1;
    if ( !n || n > UINT32_MAX || n * mult > UINT32_MAX )
        return -1;
    *out = n * mult;
    return 0;
}

static int parse_rate(const char *v, struct libxl_device_nic *n, char *err,
                      size_t errlen)
{
    char *copy = strdup(v), *at;
    uint64_t bps;
    uint32_t usecs = 50000;
    int rc = -1;

    if ( !copy )
        return -1;
    at = strchr(copy, '@');
    if ( at )
        *at++ = '\0';
    if ( rate_bytes_per_sec(copy, &bps) )
        xlu__errmsg(err, errlen,
                    "invalid rate `%s' (e.g. 10Mb/s, 100KB/s@20ms)", v);
    else if ( at && rate_interval_usecs(at, &usecs) )
        xlu__errmsg(err, errlen,
                    "invalid rate interval `%s' (e.g. 50ms, 1s, 500us)", at);
    else if ( bps > UINT64_MAX / usecs )
        xlu__errmsg(err, errlen, "rate `%s' overflows", v);
    else
    {
        n->rate_bytes_per_interval = bps * usecs / 1000000;
        n->rate_interval_usecs = usecs;
        rc = 0;
    }
    free(copy);
    return rc;
}

/* The key=value settings; what each key means is in the man page. */
static int vif_setting(const char *tok, struct libxl_device_nic *n, char *err,
                       size_t errlen)
{
    const char *eq = strchr(tok, '='), *v = eq ? eq + 1 : NULL;
    size_t klen = eq ? (size_t)(eq - tok) : strlen(tok);
    unsigned long long num;

#define KEY(k) (klen == strlen(k) && !strncmp(tok, k, klen))
    if ( !eq )
    {
        if ( KEY("trusted") || KEY("untrusted") )
        {
            n->trusted =
                KEY("trusted") ? LIBXL_DEFBOOL_TRUE : LIBXL_DEFBOOL_FALSE;
            return 0;
        }
    }
    else if ( KEY("mac") )
    {
        n->mac_set = true;
        return parse_mac(v, n->mac, err, errlen);
    }
    else if ( KEY("bridge") )
        return check_ifname("bridge", v, err, errlen)
                   ?: set_str(&n->bridge, v, err, errlen);
    else if ( KEY("vifname") )
        return check_ifname("vifname", v, err, errlen)
                   ?: set_str(&n->ifname, v, err, errlen);
    else if ( KEY("gatewaydev") || KEY("netdev") ) /* netdev: old name */
        return check_ifname("gatewaydev", v, err, errlen)
                   ?: set_str(&n->gatewaydev, v, err, errlen);
    else if ( KEY("ip") )
        return parse_ip(v, &n->ip, err, errlen);
    /* An empty script=, backend= or model= asks for the default. */
    else if ( KEY("script") )
        return *v ? set_str(&n->script, v, err, errlen) : 0;
    else if ( KEY("backend") )
        return *v ? set_str(&n->backend_domname, v, err, errlen) : 0;
    else if ( KEY("model") )
        return *v ? set_str(&n->model, v, err, errlen) : 0;
    else if ( KEY("rate") )
        return parse_rate(v, n, err, errlen);
    else if ( KEY("mtu") )
    {
        if ( parse_number("mtu", v, 68, 65535, &num, err, errlen) )
            return -1;
        n->mtu = num;
        return 0;
    }
    else if ( KEY("devid") )
    {
        if ( parse_number("devid", v, 0, 0x7fffffff, &num, err, errlen) )
            return -1;
        n->devid = num;
        return 0;
    }
    else if ( KEY("type") )
    {
        if ( !strcmp(v, "vif") )
            return 0;
        xlu__errmsg(err, errlen,
                    "type=%s: only type=vif applies to a PV "
                    "domain",
                    v);
        return -1;
    }
    else if ( KEY("accel") )
        return 0; /* Xen ignores it too */
    xlu__errmsg(err, errlen, "unrecognized argument `%s'", tok);
    return -1;
#undef KEY
}

int xlu_vif_parse(const char *spec, int devid, struct libxl_device_nic *n,
                  char *err, size_t errlen)
{
    char *copy = strdup(spec ? spec : ""), *tok, *save = NULL;
    int rc = 0;

    libxl_device_nic_init(n);
    n->devid = devid;
    if ( !copy )
    {
        xlu__errmsg(err, errlen, "out of memory");
        return -1;
    }
    for ( tok = strtok_r(copy, ",", &save); tok && !rc;
          tok = strtok_r(NULL, ",", &save) )
    {
        while ( *tok == ' ' || *tok == '\t' || *tok == '\n' )
            tok++;
        if ( *tok )
            rc = vif_setting(tok, n, err, errlen);
    }
    free(copy);
    if ( rc )
        libxl_device_nic_dispose(n);
    return rc;
}

/* Smallest RATE[@INTERVAL] text that Xen's arithmetic maps back to n. */
int xlu__vif_rate_format(const struct libxl_device_nic *n, char *buf,
                         size_t len)
{
    static const struct {
        const char *unit;
        unsigned long long mult;
    } units[] = {
        { "G", 1000000000ULL }, { "M", 1000000 }, { "K", 1000 }, { "", 1 }
    };
    uint64_t want = n->rate_bytes_per_interval, u = n->rate_interval_usecs;
    unsigned int i;

    if ( !u )
        return -1;
    for ( i = 0; i < sizeof(units) / sizeof(units[0]); i++ )
    {
        unsigned __int128 bytes = (unsigned __int128)want * 1000000;
        unsigned __int128 per_unit = (unsigned __int128)u * units[i].mult;
        unsigned __int128 v = (bytes + per_unit - 1) / per_unit;

        if ( !v )
            v = 1;
        /* Xen refuses bytes/s * interval beyond 64 bits. */
        if ( v > UINT32_MAX || v * units[i].mult > UINT64_MAX / u ||
             (unsigned __int128)v * units[i].mult * u / 1000000 != want )
            continue;
        if ( u % 1000 )
            snprintf(buf, len, "%llu%sB/s@%lluus", (unsigned long long)v,
                     units[i].unit, (unsigned long long)u);
        else
            snprintf(buf, len, "%llu%sB/s@%llums", (unsigned long long)v,
                     units[i].unit, (unsigned long long)u / 1000);
        return 0;
    }
    return -1;
}

char *xlu__vif_format(const struct libxl_device_nic *n, unsigned int index)
{
    char *out = NULL, rate[64];
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    const char *sep = "";

    if ( !f )
        return NULL;
#define ITEM(fmt, ...)                                                         \
    do                                                                         \
    {                                                                          \
        fprintf(f, "%s" fmt, sep, __VA_ARGS__);                                \
        sep = ",";                                                             \
    } while ( 0 )
    if ( n->mac_set )
        ITEM("mac=%02x:%02x:%02x:%02x:%02x:%02x", n->mac[0], n->mac[1],
             n->mac[2], n->mac[3], n->mac[4], n->mac[5]);
    if ( n->bridge )
        ITEM("bridge=%s", n->bridge);
    if ( n->ip )
        ITEM("ip=%s", n->ip);
    if ( n->script )
        ITEM("script=%s", n->script);
    if ( n->ifname )
        ITEM("vifname=%s", n->ifname);
    if ( n->backend_domname )
        ITEM("backend=%s", n->backend_domname);
    if ( n->model )
        ITEM("model=%s", n->model);
    if ( n->gatewaydev )
        ITEM("gatewaydev=%s", n->gatewaydev);
    if ( n->mtu )
        ITEM("mtu=%u", n->mtu);
    if ( n->devid >= 0 && (unsigned int)n->devid != index )
        ITEM("devid=%d", n->devid);
    if ( !xlu__vif_rate_format(n, rate, sizeof(rate)) )
        ITEM("rate=%s", rate);
    if ( n->trusted != LIBXL_DEFBOOL_DEFAULT )
        ITEM("%s", n->trusted == LIBXL_DEFBOOL_TRUE ? "trusted" : "untrusted");
#undef ITEM
    if ( fclose(f) )
    {
        free(out);
        return NULL;
    }
    return out;
}
