/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * libxlu_xml_locate.c: which element of an invalid document is at
 * fault, and why, in words a user can act on.
 *
 * libxml2's RelaxNG validator reports an error inside an <interleave>
 * only at the interleave ("Extra element devices in interleave" for a
 * typo in a disk's driver). So once a document has failed, each element
 * is validated alone against its own define in the schema (the define
 * named "parent-element", else "element"; docs/schemas/domain.rng gives
 * every element one), from the root down: the innermost element that
 * fails alone is the one to blame, and the most specific of the errors
 * it gives is the message. The compiled per-define schemas are kept
 * until the schema changes (xlu__xml_locate_forget).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/relaxng.h>
#include <libxml/tree.h>

#include "libxlu_xml.h"

#define MAX_DEFINES 96
#define MAX_ERRORS 16
#define MAX_DEPTH 32

/* One define compiled as the start of the grammar. */
struct alone_schema {
    char *define;
    xmlRelaxNGPtr rng; /* NULL if it did not compile */
};

static struct alone_schema cache[MAX_DEFINES];
static unsigned int cached;

void xlu__xml_locate_forget(void)
{
    unsigned int i;

    for ( i = 0; i < cached; i++ )
    {
        free(cache[i].define);
        xmlRelaxNGFree(cache[i].rng);
    }
    cached = 0;
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

/* The grammar's <define name=...> whose content is <element name=elem>. */
static xmlNodePtr find_define(xmlDocPtr rng, const char *define,
                              const char *elem)
{
    xmlNodePtr n;

    for ( n = first_element(xmlDocGetRootElement(rng)); n; n = n->next )
        if ( is_rng(n, "define") && has_name(n, define) )
            return is_rng(first_element(n), "element") &&
                           has_name(first_element(n), elem)
                       ? n
                       : NULL;
    return NULL;
}

/* Does the pattern under n declare attribute attr (following refs to
 * defines that are not elements of their own)? */
static bool declares(xmlDocPtr rng, xmlNodePtr n, const char *attr, int depth)
{
    xmlNodePtr c, d;
    xmlChar *ref;
    bool found = false;

    if ( depth > 8 )
        return false;
    for ( c = first_element(n); c && !found; c = c->next )
    {
        if ( c->type != XML_ELEMENT_NODE || is_rng(c, "element") )
            continue;
        if ( is_rng(c, "attribute") )
            found = has_name(c, attr);
        else if ( is_rng(c, "ref") &&
                  (ref = xmlGetProp(c, (const xmlChar *)"name")) )
        {
            for ( d = first_element(xmlDocGetRootElement(rng)); d; d = d->next )
                if ( is_rng(d, "define") && has_name(d, (const char *)ref) &&
                     !is_rng(first_element(d), "element") )
                    found = declares(rng, d, attr, depth + 1);
            xmlFree(ref);
        }
        else
            found = declares(rng, c, attr, depth + 1);
    }
    return found;
}

/* The define that describes node: "parent-name", else "name". */
static const char *define_for(xmlDocPtr rng, xmlNodePtr node, char *buf,
                              size_t len)
{
    const char *name = (const char *)node->name;

    if ( node->parent && node->parent->type == XML_ELEMENT_NODE )
    {
        snprintf(buf, len, "%s-%s", (const char *)node->parent->name, name);
        if ( find_define(rng, buf, name) )
            return buf;
    }
    snprintf(buf, len, "%s", name);
    return find_define(rng, buf, name) ? buf : NULL;
}

/* The grammar with <start><ref name=define/></start>, compiled once. */
static xmlRelaxNGPtr alone_schema(xmlDocPtr rng, const char *define)
{
    xmlRelaxNGParserCtxtPtr pctx;
    xmlNodePtr start, ref;
    xmlDocPtr copy;
    unsigned int i;

    for ( i = 0; i < cached; i++ )
        if ( !strcmp(cache[i].define, define) )
            return cache[i].rng;
    if ( cached == MAX_DEFINES )
        return NULL;
    copy = xmlCopyDoc(rng, 1);
    for ( start = first_element(xmlDocGetRootElement(copy));
          start && !is_rng(start, "start"); start = start->next )
        ;
    ref = first_element(start);
    cache[cached].define = strdup(define);
    cache[cached].rng = NULL;
    if ( is_rng(ref, "ref") && cache[cached].define &&
         xmlSetProp(ref, (const xmlChar *)"name", (const xmlChar *)define) &&
         (pctx = xmlRelaxNGNewDocParserCtxt(copy)) )
    {
        xmlRelaxNGSetParserStructuredErrors(pctx, NULL, NULL);
        cache[cached].rng = xmlRelaxNGParse(pctx);
        xmlRelaxNGFreeParserCtxt(pctx);
    }
    xmlFreeDoc(copy);
    if ( !cache[cached].define )
        return NULL;
    return cache[cached++].rng;
}

struct one_error {
    char msg[160];
    char element[64];
    char attr[64]; /* the attribute at fault, when known */
    char attr_value[64];
    bool attr_declared; /* the element may have it: its value is wrong */
    char text[64]; /* the element's text, when it has no children */
    int line;
};

struct errors {
    xmlDocPtr rng;
    xmlNodePtr define; /* of the element validated alone */
    const xmlNode *self; /* that element, in the copy */
    struct one_error e[MAX_ERRORS];
    unsigned int n;
};

/* The attribute a message blames: the one it names, or else the first
 * the element has and its define does not declare. */
static void note_attribute(struct errors *errs, struct one_error *o,
                           const xmlNode *node)
{
    xmlAttrPtr a;
    xmlChar *v;

    if ( !strncmp(o->msg, "Invalid attribute ", 18) )
        sscanf(o->msg + 18, "%63s", o->attr);
    else if ( strstr(o->msg, "failed to validate attributes") &&
              node == errs->self )
        for ( a = node->properties; a && !o->attr[0]; a = a->next )
            if ( !declares(errs->rng, first_element(errs->define),
                           (const char *)a->name, 0) )
                snprintf(o->attr, sizeof(o->attr), "%s", (const char *)a->name);
    if ( !o->attr[0] )
        return;
    o->attr_declared =
        node == errs->self &&
        declares(errs->rng, first_element(errs->define), o->attr, 0);
    v = xmlGetProp((xmlNodePtr)node, (const xmlChar *)o->attr);
    if ( v )
        snprintf(o->attr_value, sizeof(o->attr_value), "%s", (const char *)v);
    xmlFree(v);
}

static void note_text(struct one_error *o, const xmlNode *node)
{
    xmlChar *v;
    char *start, *end;

    if ( first_element((xmlNodePtr)node) )
        return;
    v = xmlNodeGetContent(node);
    if ( !v )
        return;
    for ( start = (char *)v; *start == ' ' || *start == '\n' || *start == '\t';
          start++ )
        ;
    end = start + strlen(start);
    while ( end > start && (end[-1] == ' ' || end[-1] == '\n' ||
                            end[-1] == '\t' || end[-1] == '\r') )
        end--;
    snprintf(o->text, sizeof(o->text), "%.*s", (int)(end - start), start);
    xmlFree(v);
}

static void keep_error(void *opaque, xmlErrorPtr e)
{
    struct errors *errs = opaque;
    struct one_error *o;
    const xmlNode *node;
    size_t n;

    if ( !e || errs->n == MAX_ERRORS )
        return;
    o = &errs->e[errs->n++];
    memset(o, 0, sizeof(*o));
    snprintf(o->msg, sizeof(o->msg), "%s", e->message ? e->message : "?");
    n = strlen(o->msg);
    while ( n && (o->msg[n - 1] == '\n' || o->msg[n - 1] == ' ') )
        o->msg[--n] = '\0';
    o->line = e->line;
    node = e->node;
    if ( node && node->type == XML_ELEMENT_NODE && node->name )
    {
        snprintf(o->element, sizeof(o->element), "%s",
                 (const char *)node->name);
        if ( !o->line )
            o->line = xmlGetLineNo((xmlNodePtr)node);
        note_attribute(errs, o, node);
        note_text(o, node);
    }
}

/* 0 if node is valid alone against define, else -1 with its errors. */
static int validate_alone(xmlDocPtr rng, xmlNodePtr node, const char *define,
                          struct errors *errs)
{
    xmlNodePtr def = find_define(rng, define, (const char *)node->name);
    xmlRelaxNGPtr s = alone_schema(rng, define);
    xmlRelaxNGValidCtxtPtr vctx;
    xmlDocPtr doc;
    xmlNodePtr copy;
    int rc = 0; /* what cannot be checked alone is not blamed */

    if ( !s || !(doc = xmlNewDoc((const xmlChar *)"1.0")) )
        return 0;
    copy = xmlDocCopyNode(node, doc, 1);
    vctx = copy ? xmlRelaxNGNewValidCtxt(s) : NULL;
    if ( vctx )
    {
        xmlDocSetRootElement(doc, copy);
        memset(errs, 0, sizeof(*errs));
        errs->rng = rng;
        errs->define = def;
        errs->self = copy;
        xmlRelaxNGSetValidStructuredErrors(vctx, keep_error, errs);
        rc = xmlRelaxNGValidateDoc(vctx, doc) ? -1 : 0;
        xmlRelaxNGFreeValidCtxt(vctx);
    }
    else
        xmlFreeNode(copy);
    xmlFreeDoc(doc);
    return rc;
}

/*
 * How much a message says: 0 names the attribute or the value at fault,
 * 1 an unexpected element, 2 a missing one, 3 only that something failed.
 */
static int specificity(const struct one_error *e, const char *self)
{
    if ( e->attr[0] || !strncmp(e->msg, "Invalid attribute ", 18) ||
         strstr(e->msg, "doesn't allow value") ||
         strstr(e->msg, "has extra content") )
        return 0;
    if ( (strstr(e->msg, "in interleave") || strstr(e->msg, "Did not expect") ||
          (!strncmp(e->msg, "Expecting element ", 18) &&
           strstr(e->msg, ", got "))) &&
         strcmp(e->element, self) )
        return 1;
    if ( strstr(e->msg, "got nothing") || strstr(e->msg, "Expecting ") )
        return 2;
    return 3;
}

/* libxml2's wording into the reader's, keeping what it names. */
static void rewrite(const struct one_error *e, char *out, size_t len)
{
    char a[64], b[64];

    if ( e->attr[0] && e->attr_declared )
        snprintf(out, len, "`%s' is not a valid value for attribute %s",
                 e->attr_value, e->attr);
    else if ( e->attr[0] && e->attr_value[0] )
        snprintf(out, len, "attribute %s is not allowed on <%s>", e->attr,
                 e->element);
    else if ( sscanf(e->msg, "Type %63s doesn't allow value '%63[^']'", a, b) ==
              2 )
        snprintf(out, len, "`%s' is not a valid %s", b, a);
    else if ( sscanf(e->msg, "Expecting an element %63s got nothing", a) == 1 )
    {
        a[strcspn(a, ",")] = '\0';
        snprintf(out, len, "missing element <%s>", a);
    }
    else if ( sscanf(e->msg, "Expecting element %63[^,], got %63s", a, b) == 2 )
        snprintf(out, len, "expected element <%s>, found <%s>", a, b);
    else if ( strstr(e->msg, "in interleave") ||
              strstr(e->msg, "Did not expect") )
        snprintf(out, len,
                 "element <%s> is not allowed here (unknown, misplaced or "
                 "given twice)",
                 e->element);
    else if ( strstr(e->msg, "failed to validate attributes") )
        snprintf(out, len, "missing or invalid attributes");
    else if ( !strcmp(e->msg, "Error validating value") )
        snprintf(out, len, "`%s' is not a valid value for <%s>", e->text,
                 e->element);
    else
        snprintf(out, len, "%s", e->msg);
}

struct fault {
    xmlNodePtr node;
    struct one_error best;
    bool found;
};

static void blame(xmlNodePtr node, const struct errors *errs, struct fault *f)
{
    const struct one_error *best = NULL;
    unsigned int i;

    for ( i = 0; i < errs->n; i++ )
        if ( !best || specificity(&errs->e[i], (const char *)node->name) <
                          specificity(best, (const char *)node->name) )
            best = &errs->e[i];
    f->node = node;
    f->found = true;
    memset(&f->best, 0, sizeof(f->best));
    if ( best )
        f->best = *best;
    else
        snprintf(f->best.msg, sizeof(f->best.msg), "invalid content");
    if ( !f->best.element[0] )
        snprintf(f->best.element, sizeof(f->best.element), "%s",
                 (const char *)node->name);
    if ( !f->best.line )
        f->best.line = xmlGetLineNo(node);
}

/* The innermost element under node (itself included) that fails alone. */
static void walk(xmlDocPtr rng, xmlNodePtr node, int depth, struct fault *f)
{
    struct errors *errs;
    xmlNodePtr child;
    char name[140];
    const char *define;
    bool failed = false;

    if ( depth > MAX_DEPTH )
        return;
    define = define_for(rng, node, name, sizeof(name));
    if ( define )
    {
        errs = malloc(sizeof(*errs));
        if ( !errs )
            return;
        failed = validate_alone(rng, node, define, errs) != 0;
        if ( failed )
            blame(node, errs, f);
        free(errs);
        if ( !failed )
            return;
    }
    for ( child = node->children; child; child = child->next )
    {
        struct fault inner = { .found = false };

        if ( child->type != XML_ELEMENT_NODE )
            continue;
        walk(rng, child, depth + 1, &inner);
        if ( inner.found )
        {
            *f = inner;
            return;
        }
    }
}

bool xlu__xml_locate(xmlDocPtr rng, xmlDocPtr doc, int *line, char *element,
                     size_t element_len, char *msg, size_t msg_len)
{
    struct fault f = { .found = false };
    xmlNodePtr root = xmlDocGetRootElement(doc);

    if ( !rng || !root )
        return false;
    walk(rng, root, 0, &f);
    if ( !f.found )
        return false;
    *line = f.best.line;
    snprintf(element, element_len, "%s", f.best.element);
    rewrite(&f.best, msg, msg_len);
    return true;
}
