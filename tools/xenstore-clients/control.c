/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * control.c: xenstore-control COMMAND [ARG...], with Xen's messages and
 * exit codes: 2 usage, 1 no daemon, 3 the command failed (an unknown one
 * lists the daemon's commands). The reply is printed with a newline.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools.h"

int control_main(int argc, char **argv)
{
    char data[4096], *reply; /* the protocol's payload limit */
    unsigned int len = 0;
    struct xs_handle *h;
    int i, rc = 0;

    if ( argc < 2 )
    {
        fprintf(stderr, "Usage:\n%s <command> [<arg>...]\n", argv[0]);
        return 2;
    }
    h = xs_open(0);
    if ( !h )
    {
        fprintf(stderr, "Failed to contact Xenstored.\n");
        return 1;
    }
    for ( i = 2; i < argc; i++ )
    {
        size_t n = strlen(argv[i]) + 1;

        if ( n > sizeof(data) - len )
        {
            fprintf(stderr, "Allocation error.\n");
            xs_close(h);
            return 1;
        }
        memcpy(data + len, argv[i], n);
        len += n;
    }
    reply = xs_control_command(h, argv[1], len ? data : NULL, len);
    if ( !reply && errno == EINVAL )
    {
        rc = 3;
        reply = xs_control_command(h, "help", NULL, 0);
        if ( reply )
            fprintf(stderr, "Command not supported. Valid commands are:\n%s\n",
                    reply);
        else
            fprintf(stderr, "Error when executing command.\n");
        free(reply);
        reply = NULL;
    }
    else if ( !reply )
    {
        rc = 3;
        fprintf(stderr, "Error %d when trying to execute command.\n", errno);
    }
    else if ( *reply )
        printf("%s\n", reply);
    free(reply);
    xs_close(h);
    return rc;
}
