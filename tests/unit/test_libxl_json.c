/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_libxl_json: the domain description's life cycle (libxl_types.c)
 * and its JSON (libxl_json.c, libxl_json_parse.c): the keys Xen's
 * `xl list -l` prints, read back with yajl; the round trip; copies; and
 * hostile or malformed JSON.
 */
#include <yajl/yajl_tree.h>

#include <libxl_json.h>

#include "xlu_test.h"

static const char every_key[] =
    "name = 'web'\nuuid = '6f2b1a3c-0d4e-4f5a-8b6c-7d8e9f0a1b2c'\n"
    "kernel = '/boot/vmlinuz'\nramdisk = '/boot/initrd'\n"
    "cmdline = 'console=hvc0'\nmemory = 512\nmaxmem = 1024\n"
    "vcpus = 2\nmaxvcpus = 4\ncpus = '0-3'\ncpus_soft = ['0', '1']\n"
    "cpu_weight = 512\ncap = 50\nmax_event_channels = 2047\n"
    "on_reboot = 'rename-restart'\non_crash = 'coredump-destroy'\n"
    "seclabel = 'l'\n"
    "disk = [ '/srv/a.img,raw,xvda,rw', ',,hdc:cdrom,r', "
    "'vdev=xvdb,backendtype=phy,no-discard,untrusted,target=/dev/sdb' ]\n"
    "vif = [ 'mac=00:16:3e:0a:0b:0c,bridge=xenbr1,rate=10Mb/s,trusted' ]\n"
    "channel = [ 'name=a,connection=pty', "
    "'name=b,connection=socket,path=/run/b' ]\n";

static void parse_every_key(struct libxl_domain_config *c)
{
    struct xlu_error err;

    CU_ASSERT_EQUAL_FATAL(parse_cfg(every_key, NULL, 0, c, &err, NULL), 0);
}

static yajl_val at(yajl_val tree, const char *const *path)
{
    return yajl_tree_get(tree, (const char **)path, yajl_t_any);
}

#define PATH(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void assert_str(yajl_val tree, const char *const *path, const char *v)
{
    yajl_val x = at(tree, path);

    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    CU_ASSERT_TRUE_FATAL(YAJL_IS_STRING(x));
    CU_ASSERT_STRING_EQUAL(YAJL_GET_STRING(x), v);
}

static void assert_int(yajl_val tree, const char *const *path, long long v)
{
    yajl_val x = at(tree, path);

    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    CU_ASSERT_TRUE_FATAL(YAJL_IS_INTEGER(x));
    CU_ASSERT_EQUAL(YAJL_GET_INTEGER(x), v);
}

