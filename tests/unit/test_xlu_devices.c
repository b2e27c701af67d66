/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test_xlu_devices: the disk, vif, channel and cpus= specification
 * parsers, with the forms xl-disk-configuration(5) and
 * xl-network-configuration(5) list as equivalent, Xen's rate arithmetic,
 * and malformed specifications, each with its message.
 */
#include "../../tools/libs/util/libxlu_internal.h"
#include "xlu_test.h"

static void check_disk(const char *spec, const char *target,
                       enum libxl_disk_format format, const char *vdev, bool rw,
                       bool cdrom)
{
    struct libxl_device_disk d;
    char err[256] = "";

    CU_ASSERT_EQUAL_FATAL(xlu_disk_parse(spec, &d, err, sizeof(err)), 0);
    if ( target )
    {
        CU_ASSERT_STRING_EQUAL(d.pdev_path, target);
    }
    else
    {
        CU_ASSERT_PTR_NULL(d.pdev_path);
    }
    CU_ASSERT_EQUAL(d.format, format);
    CU_ASSERT_STRING_EQUAL(d.vdev, vdev);
    CU_ASSERT_EQUAL(d.readwrite, rw);
    CU_ASSERT_EQUAL(d.is_cdrom, cdrom);
    CU_ASSERT_EQUAL(d.removable, cdrom);
    libxl_device_disk_dispose(&d);
}

static void test_disk_equivalent_forms(void)
{
    const char *vg = "/dev/vg/guest-volume";
    const char *iso = "/root/image.iso";

    /* The man page's two sets of equivalent specifications. */
    check_disk("/dev/vg/guest-volume,,hda", vg, LIBXL_DISK_FORMAT_RAW, "hda",
               true, false);
    check_disk("/dev/vg/guest-volume,raw,hda,rw", vg, LIBXL_DISK_FORMAT_RAW,
               "hda", true, false);
    check_disk("format=raw, vdev=hda, access=rw, target=/dev/vg/guest-volume",
               vg, LIBXL_DISK_FORMAT_RAW, "hda", true, false);
    check_disk("raw:/dev/vg/guest-volume,hda,w", vg, LIBXL_DISK_FORMAT_RAW,
               "hda", true, false);
    check_disk("/root/image.iso,,hdc,cdrom", iso, LIBXL_DISK_FORMAT_RAW, "hdc",
               false, true);
    check_disk("/root/image.iso,,hdc,,cdrom", iso, LIBXL_DISK_FORMAT_RAW, "hdc",
               false, true);
    check_disk("/root/image.iso,raw,hdc,devtype=cdrom", iso,
               LIBXL_DISK_FORMAT_RAW, "hdc", false, true);
    check_disk("format=raw, vdev=hdc, access=ro, devtype=cdrom, "
               "target=/root/image.iso",
               iso, LIBXL_DISK_FORMAT_RAW, "hdc", false, true);
    check_disk("raw:/root/image.iso,hdc:cdrom,ro", iso, LIBXL_DISK_FORMAT_RAW,
               "hdc", false, true);
    /* Old empty cdrom; phy:/tap:aio: prefixes; qcow2 positionally. */
    check_disk(",hdc:cdrom,r", NULL, LIBXL_DISK_FORMAT_EMPTY, "hdc", false,
               true);
    check_disk("phy:/dev/sdb,xvdb,w", "/dev/sdb", LIBXL_DISK_FORMAT_RAW, "xvdb",
               true, false);
    check_disk("tap:aio:/img,xvdc,r", "/img", LIBXL_DISK_FORMAT_RAW, "xvdc",
               false, false);
    check_disk("/i.qcow2,qcow2,xvdd", "/i.qcow2", LIBXL_DISK_FORMAT_QCOW2,
               "xvdd", true, false);
    /* target= takes commas, colons and trailing blanks. */
    check_disk("vdev=xvde, target=/odd,path:x ", "/odd,path:x ",
               LIBXL_DISK_FORMAT_RAW, "xvde", true, false);
    /* An empty positional target may be given again with target=. */
    check_disk(",,xvdf,,target=/late", "/late", LIBXL_DISK_FORMAT_RAW, "xvdf",
               true, false);
}

