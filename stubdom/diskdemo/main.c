/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The disk demo application (config/examples/disk-*.cfg): "write" puts a
 * small note (who wrote it, and when) at the start of the guest's first
 * disk, flushes it and stays up; "read" finds the note there, prints it
 * and powers off. A note is a header (magic, length) and its text in the
 * first 4 KiB.
 */
#include <mini-os/blkfront.h>
#include <mini-os/os.h>
#include <mini-os/xenbus.h>

#define MAGIC "MOSNOTE1"

struct note {
    char magic[8];
    uint32_t len;
    char text[4096 - 12];
};

static struct note note __attribute__((aligned(4096)));

int app_main(const char *cmdline)
{
    struct blkfront_info info;
    struct blkfront_dev *dev;
    uint64_t sec;
    uint32_t nsec;
    char *name;
    int err;

    dev = blkfront_open(NULL, -1, &info, &err);
    if ( !dev )
    {
        printk("diskdemo: no disk (%d)\n", err);
        return 1;
    }
    printk("diskdemo: a disk of %lu MiB%s\n",
           (unsigned long)(info.sectors >> 11),
           info.readonly ? ", read-only" : "");
    if ( strstr(cmdline, "write") )
    {
        name = xenbus_read(0, "name", &err);
        wall_clock(&sec, &nsec);
        memset(&note, 0, sizeof(note));
        memcpy(note.magic, MAGIC, 8);
        note.len = snprintf(note.text, sizeof(note.text),
                            "written by domain '%s' at %lu s since the epoch",
                            name ? name : "?", (unsigned long)sec);
        free(name);
        if ( blkfront_write(dev, 0, &note, sizeof(note)) || blkfront_sync(dev) )
        {
            printk("diskdemo: the write failed\n");
            return 1;
        }
        printk("diskdemo: wrote and flushed the note \"%s\"; waiting to be "
               "destroyed\n",
               note.text);
        for ( ;; )
            msleep(1000);
    }
    if ( blkfront_read(dev, 0, &note, sizeof(note)) )
    {
        printk("diskdemo: the read failed\n");
        return 1;
    }
    if ( memcmp(note.magic, MAGIC, 8) || note.len >= sizeof(note.text) )
        printk("diskdemo: no note on this disk\n");
    else
        printk("diskdemo: read the note \"%s\"\n", note.text);
    blkfront_close(dev);
    return 0;
}
