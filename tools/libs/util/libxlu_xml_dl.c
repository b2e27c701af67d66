/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxlu_xml_dl.c: libxml2, loaded when first used. Debian's libxml2
 * brings ICU and libstdc++ with it, and loading them costs every xl
 * command about 1.5 ms (measured: an empty program linked with -lxml2
 * starts in 2.9 ms against 1.4 ms without), though only the domain-XML
 * commands use it. The libxml2 functions the front ends call are
 * defined here, each loading its real one on the first call; the
 * prototypes come from libxml2's own headers, so the compiler checks
 * every one. A program that also links -lxml2 (the unit tests) gets
 * the same functions through dlopen of the library already loaded.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#define LIBXML2_SONAME "libxml2.so.2"

/* libxml2's default, which every front end relies on. */
xmlFreeFunc xmlFree = free;

static void *xml_sym(const char *name)
{
    static void *lib;
    void *sym;

    if ( !lib && !(lib = dlopen(LIBXML2_SONAME, RTLD_NOW | RTLD_LOCAL)) )
    {
        fprintf(stderr, "cannot load %s: %s\n", LIBXML2_SONAME, dlerror());
        exit(1);
    }
    sym = dlsym(lib, name);
    if ( !sym )
    {
        fprintf(stderr, "%s has no %s\n", LIBXML2_SONAME, name);
        exit(1);
    }
    return sym;
}

#define XML_FN(ret, name, params, args)                                        \
    ret name params                                                            \
    {                                                                          \
        static ret(*real) params;                                              \
        if ( !real )                                                           \
            real = (ret(*) params)xml_sym(#name);                              \
        return real args;                                                      \
    }
#define XML_VOID_FN(name, params, args)                                        \
    void name params                                                           \
    {                                                                          \
        static void(*real) params;                                             \
        if ( !real )                                                           \
            real = (void(*) params)xml_sym(#name);                             \
        real args;                                                             \
    }

/* Parsing and errors. */
XML_VOID_FN(xmlInitParser, (void), ())
XML_FN(xmlDocPtr, xmlReadFile, (const char *url, const char *enc, int opts),
       (url, enc, opts))
XML_FN(xmlDocPtr, xmlReadMemory,
       (const char *buf, int size, const char *url, const char *enc, int opts),
       (buf, size, url, enc, opts))
XML_FN(xmlErrorPtr, xmlGetLastError, (void), ())
XML_VOID_FN(xmlResetLastError, (void), ())
XML_FN(int, xmlCheckUTF8, (const unsigned char *utf), (utf))

/* Documents and nodes. */
XML_FN(xmlDocPtr, xmlNewDoc, (const xmlChar *version), (version))
XML_FN(xmlDocPtr, xmlCopyDoc, (xmlDocPtr doc, int recursive), (doc, recursive))
XML_VOID_FN(xmlFreeDoc, (xmlDocPtr doc), (doc))
XML_FN(xmlNodePtr, xmlDocGetRootElement, (const xmlDoc *doc), (doc))
XML_FN(xmlNodePtr, xmlDocSetRootElement, (xmlDocPtr doc, xmlNodePtr root),
       (doc, root))
XML_VOID_FN(xmlDocDumpFormatMemoryEnc,
            (xmlDocPtr doc, xmlChar **txt, int *len, const char *enc,
             int format),
            (doc, txt, len, enc, format))
XML_FN(xmlNodePtr, xmlNewNode, (xmlNsPtr ns, const xmlChar *name), (ns, name))
XML_FN(xmlNodePtr, xmlNewDocNode,
       (xmlDocPtr doc, xmlNsPtr ns, const xmlChar *name,
        const xmlChar *content),
       (doc, ns, name, content))
XML_FN(xmlNodePtr, xmlNewChild,
       (xmlNodePtr parent, xmlNsPtr ns, const xmlChar *name,
        const xmlChar *content),
       (parent, ns, name, content))
XML_FN(xmlNodePtr, xmlNewTextChild,
       (xmlNodePtr parent, xmlNsPtr ns, const xmlChar *name,
        const xmlChar *content),
       (parent, ns, name, content))
XML_FN(xmlNodePtr, xmlAddChild, (xmlNodePtr parent, xmlNodePtr cur),
       (parent, cur))
XML_FN(xmlNodePtr, xmlDocCopyNode, (xmlNodePtr node, xmlDocPtr doc, int rec),
       (node, doc, rec))
XML_VOID_FN(xmlUnlinkNode, (xmlNodePtr cur), (cur))
XML_VOID_FN(xmlFreeNode, (xmlNodePtr cur), (cur))
XML_FN(long, xmlGetLineNo, (const xmlNode *node), (node))
XML_FN(xmlChar *, xmlNodeGetContent, (const xmlNode *cur), (cur))
XML_FN(xmlChar *, xmlGetProp, (const xmlNode *node, const xmlChar *name),
       (node, name))
XML_FN(xmlAttrPtr, xmlHasProp, (const xmlNode *node, const xmlChar *name),
       (node, name))
XML_FN(xmlAttrPtr, xmlNewProp,
       (xmlNodePtr node, const xmlChar *name, const xmlChar *value),
       (node, name, value))
XML_FN(xmlAttrPtr, xmlSetProp,
       (xmlNodePtr node, const xmlChar *name, const xmlChar *value),
       (node, name, value))

/* RelaxNG. */
XML_FN(xmlRelaxNGParserCtxtPtr, xmlRelaxNGNewDocParserCtxt, (xmlDocPtr doc),
       (doc))
XML_VOID_FN(xmlRelaxNGSetParserStructuredErrors,
            (xmlRelaxNGParserCtxtPtr ctxt, xmlStructuredErrorFunc fn,
             void *ctx),
            (ctxt, fn, ctx))
XML_FN(xmlRelaxNGPtr, xmlRelaxNGParse, (xmlRelaxNGParserCtxtPtr ctxt), (ctxt))
XML_VOID_FN(xmlRelaxNGFreeParserCtxt, (xmlRelaxNGParserCtxtPtr ctxt), (ctxt))
XML_VOID_FN(xmlRelaxNGFree, (xmlRelaxNGPtr schema), (schema))
XML_FN(xmlRelaxNGValidCtxtPtr, xmlRelaxNGNewValidCtxt, (xmlRelaxNGPtr schema),
       (schema))
XML_VOID_FN(xmlRelaxNGSetValidStructuredErrors,
            (xmlRelaxNGValidCtxtPtr ctxt, xmlStructuredErrorFunc fn, void *ctx),
            (ctxt, fn, ctx))
XML_FN(int, xmlRelaxNGValidateDoc, (xmlRelaxNGValidCtxtPtr ctxt, xmlDocPtr doc),
       (ctxt, doc))
XML_VOID_FN(xmlRelaxNGFreeValidCtxt, (xmlRelaxNGValidCtxtPtr ctxt), (ctxt))
