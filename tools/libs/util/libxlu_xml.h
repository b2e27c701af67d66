/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxlu_xml.h: what the domain-XML reader (libxlu_xml_parse.c) and
 * writer (libxlu_xml_print.c) share with the document layer
 * (libxlu_xml_doc.c), which alone knows the schema.
 */
#ifndef LIBXLU_XML_H
#define LIBXLU_XML_H

#include <libxml/tree.h>

#include "libxlu_internal.h"

/* Parse and validate; NULL with err filled (file, line, element). */
xmlDocPtr xlu__xml_read(const char *name, const char *text, size_t len,
                        struct xlu_error *err);
/* Validate a document built in memory (the writer checks its output). */
int xlu__xml_validate(const char *name, xmlDocPtr doc, struct xlu_error *err);
/* The built-in schema's text. */
const char *xlu__domain_schema_text(void);

/*
 * libxlu_xml_locate.c: after doc failed against the schema (whose own
 * document is rng), the innermost element at fault: its line, its name
 * and a message; false if no single element can be blamed. Called with
 * the schema lock held; _forget drops what it compiled when the schema
 * changes.
 */
bool xlu__xml_locate(xmlDocPtr rng, xmlDocPtr doc, int *line, char *element,
                     size_t element_len, char *msg, size_t msg_len);
void xlu__xml_locate_forget(void);

/* libvirt's memory units: bytes per unit, 0 if unknown. */
unsigned long long xlu__xml_unit_bytes(const char *unit);

#endif /* LIBXLU_XML_H */
