/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_xlu_cfg: the xl.cfg lexer and grammar (libxlu_cfg_lex.c,
 * libxlu_cfg.c) and the mapping of every PV key into the domain
 * description (libxlu_cfg_domain.c): values, defaults, overrides, and
 * the error each kind of bad config gives.
 */
#include <unistd.h>

#include "../../tools/libs/util/libxlu_internal.h"
#include "xlu_test.h"

/* Tokens of text, as kinds, into kinds[]; returns how many. */
static unsigned int lex_all(const char *text, enum xlu_token_kind *kinds,
                            char texts[][64], int *lines, unsigned int max)
{
    struct xlu_lexer lx;
    struct xlu_token t;
    unsigned int n = 0;

    xlu__lex_init(&lx, text, strlen(text), 1);
    do
    {
        xlu__lex_next(&lx, &t);
        if ( n < max )
        {
            kinds[n] = t.kind;
            snprintf(texts[n], 64, "%s", t.text ? t.text : "");
            lines[n] = t.line;
            n++;
        }
        free(t.text);
    } while ( t.kind != XLU_TOK_EOF && t.kind != XLU_TOK_ERROR );
    return n;
}

static void test_lexer_tokens(void)
{
    enum xlu_token_kind k[32];
    char s[32][64];
    int l[32];
    unsigned int n;

    n = lex_all("a = 0x1f; b+='x'\n# comment = [\nc=[1,\"s\"] # end\n", k, s, l,
                32);
    CU_ASSERT_EQUAL(n, 18);
    CU_ASSERT_EQUAL(k[0], XLU_TOK_IDENT);
    CU_ASSERT_STRING_EQUAL(s[0], "a");
    CU_ASSERT_EQUAL(k[1], XLU_TOK_ASSIGN);
    CU_ASSERT_EQUAL(k[2], XLU_TOK_NUMBER);
    CU_ASSERT_STRING_EQUAL(s[2], "0x1f");
    CU_ASSERT_EQUAL(k[3], XLU_TOK_SEMICOLON);
    CU_ASSERT_EQUAL(k[5], XLU_TOK_APPEND);
    CU_ASSERT_EQUAL(k[6], XLU_TOK_STRING);
    CU_ASSERT_STRING_EQUAL(s[6], "x");
    CU_ASSERT_EQUAL(k[7], XLU_TOK_NEWLINE);
    /* The comment line is only its newline. */
    CU_ASSERT_EQUAL(k[8], XLU_TOK_NEWLINE);
    CU_ASSERT_EQUAL(l[8], 2);
    CU_ASSERT_EQUAL(k[9], XLU_TOK_IDENT);
    CU_ASSERT_EQUAL(l[9], 3);
    CU_ASSERT_EQUAL(k[11], XLU_TOK_LBRACKET);
    CU_ASSERT_EQUAL(k[13], XLU_TOK_COMMA);
    CU_ASSERT_EQUAL(k[15], XLU_TOK_RBRACKET);
    CU_ASSERT_EQUAL(k[16], XLU_TOK_NEWLINE);
    CU_ASSERT_EQUAL(k[17], XLU_TOK_EOF);
    /* DOS line ends are blanks before the newline. */
    n = lex_all("a=1\r\n", k, s, l, 32);
    CU_ASSERT_EQUAL(n, 5);
    CU_ASSERT_EQUAL(k[3], XLU_TOK_NEWLINE);
}

static void test_lexer_strings(void)
{
    enum xlu_token_kind k[8];
    char s[8][64];
    int l[8];

    lex_all("\"\\x41\\101\\n\\t\\\"\\\\'\"", k, s, l, 8);
    CU_ASSERT_EQUAL(k[0], XLU_TOK_STRING);
    CU_ASSERT_STRING_EQUAL(s[0], "AA\n\t\"\\'");
    lex_all("'it\\'s \"fine\"'", k, s, l, 8);
    CU_ASSERT_STRING_EQUAL(s[0], "it's \"fine\"");
    lex_all("\"\"", k, s, l, 8);
    CU_ASSERT_EQUAL(k[0], XLU_TOK_STRING);
    CU_ASSERT_STRING_EQUAL(s[0], "");
}

