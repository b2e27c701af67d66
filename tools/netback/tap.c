/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * tap.c: the host side of a vif. A tap device named as Xen names its
 * vifs (vif<domid>.<devid>, or the config's vifname), with a virtio
 * header on each frame so that a guest's TCP segmentation offload and
 * blank checksums reach the host kernel as GSO packets; no offloads are
 * turned on for the other direction, so the kernel hands us plain
 * frames with their checksums done. Its MAC is Xen's fe:ff:ff:ff:ff:ff
 * (the guest's own MAC is on the guest's side of the link).
 *
 * The hotplug script is run as Xen's toolstack runs it: the script
 * named by the backend's "script" node, with "online" or "offline" as
 * its argument and vif, XENBUS_PATH, XENBUS_TYPE, XENBUS_BASE_PATH and
 * netdev in its environment. A script under /etc/xen/scripts that is
 * not installed there is looked for in --script-dir (the build's
 * tools/hotplug). Scripts write hotplug-status themselves.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if_arp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <signal.h>
#include <unistd.h>

#include "netback.h"

#define XEN_SCRIPT_DIR "/etc/xen/scripts/"
#define SCRIPT_TIMEOUT_S 30

static int ifreq_ioctl(unsigned long req, struct ifreq *ifr)
{
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), rc;

    if ( s < 0 )
        return -1;
    rc = ioctl(s, req, ifr);
    close(s);
    return rc;
}

int tap_open(struct vif *v, const uint8_t *mac, unsigned int mtu)
{
    struct ifreq ifr;
    int fd, hdr = NB_VNET_HDR_LEN;

    (void)mac;
    fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if ( fd < 0 )
    {
        nb_log("%s: /dev/net/tun: %s", v->ifname, strerror(errno));
        return -1;
    }
    memset(&ifr, 0, sizeof(ifr));
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
    snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", v->ifname);
    if ( ioctl(fd, TUNSETIFF, &ifr) || ioctl(fd, TUNSETVNETHDRSZ, &hdr) ||
         ioctl(fd, TUNSETOFFLOAD, 0) )
    {
        nb_log("%s: cannot create the tap: %s", v->ifname, strerror(errno));
        close(fd);
        return -1;
    }
    memset(&ifr, 0, sizeof(ifr));
    snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", v->ifname);
    ifr.ifr_hwaddr.sa_family = ARPHRD_ETHER;
    memset(ifr.ifr_hwaddr.sa_data, 0xff, 6);
    ifr.ifr_hwaddr.sa_data[0] = (char)0xfe;
    if ( ifreq_ioctl(SIOCSIFHWADDR, &ifr) )
        nb_log("%s: cannot set its MAC: %s", v->ifname, strerror(errno));
    memset(&ifr, 0, sizeof(ifr));
    snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", v->ifname);
    ifr.ifr_mtu = (int)mtu;
    if ( mtu >= 68 && ifreq_ioctl(SIOCSIFMTU, &ifr) )
        nb_log("%s: cannot set its MTU %u: %s", v->ifname, mtu,
               strerror(errno));
    v->tap_fd = fd;
    return 0;
}

void tap_close(struct vif *v)
{
    if ( v->tap_fd >= 0 )
        close(v->tap_fd);
    v->tap_fd = -1;
}

/* The script to run: the backend's "script" node, found where it lives. */
static int script_path(struct vif *v, char *out, size_t len)
{
    char path[300], *s;
    unsigned int n;
    struct stat st;

    snprintf(path, sizeof(path), "%s/script", v->be);
    s = xs_read(nb.xsh, XBT_NULL, path, &n);
    if ( !s || !s[0] )
    {
        free(s);
        return -1;
    }
    if ( s[0] != '/' )
        snprintf(out, len, "%s%s", XEN_SCRIPT_DIR, s);
    else
        snprintf(out, len, "%s", s);
    if ( stat(out, &st) && nb.script_dir[0] &&
         !strncmp(out, XEN_SCRIPT_DIR, strlen(XEN_SCRIPT_DIR)) &&
         !strchr(out + strlen(XEN_SCRIPT_DIR), '/') )
    {
        char name[256];
        const char *base = out + strlen(XEN_SCRIPT_DIR);
        size_t dir_len = strlen(nb.script_dir), base_len = strlen(base);

        if ( base_len >= sizeof(name) || dir_len + base_len + 2 > len )
        {
            free(s);
            return -1;
        }
        memcpy(name, base, base_len + 1);
        memcpy(out, nb.script_dir, dir_len);
        out[dir_len] = '/';
        memcpy(out + dir_len + 1, name, base_len + 1);
    }
    free(s);
    return 0;
}

int hotplug_run(struct vif *v, const char *action)
{
    char script[4096], env_path[8192], xenbus_path[160], *gw;
    char path[300];
    unsigned int n;
    int status, waited;
    pid_t pid;

    if ( script_path(v, script, sizeof(script)) )
        return 0; /* no script: nothing to run */
    snprintf(path, sizeof(path), "%s/gatewaydev", v->be);
    gw = xs_read(nb.xsh, XBT_NULL, path, &n);
    snprintf(xenbus_path, sizeof(xenbus_path), "%s", v->be);
    /* Our own directory first, where xenstore-read and friends are. */
    snprintf(env_path, sizeof(env_path), "%s:%s", nb.bin_dir,
             getenv("PATH") ? getenv("PATH") : "/usr/sbin:/usr/bin:/sbin:/bin");
    pid = fork();
    if ( pid == 0 )
    {
        setenv("vif", v->ifname, 1);
        setenv("XENBUS_PATH", xenbus_path, 1);
        setenv("XENBUS_TYPE", "vif", 1);
        setenv("XENBUS_BASE_PATH", "backend", 1);
        setenv("netdev", gw ? gw : "", 1);
        setenv("script", script, 1);
        setenv("PATH", env_path, 1);
        execl(script, script, action, (char *)NULL);
        _exit(127);
    }
    free(gw);
    if ( pid < 0 )
    {
        nb_log("%s: cannot run %s: %s", v->ifname, script, strerror(errno));
        return -1;
    }
    /* A script that hangs must not hang every other vif: give up on it. */
    for ( waited = 0; waited < SCRIPT_TIMEOUT_S * 100; waited++ )
    {
        pid_t r = waitpid(pid, &status, WNOHANG);

        if ( r == pid )
        {
            if ( WIFEXITED(status) && WEXITSTATUS(status) == 0 )
                return 0;
            nb_log("%s: %s %s failed (status %d)", v->ifname, script, action,
                   status);
            return -1;
        }
        usleep(10000);
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    nb_log("%s: %s %s timed out", v->ifname, script, action);
    return -1;
}
