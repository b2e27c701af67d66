/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * term-escapes: a guest that tries to drive the administrator's terminal
 * through its console: a window-title (OSC) sequence, a screen clear,
 * colours, an 8-bit CSI and its UTF-8 form, backspaces over text, DEL
 * and BEL, between ordinary text (UTF-8 included) that must get through.
 */
#include <mini-os/os.h>

int app_main(const char *cmdline)
{
    (void)cmdline;
    printk("escapes: begin\n");
    printk("title \033]0;owned\007 clear \033[2J\033[H colour "
           "\033[31mred\033[0m\n");
    printk("csi8 \233"
           "2J csi-utf8 \302\233"
           "2J\n");
    printk("hidden\b\b\b\b\b\bshown del \177 bell \007 tab\tend\r\n");
    printk("utf8 caf\303\251 ok\n");
    printk("escapes: done\n");
    return 0;
}
