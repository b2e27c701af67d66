/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxlu_xml_doc.c: reading domain XML into a libxml2 tree that is known
 * to be valid against the RelaxNG schema. The schema is built into the
 * library (docs/schemas/domain.rng, included at build time), so it does
 * not depend on the working directory or an installed file;
 * XLU_DOMAIN_SCHEMA names another file instead (tests use it).
 * The parser never touches the network, loads no DTD and substitutes no
 * entities; a document with a DOCTYPE is refused outright.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>

#include "libxlu_internal.h"
#include "libxlu_xml.h"

#ifndef XLU_SCHEMA_FILE
#error "XLU_SCHEMA_FILE must name docs/schemas/domain.rng (tools/xlutil.mk)"
#endif

/* The schema's bytes, NUL-terminated, from the assembler's .incbin. */
__asm__(".section .rodata\n"
        ".balign 16\n"
        ".type xlu__domain_rng, @object\n"
        "xlu__domain_rng:\n"
        ".incbin \"" XLU_SCHEMA_FILE "\"\n"
        ".byte 0\n"
        ".size xlu__domain_rng, . - xlu__domain_rng\n"
        ".previous\n");
extern const char xlu__domain_rng[];

const char *xlu__domain_schema_text(void)
{
    return xlu__domain_rng;
}

/* The compiled schema and its document, kept for the life of the process
 * (read-only once built); rebuilt if XLU_DOMAIN_SCHEMA changes. */
static pthread_mutex_t schema_lock = PTHREAD_MUTEX_INITIALIZER;
static xmlRelaxNGPtr schema;
static xmlDocPtr schema_doc; /* for libxlu_xml_locate.c */
static char *schema_source; /* the file, or "" for the built-in one */

struct first_error {
    char msg[200];
    char element[64];
    int line;
    bool set;
};

static void keep_first_error(void *opaque, xmlErrorPtr e)
{
    struct first_error *fe = opaque;
    const xmlNode *node = e ? e->node : NULL;
    size_t n;

    if ( fe->set || !e )
        return;
    fe->set = true;
    snprintf(fe->msg, sizeof(fe->msg), "%s", e->message ? e->message : "?");
    n = strlen(fe->msg);
    while ( n && (fe->msg[n - 1] == '\n' || fe->msg[n - 1] == ' ') )
        fe->msg[--n] = '\0';
    fe->line = e->line;
    if ( node && node->type == XML_ELEMENT_NODE && node->name )
    {
        snprintf(fe->element, sizeof(fe->element), "%s",
                 (const char *)node->name);
        if ( !fe->line )
            fe->line = xmlGetLineNo((xmlNodePtr)node);
    }
}

static void drop_schema_locked(void)
{
    xlu__rng_forget();
    xmlRelaxNGFree(schema);
    schema = NULL;
    xmlFreeDoc(schema_doc);
    schema_doc = NULL;
    free(schema_source);
    schema_source = NULL;
}

/* The schema's text as a document: the built-in one, or file's. */
static xmlDocPtr read_schema_doc(const char *file, struct first_error *fe)
{
    const int options =
        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
    xmlDocPtr doc =
        *file ? xmlReadFile(file, NULL, options)
              : xmlReadMemory(xlu__domain_rng, strlen(xlu__domain_rng),
                              "domain.rng", NULL, options);
    xmlErrorPtr e = doc ? NULL : xmlGetLastError();

    if ( e )
        keep_first_error(fe, e);
    return doc;
}