static void test_lexer_errors(void)
{
    static const struct {
        const char *text, *words;
        int line;
    } cases[] = {
        { "a = \"open\nb = 1", "unterminated", 1 },
        { "a = 'x", "unterminated", 1 },
        { "\n\na = \"\\q\"", "invalid escape", 3 },
        { "a = \"\\x4\"", "invalid escape", 1 },
        { "a = \"\\0\"", "NUL", 1 },
        { "a = (1)", "not Python", 1 },
        { "a = 1.5", "not Python", 1 },
        { "a = @", "unexpected `@'", 1 },
        { "a = \x01", "0x01", 1 },
        /* Xen's names are [a-z][_0-9a-z]*, its numbers [0-9][0-9a-fx]*. */
        { "Name = 1", "names are lower case", 1 },
        { "_a = 1", "unexpected `_'", 1 },
        { "a = 128M", "numbers carry no unit", 1 },
    };
    enum xlu_token_kind k[16];
    char s[16][64];
    int l[16];
    unsigned int i, n;

    for ( i = 0; i < sizeof(cases) / sizeof(cases[0]); i++ )
    {
        n = lex_all(cases[i].text, k, s, l, 16);
        CU_ASSERT_EQUAL(k[n - 1], XLU_TOK_ERROR);
        CU_ASSERT_PTR_NOT_NULL(strstr(s[n - 1], cases[i].words));
        CU_ASSERT_EQUAL(l[n - 1], cases[i].line);
    }
}

/* Settings of text; NULL (with err) when the grammar refuses it. */
static struct xlu_cfg *read_cfg(const char *text, struct xlu_error *err)
{
    struct xlu_cfg *cfg = xlu__cfg_new("t.cfg");

    if ( xlu__cfg_read(cfg, "t.cfg", text, strlen(text), 1, err) )
    {
        xlu__cfg_free(cfg);
        return NULL;
    }
    return cfg;
}

