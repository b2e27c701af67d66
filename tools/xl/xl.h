/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xl.h: what xl's subcommand files share: the libxl context, the global
 * options and xl.conf settings, the command table, exit codes, and the
 * helpers every command uses (domain lookup, option parsing, output).
 */
#ifndef XL_H
#define XL_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <libxl.h>
#include <libxl_types.h>

/*
 * Exit codes. Xen's xl exits 0 or 1 (2 for a usage error); scripts may
 * also tell apart what went wrong (docs/man/xl.1.md).
 */
#define XL_EXIT_OK 0
#define XL_EXIT_FAIL 1 /* the operation failed */
#define XL_EXIT_USAGE 2 /* bad options or arguments */
#define XL_EXIT_NO_DOMAIN 3 /* no such domain */
#define XL_EXIT_BAD_CONFIG 4 /* the configuration is invalid */
#define XL_EXIT_UNREACHABLE 5 /* the hypervisor or xenstored does not answer */

struct cmd_spec {
    const char *name;
    int (*fn)(int argc, char **argv);
    bool modifies; /* changes state: -N (dry run) stops it */
    const char *summary;
    const char *usage;
    const char *options;
};

extern const struct cmd_spec cmd_table[];
extern const unsigned int cmd_table_len;
const struct cmd_spec *cmd_lookup(const char *name);

/* Global state. */
extern libxl_ctx *ctx;
extern int verbosity; /* -v, repeatable */
extern bool dryrun_only; /* -N */
extern bool force_execution; /* -f */
extern const char *progname;

/* xl.conf (docs/man/xl.conf.5.md). */
struct xl_conf {
    bool autoballoon;
    char *lockfile;
    char *default_vifscript;
    char *default_bridge;
    char *default_gatewaydev;
    char *default_vifbackend;
    char *output_format; /* "json" (Xen's "sxp" is not offered) */
    int monitor_poll_ms; /* how often a monitor checks its domain */
};
extern struct xl_conf xlconf;
/* Read $XL_CONF or /etc/xen/xl.conf; a missing file is no error. */
int xl_conf_load(void);

/* Help for one command (or all), to stdout. */
void help(const char *command);

/*
 * getopt_long over opts (NULL: only --help), handling -h/--help and
 * unknown options as Xen's xl does; returns each option letter, -1 at
 * the end, having checked that at least reqargs arguments follow. Exits
 * 2 on usage errors.
 */
int def_getopt(int argc, char *const argv[], const char *optstring,
               const struct option *longopts, const char *helpstr,
               int reqargs);
#define COMMON_LONG_OPTS { "help", 0, 0, 'h' }, { NULL, 0, 0, 0 }
#define SWITCH_FOREACH_OPT(opt, opts, longopts, commandname, num_required)    \
    while ( ((opt) = def_getopt(argc, argv, "h" opts, (longopts),             \
                                (commandname), (num_required))) != -1 )        \
        switch ( opt )

/* A domain by name or id, or exit 3 with Xen's message. */
uint32_t find_domain(const char *p);
/* Exit code for a libxl error. */
int exit_code_of(int rc);
/* Message and exit for a libxl error that ends the command. */
void fail_rc(int rc, const char *what) __attribute__((noreturn));

/* The arguments joined with sep (malloc'd; Xen's multistring specs). */
char *join_args(int argc, char **argv, char sep);

/* Xen's affinity notation: "all", "none" or ranges ("0-3,5"). */
void print_bitmap(const struct libxl_bitmap *map, int nr_bits, FILE *f);
int parse_cpurange(const char *s, struct libxl_bitmap *map);

/*
 * --format: every listing also prints its runtime state as JSON
 * (FORMAT_LONG_OPT in its options, case 'F' calling parse_format).
 */
#define FORMAT_LONG_OPT { "format", 1, 0, 'F' }
void parse_format(const char *arg, bool *json);

/* The per-domain monitor (xl_monitor.c). */
/*
 * Fork a daemon that watches domid and applies its on_* actions, as
 * Xen's xl does. Returns in the parent (0, or -1 if it could not fork);
 * with foreground set, monitors in this process and returns its exit.
 */
int monitor_domain(uint32_t domid, struct libxl_domain_config *c,
                   bool foreground);

/* `xl console`'s copy loop (xl_console.c), also used by create -c. */
int console_attach(uint32_t domid, bool quiet);

/* Subcommands. */
int main_create(int argc, char **argv);
int main_destroy(int argc, char **argv);
int main_shutdown(int argc, char **argv);
int main_reboot(int argc, char **argv);
int main_pause(int argc, char **argv);
int main_unpause(int argc, char **argv);
int main_rename(int argc, char **argv);
int main_config_update(int argc, char **argv);
int main_dump_core(int argc, char **argv);
int main_list(int argc, char **argv);
int main_vm_list(int argc, char **argv);
int main_info(int argc, char **argv);
int main_domid(int argc, char **argv);
int main_domname(int argc, char **argv);
int main_uptime(int argc, char **argv);
int main_dmesg(int argc, char **argv);
int main_top(int argc, char **argv);
int main_console(int argc, char **argv);
int main_vcpulist(int argc, char **argv);
int main_vcpupin(int argc, char **argv);
int main_vcpuset(int argc, char **argv);
int main_memset(int argc, char **argv);
int main_memmax(int argc, char **argv);
int main_sched_credit(int argc, char **argv);
int main_blockattach(int argc, char **argv);
int main_blockdetach(int argc, char **argv);
int main_blocklist(int argc, char **argv);
int main_networkattach(int argc, char **argv);
int main_networkdetach(int argc, char **argv);
int main_networklist(int argc, char **argv);
int main_help(int argc, char **argv);
int main_domxml_from_xl(int argc, char **argv);
int main_domxml_to_xl(int argc, char **argv);

#endif /* XL_H */
