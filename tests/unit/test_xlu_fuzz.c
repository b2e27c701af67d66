/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_xlu_fuzz: a bounded fuzz run of the xl.cfg and domain-XML readers
 * under ASan and UBSan. Inputs are the files of tests/configs/ mutated by
 * a fixed-seed generator (byte flips, inserted tokens of either syntax,
 * deletions, duplications, truncations), so a run is repeatable and its
 * length is a count, not a time. Besides not crashing, leaking (ASan's
 * leak check at exit) or hanging, every input must either fail with a
 * file and a message and leave the config empty, or read into a config
 * that prints as xl.cfg and reads back the same, and prints as XML (or
 * says why not) and reads back as the config without what XML cannot
 * hold.
 *
 * For a longer run by hand: XLU_FUZZ_SEED=N picks another sequence and
 * XLU_FUZZ_SCALE=K runs K times as many inputs.
 */
#include <stdint.h>

#include "xlu_compare.h"
#include "xlu_test.h"

#define CFG_RUNS 30000
#define XML_RUNS 8000
#define FUZZ_MAX_INPUT 16384

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t next_random(void)
{
    /* xorshift64*: enough to wander, and the same every run. */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dULL;
}

static size_t below(size_t n)
{
    return n ? next_random() % n : 0;
}

static const char *const cfg_tokens[] = {
    "=",        "+=",
    "[",        "]",
    ",",        ";",
    "\n",       "#",
    "\"",       "'",
    "\\",       "\\x4",
    "\\777",    "0x",
    "0",        "99999999999999999999",
    "-1",       "disk=",
    "vif=",     "cpus=",
    "target=",  "vdev=",
    "xvda",     "cdrom",
    "phy:",     "tap:aio:",
    "rate=",    "@",
    "Mb/s",     "^",
    "nodes:",   "all",
    "mac=",     "ip=",
    "::",       "memory",
    "kernel",   "name",
    "[[[[",     "]]]]",
    "\x01",     "\xff\xfe",
    " ",        "\t",
    "channel=", "connection=socket",
};

static const char *const xml_tokens[] = {
    "<",
    ">",
    "/>",
    "</",
    "<!--",
    "-->",
    "&amp;",
    "&#0;",
    "&#x110000;",
    "<![CDATA[x]]>",
    "'",
    "\"",
    "=",
    "<disk type='file'>",
    "</disk>",
    "<vcpupin vcpu='9999' cpuset='0'/>",
    "unit='EiB'",
    "<target dev='xvda'/>",
    "<memory>1</memory>",
    "cpuset='0-255'",
    "<interface type='bridge'>",
    "</interface>",
    "\xc3\x28",
    "\x01",
    "<!DOCTYPE x>",
    "<?xml version='1.0'?>",
    "18446744073709551615",
    " ",
    "\n",
    "xmlns='urn:x'",
    "<os>",
    "</os>",
};

/* One mutation of buf (len bytes, room for FUZZ_MAX_INPUT). */
static size_t mutate(char *buf, size_t len, const char *const *tokens,
                     size_t ntokens)
{
    const char *t;
    size_t at = below(len + 1), n, tl;

    switch ( below(6) )
    {
    case 0: /* flip a byte */
        if ( len )
            buf[below(len)] ^= 1 << below(8);
        return len;
    case 1: /* insert a token */
        t = tokens[below(ntokens)];
        tl = strlen(t);
        if ( len + tl >= FUZZ_MAX_INPUT )
            return len;
        memmove(buf + at + tl, buf + at, len - at);
        memcpy(buf + at, t, tl);
        return len + tl;
    case 2: /* delete a run */
        n = below(len - at + 1);
        if ( n > 64 )
            n = 64;
        memmove(buf + at, buf + at + n, len - at - n);
        return len - n;
    case 3: /* duplicate a run */
        n = below(len - at + 1);
        if ( n > 256 || len + n >= FUZZ_MAX_INPUT )
            return len;
        memmove(buf + at + n, buf + at, len - at);
        return len + n;
    case 4: /* truncate */
        return at;
    default: /* a random byte */
        if ( len + 1 >= FUZZ_MAX_INPUT )
            return len;
        memmove(buf + at + 1, buf + at, len - at);
        buf[at] = (char)below(256);
        return len + 1;
    }
}

struct seeds {
    char **text;
    unsigned int n;
};

/* Each file of dir ending in suffix, weight times over. */
static void add_seeds(struct seeds *s, const char *dir, const char *suffix,
                      unsigned int weight)
{
    unsigned int n, i, w;
    char **files = list_configs(dir, suffix, &n);
    char **grown = realloc(s->text, (s->n + n * weight) * sizeof(*s->text));

    CU_ASSERT_FATAL(grown != NULL);
    s->text = grown;
    for ( i = 0; i < n; i++ )
        for ( w = 0; w < weight; w++ )
            if ( (s->text[s->n] = read_whole(files[i])) )
                s->n++;
    free_list(files, n);
}