static void test_disk_keys(void)
{
    struct libxl_device_disk d;
    char err[256];

    CU_ASSERT_EQUAL_FATAL(
        xlu_disk_parse("vdev=xvda,backendtype=phy,backend=drv,script=block-x,"
                       "direct-io-safe,no-discard,untrusted,"
                       "specification=xen,target=/t",
                       &d, err, sizeof(err)),
        0);
    CU_ASSERT_EQUAL(d.backend, LIBXL_DISK_BACKEND_PHY);
    CU_ASSERT_STRING_EQUAL(d.backend_domname, "drv");
    CU_ASSERT_STRING_EQUAL(d.script, "block-x");
    CU_ASSERT_TRUE(d.direct_io_safe);
    CU_ASSERT_EQUAL(d.discard_enable, LIBXL_DEFBOOL_FALSE);
    CU_ASSERT_EQUAL(d.trusted, LIBXL_DEFBOOL_FALSE);
    libxl_device_disk_dispose(&d);
    CU_ASSERT_EQUAL_FATAL(
        xlu_disk_parse("iscsi:iqn.2001-05:disk,xvdb,w", &d, err, sizeof(err)),
        0);
    CU_ASSERT_STRING_EQUAL(d.script, "block-iscsi");
    CU_ASSERT_STRING_EQUAL(d.pdev_path, "iqn.2001-05:disk");
    libxl_device_disk_dispose(&d);
    CU_ASSERT_EQUAL_FATAL(
        xlu_disk_parse("/d,,xvdc,discard,trusted", &d, err, sizeof(err)), 0);
    CU_ASSERT_EQUAL(d.discard_enable, LIBXL_DEFBOOL_TRUE);
    CU_ASSERT_EQUAL(d.trusted, LIBXL_DEFBOOL_TRUE);
    libxl_device_disk_dispose(&d);
}

static void test_disk_malformed(void)
{
    static const struct {
        const char *spec, *words;
    } cases[] = {
        { "fromat=raw,vdev=xvda,target=/x",
          "unknown parameter near `fromat=raw'" },
        { "/x,raw,xvda,rw,extra", "too many positional parameters" },
        { "/x,qcow3,xvda", "unknown value for format" },
        { "/x,,xvda,rx", "unknown value for access" },
        { "/x,,xvda,devtype=floppy", "unknown value for devtype" },
        { "/x,,xvda,backendtype=nfs", "unknown value for backendtype" },
        { "/x,,xvda,vdev=xvdb", "vdev given twice" },
        { "/x,raw,xvda,format=qcow2", "format given twice" },
        { "/x", "no vdev" },
        { "/x,,xvd1", "invalid vdev" },
        { "/x,,floppy0", "invalid vdev" },
        { "vdev=xvda", "no target" },
        { ",,xvda", "no target" },
        { "foo:/x,xvda,w", "unknown deprecated disk prefix" },
        { "/a=b,,xvda", "bad disk syntax" },
        { "/x,,xvda,specification=virtio", "only specification=xen" },
        { "/x,,xvda,grant_usage=1", "virtio" },
        { "/x,,xvda,colo", "COLO" },
        { "/x,,xvda,colo-host=h", "COLO" },
        { "", "no vdev" },
        { "format=empty,vdev=xvda,target=/x", "format=empty with a target" },
    };
    struct libxl_device_disk d;
    char err[256];
    unsigned int i;

    for ( i = 0; i < sizeof(cases) / sizeof(cases[0]); i++ )
    {
        err[0] = '\0';
        CU_ASSERT_EQUAL(xlu_disk_parse(cases[i].spec, &d, err, sizeof(err)),
                        -1);
        CU_ASSERT_PTR_NOT_NULL(strstr(err, cases[i].words));
        if ( !strstr(err, cases[i].words) )
            fprintf(stderr, "    `%s': %s\n", cases[i].spec, err);
        /* Disposed: nothing left. */
        CU_ASSERT_PTR_NULL(d.pdev_path);
        CU_ASSERT_PTR_NULL(d.vdev);
    }
}

static void test_vif_keys(void)
{
    struct libxl_device_nic n;
    char err[256] = "";

    CU_ASSERT_EQUAL_FATAL(
        xlu_vif_parse("mac=00:16:3e:0a:0b:0c, bridge=xenbr1,ip=10.0.0.2 "
                      "fd00::2/64,script=vif-route,vifname=web0,backend=drv,"
                      "model=e1000,gatewaydev=eth0,mtu=9000,devid=7,"
                      "type=vif,trusted",
                      3, &n, err, sizeof(err)),
        0);
    CU_ASSERT_TRUE(n.mac_set);
    CU_ASSERT_EQUAL(n.mac[0], 0);
    CU_ASSERT_EQUAL(n.mac[2], 0x3e);
    CU_ASSERT_EQUAL(n.mac[5], 0x0c);
    CU_ASSERT_STRING_EQUAL(n.bridge, "xenbr1");
    CU_ASSERT_STRING_EQUAL(n.ip, "10.0.0.2 fd00::2/64");
    CU_ASSERT_STRING_EQUAL(n.script, "vif-route");
    CU_ASSERT_STRING_EQUAL(n.ifname, "web0");
    CU_ASSERT_STRING_EQUAL(n.backend_domname, "drv");
    CU_ASSERT_STRING_EQUAL(n.model, "e1000");
    CU_ASSERT_STRING_EQUAL(n.gatewaydev, "eth0");
    CU_ASSERT_EQUAL(n.mtu, 9000);
    CU_ASSERT_EQUAL(n.devid, 7);
    CU_ASSERT_EQUAL(n.trusted, LIBXL_DEFBOOL_TRUE);
    libxl_device_nic_dispose(&n);

    /* ip= is kept as one space between addresses (XML's <ip> gives that
     * back); an empty script= is the default. */
    CU_ASSERT_EQUAL_FATAL(xlu_vif_parse("ip=  10.0.0.2\t 10.0.0.3 ,script=", 0,
                                        &n, err, sizeof(err)),
                          0);
    CU_ASSERT_STRING_EQUAL(n.ip, "10.0.0.2 10.0.0.3");
    CU_ASSERT_PTR_NULL(n.script);
    libxl_device_nic_dispose(&n);

    /* All optional: the empty spec is every default. */
    CU_ASSERT_EQUAL_FATAL(xlu_vif_parse("", 2, &n, err, sizeof(err)), 0);
    CU_ASSERT_EQUAL(n.devid, 2);
    CU_ASSERT_FALSE(n.mac_set);
    CU_ASSERT_PTR_NULL(n.bridge);
    CU_ASSERT_EQUAL(n.rate_interval_usecs, 0);
    libxl_device_nic_dispose(&n);
}

