/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_xlu_configs: the configs under tests/configs/ and config/examples/.
 *
 * good/: every xl.cfg and XML file reads without warnings; printed as
 * xl.cfg and as XML, each reads back to the same description; what XML
 * cannot hold is exactly what xlu_xml_unrepresented() names (a file's
 * "# unrepresented:" line); NAME.cfg and NAME.xml, where both exist,
 * describe the same domain (the conversions of libvirt's xen-xl
 * converter). Between them the files use every PV key of xl.cfg(5) and
 * every element of docs/schemas/domain.rng.
 *
 * bad/: each file's first line says what must happen, "expect: error
 * LINE KEY: words" or "expect: warning LINE KEY: words", and a file that
 * fails leaves nothing in the config.
 */
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "../../tools/libs/util/libxlu_internal.h"
#include "xlu_compare.h"
#include "xlu_test.h"

#define GOOD XLU_TEST_CONFIGS "/good"
#define BAD XLU_TEST_CONFIGS "/bad"

static bool is_xml(const char *path)
{
    size_t n = strlen(path);

    return n > 4 && !strcmp(path + n - 4, ".xml");
}

/* The "# warnings: N" line of a file, or 0. */
static unsigned int expected_warnings(const char *path)
{
    char *text = read_whole(path),
         *at = text ? strstr(text, "# warnings: ") : NULL;
    unsigned int n = at ? strtoul(at + 12, NULL, 10) : 0;

    free(text);
    return n;
}

/* A file that must read, with the warnings it announces only. */
static bool read_good(const char *path, struct libxl_domain_config *c)
{
    unsigned int want = expected_warnings(path);
    struct xlu_error err;
    struct warnings w;
    char line[600];

    memset(&w, 0, sizeof(w));
    if ( xlu_parse_domain_config_file(path, NULL, 0, c, &err, collect_warning,
                                      &w) )
    {
        xlu_error_format(&err, line, sizeof(line));
        fprintf(stderr, "    %s\n", line);
        return false;
    }
    if ( w.n != want )
        fprintf(stderr, "    %s: %u warnings, not %u:\n%s", path, w.n, want,
                w.text);
    CU_ASSERT_EQUAL(w.n, want);
    return true;
}

/* c printed as xl.cfg reads back as c. */
static void check_cfg_round_trip(const char *path,
                                 const struct libxl_domain_config *c)
{
    struct libxl_domain_config back;
    struct xlu_error err;
    char *text = xlu_cfg_print_domain(c);

    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    if ( xlu_cfg_parse_domain_string("printed.cfg", text, NULL, 0, &back, &err,
                                     NULL, NULL) )
    {
        fprintf(stderr, "    %s as xl.cfg: %d %s: %s\n%s", path, err.line,
                err.key, err.msg, text);
        CU_FAIL("printed xl.cfg does not read back");
    }
    else
    {
        CU_ASSERT_TRUE(same_config(c, &back, path));
        libxl_domain_config_dispose(&back);
    }
    free(text);
}

/* c printed as XML reads back as c without what XML cannot hold. */
static void check_xml_round_trip(const char *path,
                                 const struct libxl_domain_config *c)
{
    struct libxl_domain_config back, shared;
    struct xlu_error err;
    char *xml;

    if ( xlu_xml_format_domain(c, &xml, &err) )
    {
        fprintf(stderr, "    %s as XML: %s: %s\n", path, err.key, err.msg);
        CU_FAIL_FATAL("cannot print as XML");
    }
    if ( xlu_xml_parse_domain_string("printed.xml", xml, &back, &err) )
    {
        fprintf(stderr, "    %s as XML: %d %s: %s\n%s", path, err.line, err.key,
                err.msg, xml);
        CU_FAIL("printed XML does not read back");
    }
    else
    {
        CU_ASSERT_EQUAL_FATAL(libxl_domain_config_copy(&shared, c), 0);
        strip_xml_unshared(&shared);
        CU_ASSERT_TRUE(same_config(&shared, &back, path));
        libxl_domain_config_dispose(&shared);
        libxl_domain_config_dispose(&back);
    }
    free(xml);
}