static void test_xen_layout(void)
{
    struct libxl_domain_config c;
    char *json, yerr[128];
    yajl_val tree, v;

    parse_every_key(&c);
    json = libxl_domain_config_to_json(&c);
    CU_ASSERT_PTR_NOT_NULL_FATAL(json);
    tree = yajl_tree_parse(json, yerr, sizeof(yerr));
    CU_ASSERT_PTR_NOT_NULL_FATAL(tree);
    assert_str(tree, PATH("c_info", "type"), "pv");
    assert_str(tree, PATH("c_info", "name"), "web");
    assert_str(tree, PATH("c_info", "uuid"),
               "6f2b1a3c-0d4e-4f5a-8b6c-7d8e9f0a1b2c");
    assert_str(tree, PATH("c_info", "ssid_label"), "l");
    assert_int(tree, PATH("b_info", "max_vcpus"), 4);
    v = at(tree, PATH("b_info", "avail_vcpus"));
    CU_ASSERT_TRUE_FATAL(YAJL_IS_ARRAY(v));
    CU_ASSERT_EQUAL(v->u.array.len, 2);
    v = at(tree, PATH("b_info", "cpumap"));
    CU_ASSERT_TRUE_FATAL(YAJL_IS_ARRAY(v));
    CU_ASSERT_EQUAL(v->u.array.len, 4);
    v = at(tree, PATH("b_info", "vcpu_soft_affinity"));
    CU_ASSERT_TRUE_FATAL(YAJL_IS_ARRAY(v));
    CU_ASSERT_EQUAL(v->u.array.len, 2);
    assert_int(tree, PATH("b_info", "max_memkb"), 1024 * 1024);
    assert_int(tree, PATH("b_info", "target_memkb"), 512 * 1024);
    assert_int(tree, PATH("b_info", "sched_params", "weight"), 512);
    assert_int(tree, PATH("b_info", "sched_params", "cap"), 50);
    assert_int(tree, PATH("b_info", "event_channels"), 2047);
    assert_str(tree, PATH("b_info", "kernel"), "/boot/vmlinuz");
    assert_str(tree, PATH("b_info", "cmdline"), "console=hvc0");
    assert_str(tree, PATH("b_info", "ramdisk"), "/boot/initrd");
    CU_ASSERT_TRUE(YAJL_IS_OBJECT(at(tree, PATH("b_info", "type.pv"))));
    v = at(tree, PATH("disks"));
    CU_ASSERT_TRUE_FATAL(YAJL_IS_ARRAY(v) && v->u.array.len == 3);
    v = v->u.array.values[0];
    assert_str(v, PATH("pdev_path"), "/srv/a.img");
    assert_str(v, PATH("vdev"), "xvda");
    assert_str(v, PATH("format"), "raw");
    assert_int(v, PATH("readwrite"), 1);
    /* Fields at their IDL default are left out, as Xen's generator does. */
    CU_ASSERT_PTR_NULL(at(v, PATH("backend")));
    CU_ASSERT_PTR_NULL(at(v, PATH("backend_domid")));
    CU_ASSERT_PTR_NULL(at(v, PATH("is_cdrom")));
    CU_ASSERT_PTR_NULL(at(v, PATH("direct_io_safe")));
    v = at(tree, PATH("disks"))->u.array.values[1];
    assert_str(v, PATH("format"), "empty");
    assert_int(v, PATH("is_cdrom"), 1);
    assert_int(v, PATH("removable"), 1);
    CU_ASSERT_PTR_NULL(at(v, PATH("readwrite")));
    v = at(tree, PATH("disks"))->u.array.values[2];
    assert_str(v, PATH("backend"), "phy");
    assert_str(v, PATH("discard_enable"), "False");
    assert_str(v, PATH("trusted"), "False");
    v = at(tree, PATH("nics"))->u.array.values[0];
    assert_str(v, PATH("mac"), "00:16:3e:0a:0b:0c");
    assert_str(v, PATH("bridge"), "xenbr1");
    assert_int(v, PATH("devid"), 0);
    assert_int(v, PATH("rate_bytes_per_interval"), 62500);
    assert_int(v, PATH("rate_interval_usecs"), 50000);
    assert_str(v, PATH("trusted"), "True");
    v = at(tree, PATH("channels"))->u.array.values[0];
    CU_ASSERT_TRUE(YAJL_IS_OBJECT(at(v, PATH("connection.pty"))));
    v = at(tree, PATH("channels"))->u.array.values[1];
    assert_str(v, PATH("connection.socket", "path"), "/run/b");
    assert_str(tree, PATH("on_poweroff"), "destroy");
    assert_str(tree, PATH("on_reboot"), "restart_rename");
    assert_str(tree, PATH("on_watchdog"), "destroy");
    assert_str(tree, PATH("on_crash"), "coredump_destroy");
    assert_str(tree, PATH("on_soft_reset"), "soft_reset");
    yajl_tree_free(tree);
    free(json);
    libxl_domain_config_dispose(&c);
}

static void test_round_trip(void)
{
    struct libxl_domain_config c, back, copy;
    char *json, *json2, *json3, err[256];

    parse_every_key(&c);
    json = libxl_domain_config_to_json(&c);
    CU_ASSERT_EQUAL_FATAL(
        libxl_domain_config_from_json(&back, json, err, sizeof(err)), 0);
    json2 = libxl_domain_config_to_json(&back);
    CU_ASSERT_STRING_EQUAL(json, json2);
    CU_ASSERT_EQUAL(back.b_info.avail_vcpus, 2);
    CU_ASSERT_EQUAL(back.nics[0].mac[5], 0x0c);
    CU_ASSERT_TRUE(back.c_info.uuid_set);

    /* A deep copy prints the same and shares no memory. */
    CU_ASSERT_EQUAL_FATAL(libxl_domain_config_copy(&copy, &back), 0);
    libxl_domain_config_dispose(&back);
    json3 = libxl_domain_config_to_json(&copy);
    CU_ASSERT_STRING_EQUAL(json, json3);
    libxl_domain_config_dispose(&copy);
    free(json);
    free(json2);
    free(json3);
    libxl_domain_config_dispose(&c);
}