static void test_grammar(void)
{
    struct xlu_error err;
    struct xlu_cfg *cfg;
    struct xlu_setting *s;

    /* Last one wins; ; separates; no newline needed at the end. */
    cfg = read_cfg("a = 1; a = 2\nb = 'x'; c = [ ]", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    s = xlu__cfg_find(cfg, "a");
    CU_ASSERT_STRING_EQUAL(s->value->atom, "2");
    CU_ASSERT_EQUAL(s->line, 1);
    CU_ASSERT_EQUAL(xlu__cfg_find(cfg, "c")->value->kind, XLU_LIST);
    CU_ASSERT_EQUAL(xlu__cfg_find(cfg, "c")->value->nitems, 0);
    CU_ASSERT_PTR_NULL(xlu__cfg_find(cfg, "d"));
    xlu__cfg_free(cfg);

    /* Lists continue over lines, take a trailing comma, nest. */
    cfg =
        read_cfg("l = [\n  'a',   # one\n\n  [ 1, 2 ],\n  'c',\n]\nz=1", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    s = xlu__cfg_find(cfg, "l");
    CU_ASSERT_EQUAL_FATAL(s->value->nitems, 3);
    CU_ASSERT_STRING_EQUAL(s->value->items[0]->atom, "a");
    CU_ASSERT_EQUAL(s->value->items[0]->line, 2);
    CU_ASSERT_EQUAL(s->value->items[1]->kind, XLU_LIST);
    CU_ASSERT_EQUAL(s->value->items[1]->nitems, 2);
    CU_ASSERT_EQUAL(s->value->items[2]->line, 5);
    CU_ASSERT_EQUAL(xlu__cfg_find(cfg, "z")->line, 7);
    xlu__cfg_free(cfg);

    /* += appends strings to strings and lists to lists, as Xen does. */
    cfg =
        read_cfg("s = 'ab'\ns += \"cd\"\nl = [1]\nl += [2, 3]\nn += 'x'", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    CU_ASSERT_STRING_EQUAL(xlu__cfg_find(cfg, "s")->value->atom, "abcd");
    s = xlu__cfg_find(cfg, "l");
    CU_ASSERT_EQUAL_FATAL(s->value->nitems, 3);
    CU_ASSERT_STRING_EQUAL(s->value->items[0]->atom, "1");
    CU_ASSERT_STRING_EQUAL(s->value->items[2]->atom, "3");
    CU_ASSERT_STRING_EQUAL(xlu__cfg_find(cfg, "n")->value->atom, "x");
    xlu__cfg_free(cfg);
    /* Empty lists on either side of += (found by the fuzz run). */
    cfg = read_cfg("e = []\ne += []\nf = []\nf += [1]\ng = [2]\ng += []", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    CU_ASSERT_EQUAL(xlu__cfg_find(cfg, "e")->value->nitems, 0);
    CU_ASSERT_EQUAL(xlu__cfg_find(cfg, "f")->value->nitems, 1);
    CU_ASSERT_EQUAL(xlu__cfg_find(cfg, "g")->value->nitems, 1);
    xlu__cfg_free(cfg);
}

static void test_grammar_errors(void)
{
    static const struct {
        const char *text, *key, *words;
        int line;
    } cases[] = {
        { "a 1", "a", "expected `=' or `+='", 1 },
        { "a =\n", "a", "expected a value", 1 },
        { "\na = 1 2", "a", "expected the end of the line", 2 },
        { "a = [1,\n2", "a", "expected `,' or `]'", 2 },
        { "a = [1 2]", "a", "expected `,' or `]'", 1 },
        { "a = [,]", "a", "expected a value", 1 },
        { "= 1", "", "expected a setting", 1 },
        { "1 = 2", "", "expected a setting", 1 },
        { "a = [[[[[[[[[1]]]]]]]]]", "a", "nested more than", 1 },
        { "s = 'x'\ns += [1]", "s", "appends a list to a list", 2 },
        { "l = [1]\n\nl += 'x'", "l", "appends a list to a list", 3 },
    };
    struct xlu_error err;
    unsigned int i;

    for ( i = 0; i < sizeof(cases) / sizeof(cases[0]); i++ )
    {
        memset(&err, 0, sizeof(err));
        CU_ASSERT_PTR_NULL(read_cfg(cases[i].text, &err));
        CU_ASSERT_STRING_EQUAL(err.file, "t.cfg");
        CU_ASSERT_STRING_EQUAL(err.key, cases[i].key);
        CU_ASSERT_EQUAL(err.line, cases[i].line);
        CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, cases[i].words));
        if ( !strstr(err.msg, cases[i].words) || err.line != cases[i].line )
            fprintf(stderr, "    case %u: %d %s: %s\n", i, err.line, err.key,
                    err.msg);
    }
}

static void test_grammar_limits(void)
{
    struct xlu_error err;
    size_t n = XLU_MAX_LIST_ITEMS + 1, i;
    char *text = malloc(n * 2 + 16), *p = text;

    p += sprintf(p, "l = [");
    for ( i = 0; i < n; i++ )
        p += sprintf(p, "1,");
    sprintf(p, "]");
    CU_ASSERT_PTR_NULL(read_cfg(text, &err));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "at most"));
    free(text);
}