static xmlRelaxNGPtr load_schema_locked(struct xlu_error *err)
{
    const char *file = getenv("XLU_DOMAIN_SCHEMA");
    struct first_error fe = { .set = false };
    xmlRelaxNGParserCtxtPtr pctx = NULL;

    if ( !file || !*file )
        file = "";
    if ( schema && !strcmp(schema_source, file) )
        return schema;
    drop_schema_locked();
    schema_doc = read_schema_doc(file, &fe);
    if ( schema_doc )
        pctx = xmlRelaxNGNewDocParserCtxt(schema_doc);
    if ( pctx )
    {
        xmlRelaxNGSetParserStructuredErrors(pctx, keep_first_error, &fe);
        schema = xmlRelaxNGParse(pctx);
        xmlRelaxNGFreeParserCtxt(pctx);
    }
    schema_source = strdup(file);
    if ( !schema || !schema_source )
    {
        xlu__error(err, *file ? file : "built-in domain.rng", fe.line, NULL,
                   "cannot load the domain schema: %s",
                   fe.set ? fe.msg : "out of memory");
        drop_schema_locked();
    }
    return schema;
}

static int validate(const char *name, xmlDocPtr doc, struct xlu_error *err)
{
    struct first_error fe = { .set = false };
    xmlRelaxNGValidCtxtPtr vctx;
    xmlRelaxNGPtr s;
    char element[64], msg[200];
    int rc = -1, line;

    pthread_mutex_lock(&schema_lock);
    s = load_schema_locked(err);
    vctx = s ? xmlRelaxNGNewValidCtxt(s) : NULL;
    if ( vctx )
    {
        xmlRelaxNGSetValidStructuredErrors(vctx, keep_first_error, &fe);
        rc = xmlRelaxNGValidateDoc(vctx, doc);
        xmlRelaxNGFreeValidCtxt(vctx);
        /* libxml2 names an interleave, not the element: find that. */
        if ( rc && xlu__xml_locate(schema_doc, doc, &line, element,
                                   sizeof(element), msg, sizeof(msg)) )
            xlu__error(err, name, line, element,
                       "invalid against the domain schema: %s", msg);
        else if ( rc )
            xlu__error(err, name, fe.line, fe.element,
                       "invalid against the domain schema: %s",
                       fe.set ? fe.msg : "validation failed");
        rc = rc ? -1 : 0;
    }
    else if ( s )
        xlu__error(err, name, 0, NULL, "out of memory");
    pthread_mutex_unlock(&schema_lock);
    return rc;
}

/* The line of "<!DOCTYPE" (libxml2 keeps none for the declaration). */
static int doctype_line(const char *text, size_t len)
{
    const char *at = memmem(text, len, "<!DOCTYPE", 9), *p;
    int line = 1;

    for ( p = text; at && p < at; p++ )
        line += *p == '\n';
    return at ? line : 0;
}

xmlDocPtr xlu__xml_read(const char *name, const char *text, size_t len,
                        struct xlu_error *err)
{
    const int options = XML_PARSE_NONET | XML_PARSE_NOERROR |
                        XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES |
                        XML_PARSE_NOCDATA;
    xmlDocPtr doc;
    xmlErrorPtr e;

    if ( len > XLU_MAX_CONFIG_BYTES )
    {
        xlu__error(err, name, 0, NULL, "larger than %d bytes",
                   XLU_MAX_CONFIG_BYTES);
        return NULL;
    }
    xmlInitParser();
    xmlResetLastError();
    doc = xmlReadMemory(text, len, name, NULL, options);
    if ( !doc )
    {
        e = xmlGetLastError();
        xlu__error(err, name, e ? e->line : 0, NULL, "malformed XML: %s",
                   e && e->message ? e->message : "not an XML document");
        /* libxml2's messages end in a newline. */
        if ( err )
            err->msg[strcspn(err->msg, "\n")] = '\0';
        xmlResetLastError();
        return NULL;
    }
    if ( doc->intSubset || doc->extSubset )
    {
        xlu__error(err, name, doctype_line(text, len), NULL,
                   "a DOCTYPE is not allowed in domain XML");
        xmlFreeDoc(doc);
        return NULL;
    }
    if ( validate(name, doc, err) )
    {
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

int xlu__xml_validate(const char *name, xmlDocPtr doc, struct xlu_error *err)
{
    return validate(name, doc, err);
}