/* The "# unrepresented: a, b" line of a file, or "". */
static void expected_unrepresented(const char *path, char *buf, size_t len)
{
    char *text = read_whole(path), *at, *end;

    buf[0] = '\0';
    at = text ? strstr(text, "# unrepresented: ") : NULL;
    if ( at )
    {
        at += strlen("# unrepresented: ");
        end = strchr(at, '\n');
        snprintf(buf, len, "%.*s", end ? (int)(end - at) : (int)strlen(at), at);
    }
    free(text);
}

static void test_good_configs(void)
{
    char want[512], got[512];
    unsigned int n, i;
    char **files = list_configs(GOOD, "", &n);
    struct libxl_domain_config c;

    CU_ASSERT_FATAL(n >= 8);
    for ( i = 0; i < n; i++ )
    {
        if ( !read_good(files[i], &c) )
        {
            CU_FAIL("a good config does not read");
            continue;
        }
        check_cfg_round_trip(files[i], &c);
        check_xml_round_trip(files[i], &c);
        expected_unrepresented(files[i], want, sizeof(want));
        xlu_xml_unrepresented(&c, got, sizeof(got));
        if ( strcmp(want, got) )
            fprintf(stderr, "    %s: unrepresented `%s', expected `%s'\n",
                    files[i], got, want);
        CU_ASSERT_STRING_EQUAL(got, want);
        libxl_domain_config_dispose(&c);
    }
    free_list(files, n);
}

/* cfg and xml describe the same domain (its name aside, if asked). */
static void check_pair(const char *cfg, const char *xml, bool same_name)
{
    struct libxl_domain_config a, b;

    CU_ASSERT_FATAL(read_good(cfg, &a));
    CU_ASSERT_FATAL(read_good(xml, &b));
    strip_xml_unshared(&a);
    if ( !same_name )
    {
        free(a.c_info.name);
        a.c_info.name = strdup(b.c_info.name);
    }
    CU_ASSERT_TRUE(same_config(&a, &b, xml));
    libxl_domain_config_dispose(&a);
    libxl_domain_config_dispose(&b);
}

static void test_pairs(void)
{
    unsigned int n, i, pairs = 0;
    char **files = list_configs(GOOD, ".cfg", &n);
    char xml[512];
    size_t l;

    for ( i = 0; i < n; i++ )
    {
        l = strlen(files[i]);
        snprintf(xml, sizeof(xml), "%.*s.xml", (int)(l - 4), files[i]);
        if ( access(xml, R_OK) )
            continue;
        check_pair(files[i], xml, true);
        pairs++;
    }
    free_list(files, n);
    CU_ASSERT(pairs >= 2);
}

static void test_examples(void)
{
    check_pair(XLU_TEST_EXAMPLES "/mini-os.cfg",
               XLU_TEST_EXAMPLES "/mini-os.xml", false);
}