static void test_every_key(void)
{
    static const char cfg[] =
        "# every key this toolstack reads\n"
        "name = \"web\"\n"
        "uuid = \"6f2b1a3c-0d4e-4f5a-8b6c-7d8e9f0a1b2c\"\n"
        "type = \"pv\"\n"
        "kernel = \"/boot/vmlinuz\"\n"
        "ramdisk = '/boot/initrd'\n"
        "cmdline = \"console=hvc0 quiet\"\n"
        "memory = 512\n"
        "maxmem = 0x400\n"
        "vcpus = 2\n"
        "maxvcpus = 4\n"
        "cpus = \"0-3,^1\"\n"
        "cpus_soft = [ \"0\", \"1-2\" ]\n"
        "cpu_weight = 512\n"
        "cap = 150\n"
        "max_event_channels = 2047\n"
        "on_poweroff = \"preserve\"\n"
        "on_reboot = \"rename-restart\"\n"
        "on_watchdog = \"coredump-destroy\"\n"
        "on_crash = \"coredump-restart\"\n"
        "on_soft_reset = \"destroy\"\n"
        "seclabel = \"system_u:system_r:domU_t\"\n"
        "disk = [ '/srv/web.img,raw,xvda,rw',\n"
        "         'format=raw, vdev=xvdb, access=ro, target=/srv/data,1' ]\n"
        "vif = [ 'mac=00:16:3e:01:02:03,bridge=xenbr1,ip=10.0.0.2', '' ]\n"
        "channel = [ 'name=org.qemu.guest_agent.0,connection=pty' ]\n";
    struct libxl_domain_config c;
    struct libxl_domain_build_info *b = &c.b_info;
    struct xlu_error err;
    struct warnings w;

    CU_ASSERT_EQUAL_FATAL(parse_cfg(cfg, NULL, 0, &c, &err, &w), 0);
    CU_ASSERT_STRING_EQUAL(c.c_info.name, "web");
    CU_ASSERT_TRUE(c.c_info.uuid_set);
    CU_ASSERT_EQUAL(c.c_info.uuid[0], 0x6f);
    CU_ASSERT_EQUAL(c.c_info.uuid[15], 0x2c);
    CU_ASSERT_EQUAL(c.c_info.type, LIBXL_DOMAIN_TYPE_PV);
    CU_ASSERT_STRING_EQUAL(c.c_info.ssidref_label, "system_u:system_r:domU_t");
    CU_ASSERT_STRING_EQUAL(b->kernel, "/boot/vmlinuz");
    CU_ASSERT_STRING_EQUAL(b->ramdisk, "/boot/initrd");
    CU_ASSERT_STRING_EQUAL(b->cmdline, "console=hvc0 quiet");
    CU_ASSERT_EQUAL(b->target_memkb, 512 * 1024);
    CU_ASSERT_EQUAL(b->max_memkb, 1024 * 1024);
    CU_ASSERT_EQUAL(b->avail_vcpus, 2);
    CU_ASSERT_EQUAL(b->max_vcpus, 4);
    CU_ASSERT_EQUAL(b->cpumap.map[0], 0xd);
    CU_ASSERT_EQUAL(b->cpumap.map[1], 0);
    CU_ASSERT_STRING_EQUAL(b->cpus_text, "0-3,^1");
    CU_ASSERT_EQUAL(b->num_vcpu_hard_affinity, 0);
    CU_ASSERT_EQUAL_FATAL(b->num_vcpu_soft_affinity, 2);
    CU_ASSERT_EQUAL(b->vcpu_soft_affinity[0].map[0], 1);
    CU_ASSERT_EQUAL(b->vcpu_soft_affinity[1].map[0], 6);
    CU_ASSERT_EQUAL(b->sched_weight, 512);
    CU_ASSERT_EQUAL(b->sched_cap, 150);
    CU_ASSERT_EQUAL(b->max_event_channels, 2047);
    CU_ASSERT_EQUAL(c.on_poweroff, LIBXL_ACTION_ON_SHUTDOWN_PRESERVE);
    CU_ASSERT_EQUAL(c.on_reboot, LIBXL_ACTION_ON_SHUTDOWN_RESTART_RENAME);
    CU_ASSERT_EQUAL(c.on_watchdog, LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_DESTROY);
    CU_ASSERT_EQUAL(c.on_crash, LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_RESTART);
    CU_ASSERT_EQUAL(c.on_soft_reset, LIBXL_ACTION_ON_SHUTDOWN_DESTROY);
    CU_ASSERT_EQUAL_FATAL(c.num_disks, 2);
    CU_ASSERT_STRING_EQUAL(c.disks[0].pdev_path, "/srv/web.img");
    CU_ASSERT_STRING_EQUAL(c.disks[0].vdev, "xvda");
    CU_ASSERT_TRUE(c.disks[0].readwrite);
    CU_ASSERT_STRING_EQUAL(c.disks[1].pdev_path, "/srv/data,1");
    CU_ASSERT_FALSE(c.disks[1].readwrite);
    CU_ASSERT_EQUAL_FATAL(c.num_nics, 2);
    CU_ASSERT_STRING_EQUAL(c.nics[0].bridge, "xenbr1");
    CU_ASSERT_EQUAL(c.nics[0].mac[5], 3);
    CU_ASSERT_EQUAL(c.nics[0].devid, 0);
    CU_ASSERT_EQUAL(c.nics[1].devid, 1);
    CU_ASSERT_FALSE(c.nics[1].mac_set);
    CU_ASSERT_EQUAL_FATAL(c.num_channels, 1);
    CU_ASSERT_STRING_EQUAL(c.channels[0].connection, "pty");
    /* Only the seclabel warning (XSM is off, as in Xen without FLASK). */
    CU_ASSERT_EQUAL(w.n, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(w.text, "XSM"));
    libxl_domain_config_dispose(&c);
}

