/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xl.c: `xl [-vNf] <subcommand> [args]`: global options, xl.conf, the
 * libxl context, and dispatch through the command table.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xl.h"

libxl_ctx *ctx;
int verbosity;
bool dryrun_only;
bool force_execution;
const char *progname = "xl";
static bool timestamps;

static void xl_log(void *opaque, enum libxl_log_level level, const char *msg)
{
    static const char *const names[] = { "debug", "info", "warning",
                                         "error" };
    (void)opaque;
    if ( timestamps )
    {
        char when[32];
        time_t now = time(NULL);
        struct tm tm;

        strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S",
                 localtime_r(&now, &tm));
        fprintf(stderr, "%s [%d] ", when, (int)getpid());
    }
    fprintf(stderr, "libxl: %s: %s\n", names[level], msg);
}

static void usage_all(FILE *f)
{
    unsigned int i;

    fprintf(f, "Usage xl [-vfNtT] <subcommand> [args]\n\n"
               "xl full list of subcommands:\n\n");
    for ( i = 0; i < cmd_table_len; i++ )
        if ( cmd_table[i].fn )
            fprintf(f, " %-19s %s\n", cmd_table[i].name,
                    cmd_table[i].summary);
}

void help(const char *command)
{
    const struct cmd_spec *cmd = command ? cmd_lookup(command) : NULL;

    if ( !command || !strcmp(command, "help") || !cmd )
    {
        if ( command && strcmp(command, "help") && !cmd )
            fprintf(stderr, "command \"%s\" not implemented\n", command);
        usage_all(stdout);
        return;
    }
    printf("Usage: xl [-v%s] %s %s\n\n%s.\n\n", cmd->modifies ? "N" : "",
           cmd->name, cmd->usage, cmd->summary);
    if ( cmd->options && *cmd->options )
        printf("Options:\n\n%s\n", cmd->options);
}

int main_help(int argc, char **argv)
{
    help(argc > 1 ? argv[1] : NULL);
    return XL_EXIT_OK;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "help", 0, 0, 'h' },
        { NULL, 0, 0, 0 },
    };
    const struct cmd_spec *cmd;
    int opt, rc;

    while ( (opt = getopt_long(argc, argv, "+vNftTh", opts, NULL)) != -1 )
        switch ( opt )
        {
        case 'v':
            verbosity++;
            break;
        case 'N':
            dryrun_only = true;
            break;
        case 'f':
            force_execution = true;
            break;
        case 't':
        case 'T':
            timestamps = true;
            break;
        case 'h':
            usage_all(stdout);
            return XL_EXIT_OK;
        default:
            fprintf(stderr, "unknown global option\n");
            return XL_EXIT_USAGE;
        }
    if ( optind >= argc )
    {
        usage_all(stderr);
        return XL_EXIT_USAGE;
    }
    cmd = cmd_lookup(argv[optind]);
    if ( !cmd )
    {
        fprintf(stderr, "command not implemented\n");
        return XL_EXIT_FAIL;
    }
    if ( dryrun_only && cmd->modifies && strcmp(cmd->name, "create") )
    {
        fprintf(stderr, "command does not implement -N (dryrun) option\n");
        return XL_EXIT_FAIL;
    }
    if ( xl_conf_load() )
        return XL_EXIT_FAIL;
    rc = libxl_ctx_alloc(&ctx, xl_log, NULL,
                         verbosity >= 2   ? LIBXL_LOG_DEBUG
                         : verbosity == 1 ? LIBXL_LOG_INFO
                                          : LIBXL_LOG_WARNING);
    if ( rc )
    {
        fprintf(stderr, "cannot init xl context\n");
        return XL_EXIT_FAIL;
    }
    argc -= optind;
    argv += optind;
    optind = 0; /* getopt starts afresh for the subcommand */
    rc = cmd->fn(argc, argv);
    libxl_ctx_free(ctx);
    if ( fflush(stdout) || ferror(stdout) )
    {
        perror("stdout");
        return XL_EXIT_FAIL;
    }
    return rc;
}