/* Every PV key of xl.cfg(5) appears in some good config. */
static void test_key_coverage(void)
{
    static const char *const keys[] = {
        "name",          "uuid",
        "type",          "kernel",
        "ramdisk",       "cmdline",
        "extra",         "root",
        "memory",        "maxmem",
        "vcpus",         "maxvcpus",
        "cpus",          "cpus_soft",
        "cpu_weight",    "cap",
        "on_poweroff",   "on_reboot",
        "on_watchdog",   "on_crash",
        "on_soft_reset", "disk",
        "vif",           "channel",
        "seclabel",      "max_event_channels",
    };
    unsigned int n, i, k;
    char **files = list_configs(GOOD, ".cfg", &n);
    bool seen[sizeof(keys) / sizeof(keys[0])] = { false };
    struct xlu_setting *s;
    struct xlu_error err;
    struct xlu_cfg *cfg;
    char *text;

    for ( i = 0; i < n; i++ )
    {
        text = read_whole(files[i]);
        cfg = xlu__cfg_new(files[i]);
        CU_ASSERT_FATAL(text && cfg);
        CU_ASSERT_EQUAL(
            xlu__cfg_read(cfg, files[i], text, strlen(text), 1, &err), 0);
        for ( s = cfg->first; s; s = s->next )
            for ( k = 0; k < sizeof(keys) / sizeof(keys[0]); k++ )
                seen[k] = seen[k] || !strcmp(s->name, keys[k]);
        xlu__cfg_free(cfg);
        free(text);
    }
    for ( k = 0; k < sizeof(keys) / sizeof(keys[0]); k++ )
    {
        if ( !seen[k] )
            fprintf(stderr, "    no good config uses %s=\n", keys[k]);
        CU_ASSERT_TRUE(seen[k]);
    }
    free_list(files, n);
}

static bool element_used(xmlNodePtr n, const char *name)
{
    for ( ; n; n = n->next )
        if ( n->type == XML_ELEMENT_NODE &&
             (!strcmp((const char *)n->name, name) ||
              element_used(n->children, name)) )
            return true;
    return false;
}

/* Every <element name=...> of the schema appears in some good XML file. */
static void test_schema_coverage(void)
{
    unsigned int n, i, checked = 0;
    char **files = list_configs(GOOD, ".xml", &n);
    xmlDocPtr rng = xmlReadFile(XLU_TEST_SCHEMA, NULL, XML_PARSE_NONET);
    xmlDocPtr *docs = calloc(n, sizeof(*docs));
    xmlNodePtr d, e;
    xmlChar *name;
    bool used;

    CU_ASSERT_FATAL(rng && docs);
    for ( i = 0; i < n; i++ )
        CU_ASSERT_PTR_NOT_NULL(
            docs[i] = xmlReadFile(files[i], NULL, XML_PARSE_NONET));
    for ( d = xmlDocGetRootElement(rng)->children; d; d = d->next )
    {
        for ( e = d->type == XML_ELEMENT_NODE ? d->children : NULL; e;
              e = e->next )
        {
            if ( e->type != XML_ELEMENT_NODE ||
                 strcmp((const char *)e->name, "element") ||
                 !(name = xmlGetProp(e, (const xmlChar *)"name")) )
                continue;
            for ( used = false, i = 0; i < n && !used; i++ )
                used = docs[i] && element_used(xmlDocGetRootElement(docs[i]),
                                               (const char *)name);
            if ( !used )
                fprintf(stderr, "    no good XML file uses <%s>\n", name);
            CU_ASSERT_TRUE(used);
            checked++;
            xmlFree(name);
        }
    }
    CU_ASSERT(checked >= 40);
    for ( i = 0; i < n; i++ )
        xmlFreeDoc(docs[i]);
    free(docs);
    xmlFreeDoc(rng);
    free_list(files, n);
}

struct expectation {
    bool warning;
    int line;
    char key[64];
    char words[256];
};

static bool read_expectation(const char *path, struct expectation *x)
{
    char *text = read_whole(path), *at, kind[16];
    int used = 0;

    memset(x, 0, sizeof(*x));
    at = text ? strstr(text, "expect: ") : NULL;
    if ( !at ||
         sscanf(at + 8, "%15s %d %63[^:]:%n", kind, &x->line, x->key, &used) <
             3 ||
         !used )
    {
        /* An empty key: "expect: error 4 : words". */
        if ( !at || sscanf(at + 8, "%15s %d :%n", kind, &x->line, &used) < 2 ||
             !used )
        {
            free(text);
            return false;
        }
        x->key[0] = '\0';
    }
    at += 8 + used;
    while ( *at == ' ' )
        at++;
    snprintf(x->words, sizeof(x->words), "%.*s", (int)strcspn(at, "\n"), at);
    if ( strstr(x->words, " -->") )
        *strstr(x->words, " -->") = '\0';
    x->warning = !strcmp(kind, "warning");
    free(text);
    return true;
}