static void check_rate(const char *rate, uint64_t bytes, uint32_t usecs)
{
    struct libxl_device_nic n, back;
    char spec[128], err[256] = "", text[64];

    snprintf(spec, sizeof(spec), "rate=%s", rate);
    CU_ASSERT_EQUAL_FATAL(xlu_vif_parse(spec, 0, &n, err, sizeof(err)), 0);
    CU_ASSERT_EQUAL(n.rate_bytes_per_interval, bytes);
    CU_ASSERT_EQUAL(n.rate_interval_usecs, usecs);
    /* The printed form parses back to the same two numbers. */
    CU_ASSERT_EQUAL_FATAL(xlu__vif_rate_format(&n, text, sizeof(text)), 0);
    snprintf(spec, sizeof(spec), "rate=%s", text);
    CU_ASSERT_EQUAL_FATAL(xlu_vif_parse(spec, 0, &back, err, sizeof(err)), 0);
    CU_ASSERT_EQUAL(back.rate_bytes_per_interval, bytes);
    CU_ASSERT_EQUAL(back.rate_interval_usecs, usecs);
    libxl_device_nic_dispose(&n);
    libxl_device_nic_dispose(&back);
}

static void test_vif_rate(void)
{
    /* Xen: bytes/s * interval_us / 10^6, K/M/G decimal, b is a bit. */
    check_rate("10Mb/s", 62500, 50000);
    check_rate("10MB/s@20ms", 200000, 20000);
    check_rate("100KB/s@1s", 100000, 1000000);
    check_rate("1GB/s@250us", 250000, 250);
    check_rate("5B/s@2", 10, 2000000);
    check_rate("3B/s@1ms", 0, 1000);
    check_rate("1Gb/s@50m", 6250000, 50000);
    check_rate("4294967295GB/s@1us", 4294967295000ULL, 1);
}

static void test_vif_malformed(void)
{
    static const struct {
        const char *spec, *words;
    } cases[] = {
        { "mac=00:16:3e:00:00", "invalid mac" },
        { "mac=00:16:3e:00:00:01:02", "invalid mac" },
        { "mac=00:16:3e:00:00:1g", "invalid mac" },
        { "mac=0016.3e00.0001", "invalid mac" },
        { "bridge=", "invalid bridge" },
        { "bridge=averyveryverylongname", "invalid bridge" },
        { "vifname=a b", "invalid vifname" },
        { "ip=10.0.0.300", "invalid ip" },
        { "ip=10.0.0.1/33", "invalid ip" },
        { "rate=10Mb", "invalid rate" },
        { "rate=0MB/s", "invalid rate" },
        { "rate=10TB/s", "invalid rate" },
        { "rate=10MB/s@", "invalid rate interval" },
        { "rate=10MB/s@5min", "invalid rate interval" },
        { "rate=10MB/s@0ms", "invalid rate interval" },
        { "rate=4294967295GB/s@4294967295us", "overflows" },
        { "mtu=20", "invalid mtu" },
        { "mtu=1500x", "invalid mtu" },
        { "devid=-1", "invalid devid" },
        { "type=ioemu", "only type=vif" },
        { "bridg=xenbr0", "unrecognized argument `bridg=xenbr0'" },
        { "mac=00:16:3e:00:00:01,trusty", "unrecognized argument `trusty'" },
        { "forwarddev=eth1", "unrecognized" },
    };
    struct libxl_device_nic n;
    char err[256];
    unsigned int i;

    for ( i = 0; i < sizeof(cases) / sizeof(cases[0]); i++ )
    {
        err[0] = '\0';
        CU_ASSERT_EQUAL(xlu_vif_parse(cases[i].spec, 0, &n, err, sizeof(err)),
                        -1);
        CU_ASSERT_PTR_NOT_NULL(strstr(err, cases[i].words));
        if ( !strstr(err, cases[i].words) )
            fprintf(stderr, "    `%s': %s\n", cases[i].spec, err);
        CU_ASSERT_PTR_NULL(n.bridge);
    }
}

