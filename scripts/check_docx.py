#!/usr/bin/env python3
"""Open a DOCX with python-docx the way a reader would and check what matters.

Usage: check_docx.py FILE.docx [--expect TEXT ...]
Exits non-zero with a message on the first failed check; prints a summary.
"""
import argparse
import sys
import unicodedata

import docx  # python-docx
from docx.oxml.ns import qn


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--expect", action="append", default=[], help="text that must appear")
    args = ap.parse_args()

    d = docx.Document(args.file)
    styles = {s.name: s for s in d.styles}
    for name in ["Title", "Heading 1", "Heading 2", "Heading 3", "Hyperlink"]:
        if name not in styles:
            fail(f"style {name!r} missing; have {sorted(styles)}")
    ids = [s.style_id for s in d.styles]
    if len(ids) != len(set(ids)):
        fail(f"duplicate style ids: {sorted(i for i in ids if ids.count(i) > 1)}")

    used = {}
    numbered = 0
    for p in d.paragraphs:
        used[p.style.name] = used.get(p.style.name, 0) + 1
        if p._p.pPr is not None and p._p.pPr.numPr is not None:
            numbered += 1
    for name in ["Title", "Heading 1"]:
        if not used.get(name):
            fail(f"no paragraph uses {name!r}")
    # A heading level is used only below the one above it.
    for level in (2, 3):
        if used.get(f"Heading {level}") and not used.get(f"Heading {level - 1}"):
            fail(f"'Heading {level}' used without 'Heading {level - 1}'")
    if numbered == 0:
        fail("no list paragraphs")

    body = "\n".join(p.text for p in d.paragraphs)
    cells = "\n".join(c.text for t in d.tables for r in t.rows for c in r.cells)
    section = d.sections[0]
    header = "\n".join(p.text for p in section.header.paragraphs)
    footer_xml = section.footer._element.xml
    everything = "\n".join([body, cells, header])
    for text in args.expect:
        if unicodedata.normalize("NFC", text) not in everything:
            fail(f"text {text!r} not found")
    if unicodedata.normalize("NFC", everything) != everything:
        fail("text is not NFC")
    for field in ["PAGE", "NUMPAGES"]:
        if f">{field}<" not in footer_xml:
            fail(f"footer has no {field} field")

    repeating = 0
    for t in d.tables:
        tr_pr = t.rows[0]._tr.trPr
        if tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None:
            repeating += 1

    cp = d.core_properties
    if not cp.title or not cp.author:
        fail("core properties title/author missing")

    print(f"{args.file}: OK")
    print(f"  styles used: {dict(sorted(used.items()))}")
    print(f"  list paragraphs: {numbered}")
    print(f"  tables: {len(d.tables)}, rows: {[len(t.rows) for t in d.tables]}, repeating headers: {repeating}")
    print(f"  header: {header!r}")
    print(f"  core: title={cp.title!r} author={cp.author!r} language={cp.language!r} "
          f"created={cp.created} modified={cp.modified}")
    print(f"  page: {section.page_width.mm:.1f} x {section.page_height.mm:.1f} mm")


if __name__ == "__main__":
    main()