static void check_bad(const char *path)
{
    struct libxl_domain_config c;
    struct expectation x;
    struct xlu_error err;
    struct warnings w;
    char line[700];
    int rc;

    CU_ASSERT_FATAL(read_expectation(path, &x));
    memset(&w, 0, sizeof(w));
    rc = xlu_parse_domain_config_file(path, NULL, 0, &c, &err, collect_warning,
                                      &w);
    if ( x.warning )
    {
        snprintf(line, sizeof(line), "%s:%d: %s: %s", path, x.line, x.key,
                 x.words);
        CU_ASSERT_EQUAL(rc, 0);
        CU_ASSERT_EQUAL(w.n, 1);
        if ( !strstr(w.text, line) )
            fprintf(stderr, "    %s: warnings `%s', expected `%s'\n", path,
                    w.text, line);
        CU_ASSERT_PTR_NOT_NULL(strstr(w.text, line));
        if ( !rc )
            libxl_domain_config_dispose(&c);
        return;
    }
    CU_ASSERT_EQUAL(rc, -1);
    if ( rc != -1 )
    {
        fprintf(stderr, "    %s: read without error\n", path);
        libxl_domain_config_dispose(&c);
        return;
    }
    CU_ASSERT_STRING_EQUAL(err.file, path);
    CU_ASSERT_EQUAL(err.line, x.line);
    CU_ASSERT_STRING_EQUAL(err.key, x.key);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, x.words));
    if ( err.line != x.line || strcmp(err.key, x.key) ||
         !strstr(err.msg, x.words) )
    {
        xlu_error_format(&err, line, sizeof(line));
        fprintf(stderr,
                "    got      %s\n    expected line %d, key `%s', `%s'\n", line,
                x.line, x.key, x.words);
    }
    /* Nothing is left in the config after an error. */
    CU_ASSERT_PTR_NULL(c.c_info.name);
    CU_ASSERT_PTR_NULL(c.b_info.kernel);
    CU_ASSERT_PTR_NULL(c.disks);
    CU_ASSERT_PTR_NULL(c.nics);
    CU_ASSERT_EQUAL(c.num_disks + c.num_nics + c.num_channels, 0);
}

static void test_bad_configs(void)
{
    unsigned int n, i, xml = 0;
    char **files = list_configs(BAD, "", &n);

    CU_ASSERT_FATAL(n >= 40);
    for ( i = 0; i < n; i++ )
    {
        check_bad(files[i]);
        xml += is_xml(files[i]);
    }
    CU_ASSERT(xml >= 15);
    free_list(files, n);
}

/* XLU_DOMAIN_SCHEMA replaces the built-in schema; a broken one is named. */
static void test_schema_override(void)
{
    struct libxl_domain_config c;
    struct xlu_error err;
    char path[] = "/tmp/test_xlu_configs.XXXXXX";
    int fd = mkstemp(path);

    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_EQUAL(write(fd, "<grammar>", 9), 9);
    close(fd);
    setenv("XLU_DOMAIN_SCHEMA", path, 1);
    CU_ASSERT_EQUAL(xlu_xml_parse_domain_file(GOOD "/minimal.xml", &c, &err),
                    -1);
    CU_ASSERT_STRING_EQUAL(err.file, path);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "cannot load the domain schema"));
    setenv("XLU_DOMAIN_SCHEMA", XLU_TEST_SCHEMA, 1);
    CU_ASSERT_EQUAL(xlu_xml_parse_domain_file(GOOD "/minimal.xml", &c, &err),
                    0);
    libxl_domain_config_dispose(&c);
    unsetenv("XLU_DOMAIN_SCHEMA");
    CU_ASSERT_EQUAL(xlu_xml_parse_domain_file(GOOD "/minimal.xml", &c, &err),
                    0);
    libxl_domain_config_dispose(&c);
    unlink(path);
}