static void test_defaults(void)
{
    struct libxl_domain_config c;
    struct xlu_error err;

    CU_ASSERT_EQUAL_FATAL(parse_cfg(MINIMAL, NULL, 0, &c, &err, NULL), 0);
    CU_ASSERT_EQUAL(c.b_info.avail_vcpus, 1);
    CU_ASSERT_EQUAL(c.b_info.max_vcpus, 1);
    CU_ASSERT_EQUAL(c.b_info.target_memkb, 32 * 1024);
    CU_ASSERT_EQUAL(c.b_info.max_memkb, 32 * 1024);
    CU_ASSERT_TRUE(libxl_bitmap_is_full(&c.b_info.cpumap));
    CU_ASSERT_FALSE(c.c_info.uuid_set);
    CU_ASSERT_PTR_NULL(c.b_info.cmdline);
    CU_ASSERT_EQUAL(c.on_poweroff, LIBXL_ACTION_ON_SHUTDOWN_DESTROY);
    CU_ASSERT_EQUAL(c.on_reboot, LIBXL_ACTION_ON_SHUTDOWN_RESTART);
    CU_ASSERT_EQUAL(c.on_watchdog, LIBXL_ACTION_ON_SHUTDOWN_DESTROY);
    CU_ASSERT_EQUAL(c.on_crash, LIBXL_ACTION_ON_SHUTDOWN_DESTROY);
    CU_ASSERT_EQUAL(c.on_soft_reset, LIBXL_ACTION_ON_SHUTDOWN_SOFT_RESET);
    libxl_domain_config_dispose(&c);

    /* memory alone sets maxmem, maxmem alone sets memory. */
    CU_ASSERT_EQUAL_FATAL(
        parse_cfg(MINIMAL "memory=64", NULL, 0, &c, &err, NULL), 0);
    CU_ASSERT_EQUAL(c.b_info.max_memkb, 64 * 1024);
    libxl_domain_config_dispose(&c);
    CU_ASSERT_EQUAL_FATAL(
        parse_cfg(MINIMAL "maxmem='96'", NULL, 0, &c, &err, NULL), 0);
    CU_ASSERT_EQUAL(c.b_info.target_memkb, 96 * 1024);
    libxl_domain_config_dispose(&c);
    /* Numbers in octal; cpus as a list is per vCPU, an entry for each
     * (the vCPUs not listed may run anywhere, as in Xen). */
    CU_ASSERT_EQUAL_FATAL(parse_cfg(MINIMAL "vcpus=010\ncpus=[2, '3-4']", NULL,
                                    0, &c, &err, NULL),
                          0);
    CU_ASSERT_EQUAL(c.b_info.avail_vcpus, 8);
    CU_ASSERT_EQUAL_FATAL(c.b_info.num_vcpu_hard_affinity, 8);
    CU_ASSERT_EQUAL(c.b_info.vcpu_hard_affinity[0].map[0], 4);
    CU_ASSERT_EQUAL(c.b_info.vcpu_hard_affinity[1].map[0], 0x18);
    CU_ASSERT_TRUE(libxl_bitmap_is_full(&c.b_info.vcpu_hard_affinity[7]));
    CU_ASSERT_TRUE(libxl_bitmap_is_full(&c.b_info.cpumap));
    libxl_domain_config_dispose(&c);
    /* A list of "all" is no pinning at all. */
    CU_ASSERT_EQUAL_FATAL(parse_cfg(MINIMAL "vcpus=2\ncpus=['all', 'all']",
                                    NULL, 0, &c, &err, NULL),
                          0);
    CU_ASSERT_EQUAL(c.b_info.num_vcpu_hard_affinity, 0);
    libxl_domain_config_dispose(&c);
    /* cpus_soft as a string applies to every vCPU, as in Xen. */
    CU_ASSERT_EQUAL_FATAL(parse_cfg(MINIMAL "maxvcpus=3\ncpus_soft='nodes:0'",
                                    NULL, 0, &c, &err, NULL),
                          0);
    CU_ASSERT_EQUAL_FATAL(c.b_info.num_vcpu_soft_affinity, 3);
    CU_ASSERT_TRUE(libxl_bitmap_is_full(&c.b_info.vcpu_soft_affinity[2]));
    libxl_domain_config_dispose(&c);
}

