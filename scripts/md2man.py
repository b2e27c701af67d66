#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""md2man.py IN.md OUT: the project's man pages (docs/man/*.md) as roff.

The pages use a small part of Markdown: "# name(N)" as the title, "## "
sections, "### " subsections, paragraphs, "- " lists, "`code`",
"**bold**", "*italic*", indented or fenced code blocks and tables
(kept as preformatted text). That part, and only it, is converted.
"""
import re
import sys


def inline(text):
    text = text.replace("\\", "\\e")
    text = re.sub(r"`([^`]*)`", r"\\fB\1\\fR", text)
    text = re.sub(r"\*\*([^*]+)\*\*", r"\\fB\1\\fR", text)
    text = re.sub(r"(?<![\w*])\*([^*\s][^*]*)\*(?!\w)", r"\\fI\1\\fR", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    # A line starting with . or ' would be a roff request.
    return re.sub(r"^([.'])", r"\\&\1", text)


def convert(lines):
    out = []
    title = re.match(r"#\s+([\w.-]+)\((\d)\)", lines[0]) if lines else None
    if not title:
        sys.exit("md2man: the first line must be '# name(N)'")
    out.append('.TH "%s" "%s" "" "xen-pv" ""' % (title.group(1).upper(), title.group(2)))
    pre = False
    for line in lines[1:]:
        if line.startswith("```"):
            out.append(".fi" if pre else ".nf")
            pre = not pre
            continue
        if pre:
            out.append(inline(line) if line else "")
            continue
        if line.startswith("## "):
            out.append(".SH " + line[3:].upper())
        elif line.startswith("### "):
            out.append(".SS " + inline(line[4:]))
        elif not line.strip():
            out.append(".PP")
        elif line.startswith("    ") or line.startswith("|"):
            out += [".nf", inline(line.strip() if line.startswith("|") else line[4:]), ".fi"]
        elif re.match(r"\s*[-*] ", line):
            out += [".IP \\(bu 2", inline(re.sub(r"^\s*[-*] ", "", line))]
        else:
            out.append(inline(line.strip()))
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: md2man.py IN.md OUT")
    with open(sys.argv[1]) as f:
        text = convert(f.read().splitlines())
    with open(sys.argv[2], "w") as f:
        f.write(text)
