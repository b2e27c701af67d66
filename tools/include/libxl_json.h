/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxl_json.h: the domain description's JSON (libxl_types.h has the
 * to_json/from_json pair) for callers that hold a yajl generator or tree
 * of their own, e.g. `xl list -l`, which wraps each config in
 * {"domid": N, "config": {...}}, or a state file with more than the config.
 */
#ifndef LIBXL_JSON_H
#define LIBXL_JSON_H

#include <stddef.h>

#include <yajl/yajl_gen.h>
#include <yajl/yajl_tree.h>

#include <libxl_types.h>

/* Emit c as one JSON object into g; 0, or -1 if g failed. */
int libxl_domain_config_gen_json(yajl_gen g,
                                 const struct libxl_domain_config *c);
/*
 * Fill c (initialised here) from a parsed JSON object; 0, or -1 with a
 * reason naming the key in err (c is then disposed).
 */
int libxl_domain_config_parse_json(struct libxl_domain_config *c, yajl_val obj,
                                   char *err, size_t errlen);

/* The actions as the JSON spells them (Xen's IDL: "restart_rename"). */
const char *libxl_action_on_shutdown_idl_name(enum libxl_action_on_shutdown a);
/* Accepts the IDL and the xl.cfg spellings; 0, or -1. */
int libxl_action_on_shutdown_from_idl_name(const char *s,
                                           enum libxl_action_on_shutdown *a);

#endif /* LIBXL_JSON_H */