/* JSON as an older Xen writes it: type.pv holds the kernel, defaults
 * are left out (a read-only disk has no "readwrite"). */
static void test_xen_json(void)
{
    static const char json[] =
        "{\"c_info\": {\"type\": \"pv\", \"name\": \"old\"},"
        " \"b_info\": {\"max_vcpus\": 2, \"avail_vcpus\": [0],"
        "  \"max_memkb\": 262144, \"target_memkb\": 131072,"
        "  \"sched_params\": {\"weight\": -1, \"cap\": -1},"
        "  \"type.pv\": {\"kernel\": \"/k\", \"cmdline\": \"ro\"},"
        "  \"unknown_key\": [1, {\"x\": null}]},"
        " \"disks\": [{\"pdev_path\": \"/d\", \"vdev\": \"xvda\","
        "  \"format\": \"qcow2\", \"removable\": 1, \"is_cdrom\": 1}],"
        " \"nics\": [{\"devid\": 3, \"nictype\": \"vif\"}],"
        " \"on_reboot\": \"restart\", \"on_crash\": \"rename-restart\"}";
    struct libxl_domain_config c;
    char err[256];

    CU_ASSERT_EQUAL_FATAL(
        libxl_domain_config_from_json(&c, json, err, sizeof(err)), 0);
    CU_ASSERT_STRING_EQUAL(c.b_info.kernel, "/k");
    CU_ASSERT_STRING_EQUAL(c.b_info.cmdline, "ro");
    CU_ASSERT_EQUAL(c.b_info.avail_vcpus, 1);
    CU_ASSERT_EQUAL(c.b_info.max_vcpus, 2);
    CU_ASSERT_EQUAL(c.b_info.sched_weight, 0);
    CU_ASSERT_TRUE(libxl_bitmap_is_full(&c.b_info.cpumap));
    CU_ASSERT_EQUAL_FATAL(c.num_disks, 1);
    CU_ASSERT_FALSE(c.disks[0].readwrite);
    CU_ASSERT_TRUE(c.disks[0].is_cdrom);
    CU_ASSERT_EQUAL(c.disks[0].format, LIBXL_DISK_FORMAT_QCOW2);
    CU_ASSERT_EQUAL(c.nics[0].devid, 3);
    /* Missing actions are Xen's init value, destroy. */
    CU_ASSERT_EQUAL(c.on_poweroff, LIBXL_ACTION_ON_SHUTDOWN_DESTROY);
    CU_ASSERT_EQUAL(c.on_soft_reset, LIBXL_ACTION_ON_SHUTDOWN_DESTROY);
    CU_ASSERT_EQUAL(c.on_reboot, LIBXL_ACTION_ON_SHUTDOWN_RESTART);
    CU_ASSERT_EQUAL(c.on_crash, LIBXL_ACTION_ON_SHUTDOWN_RESTART_RENAME);
    libxl_domain_config_dispose(&c);
}

