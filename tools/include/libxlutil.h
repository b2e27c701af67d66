/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxlutil.h: the domain configuration front ends. xl.cfg files (Xen's
 * xl.cfg(5) syntax, with disk and vif specifications as in
 * xl-disk-configuration(5) and xl-network-configuration(5)) and
 * libvirt-style domain XML (validated against the RelaxNG schema in
 * docs/schemas/) are both read into, and both printed from, one
 * struct libxl_domain_config (libxl_types.h).
 *
 * Errors: functions return 0 on success, -1 on error with *err filled:
 * the file (or the name given for a string), the line (0 if none), the
 * key or element, and a message. Nothing is left allocated in the config
 * on error (it is disposed). Warnings (unknown keys, as Xen's xl warns)
 * go to the warn callback when one is given.
 */
#ifndef LIBXLUTIL_H
#define LIBXLUTIL_H

#include <stddef.h>
#include <stdio.h>

#include <libxl_types.h>

struct xlu_error {
    char file[256];
    int line;
    char key[64]; /* key or element name, "" if none */
    char msg[256];
};

typedef void xlu_warn_fn(void *opaque, const char *file, int line,
                         const char *msg);

/*
 * An xl.cfg file, then `key=value` overrides as `xl create FILE k=v ...`
 * gives them (applied as if appended to the file, in order).
 */
int xlu_cfg_parse_domain_file(const char *path, const char *const *overrides,
                              unsigned int nr_overrides,
                              struct libxl_domain_config *c,
                              struct xlu_error *err, xlu_warn_fn *warn,
                              void *opaque);
/* The same from text in memory; `name` stands for the file in errors. */
int xlu_cfg_parse_domain_string(const char *name, const char *text,
                                const char *const *overrides,
                                unsigned int nr_overrides,
                                struct libxl_domain_config *c,
                                struct xlu_error *err, xlu_warn_fn *warn,
                                void *opaque);
/* The config as an xl.cfg file (malloc'd), parseable back to the same. */
char *xlu_cfg_print_domain(const struct libxl_domain_config *c);

/*
 * What `xl create FILE [k=v ...]` reads: domain XML if the file starts
 * with '<' (after blanks or a byte order mark), else an xl.cfg file.
 * Overrides apply to either: on XML, as if appended to the xl.cfg the
 * XML converts to: their errors name "command line", as for xl.cfg,
 * and a conflict with the XML names the file without a line.
 */
int xlu_parse_domain_config_file(const char *path, const char *const *overrides,
                                 unsigned int nr_overrides,
                                 struct libxl_domain_config *c,
                                 struct xlu_error *err, xlu_warn_fn *warn,
                                 void *opaque);
/*
 * The error as one line, "FILE:LINE: KEY: MESSAGE" (":LINE" left out when
 * 0, "KEY: " when empty); 0, or -1 if it was cut to fit len.
 */
int xlu_error_format(const struct xlu_error *e, char *buf, size_t len);
/* That line, and a newline, on f (xl's standard error). */
void xlu_error_print(const struct xlu_error *e, FILE *f);
/* A warn callback printing "FILE:LINE: warning: MSG" on standard error
 * (":LINE" left out when 0), as xl prints them; opaque is unused. */
void xlu_warn_stderr(void *opaque, const char *file, int line,
                     const char *msg);

/*
 * Domain XML (<domain type='xen'>), validated against the RelaxNG schema
 * (built into the library from docs/schemas/domain.rng; the environment
 * variable XLU_DOMAIN_SCHEMA names another file, for tests), then read.
 */
int xlu_xml_parse_domain_file(const char *path, struct libxl_domain_config *c,
                              struct xlu_error *err);
int xlu_xml_parse_domain_string(const char *name, const char *text,
                                struct libxl_domain_config *c,
                                struct xlu_error *err);
/* The config as domain XML (malloc'd), valid against the schema. */
char *xlu_xml_print_domain(const struct libxl_domain_config *c);
/*
 * The same with a reason when it fails: 0 and *xml set, or -1 with err
 * naming the setting XML cannot carry (a control character or bytes that
 * are not UTF-8 in a string, a value the schema refuses) or ENOMEM.
 */
int xlu_xml_format_domain(const struct libxl_domain_config *c, char **xml,
                          struct xlu_error *err);
/*
 * How many of c's settings domain XML has no place for (on_watchdog,
 * cpus_soft, a disk's script, ...), named in buf, ", "-separated, so a
 * converter can warn about what it drops.
 */
unsigned int xlu_xml_unrepresented(const struct libxl_domain_config *c,
                                   char *buf, size_t len);

/* One disk= / vif= specification; nic devid is its index in vif=. */
int xlu_disk_parse(const char *spec, struct libxl_device_disk *d, char *err,
                   size_t errlen);
int xlu_vif_parse(const char *spec, int devid, struct libxl_device_nic *n,
                  char *err, size_t errlen);
/* A cpus= value ("all", "0-3,5,^1", "nodes:0"); -1 with a reason. */
int xlu_cpumap_parse(const char *s, struct libxl_bitmap *m, char *err,
                     size_t errlen);
/* The set as xl prints affinities: "all", or ranges "0-3,5"; 0, or -1
 * if buf is too small (4 * LIBXL_BITMAP_BITS bytes always suffice). */
int xlu_cpumap_format(const struct libxl_bitmap *m, char *buf, size_t len);

#endif /* LIBXLUTIL_H */