static void test_cmdline(void)
{
    struct libxl_domain_config c;
    struct xlu_error err;
    struct warnings w;

    CU_ASSERT_EQUAL_FATAL(parse_cfg(MINIMAL "root='/dev/xvda1 ro'\n"
                                            "extra='console=hvc0'",
                                    NULL, 0, &c, &err, &w),
                          0);
    CU_ASSERT_STRING_EQUAL(c.b_info.cmdline, "root=/dev/xvda1 ro console=hvc0");
    CU_ASSERT_STRING_EQUAL(c.b_info.root, "/dev/xvda1 ro");
    libxl_domain_config_dispose(&c);
    CU_ASSERT_EQUAL_FATAL(
        parse_cfg(MINIMAL "extra='single'", NULL, 0, &c, &err, &w), 0);
    CU_ASSERT_STRING_EQUAL(c.b_info.cmdline, "single");
    libxl_domain_config_dispose(&c);
    CU_ASSERT_EQUAL_FATAL(parse_cfg(MINIMAL "root='/dev/x'\ncmdline='a b'",
                                    NULL, 0, &c, &err, &w),
                          0);
    CU_ASSERT_STRING_EQUAL(c.b_info.cmdline, "a b");
    CU_ASSERT_PTR_NULL(c.b_info.root);
    CU_ASSERT_EQUAL(w.n, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(w.text, "in favour of cmdline"));
    libxl_domain_config_dispose(&c);
}

static void test_overrides(void)
{
    const char *ov[] = { "memory=256", "vcpus=2; name=\"other\"",
                         "vif += ['bridge=xenbr9']" };
    const char *bad[] = { "vcpus=2", "memory=lots" };
    struct libxl_domain_config c;
    struct xlu_error err;

    CU_ASSERT_EQUAL_FATAL(
        parse_cfg(MINIMAL "memory=128\nvif=['']", ov, 3, &c, &err, NULL), 0);
    CU_ASSERT_EQUAL(c.b_info.target_memkb, 256 * 1024);
    CU_ASSERT_EQUAL(c.b_info.avail_vcpus, 2);
    CU_ASSERT_STRING_EQUAL(c.c_info.name, "other");
    CU_ASSERT_EQUAL_FATAL(c.num_nics, 2);
    CU_ASSERT_STRING_EQUAL(c.nics[1].bridge, "xenbr9");
    libxl_domain_config_dispose(&c);

    /* An override's error names the command line and the argument. */
    CU_ASSERT_EQUAL(parse_cfg(MINIMAL, bad, 2, &c, &err, NULL), -1);
    CU_ASSERT_STRING_EQUAL(err.file, "command line");
    CU_ASSERT_EQUAL(err.line, 2);
    CU_ASSERT_STRING_EQUAL(err.key, "memory");
    CU_ASSERT_PTR_NULL(c.c_info.name);
}

static void test_warnings(void)
{
    struct libxl_domain_config c;
    struct xlu_error err;
    struct warnings w;

    CU_ASSERT_EQUAL_FATAL(parse_cfg(MINIMAL "colour = 'blue'\ncolour = 'red'\n"
                                            "vnuma = []\nbuilder='generic'",
                                    NULL, 0, &c, &err, &w),
                          0);
    CU_ASSERT_EQUAL(w.n, 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(w.text, "test.cfg:3: colour: unknown key"));
    CU_ASSERT_PTR_NOT_NULL(strstr(w.text, "test.cfg:5: vnuma: does not apply"));
    CU_ASSERT_PTR_NOT_NULL(strstr(w.text, "builder: deprecated"));
    libxl_domain_config_dispose(&c);
}

