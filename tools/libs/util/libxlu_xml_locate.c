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
 * it gives is the message, made precise about attributes with the
 * schema's own declarations (libxlu_xml_rng.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/relaxng.h>
#include <libxml/tree.h>

#include "libxlu_xml.h"

#define MAX_ERRORS 16
#define MAX_DEPTH 32

struct one_error {
    char msg[160];
    char element[64];
    char attr[64]; /* the attribute at fault, when known */
    char attr_value[64];
    bool attr_declared; /* the element may have it: its value is wrong */
    bool attr_missing; /* a required attribute is absent */
    char text[64]; /* the element's text, when it has no children */
    int line;
    const xmlNode *node; /* in the copy: valid during validate_alone only */
};

struct errors {
    struct one_error e[MAX_ERRORS];
    unsigned int n;
};

static xmlNodePtr first_element(xmlNodePtr n)
{
    for ( n = n ? n->children : NULL; n; n = n->next )
        if ( n->type == XML_ELEMENT_NODE )
            return n;
    return NULL;
}

static void set_attr(struct one_error *o, const xmlNode *node, const char *a)
{
    xmlChar *v = xmlGetProp((xmlNodePtr)node, (const xmlChar *)a);

    snprintf(o->attr, sizeof(o->attr), "%s", a);
    if ( v )
        snprintf(o->attr_value, sizeof(o->attr_value), "%s", (const char *)v);
    xmlFree(v);
}

/*
 * Which attribute of the element validated alone is wrong: one its define
 * does not declare, one whose value its declaration refuses, or one it
 * requires and lacks. libxml2 often says only "failed to validate
 * attributes" (or names an attribute without saying which fault it has).
 */
static void blame_attribute(xmlDocPtr rng, xmlNodePtr define,
                            struct one_error *o)
{
    const xmlNode *node = o->node;
    const char *missing;
    char named[64] = "";
    xmlAttrPtr a;

    if ( !strncmp(o->msg, "Invalid attribute ", 18) )
        sscanf(o->msg + 18, "%63s", named);
    else if ( !strstr(o->msg, "failed to validate attributes") )
        return;
    for ( a = node->properties; a && !o->attr[0]; a = a->next )
    {
        const char *an = (const char *)a->name;
        xmlChar *v;

        if ( named[0] && strcmp(an, named) )
            continue;
        if ( !xlu__rng_attribute(rng, define, an, NULL) )
        {
            set_attr(o, node, an);
            continue;
        }
        v = xmlGetProp((xmlNodePtr)node, a->name);
        if ( v && !xlu__rng_attribute_valid(rng, define, an, (const char *)v) )
        {
            set_attr(o, node, an);
            o->attr_declared = true;
        }
        xmlFree(v);
    }
    if ( !o->attr[0] &&
         (missing = xlu__rng_missing_attribute(rng, define, (xmlNodePtr)node)) )
    {
        snprintf(o->attr, sizeof(o->attr), "%s", missing);
        o->attr_missing = true;
    }
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

/* Only records: the schema is not consulted inside libxml2's callback. */
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
        o->node = node;
        snprintf(o->element, sizeof(o->element), "%s",
                 (const char *)node->name);
        if ( !o->line )
            o->line = xmlGetLineNo((xmlNodePtr)node);
        note_text(o, node);
    }
}

/* 0 if node is valid alone against define, else -1 with its errors. */
static int validate_alone(xmlDocPtr rng, xmlNodePtr node, const char *define,
                          struct errors *errs)
{
    xmlNodePtr def =
        xlu__rng_find_define(rng, define, (const char *)node->name);
    xmlRelaxNGPtr s = xlu__rng_alone(rng, define);
    xmlRelaxNGValidCtxtPtr vctx;
    xmlDocPtr doc;
    xmlNodePtr copy;
    unsigned int i;
    int rc = 0; /* what cannot be checked alone is not blamed */

    if ( !s || !(doc = xmlNewDoc((const xmlChar *)"1.0")) )
        return 0;
    copy = xmlDocCopyNode(node, doc, 1);
    vctx = copy ? xmlRelaxNGNewValidCtxt(s) : NULL;
    if ( vctx )
    {
        xmlDocSetRootElement(doc, copy);
        memset(errs, 0, sizeof(*errs));
        xmlRelaxNGSetValidStructuredErrors(vctx, keep_error, errs);
        rc = xmlRelaxNGValidateDoc(vctx, doc) ? -1 : 0;
        xmlRelaxNGFreeValidCtxt(vctx);
        for ( i = 0; i < errs->n; i++ )
        {
            if ( errs->e[i].node == copy )
                blame_attribute(rng, def, &errs->e[i]);
            errs->e[i].node = NULL;
        }
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

    if ( e->attr[0] && e->attr_missing )
        snprintf(out, len, "<%s> needs attribute %s", e->element, e->attr);
    else if ( e->attr[0] && e->attr_declared )
        snprintf(out, len, "`%s' is not a valid value for attribute %s",
                 e->attr_value, e->attr);
    else if ( e->attr[0] )
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
    define = xlu__rng_define_for(rng, node, name, sizeof(name));
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
    if ( !f.found && strcmp((const char *)root->name, "domain") )
    {
        *line = xmlGetLineNo(root);
        snprintf(element, element_len, "%s", (const char *)root->name);
        snprintf(msg, msg_len, "expected element <domain>, found <%s>",
                 (const char *)root->name);
        return true;
    }
    if ( !f.found )
        return false;
    *line = f.best.line;
    snprintf(element, element_len, "%s", f.best.element);
    rewrite(&f.best, msg, msg_len);
    return true;
}
