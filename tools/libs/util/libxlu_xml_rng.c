/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxlu_xml_rng.c: questions about the RelaxNG schema itself, asked by
 * libxlu_xml_locate.c when a document is invalid: which define describes
 * an element, which attributes it declares and requires, and the grammar
 * recompiled to check one element, or one attribute value, alone. The
 * compiled variants are kept (a few dozen at most) until the schema
 * changes (xlu__rng_forget). All of it runs under the schema lock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/relaxng.h>
#include <libxml/tree.h>

#include "libxlu_xml.h"

#define MAX_VARIANTS 128
#define MAX_REF_DEPTH 8

struct variant {
    char *key; /* "define" or "define@attribute" */
    xmlRelaxNGPtr rng; /* NULL if it did not compile */
};

static struct variant variants[MAX_VARIANTS];
static unsigned int nr_variants;

void xlu__rng_forget(void)
{
    unsigned int i;

    for ( i = 0; i < nr_variants; i++ )
    {
        free(variants[i].key);
        xmlRelaxNGFree(variants[i].rng);
    }
    nr_variants = 0;
}

/* Errors of the variants are answers, not news: nothing is printed. */
static void silent(void *opaque, xmlErrorPtr e)
{
    (void)opaque;
    (void)e;
}

static bool is_rng(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE &&
           !strcmp((const char *)n->name, name);
}

static bool has_name(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)"name");
    bool same = v && !strcmp((const char *)v, name);

    xmlFree(v);
    return same;
}

static xmlNodePtr first_element(xmlNodePtr n)
{
    for ( n = n ? n->children : NULL; n; n = n->next )
        if ( n->type == XML_ELEMENT_NODE )
            return n;
    return NULL;
}

static xmlNodePtr named_define(xmlDocPtr rng, const xmlChar *name)
{
    xmlNodePtr d;

    for ( d = first_element(xmlDocGetRootElement(rng)); d; d = d->next )
        if ( is_rng(d, "define") && has_name(d, (const char *)name) )
            return d;
    return NULL;
}

xmlNodePtr xlu__rng_find_define(xmlDocPtr rng, const char *define,
                                const char *elem)
{
    xmlNodePtr d = named_define(rng, (const xmlChar *)define);

    return d && is_rng(first_element(d), "element") &&
                   has_name(first_element(d), elem)
               ? d
               : NULL;
}

const char *xlu__rng_define_for(xmlDocPtr rng, xmlNodePtr node, char *buf,
                                size_t len)
{
    const char *name = (const char *)node->name;

    if ( node->parent && node->parent->type == XML_ELEMENT_NODE )
    {
        snprintf(buf, len, "%s-%s", (const char *)node->parent->name, name);
        if ( xlu__rng_find_define(rng, buf, name) )
            return buf;
    }
    snprintf(buf, len, "%s", name);
    return xlu__rng_find_define(rng, buf, name) ? buf : NULL;
}

/*
 * The <attribute name=attr> in pattern n, not inside a nested element,
 * following refs to defines that are not elements. *required is cleared
 * when it sits under an optional, a choice or a repetition.
 */
static xmlNodePtr find_attribute(xmlDocPtr rng, xmlNodePtr n, const char *attr,
                                 bool *required, int depth)
{
    xmlNodePtr c, d, found = NULL;
    xmlChar *ref;
    bool req;

    if ( depth > MAX_REF_DEPTH )
        return NULL;
    for ( c = first_element(n); c && !found; c = c->next )
    {
        if ( c->type != XML_ELEMENT_NODE || is_rng(c, "element") )
            continue;
        req = *required && !is_rng(c, "optional") && !is_rng(c, "choice") &&
              !is_rng(c, "zeroOrMore");
        if ( is_rng(c, "attribute") )
            found = has_name(c, attr) ? c : NULL;
        else if ( is_rng(c, "ref") &&
                  (ref = xmlGetProp(c, (const xmlChar *)"name")) )
        {
            d = named_define(rng, ref);
            if ( d && !is_rng(first_element(d), "element") )
                found = find_attribute(rng, d, attr, &req, depth + 1);
            xmlFree(ref);
        }
        else
            found = find_attribute(rng, c, attr, &req, depth + 1);
        if ( found )
            *required = req;
    }
    return found;
}

xmlNodePtr xlu__rng_attribute(xmlDocPtr rng, xmlNodePtr define,
                              const char *attr, bool *required)
{
    bool req = true;
    xmlNodePtr a = find_attribute(rng, first_element(define), attr, &req, 0);

    if ( required )
        *required = a && req;
    return a;
}