static void test_channel(void)
{
    static const struct {
        const char *spec, *words;
    } bad[] = {
        { "connection=pty", "needs name=" },
        { "name=a", "needs connection=" },
        { "name=a,connection=serial", "unknown channel connection" },
        { "name=a,connection=socket", "needs path=" },
        { "name=a,connection=pty,path=/x", "socket only" },
        { "name=a,colour=red", "unknown channel parameter" },
        { "name=a,pty", "unknown channel parameter" },
    };
    struct libxl_device_channel ch;
    char err[256];
    unsigned int i;

    CU_ASSERT_EQUAL_FATAL(
        xlu__channel_parse("name=org.x.0, connection=socket,path=/run/s,"
                           "backend=drv",
                           4, &ch, err, sizeof(err)),
        0);
    CU_ASSERT_STRING_EQUAL(ch.name, "org.x.0");
    CU_ASSERT_STRING_EQUAL(ch.connection, "socket");
    CU_ASSERT_STRING_EQUAL(ch.path, "/run/s");
    CU_ASSERT_STRING_EQUAL(ch.backend_domname, "drv");
    CU_ASSERT_EQUAL(ch.devid, 4);
    libxl_device_channel_dispose(&ch);
    for ( i = 0; i < sizeof(bad) / sizeof(bad[0]); i++ )
    {
        err[0] = '\0';
        CU_ASSERT_EQUAL(
            xlu__channel_parse(bad[i].spec, 0, &ch, err, sizeof(err)), -1);
        CU_ASSERT_PTR_NOT_NULL(strstr(err, bad[i].words));
    }
}

static void check_cpus(const char *s, const char *printed)
{
    struct libxl_bitmap m;
    char err[128] = "", buf[1100];

    CU_ASSERT_EQUAL_FATAL(xlu_cpumap_parse(s, &m, err, sizeof(err)), 0);
    CU_ASSERT_EQUAL(xlu_cpumap_format(&m, buf, sizeof(buf)), 0);
    CU_ASSERT_STRING_EQUAL(buf, printed);
    if ( strcmp(buf, printed) )
        fprintf(stderr, "    `%s' -> `%s'\n", s, buf);
}

static void test_cpumap(void)
{
    static const struct {
        const char *s, *words;
    } bad[] = {
        { "", "empty" },
        { "1-", "invalid pCPU range" },
        { "3-1", "invalid pCPU range" },
        { "a", "invalid pCPU range" },
        { "1 2", "invalid pCPU range" },
        { "-1", "invalid pCPU range" },
        { "256", "beyond" },
        { "^all", "cannot be combined" },
        { "nodes:1", "no NUMA node 1" },
        { "0,^0", "selects no pCPU" },
    };
    struct libxl_bitmap m;
    char err[128], small[4];
    unsigned int i;

    check_cpus("all", "all");
    check_cpus("0-3,5,^1", "0,2-3,5");
    check_cpus(" 7 , 1-2 ", "1-2,7");
    check_cpus("nodes:0", "all");
    check_cpus("node:0,^0-253", "254-255");
    check_cpus("all,^3", "0-2,4-255");
    check_cpus("255", "255");
    for ( i = 0; i < sizeof(bad) / sizeof(bad[0]); i++ )
    {
        err[0] = '\0';
        CU_ASSERT_EQUAL(xlu_cpumap_parse(bad[i].s, &m, err, sizeof(err)), -1);
        CU_ASSERT_PTR_NOT_NULL(strstr(err, bad[i].words));
        if ( !strstr(err, bad[i].words) )
            fprintf(stderr, "    `%s': %s\n", bad[i].s, err);
    }
    CU_ASSERT_EQUAL(xlu_cpumap_parse("10-20", &m, err, sizeof(err)), 0);
    CU_ASSERT_EQUAL(xlu_cpumap_format(&m, small, sizeof(small)), -1);
}

static const struct unit_case cases[] = {
    { "disk: equivalent forms", test_disk_equivalent_forms },
    { "disk: keys and flags", test_disk_keys },
    { "disk: malformed", test_disk_malformed },
    { "vif: keys", test_vif_keys },
    { "vif: rate", test_vif_rate },
    { "vif: malformed", test_vif_malformed },
    { "channel", test_channel },
    { "cpus", test_cpumap },
};

UNIT_MAIN("xlu_devices", cases)
