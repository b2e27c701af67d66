/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * xl_domxml.c: `domxml-from-xl` and `domxml-to-xl`, the converters
 * between xl.cfg files and libvirt-style domain XML (as libvirt's xen-xl
 * converter: maxmem is <memory>, memory is <currentMemory>). Both go
 * through the one in-memory description (libxl_types.h) that libxlutil
 * reads either format into and prints either format from.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxlutil.h>

#include "xl.h"

/* text to path (or stdout for NULL); the file appears whole or not at all. */
static int write_output(const char *path, const char *text)
{
    char *tmp;
    FILE *f;
    int rc = 0;

    if ( !path )
        return fputs(text, stdout) < 0 || fflush(stdout) ? -1 : 0;
    if ( asprintf(&tmp, "%s.tmp", path) < 0 )
        return -1;
    f = fopen(tmp, "w");
    if ( !f || fputs(text, f) < 0 )
        rc = -1;
    if ( f && fclose(f) )
        rc = -1;
    if ( !rc && rename(tmp, path) )
        rc = -1;
    if ( rc )
    {
        fprintf(stderr, "cannot write %s: %s\n", path, strerror(errno));
        unlink(tmp);
    }
    free(tmp);
    return rc;
}

static const struct option convert_opts[] = {
    { "output", 1, 0, 'o' },
    COMMON_LONG_OPTS,
};

int main_domxml_from_xl(int argc, char **argv)
{
    struct libxl_domain_config c;
    struct xlu_error err;
    const char *out = NULL;
    char dropped[512], *xml;
    int opt, rc;

    SWITCH_FOREACH_OPT(opt, "o:", convert_opts, "domxml-from-xl", 1)
    {
    case 'o':
        out = optarg;
        break;
    }
    libxl_domain_config_init(&c);
    memset(&err, 0, sizeof(err));
    if ( xlu_cfg_parse_domain_file(
             argv[optind], (const char *const *)argv + optind + 1,
             argc - optind - 1, &c, &err, config_warning, NULL) )
    {
        print_config_error(&err);
        return XL_EXIT_BAD_CONFIG;
    }
    /* Said, not silently lost: what domain XML has no element for. */
    if ( xlu_xml_unrepresented(&c, dropped, sizeof(dropped)) )
        fprintf(stderr, "%s: warning: not expressible in domain XML: %s\n",
                argv[optind], dropped);
    if ( xlu_xml_format_domain(&c, &xml, &err) )
    {
        print_config_error(&err);
        libxl_domain_config_dispose(&c);
        return XL_EXIT_BAD_CONFIG;
    }
    rc = write_output(out, xml) ? XL_EXIT_FAIL : XL_EXIT_OK;
    free(xml);
    libxl_domain_config_dispose(&c);
    return rc;
}

int main_domxml_to_xl(int argc, char **argv)
{
    struct libxl_domain_config c;
    struct xlu_error err;
    const char *out = NULL;
    char *cfg;
    int opt, rc;

    SWITCH_FOREACH_OPT(opt, "o:", convert_opts, "domxml-to-xl", 1)
    {
    case 'o':
        out = optarg;
        break;
    }
    if ( argc - optind > 1 )
    {
        fprintf(stderr, "domain XML takes no key=value overrides\n");
        return XL_EXIT_USAGE;
    }
    libxl_domain_config_init(&c);
    memset(&err, 0, sizeof(err));
    if ( xlu_xml_parse_domain_file(argv[optind], &c, &err) )
    {
        print_config_error(&err);
        return XL_EXIT_BAD_CONFIG;
    }
    cfg = xlu_cfg_print_domain(&c);
    libxl_domain_config_dispose(&c);
    if ( !cfg )
    {
        fprintf(stderr, "out of memory\n");
        return XL_EXIT_FAIL;
    }
    rc = write_output(out, cfg) ? XL_EXIT_FAIL : XL_EXIT_OK;
    free(cfg);
    return rc;
}
