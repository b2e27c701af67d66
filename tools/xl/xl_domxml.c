/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xl_domxml.c: `domxml-from-xl` and `domxml-to-xl`, the conversions
 * libvirt's xen-xl converter makes (virsh domxml-from-native xen-xl /
 * domxml-to-native xen-xl), through the one in-memory description both
 * front ends of libxlutil fill and print. maxmem becomes <memory> and
 * memory <currentMemory>, both in KiB; a setting domain XML has no place
 * for is named in a warning, not dropped in silence. A file named `-' is
 * read from standard input, so the two can be piped into each other.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libxlutil.h>

#include "xl.h"

#define STDIN_NAME "<stdin>"
#define MAX_CONFIG_BYTES (16u << 20)

static int config_error(const struct xlu_error *e)
{
    xlu_error_print(e, stderr);
    return XL_EXIT_BAD_CONFIG;
}

/* All of standard input, NUL-terminated (malloc'd), or NULL with a message. */
static char *read_stdin(void)
{
    size_t len = 0, size = 4096, n;
    char *buf = malloc(size), *grown;

    while ( buf && (n = fread(buf + len, 1, size - len - 1, stdin)) > 0 )
    {
        len += n;
        if ( len + 1 < size )
            continue;
        if ( size >= MAX_CONFIG_BYTES )
        {
            fprintf(stderr, "%s: larger than %u bytes\n", STDIN_NAME,
                    MAX_CONFIG_BYTES);
            free(buf);
            return NULL;
        }
        grown = realloc(buf, size * 2);
        if ( !grown )
            break;
        buf = grown;
        size *= 2;
    }
    if ( !buf || ferror(stdin) || memchr(buf, '\0', len) )
    {
        fprintf(stderr, "%s: %s\n", STDIN_NAME,
                !buf || ferror(stdin) ? strerror(errno ?: ENOMEM)
                                      : "holds a NUL byte");
        free(buf);
        return NULL;
    }
    buf[len] = '\0';
    return buf;
}

/* The usual start of both commands: -h, then exactly the file. */
static const char *file_argument(int argc, char **argv, const char *cmd,
                                 int *extra)
{
    int opt;

    SWITCH_FOREACH_OPT(opt, "", NULL, cmd, 1){} *extra = argc - optind - 1;
    return argv[optind];
}

static int print_text(char *text)
{
    size_t len = strlen(text);

    fputs(text, stdout);
    if ( len && text[len - 1] != '\n' )
        putchar('\n');
    free(text);
    return XL_EXIT_OK;
}

/*
 * xl domxml-from-xl FILE [key=value ...]: the xl.cfg file (with the
 * overrides `xl create` would apply) as domain XML on standard output.
 */
int main_domxml_from_xl(int argc, char **argv)
{
    struct libxl_domain_config c;
    struct xlu_error err;
    char dropped[512], *xml, *text;
    const char *file;
    int nr_overrides, rc;

    file = file_argument(argc, argv, "domxml-from-xl", &nr_overrides);
    memset(&err, 0, sizeof(err));
    if ( strcmp(file, "-") )
        rc = xlu_cfg_parse_domain_file(
            file, (const char *const *)argv + optind + 1, nr_overrides, &c,
            &err, xlu_warn_stderr, NULL);
    else if ( !(text = read_stdin()) )
        return XL_EXIT_BAD_CONFIG;
    else
    {
        rc = xlu_cfg_parse_domain_string(
            STDIN_NAME, text, (const char *const *)argv + optind + 1,
            nr_overrides, &c, &err, xlu_warn_stderr, NULL);
        free(text);
    }
    if ( rc )
        return config_error(&err);
    if ( xlu_xml_unrepresented(&c, dropped, sizeof(dropped)) )
        fprintf(stderr, "warning: domain XML has no place for: %s\n", dropped);
    rc = xlu_xml_format_domain(&c, &xml, &err);
    libxl_domain_config_dispose(&c);
    if ( rc )
    {
        config_error(&err);
        return XL_EXIT_FAIL;
    }
    return print_text(xml);
}

/* xl domxml-to-xl FILE: the domain XML file as xl.cfg on standard output. */
int main_domxml_to_xl(int argc, char **argv)
{
    struct libxl_domain_config c;
    struct xlu_error err;
    const char *file;
    char *text, *cfg;
    int extra, rc;

    file = file_argument(argc, argv, "domxml-to-xl", &extra);
    if ( extra )
    {
        fprintf(stderr, "domxml-to-xl: domain XML takes no key=value "
                        "overrides\n");
        return XL_EXIT_USAGE;
    }
    memset(&err, 0, sizeof(err));
    if ( strcmp(file, "-") )
        rc = xlu_xml_parse_domain_file(file, &c, &err);
    else if ( !(text = read_stdin()) )
        return XL_EXIT_BAD_CONFIG;
    else
    {
        rc = xlu_xml_parse_domain_string(STDIN_NAME, text, &c, &err);
        free(text);
    }
    if ( rc )
        return config_error(&err);
    cfg = xlu_cfg_print_domain(&c);
    libxl_domain_config_dispose(&c);
    if ( !cfg )
    {
        fprintf(stderr, "domxml-to-xl: out of memory\n");
        return XL_EXIT_FAIL;
    }
    return print_text(cfg);
}
