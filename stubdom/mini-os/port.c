/* SPDX-License-Identifier: GPL-2.0-only */
/* port.c: port_log() of the portable parts (port.h), on the console. */
#include <mini-os/os.h>
#include <mini-os/port.h>

void port_log(const char *fmt, ...)
{
    char line[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    printk("%s", line);
}