static void test_bad_json(void)
{
    static const struct {
        const char *json, *words;
    } cases[] = {
        { "", "invalid JSON" },
        { "{\"c_info\": ", "invalid JSON" },
        { "[1]", "expected a JSON object" },
        { "{}", "c_info.name: missing" },
        { "{\"c_info\": {\"name\": 5}}", "c_info.name: expected a string" },
        { "{\"c_info\": {\"name\": \"a\", \"type\": \"hvm\"}}", "only pv" },
        { "{\"c_info\": {\"name\": \"a\", \"uuid\": \"x\"}}", "not a UUID" },
        { "{\"c_info\": {\"name\": \"a\"}, \"b_info\": {\"max_memkb\": "
          "\"1\"}}",
          "b_info.max_memkb: expected an integer" },
        { "{\"c_info\": {\"name\": \"a\"}, \"b_info\": {\"max_vcpus\": 2, "
          "\"avail_vcpus\": [0, 2]}}",
          "avail_vcpus" },
        { "{\"c_info\": {\"name\": \"a\"}, \"b_info\": {\"cpumap\": [999]}}",
          "b_info.cpumap" },
        { "{\"c_info\": {\"name\": \"a\"}, \"b_info\": {\"max_vcpus\": -3}}",
          "out of range" },
        { "{\"c_info\": {\"name\": \"a\"}, \"disks\": [{\"vdev\": \"xvda\", "
          "\"format\": \"vmdk\"}]}",
          "unknown format" },
        { "{\"c_info\": {\"name\": \"a\"}, \"disks\": [{}]}", "vdev: missing" },
        { "{\"c_info\": {\"name\": \"a\"}, \"disks\": [3]}", "disks[0]" },
        { "{\"c_info\": {\"name\": \"a\"}, \"nics\": [{\"mac\": \"zz\"}]}",
          "not a MAC" },
        { "{\"c_info\": {\"name\": \"a\"}, \"nics\": [{\"trusted\": 1}]}",
          "\"True\"" },
        { "{\"c_info\": {\"name\": \"a\"}, \"on_crash\": \"explode\"}",
          "unknown action" },
        { "{\"c_info\": {\"name\": \"a\"}, \"x\": [[[[[[[[[[[[[[[[[[[[[[[[[[["
          "[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
          "nested" },
    };
    struct libxl_domain_config c;
    char err[256];
    unsigned int i;

    for ( i = 0; i < sizeof(cases) / sizeof(cases[0]); i++ )
    {
        err[0] = '\0';
        CU_ASSERT_EQUAL(
            libxl_domain_config_from_json(&c, cases[i].json, err, sizeof(err)),
            -1);
        CU_ASSERT_PTR_NOT_NULL(strstr(err, cases[i].words));
        if ( !strstr(err, cases[i].words) )
            fprintf(stderr, "    case %u: %s\n", i, err);
        CU_ASSERT_PTR_NULL(c.c_info.name);
        CU_ASSERT_EQUAL(c.num_disks + c.num_nics, 0);
    }
}

static void test_names(void)
{
    enum libxl_action_on_shutdown a;
    enum libxl_disk_format f;
    enum libxl_disk_backend b;

    CU_ASSERT_STRING_EQUAL(libxl_action_on_shutdown_to_string(
                               LIBXL_ACTION_ON_SHUTDOWN_RESTART_RENAME),
                           "rename-restart");
    CU_ASSERT_STRING_EQUAL(libxl_action_on_shutdown_idl_name(
                               LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_RESTART),
                           "coredump_restart");
    CU_ASSERT_PTR_NULL(libxl_action_on_shutdown_to_string(0));
    CU_ASSERT_PTR_NULL(libxl_action_on_shutdown_to_string(99));
    CU_ASSERT_EQUAL(libxl_action_on_shutdown_from_string("soft-reset", &a), 0);
    CU_ASSERT_EQUAL(a, LIBXL_ACTION_ON_SHUTDOWN_SOFT_RESET);
    CU_ASSERT_EQUAL(libxl_action_on_shutdown_from_string("soft_reset", &a), -1);
    CU_ASSERT_EQUAL(libxl_action_on_shutdown_from_idl_name("soft_reset", &a),
                    0);
    CU_ASSERT_STRING_EQUAL(libxl_disk_format_to_string(LIBXL_DISK_FORMAT_QED),
                           "qed");
    CU_ASSERT_EQUAL(libxl_disk_format_from_string("vhd", &f), 0);
    CU_ASSERT_EQUAL(f, LIBXL_DISK_FORMAT_VHD);
    CU_ASSERT_STRING_EQUAL(
        libxl_disk_backend_to_string(LIBXL_DISK_BACKEND_QDISK), "qdisk");
    CU_ASSERT_EQUAL(libxl_disk_backend_from_string("xyz", &b), -1);
    CU_ASSERT_PTR_NULL(libxl_disk_backend_to_string(17));
}

static const struct unit_case cases[] = {
    { "Xen's libxl_domain_config layout", test_xen_layout },
    { "round trip and copy", test_round_trip },
    { "JSON as Xen writes it", test_xen_json },
    { "bad JSON", test_bad_json },
    { "names of actions, formats, backends", test_names },
};

UNIT_MAIN("libxl_json", cases)