/* key=value overrides on domain XML, as `xl create web.xml k=v` gives them. */
static void test_xml_overrides(void)
{
    const char *ov[] = { "memory=768", "vcpus=3; cap=0",
                         "vif += ['bridge=xenbr9']" };
    const char *bad[] = { "vcpus=3", "memory=lots" };
    const char *conflict[] = { "memory=2048" };
    struct libxl_domain_config plain, c;
    struct xlu_error err;

    CU_ASSERT_EQUAL_FATAL(
        xlu_xml_parse_domain_file(GOOD "/web.xml", &plain, &err), 0);
    CU_ASSERT_EQUAL_FATAL(xlu_parse_domain_config_file(GOOD "/web.xml", ov, 3,
                                                       &c, &err, NULL, NULL),
                          0);
    CU_ASSERT_EQUAL(c.b_info.target_memkb, 768 * 1024);
    CU_ASSERT_EQUAL(c.b_info.avail_vcpus, 3);
    CU_ASSERT_EQUAL(c.b_info.sched_cap, 0);
    CU_ASSERT_EQUAL_FATAL(c.num_nics, plain.num_nics + 1);
    CU_ASSERT_STRING_EQUAL(c.nics[plain.num_nics].bridge, "xenbr9");
    /* Everything else is the XML's. */
    c.b_info.target_memkb = plain.b_info.target_memkb;
    c.b_info.avail_vcpus = plain.b_info.avail_vcpus;
    c.b_info.sched_cap = plain.b_info.sched_cap;
    libxl_device_nic_dispose(&c.nics[--c.num_nics]);
    CU_ASSERT_TRUE(same_config(&plain, &c, "XML with overrides"));
    libxl_domain_config_dispose(&c);
    libxl_domain_config_dispose(&plain);

    /* A bad override names the command line and the argument. */
    CU_ASSERT_EQUAL(xlu_parse_domain_config_file(GOOD "/web.xml", bad, 2, &c,
                                                 &err, NULL, NULL),
                    -1);
    CU_ASSERT_STRING_EQUAL(err.file, "command line");
    CU_ASSERT_EQUAL(err.line, 2);
    CU_ASSERT_STRING_EQUAL(err.key, "memory");
    CU_ASSERT_PTR_NULL(c.c_info.name);
    /* One that conflicts with the XML (its maxmem is 1 GiB) names the
     * file, with no line of the XML to point at. */
    CU_ASSERT_EQUAL(xlu_parse_domain_config_file(GOOD "/web.xml", conflict, 1,
                                                 &c, &err, NULL, NULL),
                    -1);
    CU_ASSERT_STRING_EQUAL(err.file, GOOD "/web.xml");
    CU_ASSERT_EQUAL(err.line, 0);
    CU_ASSERT_STRING_EQUAL(err.key, "maxmem");
    CU_ASSERT_PTR_NULL(c.c_info.name);
    /* A broken XML file is still named with its line. */
    CU_ASSERT_EQUAL(xlu_parse_domain_config_file(BAD "/malformed.xml", ov, 1,
                                                 &c, &err, NULL, NULL),
                    -1);
    CU_ASSERT_STRING_EQUAL(err.file, BAD "/malformed.xml");
    CU_ASSERT_EQUAL(err.line, 8);
}

static const struct unit_case cases[] = {
    { "good configs: read, print, read back", test_good_configs },
    { "xl.cfg and XML pairs", test_pairs },
    { "config/examples", test_examples },
    { "every PV key is covered", test_key_coverage },
    { "every schema element is covered", test_schema_coverage },
    { "bad configs: the named error", test_bad_configs },
    { "XLU_DOMAIN_SCHEMA", test_schema_override },
    { "key=value overrides on XML", test_xml_overrides },
};

UNIT_MAIN("xlu_configs", cases)