/* The first attribute the define requires that node lacks, or NULL. */
static const xmlChar *missing_in(xmlDocPtr rng, xmlNodePtr n, xmlNodePtr node,
                                 int depth)
{
    const xmlChar *missing = NULL;
    xmlNodePtr c, d;
    xmlChar *name;

    if ( depth > MAX_REF_DEPTH )
        return NULL;
    for ( c = first_element(n); c && !missing; c = c->next )
    {
        if ( is_rng(c, "element") || is_rng(c, "optional") ||
             is_rng(c, "choice") || is_rng(c, "zeroOrMore") )
            continue;
        name = xmlGetProp(c, (const xmlChar *)"name");
        if ( is_rng(c, "attribute") && name && !xmlHasProp(node, name) )
        {
            /* The attribute declaration outlives this call; its name too. */
            for ( xmlAttrPtr a = c->properties; a; a = a->next )
                if ( !strcmp((const char *)a->name, "name") && a->children )
                    missing = a->children->content;
        }
        else if ( is_rng(c, "ref") && name && (d = named_define(rng, name)) &&
                  !is_rng(first_element(d), "element") )
            missing = missing_in(rng, d, node, depth + 1);
        else if ( !is_rng(c, "attribute") && !is_rng(c, "ref") )
            missing = missing_in(rng, c, node, depth + 1);
        xmlFree(name);
    }
    return missing;
}

const char *xlu__rng_missing_attribute(xmlDocPtr rng, xmlNodePtr define,
                                       xmlNodePtr node)
{
    return (const char *)missing_in(rng, first_element(define), node, 0);
}

/* A compiled variant by key, built by edit() on a copy of the grammar. */
static xmlRelaxNGPtr variant(xmlDocPtr rng, const char *key,
                             bool (*edit)(xmlDocPtr, xmlNodePtr start,
                                          const void *),
                             const void *arg)
{
    xmlRelaxNGParserCtxtPtr pctx;
    xmlNodePtr start;
    xmlDocPtr copy;
    unsigned int i;

    for ( i = 0; i < nr_variants; i++ )
        if ( !strcmp(variants[i].key, key) )
            return variants[i].rng;
    if ( nr_variants == MAX_VARIANTS )
        return NULL;
    copy = xmlCopyDoc(rng, 1);
    for ( start = first_element(xmlDocGetRootElement(copy));
          start && !is_rng(start, "start"); start = start->next )
        ;
    variants[nr_variants].key = strdup(key);
    variants[nr_variants].rng = NULL;
    if ( start && variants[nr_variants].key && edit(copy, start, arg) &&
         (pctx = xmlRelaxNGNewDocParserCtxt(copy)) )
    {
        xmlRelaxNGSetParserStructuredErrors(pctx, silent, NULL);
        variants[nr_variants].rng = xmlRelaxNGParse(pctx);
        xmlRelaxNGFreeParserCtxt(pctx);
    }
    xmlFreeDoc(copy);
    if ( !variants[nr_variants].key )
        return NULL;
    return variants[nr_variants++].rng;
}

static bool start_at_define(xmlDocPtr copy, xmlNodePtr start, const void *arg)
{
    xmlNodePtr ref = first_element(start);

    (void)copy;
    return is_rng(ref, "ref") &&
           xmlSetProp(ref, (const xmlChar *)"name", (const xmlChar *)arg);
}

xmlRelaxNGPtr xlu__rng_alone(xmlDocPtr rng, const char *define)
{
    return variant(rng, define, start_at_define, define);
}

/* <start><element name="probe"> the attribute </element></start> */
static bool start_at_attribute(xmlDocPtr copy, xmlNodePtr start,
                               const void *arg)
{
    xmlNodePtr probe, attr, old = first_element(start);
    xmlNsPtr ns = start->ns;

    if ( old )
    {
        xmlUnlinkNode(old);
        xmlFreeNode(old);
    }
    probe = xmlNewChild(start, ns, (const xmlChar *)"element", NULL);
    attr = probe ? xmlDocCopyNode((xmlNodePtr)arg, copy, 1) : NULL;
    if ( !attr )
        return false;
    xmlSetProp(probe, (const xmlChar *)"name", (const xmlChar *)"probe");
    xmlAddChild(probe, attr);
    return true;
}

int xlu__rng_attribute_valid(xmlDocPtr rng, xmlNodePtr define, const char *attr,
                             const char *value)
{
    xmlNodePtr decl = xlu__rng_attribute(rng, define, attr, NULL);
    xmlRelaxNGValidCtxtPtr vctx;
    xmlRelaxNGPtr s;
    xmlDocPtr doc;
    xmlNodePtr probe;
    xmlChar *dname = xmlGetProp(define, (const xmlChar *)"name");
    char key[160];
    int rc = -1;

    snprintf(key, sizeof(key), "%s@%s", dname ? (const char *)dname : "", attr);
    xmlFree(dname);
    s = decl ? variant(rng, key, start_at_attribute, decl) : NULL;
    doc = s ? xmlNewDoc((const xmlChar *)"1.0") : NULL;
    probe =
        doc ? xmlNewDocNode(doc, NULL, (const xmlChar *)"probe", NULL) : NULL;
    if ( probe &&
         xmlSetProp(probe, (const xmlChar *)attr, (const xmlChar *)value) )
    {
        xmlDocSetRootElement(doc, probe);
        vctx = xmlRelaxNGNewValidCtxt(s);
        if ( vctx )
        {
            xmlRelaxNGSetValidStructuredErrors(vctx, silent, NULL);
            rc = xmlRelaxNGValidateDoc(vctx, doc) ? 0 : 1;
            xmlRelaxNGFreeValidCtxt(vctx);
        }
    }
    else
        xmlFreeNode(probe);
    xmlFreeDoc(doc);
    return rc;
}
