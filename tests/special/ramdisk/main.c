/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ramdisk: check that the module the builder loaded (start_info
 * mod_start/mod_len) holds what the command line says it should: its
 * first bytes equal "expect=" and its length "len=".
 */
#include <mini-os/os.h>

int app_main(const char *cmdline)
{
    char expect[64], len[24];
    const char *mod = (const char *)start_info.mod_start;

    (void)cmdline;
    if ( !cmdline_get("expect", expect, sizeof(expect)) ||
         !cmdline_get("len", len, sizeof(len)) )
        crash("usage: expect=<prefix> len=<bytes>");
    printk("ramdisk: module at %#lx, %lu bytes\n", start_info.mod_start,
           start_info.mod_len);
    if ( !mod || start_info.mod_len != strtoul(len, NULL, 10) ||
         memcmp(mod, expect, strlen(expect)) || (unsigned long)mod % PAGE_SIZE )
        crash("the module is not what was loaded");
    printk("ramdisk: contents match\n");
    return 0;
}