static void test_bad_configs(void)
{
    ASSERT_CFG_ERROR("kernel='/k'", "name", 0, "missing");
    ASSERT_CFG_ERROR("name='d'", "kernel", 0, "missing");
    ASSERT_CFG_ERROR("name=['d']\nkernel='/k'", "name", 1, "not a [list]");
    ASSERT_CFG_ERROR("name=''\nkernel='/k'", "name", 1, "empty");
    ASSERT_CFG_ERROR("name='a/b'\nkernel='/k'", "name", 1, "/");
    ASSERT_CFG_ERROR(MINIMAL "memory = \"lots\"", "memory", 3, "not a number");
    ASSERT_CFG_ERROR(MINIMAL "memory = 08", "memory", 3, "not a number");
    ASSERT_CFG_ERROR(MINIMAL "memory = 0", "memory", 3, "out of range");
    ASSERT_CFG_ERROR(MINIMAL "memory = 64\nmemory += 1", "memory", 4, "+=");
    ASSERT_CFG_ERROR(MINIMAL "memory = 64\nmaxmem = 32", "maxmem", 4,
                     "less than memory");
    ASSERT_CFG_ERROR(MINIMAL "vcpus = 4\nmaxvcpus = 2", "maxvcpus", 4,
                     "less than vcpus");
    ASSERT_CFG_ERROR(MINIMAL "vcpus = 0", "vcpus", 3, "out of range");
    ASSERT_CFG_ERROR(MINIMAL "vcpus = 300", "vcpus", 3, "out of range");
    ASSERT_CFG_ERROR(MINIMAL "type = 'hvm'", "type", 3, "only pv");
    ASSERT_CFG_ERROR(MINIMAL "builder = 'hvm'", "builder", 3, "only generic");
    ASSERT_CFG_ERROR(MINIMAL "on_crash = 'explode'", "on_crash", 3,
                     "unknown action");
    ASSERT_CFG_ERROR(MINIMAL "uuid = 'not-a-uuid'", "uuid", 3, "not a UUID");
    ASSERT_CFG_ERROR(MINIMAL "cpu_weight = 0", "cpu_weight", 3, "range");
    ASSERT_CFG_ERROR(MINIMAL "cap = 70000", "cap", 3, "range");
    ASSERT_CFG_ERROR(MINIMAL "cpus = '0-300'", "cpus", 3, "beyond");
    ASSERT_CFG_ERROR(MINIMAL "cpus = '^1'", "cpus", 3, "selects no pCPU");
    ASSERT_CFG_ERROR(MINIMAL "maxvcpus=2\ncpus_soft = ['1', 'x']", "cpus_soft",
                     4, "entry 2");
    ASSERT_CFG_ERROR(MINIMAL "disk = '/img,,xvda'", "disk", 3,
                     "expected a [list]");
    ASSERT_CFG_ERROR(MINIMAL "disk = [ '/a,,xvda',\n\n  [ 'x' ] ]", "disk", 5,
                     "entry 2 is a list");
    /* A disk spec with a typo: the entry's own line. */
    ASSERT_CFG_ERROR(MINIMAL "disk = [ '/a,,xvda',\n 'fromat=raw,vdev=xvdb,"
                             "target=/b' ]",
                     "disk", 4, "entry 2: unknown parameter near `fromat=raw'");
    ASSERT_CFG_ERROR(MINIMAL "disk = [ '/a,,xvda', '/b,,xvda' ]", "disk", 3,
                     "already used");
    ASSERT_CFG_ERROR(MINIMAL "vif = [ 'devid=1', '' ]", "vif", 3,
                     "already used");
    ASSERT_CFG_ERROR(MINIMAL "vif = [ 'mac=00:16:3e:zz:00:01' ]", "vif", 3,
                     "invalid mac");
    ASSERT_CFG_ERROR(MINIMAL "channel = [ 'connection=pty' ]", "channel", 3,
                     "needs name=");
    ASSERT_CFG_ERROR(MINIMAL "max_event_channels = 0", "max_event_channels", 3,
                     "range");
    ASSERT_CFG_ERROR(MINIMAL "kernel = ''", "kernel", 3, "empty");
}

