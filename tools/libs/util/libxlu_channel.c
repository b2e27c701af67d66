/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxlu_channel.c: one channel= entry (xl.cfg(5), xen-pv-channel(7)):
 * comma-separated name=, connection=pty|socket, path= (socket only) and
 * backend=. A channel is a PV console with a name; the name is
 * mandatory, as is the connection.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libxlu_internal.h"

static int replace(char **dst, const char *v, char *err, size_t errlen)
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

static int channel_setting(char *tok, struct libxl_device_channel *ch,
                           char *err, size_t errlen)
{
    char *v = strchr(tok, '=');

    if ( !v )
    {
        xlu__errmsg(err, errlen, "unknown channel parameter `%s'", tok);
        return -1;
    }
    *v++ = '\0';
    if ( !strcmp(tok, "name") )
        return replace(&ch->name, v, err, errlen);
    if ( !strcmp(tok, "backend") ) /* empty: domain 0 */
        return *v ? replace(&ch->backend_domname, v, err, errlen) : 0;
    if ( !strcmp(tok, "path") )
        return replace(&ch->path, v, err, errlen);
    if ( !strcmp(tok, "connection") )
    {
        if ( strcmp(v, "pty") && strcmp(v, "socket") )
        {
            xlu__errmsg(err, errlen,
                        "unknown channel connection `%s' (pty or socket)", v);
            return -1;
        }
        return replace(&ch->connection, v, err, errlen);
    }
    xlu__errmsg(err, errlen, "unknown channel parameter `%s'", tok);
    return -1;
}

static int check(const struct libxl_device_channel *ch, char *err,
                 size_t errlen)
{
    if ( !ch->name || !*ch->name )
        xlu__errmsg(err, errlen, "a channel needs name=");
    else if ( !ch->connection )
        xlu__errmsg(err, errlen,
                    "a channel needs connection=pty or "
                    "connection=socket");
    else if ( !strcmp(ch->connection, "socket") && (!ch->path || !*ch->path) )
        xlu__errmsg(err, errlen, "connection=socket needs path=");
    else if ( !strcmp(ch->connection, "pty") && ch->path )
        xlu__errmsg(err, errlen, "path= applies to connection=socket only");
    else
        return 0;
    return -1;
}

int xlu__channel_parse(const char *spec, int devid,
                       struct libxl_device_channel *ch, char *err,
                       size_t errlen)
{
    char *copy = strdup(spec ? spec : ""), *tok, *save = NULL;
    int rc = 0;

    libxl_device_channel_init(ch);
    ch->devid = devid;
    if ( !copy )
    {
        xlu__errmsg(err, errlen, "out of memory");
        return -1;
    }
    for ( tok = strtok_r(copy, ",", &save); tok && !rc;
          tok = strtok_r(NULL, ",", &save) )
    {
        while ( *tok == ' ' || *tok == '\t' )
            tok++;
        if ( *tok )
            rc = channel_setting(tok, ch, err, errlen);
    }
    free(copy);
    if ( !rc )
        rc = check(ch, err, errlen);
    if ( rc )
        libxl_device_channel_dispose(ch);
    return rc;
}

char *xlu__channel_format(const struct libxl_device_channel *ch)
{
    char *out = NULL;

    if ( asprintf(&out, "name=%s,connection=%s%s%s%s%s", ch->name,
                  ch->connection, ch->path ? ",path=" : "",
                  ch->path ? ch->path : "",
                  ch->backend_domname ? ",backend=" : "",
                  ch->backend_domname ? ch->backend_domname : "") < 0 )
        return NULL;
    return out;
}