/* A config that was read: both printers and both readers agree on it. */
static void check_accepted(const struct libxl_domain_config *c)
{
    struct libxl_domain_config back, shared;
    struct xlu_error err;
    char *text, *xml;

    text = xlu_cfg_print_domain(c);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    if ( xlu_cfg_parse_domain_string("printed", text, NULL, 0, &back, &err,
                                     NULL, NULL) )
    {
        fprintf(stderr, "    printed xl.cfg refused: %d %s: %s\n%s\n", err.line,
                err.key, err.msg, text);
        CU_FAIL("printed xl.cfg does not read back");
    }
    else
    {
        CU_ASSERT_TRUE(same_config(c, &back, "xl.cfg round trip"));
        libxl_domain_config_dispose(&back);
    }
    free(text);

    if ( xlu_xml_format_domain(c, &xml, &err) )
    {
        /* Allowed, with a reason: XML cannot carry every byte. */
        CU_ASSERT_TRUE(err.msg[0] != '\0');
        return;
    }
    if ( xlu_xml_parse_domain_string("printed", xml, &back, &err) )
    {
        fprintf(stderr, "    printed XML refused: %d %s: %s\n%s\n", err.line,
                err.key, err.msg, xml);
        CU_FAIL("printed XML does not read back");
    }
    else
    {
        CU_ASSERT_EQUAL_FATAL(libxl_domain_config_copy(&shared, c), 0);
        strip_xml_unshared(&shared);
        CU_ASSERT_TRUE(same_config(&shared, &back, "XML round trip"));
        libxl_domain_config_dispose(&shared);
        libxl_domain_config_dispose(&back);
    }
    free(xml);
}

static void check_refused(const struct libxl_domain_config *c,
                          const struct xlu_error *err)
{
    CU_ASSERT_STRING_EQUAL(err->file, "fuzz");
    CU_ASSERT_TRUE(err->msg[0] != '\0');
    CU_ASSERT_PTR_NULL(c->c_info.name);
    CU_ASSERT_PTR_NULL(c->b_info.kernel);
    CU_ASSERT_PTR_NULL(c->disks);
    CU_ASSERT_PTR_NULL(c->nics);
    CU_ASSERT_PTR_NULL(c->channels);
}

static unsigned int scaled(unsigned int runs)
{
    const char *k = getenv("XLU_FUZZ_SCALE");

    return k && atoi(k) > 0 ? runs * (unsigned int)atoi(k) : runs;
}

static void run(const struct seeds *s, unsigned int runs, bool xml,
                const char *const *tokens, size_t ntokens)
{
    static char buf[FUZZ_MAX_INPUT + 1];
    struct libxl_domain_config c;
    struct xlu_error err;
    unsigned int i, k, accepted = 0;
    const char *seed;
    size_t len;
    int rc;

    CU_ASSERT_FATAL(s->n > 0);
    if ( getenv("XLU_FUZZ_SEED") )
        rng_state = strtoull(getenv("XLU_FUZZ_SEED"), NULL, 0) | 1;
    runs = scaled(runs);
    for ( i = 0; i < runs; i++ )
    {
        seed = s->text[below(s->n)];
        len = strlen(seed);
        if ( len > FUZZ_MAX_INPUT )
            len = FUZZ_MAX_INPUT;
        memcpy(buf, seed, len);
        for ( k = 1 + below(3); k; k-- )
            len = mutate(buf, len, tokens, ntokens);
        buf[len] = '\0';
        rc = xml ? xlu_xml_parse_domain_string("fuzz", buf, &c, &err)
                 : xlu_cfg_parse_domain_string("fuzz", buf, NULL, 0, &c, &err,
                                               NULL, NULL);
        if ( rc )
        {
            check_refused(&c, &err);
            continue;
        }
        accepted++;
        check_accepted(&c);
        libxl_domain_config_dispose(&c);
    }
    printf("    %u %s inputs, %u read\n", runs, xml ? "XML" : "xl.cfg",
           accepted);
    /* Enough mutants still read for the round trips to mean something. */
    CU_ASSERT(accepted > runs / 50);
}

/* Seeds: the files of that format, the good ones and examples weighted. */
static void fuzz_format(bool xml, unsigned int runs, const char *const *tokens,
                        size_t ntokens)
{
    const char *suffix = xml ? ".xml" : ".cfg";
    struct seeds s = { NULL, 0 };

    add_seeds(&s, XLU_TEST_CONFIGS "/good", suffix, 4);
    add_seeds(&s, XLU_TEST_CONFIGS "/bad", suffix, 1);
    add_seeds(&s, XLU_TEST_EXAMPLES, suffix, 4);
    run(&s, runs, xml, tokens, ntokens);
    free_list(s.text, s.n);
}

static void test_fuzz_cfg(void)
{
    fuzz_format(false, CFG_RUNS, cfg_tokens,
                sizeof(cfg_tokens) / sizeof(cfg_tokens[0]));
}

static void test_fuzz_xml(void)
{
    fuzz_format(true, XML_RUNS, xml_tokens,
                sizeof(xml_tokens) / sizeof(xml_tokens[0]));
}

static const struct unit_case cases[] = {
    { "fuzz the xl.cfg reader", test_fuzz_cfg },
    { "fuzz the domain XML reader", test_fuzz_xml },
};

UNIT_MAIN("xlu_fuzz", cases)