static void test_file(void)
{
    char path[] = "/tmp/test_xlu_cfg.XXXXXX";
    int fd = mkstemp(path);
    struct libxl_domain_config c;
    struct xlu_error err;
    char line[512];

    CU_ASSERT_FATAL(fd >= 0);
    CU_ASSERT_EQUAL(write(fd, MINIMAL "memory = 'x'\n", strlen(MINIMAL) + 13),
                    (ssize_t)strlen(MINIMAL) + 13);
    close(fd);
    CU_ASSERT_EQUAL(
        xlu_cfg_parse_domain_file(path, NULL, 0, &c, &err, NULL, NULL), -1);
    CU_ASSERT_STRING_EQUAL(err.file, path);
    CU_ASSERT_EQUAL(err.line, 3);
    CU_ASSERT_EQUAL(xlu_error_format(&err, line, sizeof(line)), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(line, ":3: memory: `x' is not a number"));
    unlink(path);
    CU_ASSERT_EQUAL(
        xlu_cfg_parse_domain_file(path, NULL, 0, &c, &err, NULL, NULL), -1);
    CU_ASSERT_EQUAL(err.line, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "cannot open"));
}

/* print(parse(text)) parses to the same description (compared as JSON). */
static void check_print_round_trip(const char *text, const char *must_print)
{
    struct libxl_domain_config c, back;
    struct xlu_error err;
    char *printed, *j1, *j2;

    if ( parse_cfg(text, NULL, 0, &c, &err, NULL) )
    {
        fprintf(stderr, "    parse: %d %s: %s\n", err.line, err.key, err.msg);
        CU_FAIL_FATAL("config does not parse");
    }
    printed = xlu_cfg_print_domain(&c);
    CU_ASSERT_PTR_NOT_NULL_FATAL(printed);
    if ( must_print )
        CU_ASSERT_PTR_NOT_NULL(strstr(printed, must_print));
    if ( xlu_cfg_parse_domain_string("printed", printed, NULL, 0, &back, &err,
                                     NULL, NULL) )
    {
        fprintf(stderr, "    reparse: %d %s: %s\n%s", err.line, err.key,
                err.msg, printed);
        CU_FAIL("printed config does not parse");
    }
    else
    {
        j1 = libxl_domain_config_to_json(&c);
        j2 = libxl_domain_config_to_json(&back);
        CU_ASSERT_STRING_EQUAL(j1, j2);
        CU_ASSERT_EQUAL(!c.b_info.root, !back.b_info.root);
        free(j1);
        free(j2);
        libxl_domain_config_dispose(&back);
    }
    free(printed);
    libxl_domain_config_dispose(&c);
}

static void test_print(void)
{
    check_print_round_trip(MINIMAL, "name = \"d\"\n");
    check_print_round_trip(
        "name='a \"q\" \\\\'\nkernel='/k'\nramdisk='/r "
        "\\t\\x01'\nroot='/dev/x'\n"
        "extra='e'\nvcpus=2\nmaxvcpus=3\ncpus=['1','2-3']\ncpus_soft='4'\n"
        "memory=100\nmaxmem=200\ncap=10\ncpu_weight=9\n"
        "on_poweroff='coredump-restart'\n"
        "disk=[',,hdc:cdrom,r', 'tap:aio:/x,xvda,w', "
        "'vdev=xvdb,backend=drv,script=s,direct-io-safe,discard,trusted,"
        "backendtype=qdisk,format=vhd,target=/a, b']\n"
        "vif=['devid=5,rate=3B/s@1ms,mtu=1400', 'ip=1.2.3.4 5.6.7.8']\n"
        "channel=['name=n,connection=socket,path=/p,backend=b']\n",
        "root = \"/dev/x\"");
    check_print_round_trip(MINIMAL "cmdline='c'\nmaxvcpus=2\n"
                                   "cpus_soft=['1','2']\nvcpus=1",
                           "cpus_soft = [");
}

static const struct unit_case cases[] = {
    { "lexer tokens", test_lexer_tokens },
    { "lexer strings and escapes", test_lexer_strings },
    { "lexer errors", test_lexer_errors },
    { "grammar", test_grammar },
    { "grammar errors", test_grammar_errors },
    { "grammar limits", test_grammar_limits },
    { "every PV key", test_every_key },
    { "defaults", test_defaults },
    { "cmdline, root, extra", test_cmdline },
    { "command-line overrides", test_overrides },
    { "warnings", test_warnings },
    { "bad configs", test_bad_configs },
    { "files", test_file },
    { "printer round trip", test_print },
};

UNIT_MAIN("xlu_cfg", cases)
