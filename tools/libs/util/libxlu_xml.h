/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxlu_xml.h: what the domain-XML reader (libxlu_xml_parse.c) and
 * writer (libxlu_xml_print.c) share with the document layer
 * (libxlu_xml_doc.c), which alone knows the schema.
 */
#ifndef LIBXLU_XML_H
#define LIBXLU_XML_H

#include <libxml/relaxng.h>
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
 * the schema lock held.
 */
bool xlu__xml_locate(xmlDocPtr rng, xmlDocPtr doc, int *line, char *element,
                     size_t element_len, char *msg, size_t msg_len);

/* libxlu_xml_rng.c: the schema's own document, asked about itself. */
/* The <define name=define> whose content is <element name=elem>. */
xmlNodePtr xlu__rng_find_define(xmlDocPtr rng, const char *define,
                                const char *elem);
/* The define of node: "parent-name" if the schema has one, else "name". */
const char *xlu__rng_define_for(xmlDocPtr rng, xmlNodePtr node, char *buf,
                                size_t len);
/* The define's declaration of attr (NULL: it has none); *required set. */
xmlNodePtr xlu__rng_attribute(xmlDocPtr rng, xmlNodePtr define,
                              const char *attr, bool *required);
/* The first attribute the define requires that node lacks, or NULL. */
const char *xlu__rng_missing_attribute(xmlDocPtr rng, xmlNodePtr define,
                                       xmlNodePtr node);
/* The grammar started at one define, compiled once (NULL if it cannot). */
xmlRelaxNGPtr xlu__rng_alone(xmlDocPtr rng, const char *define);
/* 1 if value suits the define's attr, 0 if not, -1 if it cannot tell. */
int xlu__rng_attribute_valid(xmlDocPtr rng, xmlNodePtr define, const char *attr,
                             const char *value);
/* Drop the compiled variants: the schema changed. */
void xlu__rng_forget(void);

/* libvirt's memory units: bytes per unit, 0 if unknown. */
unsigned long long xlu__xml_unit_bytes(const char *unit);

#endif /* LIBXLU_XML_H */
