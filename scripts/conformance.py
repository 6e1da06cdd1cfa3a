#!/usr/bin/env python3
"""Check upr-brief's outputs with real, independent clients.

Our Rust tests read the outputs with Rust crates; readers open them with
Acrobat, Preview, Word and LibreOffice. This script asks poppler, qpdf,
python-docx and LibreOffice instead, over whole output folders.

Usage:
    conformance.py [SET=]DIR ...

DIR is a folder written by `upr-brief build`. SET names the literal strings
its packs must show and the strings they must never show: `example` (the
campaign in inputs/) or `hostile` (tests/fixtures/hostile/). A DIR without a
SET gets every generic check. `summary.*` and `submission.*` are checked
when present.

Every PDF:  qpdf --check is clean; pdffonts shows every font embedded,
            subset and mapped to Unicode; pdftotext gives back the text of
            the document (the DOCX's own text and the known strings);
            pdftotext -bbox puts no word outside the page nor in the margins
            except the header and footer lines (a line: the words on one
            baseline, as pypdf reads the runs from the content streams; a
            word's height: its font's box cut to the line box, so a tall
            Arabic font does not reach into a margin by its ascent alone);
            pdfinfo shows a title and an author, the catalog a /Lang, and no
            metadata names a local user or path; every letter the pages'
            body shows (pdftotext) is in the structure tree as poppler
            reads it (pdfinfo -struct-text), but for a table's header row
            repeated on a further page (an artifact); poppler takes minutes
            over a tree of hundreds of pages, so a PDF of more than 60
            pages is not read this way (noted).
Every DOCX: the XML is well-formed; no style id, abstractNum id or num id
            is defined twice, and every one used is defined; python-docx
            opens it and sees the Title and Heading styles used, list
            paragraphs and (packs) tables; LibreOffice converts it headless
            to PDF with exit 0 and that PDF's text holds the same Vietnamese
            words as the DOCX. Every DOCX paragraph is in the PDF's text
            (a table cell that pdftotext interleaves with its neighbours'
            lines: its words in order and close together). Every w:b,
            w:i and w:sz in run or style properties has its
            complex-script twin (w:bCs, w:iCs, w:szCs of the same value);
            every run of right-to-left text is w:rtl; every paragraph reads
            (its own w:bidi, else its style's) in the direction upr-brief's
            layout gives the PDF's: when the default language (styles'
            w:lang w:val) is right to left, right to left unless it has no
            right-to-left letter but some left-to-right one (then
            w:bidi w:val="0"), and when it is not, left to right unless it
            has only right-to-left letters; every table of a right-to-left
            document is w:bidiVisual, and no other.
            The rules of Word's accessibility checker that a script can
            decide (docx_accessibility_problems says each exactly): a title
            in the core properties; the document's language; headings in
            order without a skipped level; no merged cells, and a header
            row marked w:tblHeader; alternative text on every picture; link
            text that is not a bare address where the document names it;
            text contrast of 4.5:1 (3:1 for large text) against its
            background.
Every pair: the sets of words of the PDF's and the DOCX's texts agree to at
            least 95 % (Jaccard index; numbers alone, which are list markers
            and page numbers in the PDF and computed by Word in the DOCX,
            are set aside).

Right-to-left text: pdftotext wraps the runs of a right-to-left line in
bidi controls, orders the runs of the two directions its own way and
reverses each right-to-left word character by character (a lam-alef
ligature comes back alef first, a mark before its letter). The comparisons
take the controls for spaces, drop the marks of right-to-left scripts and
put each lam-alef pair in one order on both sides (`rtl_fold`); in a
right-to-left document, or for a paragraph with right-to-left letters, a
DOCX paragraph is found in the PDF when all its letters and digits are
there close together, in any order (`lost_blocks`). A word missing,
doubled or out of place still fails.

Prints one line per file and per pair, then `N passed, N failed`; exits 1
on any failure, 2 on a usage error. `conformance.py --self-test` shows,
on small made-up parts, that the DOCX XML checks (the accessibility rules
among them), the word-box checks and the text comparisons can fail. Needs
Python 3.11, poppler-utils, qpdf, LibreOffice (soffice), python-docx and
pypdf.
"""

from __future__ import annotations

import getpass
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PT_PER_MM = 72.0 / 25.4
# Page geometry of upr-brief's PDFs, as `layout::page::Theme::for_page` sets it.
# The body's text stays inside these margins; only the header line (above the
# top margin) and the footer line (below the bottom margin) may be outside.
MARGINS = {
    # (left, right, top, bottom) in points
    "A4": (22 * PT_PER_MM, 22 * PT_PER_MM, 25 * PT_PER_MM, 22 * PT_PER_MM),
    "Letter": (0.85 * 72, 0.85 * 72, 25 * PT_PER_MM, 20 * PT_PER_MM),
}
# Glyph boxes are taller than the line boxes of large type (titles, headings).
SLACK = 3.0
# The line box: the layout centres Noto Sans Regular's ascent and descent
# (fractions of the size) in every line, whatever font a run is set in
# (`layout::blocks::Builder::baseline_in`). A word's box is its font's box
# on its baseline cut to the line box: a font taller than Noto Sans (Arabic,
# Myanmar) does not reach into a margin by its ascent or descent alone,
# and Noto Sans text keeps the box poppler gives it.
LINE_ASCENT, LINE_DESCENT = 1.069, 0.293
# How closely a poppler word box must match a shown run's font box (points).
BOX_MATCH = 0.05
WORD_AGREEMENT = 0.95
VIETNAMESE = set(
    unicodedata.normalize("NFC", "ăâđêôơưĂÂĐÊÔƠƯ")
    + "".join(
        unicodedata.normalize("NFC", v + t)
        for v in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
        for t in ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
    )
)

# --- what the packs of the two known campaigns must and must not show -------

_VOWELS = " ".join(
    unicodedata.normalize("NFC", v + t)
    for v in "a ă â e ê i o ô ơ u ư y".split()
    for t in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
)
_TOKEN = "".join("%02x" % ((i * 37 + 11) % 256) for i in range(120))
_LONG_URL = "https://example.org/download?token=" + _TOKEN

# Strings every pack of a set shows ("*": all packs), then strings one pack shows.
EXPECT: dict[str, dict[str, list[str]]] = {
    "example": {
        "*": [
            "Legal Initiatives for Vietnam",
            "OpenNet Korea",
            "UC Irvine School of Law International Justice Clinic",
            "Viet Nam",
        ],
        "2024-03-19-foc": [
            "Freedom Online Coalition (member-State representatives)",
            "Alex Example",
            "Sam Example",
        ],
        "2024-03-20-sweden": ["Sweden"],
        "2024-03-21-chile": ["Chile"],
        "2024-03-21-france": [
            "Embassy of France in the Republic of Korea",
            "Camille Exemple",
            "Dominique Exemple",
            "Luật An ninh mạng",
            "21 mars 2024",
        ],
        "2024-03-27-honduras": ["Honduras"],
    },
    "hostile": {
        "*": [
            "Quyền số ở Việt Nam #1 | *không in nghiêng* <b>thẻ</b>",
            "Tiếng Nói Tự Do <Hội> #2 | *Liên minh*",
            "Dân Luật — Phạm Đoan Trang & Cộng sự",
            "Plain Organisation",
        ],
        "2024-04-01-lien-minh": [
            "Ban thư ký <Liên minh> #Mạng | *Tự do*",
            "Liên minh <Tự do> #Mạng | *FOC*",
            "Nguyễn Văn Ẩn",
            "Trưởng ban <chính> | #1",
            _VOWELS,
            _VOWELS.upper(),
            "*Cố vấn*",
            "Phòng #3 | <tầng 5> *Hội trường*",
            _LONG_URL,
            "Bãi bỏ Điều 117 #3 | *không* <b>đậm</b>",
            "so that 5 * 3 is not a crime; # stays, | stays, <tag> stays.",
            "Vowels: " + _VOWELS,
            "Uppercase tones 1: " + _VOWELS.upper(),
            "<script>alert(1)</script>",
            "# 4 not a heading - not a list item | not | a table | > not a quote",
            "Raise Điều 117 and <tag> literally | # 5 * 3",
            "Plain recommendation 41",
            "H42.",
            "H01.",
            "Nguồn <b>#5</b> | *x*",
        ],
        "2024-04-02-phap": [
            "Ambassade de France | *Séoul* <b>",
            "Ambassade <de France> #Séoul",
            "Lê Thị Ưng",
            "Titre 3 <fr> | #",
            "Texte 3 avec emphase et <tag>.",
            "A/HRC/41/7 | para 38.168 #x",
            "Garantir la liberté d'expression <em>en ligne</em> | 5 * 3 # Ơn — " + _VOWELS,
            "Demander <b>H03</b> | #3",
            "2 avril 2024",
        ],
        "2024-04-03-absent": ["Embajada de España", "Madrid", "3 April 2024"],
        "2024-04-04-empty": ["Embassy of Sweden", "Stockholm"],
    },
    # A pack in each UN language; quotes in Khmer, Thai, Myanmar, Devanagari.
    # LIV is named in Arabic, Chinese and Russian where it gives those names.
    "scripts": {
        "*": ["OpenNet"],
        "2024-03-20-gb": ["ဆက်သွယ်ရေးဥပဒေ", "Nguyễn Văn Đài", "Legal Initiatives for Vietnam"],
        "2024-03-21-fr": ["Campagne de test", "Legal Initiatives for Vietnam"],
        "2024-03-22-cl": ["Campaña de prueba", "Legal Initiatives for Vietnam"],
        "2024-03-23-ru": ["Тестовая кампания", "Правовые инициативы для Вьетнама"],
        "2024-03-24-cn": ["测试活动——越南", "越南法律倡议"],
        "2024-03-25-eg": ["حملة تجريبية — فييت نام", "حماية حرية التعبير في المنطقة", "Nguyễn Văn Đài",
                          "المبادرات القانونية من أجل فيتنام"],
    },
}
# Coalition-only text: never in a pack.
FORBIDDEN: dict[str, list[str]] = {
    "example": ["camille.exemple@example.org", "alex.example@example.org"],
    "scripts": [],
    "hostile": [
        "SECRET-TP-1",
        "SECRET-OUTCOME-1",
        "SECRET-FOLLOWUP-1",
        "SECRET-NOTES-1",
        "an@example.org",
        "ung@example.org",
    ],
}
INTERNAL = {"summary", "submission"}


# --- helpers -------------------------------------------------------------------


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


# The bidirectional formatting characters: marks, embeddings, overrides and
# isolates. pdftotext wraps the runs of a line in them when the page reads
# right to left (and LibreOffice's PDFs carry some); they are no text of
# the document, so the comparisons take each for a space.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# The zero-width joiner the DOCX puts after the dash of a year range (a
# place Word must not break at) is invisible: it is no difference of text.
_UNMARK = str.maketrans({**{c: " " for c in BIDI_CONTROLS}, "\u200d": None})


def unmark(s: str) -> str:
    """`s` with each bidirectional formatting character a space, and no
    zero-width joiner."""
    return s.translate(_UNMARK)


def in_rtl_block(c: str) -> bool:
    o = ord(c)
    return 0x0590 <= o <= 0x08FF or 0xFB1D <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF


_LAM_ALEF = re.compile("\u0644([\u0622\u0623\u0625\u0627\u0649])")


def rtl_fold(s: str) -> str:
    """`s` with what pdftotext cannot give back of right-to-left text set
    aside, on both sides of a comparison: poppler reverses a right-to-left
    word character by character, so the characters one glyph stands for
    come back reversed (the lam-alef ligature \u0644\u0627 as
    \u0627\u0644, in LibreOffice's PDFs too) and a combining mark lands
    before its letter. Marks of right-to-left scripts are dropped and each
    lam-alef pair is written alef first; other text is unchanged."""
    if not any(in_rtl_block(c) for c in s):
        return s
    s = "".join(c for c in s if not (in_rtl_block(c) and unicodedata.category(c) == "Mn"))
    return _LAM_ALEF.sub(lambda m: m.group(1) + "\u0644", s)


def squash(s: str) -> str:
    """Whitespace (and bidi controls) collapsed to single spaces, NFC."""
    return " ".join(nfc(unmark(s)).split())


def bare(s: str) -> str:
    """Whitespace, bidi controls and hyphens removed, NFC.

    A line break inside a long word (a URL) leaves a space in extracted text,
    and pdftotext drops a hyphen that ends a line ("South-" / "East" comes
    back as "SouthEast"), so neither may count as a difference.
    """
    return "".join(rtl_fold(nfc(unmark(s))).split()).replace("-", "")


def words(s: str) -> set[str]:
    """Case-folded words with punctuation trimmed; bare punctuation dropped."""
    out = set()
    for w in rtl_fold(nfc(unmark(s))).split():
        w = w.strip(".,;:!?()[]{}«»“”\"'‘’—–-•…*#|<>/،؛؟").casefold()
        if w and any(c.isalnum() for c in w):
            out.add(w)
    return out


def tokens(s: str) -> list[str]:
    """The runs of letters, marks and digits of `s`, case-folded, in order:
    what is left of a text once punctuation, spaces and bidi controls,
    whose places right-to-left extraction moves, are set aside."""
    out, cur = [], []
    for c in rtl_fold(nfc(unmark(s))):
        if unicodedata.category(c)[0] in "LMN":
            cur.append(c)
        elif cur:
            out.append("".join(cur).casefold())
            cur = []
    if cur:
        out.append("".join(cur).casefold())
    return out


def has_rtl(s: str) -> bool:
    """Whether `s` has a strongly right-to-left character."""
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in s)


def paragraph_rtl(text: str, rtl_doc: bool) -> bool:
    """The direction upr-brief gives a paragraph: the document's, whatever
    its letters (text in the other direction inside it is set apart by
    runs, not by turning the paragraph)."""
    return rtl_doc


def run(cmd: list[str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


@dataclass
class Result:
    name: str
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def fail(self, msg: str) -> None:
        self.problems.append(msg)

    def line(self) -> str:
        status = "FAIL" if self.problems else "ok  "
        detail = "; ".join(self.problems or self.notes)
        return f"{status} {self.name}" + (f" — {detail}" if detail else "")


def short(s: str, n: int = 70) -> str:
    s = repr(s)
    return s if len(s) <= n else s[: n - 1] + "…'"


# --- PDF -----------------------------------------------------------------------


def pdf_text(path: Path) -> str:
    p = run(["pdftotext", "-enc", "UTF-8", str(path), "-"])
    if p.returncode != 0:
        raise RuntimeError(f"pdftotext exit {p.returncode}: {p.stderr.strip()}")
    return p.stdout


def pdf_body_text(path: Path) -> str:
    """The text of the body area of every page, without header and footer,
    so that a paragraph continued on the next page reads as one."""
    info = run(["pdfinfo", str(path)]).stdout
    m = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    size = m and paper(float(m.group(1)), float(m.group(2)))
    if not size:
        return pdf_text(path)
    pw, ph = float(m.group(1)), float(m.group(2))
    _, _, mt, mb = MARGINS[size]
    top, height = mt - SLACK, ph - mt - mb + 2 * SLACK
    p = run(["pdftotext", "-enc", "UTF-8", "-r", "72", "-x", "0", "-y", f"{top:.0f}",
             "-W", f"{pw:.0f}", "-H", f"{height:.0f}", str(path), "-"])
    if p.returncode != 0:
        raise RuntimeError(f"pdftotext (body area) exit {p.returncode}")
    return p.stdout


def check_qpdf(path: Path, r: Result) -> None:
    p = run(["qpdf", "--check", str(path)])
    out = (p.stdout + p.stderr).strip()
    # qpdf exits 2 on errors, 3 on warnings; warnings are printed as "WARNING: ...".
    bad = [l for l in out.splitlines() if "WARNING" in l or l.startswith("qpdf:")]
    if p.returncode != 0 or bad:
        r.fail(f"qpdf --check exit {p.returncode}: {' / '.join(bad[:3]) or out[-200:]}")


def check_fonts(path: Path, r: Result) -> None:
    p = run(["pdffonts", str(path)])
    if p.returncode != 0:
        r.fail(f"pdffonts exit {p.returncode}")
        return
    rows = p.stdout.splitlines()[2:]
    if not rows:
        r.fail("pdffonts lists no font")
    for row in rows:
        # name type encoding emb sub uni object-id: the flags are the last 5 columns
        cols = row.split()
        if len(cols) < 7:
            r.fail(f"pdffonts row not understood: {row!r}")
            continue
        name, (emb, sub, uni) = cols[0], cols[-5:-2]
        missing = [k for k, v in (("embedded", emb), ("subset", sub), ("unicode", uni)) if v != "yes"]
        if not re.match(r"^[A-Z]{6}\+", name):
            missing.append("subset tag")
        if missing:
            r.fail(f"font {name} not {', '.join(missing)}")
    r.notes.append(f"{len(rows)} fonts")


def check_info(path: Path, r: Result) -> None:
    p = run(["pdfinfo", "-enc", "UTF-8", str(path)])
    if p.returncode != 0:
        r.fail(f"pdfinfo exit {p.returncode}")
        return
    info = {}
    for line in p.stdout.splitlines():
        k, _, v = line.partition(":")
        info[k.strip()] = v.strip()
    for key in ("Title", "Author"):
        if not info.get(key):
            r.fail(f"pdfinfo: no {key}")
    import pypdf

    reader = pypdf.PdfReader(str(path))
    lang = reader.trailer["/Root"].get("/Lang")
    if not lang or not str(lang).strip():
        r.fail("catalog has no /Lang")
    else:
        r.notes.append(f"lang {lang}")
    meta = [str(v) for v in (reader.metadata or {}).values()]
    xmp = reader.trailer["/Root"].get("/Metadata")
    if xmp is not None:
        meta.append(xmp.get_object().get_data().decode("utf-8", "replace"))
    meta_text = "\n".join(meta + [p.stdout])
    for needle in local_names():
        if needle in meta_text:
            r.fail(f"metadata names the local {needle!r}")


def structure_texts(struct_text: str) -> tuple[list[str], list[str]]:
    """The texts of `pdfinfo -struct-text`'s output: every element's, and
    those inside a table's header rows (`THead`)."""
    texts, head = [], []
    head_indent = None
    for line in struct_text.splitlines():
        indent = len(line) - len(line.lstrip())
        item = line.strip()
        if head_indent is not None and indent <= head_indent:
            head_indent = None
        if item == "THead":
            head_indent = indent
        elif item.startswith('"') and item.endswith('"') and len(item) >= 2:
            texts.append(item[1:-1])
            if head_indent is not None:
                head.append(item[1:-1])
    return texts, head


def letters(s: str) -> "Counter[str]":
    """How often each letter, mark and digit occurs in `s`, case-folded:
    text compared regardless of where a reader breaks words or lines, of
    the line-end hyphens pdftotext drops and of the order it puts
    right-to-left words in."""
    return Counter(c for c in rtl_fold(nfc(unmark(s))).casefold() if unicodedata.category(c)[0] in "LMN")


def structure_text_problems(page_text: str, struct_text: str, pages: int) -> list[str]:
    """What the pages show (pdftotext, body area) that the structure tree
    (poppler's reading, `pdfinfo -struct-text`) lacks. A table's header row repeated on a further page is an artifact,
    in no element: its letters may be missing once on each further page."""
    texts, head = structure_texts(struct_text)
    # Compared as compatibility forms (NFKC): the structure text gives a
    # character the font draws as two glyphs of their own (Thai SARA AM as
    # NIKHAHIT and SARA AA) as those two, the same text in that form.
    compat = lambda t: unicodedata.normalize("NFKC", t)  # noqa: E731
    shown, tagged = letters(compat(page_text)), letters(compat("\n".join(texts)))
    allowed = Counter({c: n * max(pages - 1, 0) for c, n in letters(compat("".join(head))).items()})
    untagged = shown - tagged - allowed
    if not untagged:
        return []
    # Only this way: poppler's structure text reads each glyph's own
    # ToUnicode text, not a sequence's /ActualText, so a cluster whose
    # glyphs share their text (Devanagari, Khmer) shows it more than once
    # there; that is no text lost.
    return [f"the structure tree lacks {sum(untagged.values())} letters the pages show, "
            f"e.g. {''.join(sorted(untagged.elements())[:20])!r}"]


# poppler reads a structure tree's text by drawing the element's page once
# for each element: a long summary would take it many minutes.
STRUCTURE_TEXT_MAX_PAGES = 60


def check_structure_text(path: Path, r: Result) -> None:
    """Every word a page shows is in the structure tree as poppler reads
    it: a marked-content sequence nested in an element's content must not
    end that element's content for a reader. Documents of more than
    STRUCTURE_TEXT_MAX_PAGES pages are left out (noted)."""
    m = re.search(r"^Pages:\s+(\d+)", run(["pdfinfo", str(path)]).stdout, re.M)
    pages = int(m.group(1)) if m else 1
    if pages > STRUCTURE_TEXT_MAX_PAGES:
        r.notes.append(f"structure text not read ({pages} pages)")
        return
    try:
        p = run(["pdfinfo", "-enc", "UTF-8", "-struct-text", str(path)], timeout=300)
    except subprocess.TimeoutExpired:
        r.notes.append("structure text not read (pdfinfo took too long)")
        return
    if p.returncode != 0:
        r.fail(f"pdfinfo -struct-text exit {p.returncode}")
        return
    for problem in structure_text_problems(pdf_body_text(path), p.stdout, pages):
        r.fail(problem)


def local_names() -> list[str]:
    """Strings that would betray the machine that built a file."""
    names = {"/home/", "/root/", "/Users/", "C:\\", "/tmp/", "/work/", "file://"}
    for v in (os.environ.get("HOME"), os.getcwd(), tempfile.gettempdir()):
        if v and len(v) > 1:
            names.add(v)
    try:
        names.add(socket.gethostname())
    except OSError:
        pass
    try:
        user = getpass.getuser()
        if user not in ("root",) and len(user) > 2:  # "root" is also an English word
            names.add(user)
    except Exception:  # noqa: BLE001 - no user name is fine
        pass
    return sorted(n for n in names if n and len(n) > 2)


Word = tuple[float, float, float, float, str]  # xMin, yMin, xMax, yMax (from the top), text


def bbox_pages(path: Path) -> list[tuple[float, float, list[Word]]]:
    p = run(["pdftotext", "-enc", "UTF-8", "-bbox", str(path), "-"])
    if p.returncode != 0:
        raise RuntimeError(f"pdftotext -bbox exit {p.returncode}")
    # The output is XHTML; poppler escapes &, < and > in words.
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", p.stdout))
    pages = []
    for page in root.iter("{http://www.w3.org/1999/xhtml}page"):
        ws = [
            (float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")), w.text or "")
            for w in page.iter("{http://www.w3.org/1999/xhtml}word")
        ]
        pages.append((float(page.get("width")), float(page.get("height")), ws))
    return pages


@dataclass(frozen=True)
class Shown:
    """A run of text a content stream shows: its baseline (points from the
    top of the page), its size, and its font's ascent and descent as the
    font descriptor gives them (fractions of the size, descent negative),
    which is how poppler sizes the run's word boxes."""

    baseline: float
    size: float
    ascent: float
    descent: float

    def matches(self, w: Word, exactly: bool) -> bool:
        """Whether poppler's box of `w` is this run's font box: both edges,
        or (not `exactly`) one of them when a combining mark drawn apart,
        raised or lowered, stretched the other by less than the size."""
        top, bottom = self.baseline - self.ascent * self.size, self.baseline - self.descent * self.size
        at_top, at_bottom = abs(w[1] - top) < BOX_MATCH, abs(w[3] - bottom) < BOX_MATCH
        if exactly:
            return at_top and at_bottom
        return (at_top and bottom - BOX_MATCH <= w[3] < bottom + self.size) or (
            at_bottom and top - self.size < w[1] <= top + BOX_MATCH)


def descriptor_metrics(font) -> tuple[float, float] | None:
    """A font's ascent and descent as poppler reads them from its
    descriptor (a descendant's, for a Type0 font): signs forced, zero or
    absurd values ignored."""
    font = font.get_object() if font is not None else None
    if font is None:
        return None
    if "/DescendantFonts" in font:
        font = font["/DescendantFonts"][0].get_object()
    d = font.get("/FontDescriptor")
    if d is None:
        return None
    d = d.get_object()
    try:
        a, b = abs(float(d["/Ascent"])) / 1000, -abs(float(d["/Descent"])) / 1000
    except (KeyError, TypeError, ValueError):
        return None
    return (a, b) if 0 < a < 3 and -3 < b < 0 else None


def shown_runs(path: Path, heights: list[float]) -> list[list[Shown]] | None:
    """The runs each page's content stream shows, read with pypdf (not
    poppler): where text is really drawn. None when pypdf cannot read them."""
    try:
        import pypdf

        pages = []
        for page, height in zip(pypdf.PdfReader(str(path)).pages, heights):
            found: set[Shown] = set()

            def visit(text, cm, tm, font, size, found=found, height=height):
                metrics = descriptor_metrics(font)
                # A combining mark drawn apart (raised or lowered) is no line.
                if metrics is None or not size or all(c.isspace() or unicodedata.category(c) == "Mn" for c in text):
                    return
                # The text matrix, then the CTM: baseline origin and vertical scale.
                a, b, c, d, e, f = tm
                m = [a * cm[0] + b * cm[2], a * cm[1] + b * cm[3], c * cm[0] + d * cm[2], c * cm[1] + d * cm[3],
                     e * cm[0] + f * cm[2] + cm[4], e * cm[1] + f * cm[3] + cm[5]]
                scale = (m[2] ** 2 + m[3] ** 2) ** 0.5
                found.add(Shown(round(height - m[5], 3), round(size * scale, 3), *metrics))

            page.extract_text(visitor_text=visit)
            pages.append(sorted(found, key=lambda x: (x.baseline, x.size)))
        return pages
    except Exception:  # noqa: BLE001 - without pypdf's view, poppler's boxes stand
        return None


def check_bbox(path: Path, r: Result, margins: bool = True) -> None:
    pages = bbox_pages(path)
    shown = shown_runs(path, [ph for _, ph, _ in pages]) if margins else None
    problems, notes = bbox_problems(pages, shown, margins)
    for p in problems:
        r.fail(p)
    r.notes += notes


def paper(width: float, height: float) -> str | None:
    for name, (w, h) in {"A4": (595.28, 841.89), "Letter": (612.0, 792.0)}.items():
        if abs(width - w) < 1.5 and abs(height - h) < 1.5:
            return name
    return None


def line_box(w: Word, shown: list[Shown]) -> tuple[float, float, float | None]:
    """A word's top and bottom, cut to the line box of the run that shows
    it, and its baseline; poppler's box and no baseline when no run
    matches it."""
    for exactly in (True, False):
        for s in shown:
            if s.matches(w, exactly):
                top = max(w[1], s.baseline - LINE_ASCENT * s.size)
                bottom = min(w[3], s.baseline + LINE_DESCENT * s.size)
                return top, bottom, s.baseline
    return w[1], w[3], None


def bbox_problems(pages: list[tuple[float, float, list[Word]]], shown: list[list[Shown]] | None,
                  margins: bool = True) -> tuple[list[str], list[str]]:
    """What is wrong with where the words of `pages` (poppler's boxes) are:
    none outside the page; with `margins`, none in a side margin, and above
    the top margin and below the bottom one a single line each (the header
    and the footer, the same on every page), nothing crossing a margin. A
    line is the words on one baseline of `shown` (pypdf's view of the
    runs), a word's height its line box; a word no run matches keeps
    poppler's box, and its bottom stands for its baseline."""
    problems: list[str] = []
    if not pages:
        return ["pdftotext -bbox: no pages"], []
    headers, footers = [], []
    for n, (pw, ph, ws) in enumerate(pages, 1):
        for x0, y0, x1, y1, t in ws:
            if x0 < -0.5 or y0 < -0.5 or x1 > pw + 0.5 or y1 > ph + 0.5:
                problems.append(f"p{n}: {short(t)} outside the page ({x0:.0f},{y0:.0f})–({x1:.0f},{y1:.0f})")
        if not margins:
            continue
        size = paper(pw, ph)
        if size is None:
            problems.append(f"p{n}: page {pw:.1f}×{ph:.1f} pt is neither A4 nor Letter")
            continue
        ml, mr, mt, mb = MARGINS[size]
        runs = shown[n - 1] if shown is not None and n <= len(shown) else []
        top_lines: dict[int, list[tuple[float, str]]] = {}
        foot_lines: dict[int, list[tuple[float, str]]] = {}
        for w in ws:
            x0, _, x1, _, t = w
            y0, y1, base = line_box(w, runs)
            line = round(base if base is not None else y1)
            if x0 < ml - SLACK or x1 > pw - mr + SLACK:
                problems.append(f"p{n}: {short(t)} in the side margin (x {x0:.1f}–{x1:.1f})")
            if y1 < mt - SLACK:
                top_lines.setdefault(line, []).append((x0, t))
            elif y0 > ph - mb + SLACK:
                foot_lines.setdefault(line, []).append((x0, t))
            elif y0 < mt - SLACK or y1 > ph - mb + SLACK:
                problems.append(
                    f"p{n}: {short(t)} crosses the {'top' if y0 < mt else 'bottom'} margin (y {y0:.1f}–{y1:.1f})")
        for kind, lines, store in (("header", top_lines, headers), ("footer", foot_lines, footers)):
            if len(lines) > 1:
                problems.append(f"p{n}: {len(lines)} lines in the {kind} area, expected one")
            text = " ".join(t for ln in lines.values() for _, t in sorted(ln))
            store.append(re.sub(r"\d+", "#", text))
    notes = []
    if margins:
        for kind, store in (("header", headers), ("footer", footers)):
            if len(set(store)) > 1:
                problems.append(f"{kind} differs between pages: {sorted(set(store))[:2]}")
        notes.append(f"{len(pages)} pages")
    return problems, notes


# --- DOCX ----------------------------------------------------------------------


@dataclass
class DocxText:
    blocks: list[str]  # body paragraphs and table cells, in order
    furniture: list[str]  # header and footer paragraphs
    cells: set[str]  # the blocks that are paragraphs of table cells

    @property
    def all(self) -> str:
        return "\n".join(self.blocks + self.furniture)


def docx_text(path: Path) -> DocxText:
    import docx

    d = docx.Document(str(path))
    blocks = []
    cells = set()
    body = d.element.body
    # A redline's deleted words (`w:delText`) are text on its pages too,
    # struck through, as in its PDF.
    # An endnote reference shows its number, as Word numbers them: in
    # order, from 1.
    text_tags = (W + "t", W + "delText", W + "endnoteReference")
    notes = 0

    def text_of(p) -> str:
        nonlocal notes
        out = []
        for t in p.iter(*text_tags):
            if t.tag == W + "endnoteReference":
                notes += 1
                out.append(str(notes))
            else:
                out.append(t.text or "")
        return "".join(out)

    for child in body.iterchildren():
        if child.tag == W + "p":
            blocks.append(text_of(child))
        elif child.tag == W + "tbl":
            for tc in child.iter(W + "tc"):
                for p in tc.iter(W + "p"):
                    blocks.append(text_of(p))
                    cells.add(blocks[-1])
    furniture = []
    for s in d.sections:
        for part in (s.header, s.footer):
            furniture += [p.text for p in part.paragraphs]
    return DocxText([b for b in blocks if b.strip()], [f for f in furniture if f.strip()], cells)


def in_order_nearby(block: str, text_words: list[str], window: int = 12) -> bool:
    """The block's words appear in the text in order, each at most `window`
    words after the one before. pdftotext reads the lines of a table row
    left to right across cells, so a cell wrapped over several lines comes
    back interleaved with its neighbours' lines, its own words still in
    order and close together."""
    wanted = [bare(w) for w in block.split() if bare(w)]
    if not wanted:
        return True
    starts = [i for i, w in enumerate(text_words) if w == wanted[0]]
    for start in starts:
        at, ok = start, True
        for w in wanted[1:]:
            nxt = next((j for j in range(at + 1, min(len(text_words), at + 1 + window)) if text_words[j] == w), None)
            if nxt is None:
                ok = False
                break
            at = nxt
        if ok:
            return True
    return False


def tokens_nearby(block: str, text_tokens: list[str], slack: int) -> bool:
    """All the block's tokens (as a multiset) are among `len(tokens) + slack`
    consecutive tokens of the text, in any order. A token the text does not
    have may be there in two pieces (a word broken at the end of a line)."""
    from collections import Counter

    present = set(text_tokens)
    wanted = []
    for t in tokens(block):
        pieces = [t]
        if t not in present:
            cut = next((i for i in range(1, len(t)) if t[:i] in present and t[i:] in present), None)
            if cut is not None:
                pieces = [t[:cut], t[cut:]]
        wanted += pieces
    need = Counter(wanted)
    if not need:
        return True
    span = sum(need.values()) + slack
    have: Counter = Counter()
    missing = sum(need.values())
    for i, t in enumerate(text_tokens):
        if have[t] < need[t]:
            missing -= 1
        have[t] += 1
        if i >= span:
            old = text_tokens[i - span]
            have[old] -= 1
            if have[old] < need[old]:
                missing += 1
        if missing == 0:
            return True
    return False


# In a right-to-left line pdftotext's order is not the reading order: it
# moves punctuation, spaces and the runs of the other direction. A block
# there is found when its tokens are close together: among as many tokens
# of the text as it has, plus this many (a table cell: this many per token,
# as `in_order_nearby` allows).
RTL_SLACK = 2
RTL_CELL_SLACK = 12


def lost_blocks(dtext: DocxText, body: str, rtl_doc: bool) -> list[str]:
    """The DOCX blocks (paragraphs and table cells) not in the PDF's body
    text. A block is there whole once whitespace is set aside; a table cell
    may instead have its words in order and close together. In a
    right-to-left document, and for a block with right-to-left letters in
    any document, a block may instead have all its tokens close together in
    any order (`tokens_nearby`): its letters and digits must all be there,
    near each other, but pdftotext's order of a line's runs does not count."""
    flat = bare(body)
    lost = [b for b in dtext.blocks if bare(b) not in flat]
    if lost:
        body_words = [bare(w) for w in unmark(body).split()]
        lost = [b for b in lost if not (b in dtext.cells and in_order_nearby(b, body_words))]
    if lost:
        body_tokens = tokens(body)
        lost = [
            b for b in lost
            if not ((rtl_doc or has_rtl(b))
                    and tokens_nearby(b, body_tokens,
                                      RTL_CELL_SLACK * len(tokens(b)) if b in dtext.cells else RTL_SLACK))
        ]
    return lost


def docx_rtl(path: Path) -> bool:
    """Whether a DOCX's default language (styles' docDefaults) is right to left."""
    try:
        styles = ET.fromstring(zipfile.ZipFile(path).read("word/styles.xml"))
    except (KeyError, zipfile.BadZipFile, ET.ParseError):
        return False
    lang = styles.find(f".//{W}docDefaults//{W}lang")
    return lang is not None and (lang.get(W + "val") or "").split("-")[0].lower() in RTL_LANGUAGES


def check_docx_package(path: Path, r: Result) -> None:
    try:
        z = zipfile.ZipFile(path)
    except zipfile.BadZipFile as e:
        r.fail(f"not a ZIP package: {e}")
        return
    names = z.namelist()
    if len(names) != len(set(names)):
        r.fail("duplicate part names in the package")
    trees = {}
    for name in names:
        if name.endswith((".xml", ".rels")):
            try:
                trees[name] = ET.fromstring(z.read(name))
            except ET.ParseError as e:
                r.fail(f"{name} is not well-formed XML: {e}")
    for need in ("[Content_Types].xml", "word/document.xml", "word/styles.xml", "_rels/.rels"):
        if need not in trees:
            r.fail(f"part {need} missing")

    def dupes(ids: list[str]) -> list[str]:
        return sorted({i for i in ids if ids.count(i) > 1})

    styles = trees.get("word/styles.xml")
    style_ids = [s.get(W + "styleId") for s in styles.iter(W + "style")] if styles is not None else []
    if d := dupes(style_ids):
        r.fail(f"duplicate style ids {d}")
    numbering = trees.get("word/numbering.xml")
    abstract, nums = [], []
    if numbering is not None:
        abstract = [a.get(W + "abstractNumId") for a in numbering.iter(W + "abstractNum")]
        nums = [n.get(W + "numId") for n in numbering.iter(W + "num")]
        if d := dupes(abstract):
            r.fail(f"duplicate abstractNum ids {d}")
        if d := dupes(nums):
            r.fail(f"duplicate num ids {d}")
        for n in numbering.iter(W + "num"):
            a = n.find(W + "abstractNumId")
            if a is not None and a.get(W + "val") not in abstract:
                r.fail(f"num {n.get(W + 'numId')} points to missing abstractNum {a.get(W + 'val')}")
    used_styles, used_nums = set(), set()
    for name, t in trees.items():
        if name.startswith("word/") and not name.endswith(("styles.xml", "numbering.xml")):
            for tag in ("pStyle", "rStyle", "tblStyle"):
                used_styles |= {e.get(W + "val") for e in t.iter(W + tag)}
            used_nums |= {e.get(W + "val") for e in t.iter(W + "numId")}
    if missing := sorted(used_styles - set(style_ids)):
        r.fail(f"styles used but not defined: {missing}")
    if missing := sorted(used_nums - set(nums) - {"0"}):
        r.fail(f"numbering ids used but not defined: {missing}")
    for problem in docx_direction_problems(trees)[:8]:
        r.fail(problem)
    for problem in docx_accessibility_problems(trees)[:8]:
        r.fail(problem)


RTL_LANGUAGES = {
    "ar", "arc", "arz", "azb", "ckb", "dv", "fa", "glk", "he", "iw", "ks", "lrc", "mzn", "nqo",
    "pnb", "ps", "sd", "syr", "ug", "ur", "yi",
}
TWINS = (("b", "bCs"), ("i", "iCs"), ("sz", "szCs"))


def is_rtl_char(c: str) -> bool:
    o = ord(c)
    return (
        0x0590 <= o <= 0x08FF
        or 0xFB1D <= o <= 0xFDFF
        or 0xFE70 <= o <= 0xFEFF
        or 0x10800 <= o <= 0x10FFF
        or 0x1E800 <= o <= 0x1EFFF
    )


def bidi_value(props) -> bool | None:
    """What a `w:pPr` says of `w:bidi`: on, off, or nothing."""
    b = props.find(W + "bidi") if props is not None else None
    return None if b is None else b.get(W + "val", "1") not in OFF


def paragraph_bidi(p, styles: Styles) -> bool:
    """Whether a paragraph reads right to left as Word resolves `w:bidi`:
    its own, else its style's (through basedOn; the default paragraph style
    when it names none), else the document defaults'."""
    ppr = p.find(W + "pPr")
    own = bidi_value(ppr)
    if own is not None:
        return own
    sid = para_style(p)
    if sid is None and styles.tree is not None:
        sid = next((s.get(W + "styleId") for s in styles.tree.iter(W + "style")
                    if s.get(W + "type") == "paragraph" and s.get(W + "default") in ("1", "true", "on")), None)
    found = None
    for s in styles.chain(sid):
        v = bidi_value(s.find(W + "pPr"))
        if v is not None:
            found = v
    if found is not None:
        return found
    defaults = styles.tree.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr") if styles.tree is not None else None
    return bool(bidi_value(defaults))


def docx_direction_problems(trees: dict) -> list[str]:
    """What is wrong with a package's bold, italic and size twins and its
    direction, from its parsed parts by name. Every paragraph reads in the
    document's direction (`paragraph_rtl`; by its default language), Latin
    text in an Arabic document too; every run of right-to-left text is
    w:rtl; every table of a right-to-left document is w:bidiVisual, and no
    other."""
    problems = []
    for name, t in sorted(trees.items()):
        if not name.startswith("word/") or name.endswith(".rels"):
            continue
        for rpr in t.iter(W + "rPr"):
            for plain, twin in TWINS:
                p = rpr.find(W + plain)
                if p is None:
                    continue
                tw = rpr.find(W + twin)
                if tw is None:
                    problems.append(f"{name}: w:{plain} without w:{twin}")
                elif tw.get(W + "val") != p.get(W + "val"):
                    problems.append(f"{name}: w:{twin} is not the value of w:{plain}")
    styles = trees.get("word/styles.xml")
    lang = styles.find(f".//{W}docDefaults//{W}lang") if styles is not None else None
    language = lang.get(W + "val", "") if lang is not None else ""
    rtl = language.split("-")[0].lower() in RTL_LANGUAGES
    styles_of = Styles(trees)
    for name, t in sorted(trees.items()):
        if not re.fullmatch(r"word/(document|header\d+|footer\d+)\.xml", name):
            continue
        for r in t.iter(W + "r"):
            text = "".join(x.text or "" for x in r.iter(W + "t"))
            if any(map(is_rtl_char, text)) and r.find(f"{W}rPr/{W}rtl") is None:
                problems.append(f"{name}: right-to-left text without w:rtl: {short(text, 30)}")
        for p in t.iter(W + "p"):
            text = "".join(x.text or "" for x in p.iter(W + "t"))
            wanted, has = paragraph_rtl(text, rtl), paragraph_bidi(p, styles_of)
            if has != wanted:
                kind = "right-to-left" if rtl else "left-to-right"
                if wanted:
                    what = f"a paragraph without w:bidi in a {kind} document"
                else:
                    what = f"a paragraph with w:bidi in a {kind} document"
                problems.append(f"{name}: {what}: {short(text, 30)}")
        for tbl in t.iter(W + "tbl"):
            if (tbl.find(f"{W}tblPr/{W}bidiVisual") is not None) != rtl:
                what = "without w:bidiVisual in a right-to-left" if rtl else "with w:bidiVisual in a left-to-right"
                problems.append(f"{name}: a table {what} document")
    return problems


# --- DOCX accessibility: the rules of Word's checker a script can decide -------

WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
DC = "{http://purl.org/dc/elements/1.1/}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
STORY = re.compile(r"word/(document|header\d+|footer\d+)\.xml")
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
URL_TEXT = re.compile(r"(?i)((https?|ftp)://|www\.|mailto:)\S+")
IMAGE_FILE = re.compile(r"(?i)\S+\.(png|jpe?g|gif|bmp|tiff?|svg|emf|wmf)")
OFF = {"0", "false", "off"}


def min_contrast(size_pt: float, bold: bool) -> float:
    """WCAG 2 (1.4.3, AA): 3:1 for large text (18 pt, or 14 pt bold), else 4.5:1."""
    return 3.0 if size_pt >= 18 or (bold and size_pt >= 14) else 4.5


def luminance(hex6: str) -> float:
    def linear(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex6[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast(a: str, b: str) -> float:
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def colour(v: str | None) -> str | None:
    """A six-digit colour, upper case; None for `auto`, absent or unreadable."""
    return v.upper() if v and re.fullmatch(r"[0-9A-Fa-f]{6}", v) else None


def shd_fill(props) -> str | None:
    """The fill of a `w:shd` child of a properties element, if it paints one."""
    if props is None:
        return None
    shd = props.find(W + "shd")
    return colour(shd.get(W + "fill")) if shd is not None else None


def rpr_props(rpr) -> dict:
    """What a `w:rPr` says of colour, size (points), bold and shading."""
    out: dict = {}
    if rpr is None:
        return out
    c = rpr.find(W + "color")
    if c is not None:
        out["color"] = colour(c.get(W + "val"))
    sz = rpr.find(W + "sz")
    if sz is not None and (sz.get(W + "val") or "").isdigit():
        out["size"] = int(sz.get(W + "val")) / 2
    b = rpr.find(W + "b")
    if b is not None:
        out["bold"] = b.get(W + "val", "1") not in OFF
    if (fill := shd_fill(rpr)) is not None:
        out["shade"] = fill
    hl = rpr.find(W + "highlight")
    if hl is not None and hl.get(W + "val") not in (None, "none"):
        out["shade"] = HIGHLIGHTS.get(hl.get(W + "val"), "FFFF00")
    return out


HIGHLIGHTS = {"black": "000000", "white": "FFFFFF", "yellow": "FFFF00", "green": "00FF00", "cyan": "00FFFF",
              "blue": "0000FF", "darkBlue": "000080", "lightGray": "C0C0C0", "darkGray": "808080"}


class Styles:
    """Styles and numbering resolved as Word resolves them: defaults, then
    the basedOn chain of the paragraph style, then the character style,
    then direct formatting."""

    def __init__(self, trees: dict):
        self.tree = trees.get("word/styles.xml")
        self.by_id = {}
        self.defaults: dict = {"size": 10.0, "bold": False, "color": None}
        if self.tree is not None:
            self.by_id = {s.get(W + "styleId"): s for s in self.tree.iter(W + "style")}
            self.defaults.update(rpr_props(self.tree.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")))
        self.levels: dict[tuple[str, str], dict] = {}
        numbering = trees.get("word/numbering.xml")
        if numbering is not None:
            abstract = {a.get(W + "abstractNumId"): a for a in numbering.iter(W + "abstractNum")}
            for num in numbering.iter(W + "num"):
                ref = num.find(W + "abstractNumId")
                a = abstract.get(ref.get(W + "val")) if ref is not None else None
                for lvl in a.iter(W + "lvl") if a is not None else []:
                    self.levels[(num.get(W + "numId"), lvl.get(W + "ilvl"))] = rpr_props(lvl.find(W + "rPr"))

    def chain(self, style_id: str | None) -> list:
        """The style and those it is based on, the root first."""
        out, seen = [], set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            out.append(self.by_id[style_id])
            b = self.by_id[style_id].find(W + "basedOn")
            style_id = b.get(W + "val") if b is not None else None
        return out[::-1]

    def rpr(self, *style_ids: str | None) -> dict:
        props = dict(self.defaults)
        for sid in style_ids:
            for s in self.chain(sid):
                props.update(rpr_props(s.find(W + "rPr")))
        return props

    def heading_level(self, p) -> int | None:
        """1 to 9 for a heading (a `heading N` style or an outline level), else None."""
        ppr = p.find(W + "pPr")
        sid = ppr.find(W + "pStyle").get(W + "val") if ppr is not None and ppr.find(W + "pStyle") is not None else None
        level = None
        for s in self.chain(sid):
            name = s.find(W + "name")
            if name is not None and (m := re.fullmatch(r"(?i)heading ([1-9])", name.get(W + "val") or "")):
                level = int(m.group(1))
            o = s.find(f"{W}pPr/{W}outlineLvl")
            if o is not None and (o.get(W + "val") or "").isdigit():
                level = int(o.get(W + "val")) + 1
        o = ppr.find(W + "outlineLvl") if ppr is not None else None
        if o is not None and (o.get(W + "val") or "").isdigit():
            level = int(o.get(W + "val")) + 1
        return level if level is not None and level <= 9 else None

    def numbering(self, p) -> tuple[str, str] | None:
        """The (numId, ilvl) of a paragraph in a list, directly or by its style."""
        ppr = p.find(W + "pPr")
        sid = ppr.find(W + "pStyle").get(W + "val") if ppr is not None and ppr.find(W + "pStyle") is not None else None
        num = lvl = None
        for s in self.chain(sid) + ([ppr] if ppr is not None else []):
            pp = s if s is ppr else s.find(W + "pPr")
            npr = pp.find(W + "numPr") if pp is not None else None
            if npr is not None:
                if npr.find(W + "numId") is not None:
                    num = npr.find(W + "numId").get(W + "val")
                if npr.find(W + "ilvl") is not None:
                    lvl = npr.find(W + "ilvl").get(W + "val")
        return (num, lvl or "0") if num not in (None, "0") else None


def para_style(p) -> str | None:
    s = p.find(f"{W}pPr/{W}pStyle")
    return s.get(W + "val") if s is not None else None


def run_text(el) -> str:
    return "".join(t.text or "" for t in el.iter(W + "t"))


def same_address(a: str, b: str) -> bool:
    from urllib.parse import unquote

    def norm(u: str) -> str:
        u = unquote(u.strip()).lower()
        u = re.sub(r"^[a-z]+://", "", u)
        return u.removeprefix("www.").rstrip("/")

    return norm(a) == norm(b)


def docx_accessibility_problems(trees: dict) -> list[str]:
    """What breaks the rules of Word's accessibility checker that a script can
    decide, from a package's parsed parts by name:

    title       docProps/core.xml has a non-empty dc:title;
    language    styles' docDefaults set a w:lang that is a language tag;
    headings    in document order, no heading is more than one level below
                the one before (the first is level 1); levels from the
                `heading N` styles or outline levels;
    tables      no merged cells (w:gridSpan > 1, w:vMerge, w:hMerge); a first
                row that looks like a header (every cell shaded, or all its
                text bold) is marked w:tblHeader, and w:tblHeader is on
                leading rows only;
    pictures    every wp:docPr has a descr that is not a file name, unless
                it is marked decorative;
    links       a hyperlink has visible text; text that is an address is
                that link's own address (else it misleads) and, when the
                document gives the same address a name in another link,
                uses it. Whether the inputs had a title the template left
                out is not in the DOCX: the Rust tests check that on the
                model; a link whose text is its own address and that
                nothing names passes (the author wrote only the address);
    contrast    every run with visible text, every list marker and every
                style (against the page) has WCAG 2 contrast of 4.5:1, 3:1
                for large text (18 pt, or 14 pt bold), between its
                colour (direct, character style, paragraph style, defaults)
                and its background (run shading, paragraph shading, cell
                shading, table shading, the page's w:background, white);
                `auto` colours are Word's choice and pass.
    """
    problems: list[str] = []
    styles = Styles(trees)

    core = trees.get("docProps/core.xml")
    title = core.find(DC + "title") if core is not None else None
    if title is None or not (title.text or "").strip():
        problems.append("core properties: no dc:title")
    lang = styles.tree.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang") if styles.tree is not None else None
    tag = lang.get(W + "val", "") if lang is not None else ""
    if not LANGUAGE_TAG.fullmatch(tag):
        problems.append(f"styles: no document language (docDefaults w:lang {tag!r})")

    document = trees.get("word/document.xml")
    if document is not None:
        prev = 0
        for p in document.iter(W + "p"):
            level = styles.heading_level(p)
            if level is None:
                continue
            if level > prev + 1:
                problems.append(f"headings skip from level {prev} to {level}: {short(run_text(p), 40)}")
            prev = level

    for name, tree in sorted(trees.items()):
        if not STORY.fullmatch(name):
            continue
        rels = trees.get(f"word/_rels/{name[5:]}.rels")
        targets = {}
        if rels is not None:
            targets = {r.get("Id"): r.get("Target") or "" for r in rels.iter(PKG_REL + "Relationship")}
        problems += table_problems(name, tree, styles)
        problems += picture_problems(name, tree)
        problems += link_problems(name, tree, targets)
        bg = tree.find(W + "background")
        page = colour(bg.get(W + "color")) if bg is not None else None
        problems += contrast_problems(name, tree, styles, page or "FFFFFF")

    if styles.tree is not None:
        for sid, s in styles.by_id.items():
            if s.get(W + "type") not in ("paragraph", "character"):
                continue
            props = styles.rpr(sid)
            if props.get("color") and contrast(props["color"], "FFFFFF") < min_contrast(props["size"], props["bold"]):
                problems.append(
                    f"styles: {sid} #{props['color']} on white is {contrast(props['color'], 'FFFFFF'):.2f}:1"
                )
    for (num, ilvl), props in sorted(styles.levels.items()):
        c = props.get("color")
        size = props.get("size", styles.defaults["size"])
        if c and contrast(c, "FFFFFF") < min_contrast(size, props.get("bold", False)):
            problems.append(f"numbering: list {num} level {ilvl} marker #{c} on white is {contrast(c, 'FFFFFF'):.2f}:1")
    return problems


def table_problems(name: str, tree, styles: Styles) -> list[str]:
    problems = []
    for n, tbl in enumerate(tree.iter(W + "tbl"), 1):
        merged = [e for tag in ("gridSpan", "vMerge", "hMerge") for e in tbl.iter(W + tag)]
        merged = [e for e in merged if not (e.tag == W + "gridSpan" and (e.get(W + "val") or "1") == "1")]
        if merged:
            problems.append(f"{name}: table {n} has merged cells (w:{merged[0].tag[len(W):]})")
        rows = tbl.findall(W + "tr")
        marked = [r.find(f"{W}trPr/{W}tblHeader") is not None
                  and r.find(f"{W}trPr/{W}tblHeader").get(W + "val", "1") not in OFF for r in rows]
        if any(marked[k] and not marked[k - 1] for k in range(1, len(marked))):
            problems.append(f"{name}: table {n} marks a row w:tblHeader below a row that is not")
        if len(rows) >= 2 and not marked[0] and looks_like_header(rows[0], rows[1], styles):
            problems.append(f"{name}: table {n}'s first row looks like a header but is not w:tblHeader")
    return problems


def looks_like_header(first, second, styles: Styles) -> bool:
    cells = first.findall(W + "tc")
    if not cells:
        return False
    fills = [shd_fill(tc.find(W + "tcPr")) for tc in cells]
    body_fills = {shd_fill(tc.find(W + "tcPr")) for tc in second.findall(W + "tc")}
    if all(f and f != "FFFFFF" and f not in body_fills for f in fills):
        return True
    runs = [(p, r) for p in first.iter(W + "p") for r in p.iter(W + "r") if run_text(r).strip()]
    return bool(runs) and all(effective(styles, p, r).get("bold") for p, r in runs)


def picture_problems(name: str, tree) -> list[str]:
    problems = []
    for pr in tree.iter(WP + "docPr"):
        decorative = any(e.tag.endswith("}decorative") and e.get("val") in ("1", "true") for e in pr.iter())
        descr = (pr.get("descr") or "").strip()
        if decorative:
            continue
        if not descr:
            problems.append(f"{name}: picture {pr.get('name')!r} has no alternative text (descr)")
        elif IMAGE_FILE.fullmatch(descr):
            problems.append(f"{name}: picture {pr.get('name')!r} has a file name for alternative text: {descr!r}")
    return problems


def link_problems(name: str, tree, targets: dict) -> list[str]:
    problems = []
    links = [(run_text(h).strip(), targets.get(h.get(REL + "id"))) for h in tree.iter(W + "hyperlink")]
    named = {t for text, t in links if t and text and not URL_TEXT.fullmatch(text)}
    for text, target in links:
        if not text:
            problems.append(f"{name}: a hyperlink without text ({short(target or '', 50)})")
        elif URL_TEXT.fullmatch(text) and target is not None:
            if not same_address(text, target):
                problems.append(f"{name}: link text {short(text, 40)} is another address than its target {short(target, 40)}")
            elif target in named:
                problems.append(f"{name}: link text is the bare address {short(text, 50)}, which another link names")
    return problems


def effective(styles: Styles, p, r) -> dict:
    rs = r.find(f"{W}rPr/{W}rStyle")
    props = styles.rpr(para_style(p), rs.get(W + "val") if rs is not None else None)
    props.update(rpr_props(r.find(W + "rPr")))
    return props


def contrast_problems(name: str, tree, styles: Styles, page: str) -> list[str]:
    problems: list[str] = []

    def check(what: str, props: dict, background: str) -> None:
        c = props.get("color")
        back = props.get("shade") or background
        if c is None:
            return
        ratio, least = contrast(c, back), min_contrast(props.get("size", 10.0), props.get("bold", False))
        if ratio < least:
            problems.append(f"{name}: {what} #{c} on #{back} is {ratio:.2f}:1, below {least}:1")

    def walk(el, background: str) -> None:
        for child in el:
            if child.tag == W + "tbl":
                walk(child, shd_fill(child.find(W + "tblPr")) or background)
            elif child.tag == W + "tc":
                walk(child, shd_fill(child.find(W + "tcPr")) or background)
            elif child.tag == W + "p":
                back = shd_fill(child.find(W + "pPr")) or background
                num = styles.numbering(child)
                if num is not None and num in styles.levels:
                    mark = styles.rpr(para_style(child))
                    mark.update(rpr_props(child.find(f"{W}pPr/{W}rPr")))
                    mark.update(styles.levels[num])
                    check(f"the list marker of {short(run_text(child), 30)}", mark, back)
                for r in child.iter(W + "r"):
                    text = run_text(r)
                    if text.strip():
                        check(f"text {short(text, 30)}", effective(styles, child, r), back)
            else:
                walk(child, background)

    walk(tree, page)
    return problems


def self_test() -> int:
    """The DOCX XML checks pass good parts and fail each kind of bad one."""
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def trees(lang: str, body: str, bidi_styles: bool = False) -> dict:
        # With `bidi_styles`, as upr-brief writes a right-to-left document:
        # the defaults and the paragraph styles are w:bidi; Quote turns it off.
        defaults, extra = "", ""
        if bidi_styles:
            defaults = "<w:pPrDefault><w:pPr><w:bidi/></w:pPr></w:pPrDefault>"
            extra = (
                '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:pPr><w:bidi/></w:pPr></w:style>'
                '<w:style w:type="paragraph" w:styleId="Heading1"><w:basedOn w:val="Normal"/></w:style>'
                '<w:style w:type="paragraph" w:styleId="Quote"><w:basedOn w:val="Normal"/>'
                '<w:pPr><w:bidi w:val="0"/></w:pPr></w:style>'
            )
        styles = (f'<w:styles {ns}><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="22"/><w:szCs w:val="22"/>'
                  f'<w:lang w:val="{lang}"/></w:rPr></w:rPrDefault>{defaults}</w:docDefaults>{extra}</w:styles>')
        document = f"<w:document {ns}><w:body>{body}</w:body></w:document>"
        return {"word/styles.xml": ET.fromstring(styles), "word/document.xml": ET.fromstring(document)}

    rtl_p = '<w:p><w:pPr><w:bidi/></w:pPr><w:r><w:rPr><w:b/><w:bCs/><w:rtl/></w:rPr><w:t>سلام</w:t></w:r></w:p>'
    rtl_tbl = '<w:tbl><w:tblPr><w:bidiVisual/></w:tblPr><w:tr><w:tc>' + rtl_p + "</w:tc></w:tr></w:tbl>"
    ltr_p = '<w:p><w:r><w:rPr><w:i/><w:iCs/></w:rPr><w:t>Peace</w:t></w:r></w:p>'
    ltr_tbl = "<w:tbl><w:tblPr/><w:tr><w:tc>" + ltr_p + "</w:tc></w:tr></w:tbl>"
    cases = [
        ("ar-SA", rtl_p + rtl_tbl, None),
        ("en-GB", ltr_p + ltr_tbl, None),
        ("ar-SA", rtl_p.replace("<w:bCs/>", ""), "w:b without w:bCs"),
        ("en-GB", ltr_p.replace("<w:iCs/>", ""), "w:i without w:iCs"),
        ("en-GB", ltr_p.replace("<w:i/><w:iCs/>", '<w:sz w:val="20"/><w:szCs w:val="22"/>'), "w:szCs is not the value"),
        ("ar-SA", rtl_p.replace("<w:rtl/>", ""), "without w:rtl"),
        ("en-GB", rtl_p, "with w:bidi"),
        ("en-GB", rtl_p.replace("<w:rtl/>", "").replace("<w:bidi/>", ""), "without w:rtl"),
        ("ar-SA", rtl_p.replace("<w:bidi/>", ""), "without w:bidi"),
        ("en-GB", ltr_p.replace("<w:p>", "<w:p><w:pPr><w:bidi/></w:pPr>"), "with w:bidi"),
        ("ar-SA", rtl_p + rtl_tbl.replace("<w:bidiVisual/>", ""), "without w:bidiVisual"),
        ("en-GB", ltr_tbl.replace("<w:tblPr/>", "<w:tblPr><w:bidiVisual/></w:tblPr>"), "with w:bidiVisual"),
        # Each paragraph in the document's direction: an Arabic quote in an
        # English document left to right (its run w:rtl) ...
        ("en-GB", ltr_p + rtl_p.replace("<w:bidi/>", ""), None),
        ("en-GB", ltr_p + rtl_p, "with w:bidi"),
        # ... and in an Arabic one a paragraph of Latin text alone (the
        # coalition's names, an address) right to left, not turned.
        ("ar-SA", rtl_p + ltr_p.replace("<w:p>", "<w:p><w:pPr><w:bidi/></w:pPr>"), None),
        ("ar-SA", rtl_p + ltr_p.replace("<w:p>", '<w:p><w:pPr><w:bidi w:val="0"/></w:pPr>'), "without w:bidi"),
        ("ar-SA", ltr_p.replace("Peace", "https://example.org/laws").replace("<w:p>", '<w:p><w:pPr><w:bidi w:val="false"/></w:pPr>'), "without w:bidi"),
        ("ar-SA", rtl_p.replace("<w:bidi/>", '<w:bidi w:val="0"/>'), "without w:bidi"),
    ]
    # The direction a paragraph inherits: the document defaults, the default
    # paragraph style, the basedOn chain.
    inherited = [
        (rtl_p.replace("<w:pPr><w:bidi/></w:pPr>", ""), None),
        (ltr_p, None),
        (ltr_p.replace("<w:p>", '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>'), None),
        (ltr_p.replace("<w:p>", '<w:p><w:pPr><w:pStyle w:val="Quote"/></w:pPr>'), "without w:bidi"),
        (rtl_p.replace("<w:pPr><w:bidi/></w:pPr>", '<w:pPr><w:pStyle w:val="Quote"/></w:pPr>'), "without w:bidi"),
        (ltr_p.replace("<w:p>", '<w:p><w:pPr><w:bidi w:val="0"/></w:pPr>'), "without w:bidi"),
    ]
    failures = 0
    all_cases = [(lang, body, expected, False) for lang, body, expected in cases]
    all_cases += [("ar-SA", body, expected, True) for body, expected in inherited]
    for lang, body, expected, bidi_styles in all_cases:
        problems = docx_direction_problems(trees(lang, body, bidi_styles))
        ok = not problems if expected is None else any(expected in p for p in problems)
        if not ok:
            failures += 1
            print(f"FAIL self-test {lang} {short(body, 60)}: expected {expected!r}, got {problems}")
    print(f"self-test: {len(all_cases) - failures} passed, {failures} failed")
    failures += accessibility_self_test()
    failures += layout_self_test()
    failures += text_self_test()
    failures += structure_self_test()
    return 1 if failures else 0


def structure_self_test() -> int:
    """The structure-text check passes a tree that holds every word the
    pages show (a table's header row repeated on a further page aside) and
    fails one that lost the rest of a paragraph after a nested
    marked-content sequence, as poppler reads an `/ActualText` `/Span`
    nested in the paragraph's own sequence."""
    page = "Meeting\nDate Place\n20 March Seoul\nBriefing for: Ministry for Foreign Affairs of Sweden, Office of the\nAmbassador\nDate Place\n21 March Paris\n"
    tree = ('Document\n  H1 (block)\n    "Meeting"\n  Table (block)\n    THead\n      TR\n'
            '        TH:\n          "Date"\n        TH:\n          "Place"\n    TBody\n      TR\n'
            '        TD:\n          "20 March"\n        TD:\n          "Seoul"\n      TR\n'
            '        TD:\n          "21 March"\n        TD:\n          "Paris"\n'
            '  P (block)\n    "Briefing for: Ministry for Foreign Affairs of Sweden, Office of the Ambassador"\n')
    cut = tree.replace("Sweden, Office of the Ambassador", "Sweden, Office of the")
    cases = [
        ("whole", page, tree, 2, True),
        ("a paragraph's tail lost", page, cut, 2, False),
        ("a header row repeated on one page too many", page + "Date Place\n", tree, 2, False),
        ("the same header row on a third page", page + "Date Place\n", tree, 3, True),
        ("Thai SARA AM read as its two glyphs", "\u0e17\u0e33\n", '  P (block)\n    "\u0e17\u0e4d\u0e32"\n', 1, True),
        ("Thai SARA AM lost", "\u0e17\u0e33\n", '  P (block)\n    "\u0e17"\n', 1, False),
    ]
    failures = 0
    for what, shown, struct, pages, ok in cases:
        problems = structure_text_problems(shown, struct, pages)
        if (not problems) != ok:
            failures += 1
            print(f"FAIL self-test structure text, {what}: {problems}")
    print(f"structure self-test: {len(cases) - failures} passed, {failures} failed")
    return failures


def accessibility_self_test() -> int:
    """The accessibility rules pass a good made-up package and fail each kind
    of bad one; returns the number of cases that went wrong."""
    ns = (
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
    )
    core = (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Briefing</dc:title></cp:coreProperties>'
    )

    def heading(n: int, size: int) -> str:
        return (
            f'<w:style w:type="paragraph" w:styleId="Heading{n}"><w:name w:val="heading {n}"/><w:basedOn w:val="Normal"/>'
            f'<w:pPr><w:outlineLvl w:val="{n - 1}"/></w:pPr><w:rPr><w:b/><w:color w:val="1F3A5F"/><w:sz w:val="{size}"/></w:rPr></w:style>'
        )

    styles = (
        f"<w:styles {ns}><w:docDefaults><w:rPrDefault><w:rPr><w:color w:val=\"1A1A1A\"/><w:sz w:val=\"21\"/>"
        '<w:lang w:val="en-GB"/></w:rPr></w:rPrDefault></w:docDefaults>'
        '<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
        + heading(1, 32) + heading(2, 26) + heading(3, 23)
        + '<w:style w:type="paragraph" w:styleId="TableHeader"><w:name w:val="Table Header"/><w:basedOn w:val="Normal"/>'
        '<w:rPr><w:b/><w:color w:val="1F3A5F"/><w:sz w:val="18"/></w:rPr></w:style>'
        '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr><w:color w:val="0B4FB3"/></w:rPr></w:style>'
        "</w:styles>"
    )
    numbering = (
        f'<w:numbering {ns}><w:abstractNum w:abstractNumId="10"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/>'
        '<w:lvlText w:val="•"/><w:rPr><w:color w:val="2D6CA3"/></w:rPr></w:lvl></w:abstractNum>'
        '<w:num w:numId="10"><w:abstractNumId w:val="10"/></w:num></w:numbering>'
    )
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rIdLink1" Type="h" Target="https://a.org/x" TargetMode="External"/>'
        '<Relationship Id="rIdLink2" Type="h" Target="https://b.org/" TargetMode="External"/></Relationships>'
    )

    def p(text: str, style: str | None = None, extra: str = "", rpr: str = "") -> str:
        ppr = f'<w:pPr><w:pStyle w:val="{style}"/>{extra}</w:pPr>' if style else (f"<w:pPr>{extra}</w:pPr>" if extra else "")
        rpr = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
        return f"<w:p>{ppr}<w:r>{rpr}<w:t>{text}</w:t></w:r></w:p>"

    fill = '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="E3E9F1"/></w:tcPr>'
    table = (
        '<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w="10"/><w:gridCol w:w="10"/></w:tblGrid>'
        f'<w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc>{fill}{p("Date", "TableHeader")}</w:tc><w:tc>{fill}{p("Place", "TableHeader")}</w:tc></w:tr>'
        f'<w:tr><w:tc>{p("21 March")}</w:tc><w:tc>{p("Seoul")}</w:tc></w:tr>'
        f'<w:tr><w:tc>{p("27 March")}</w:tc><w:tc>{p("Seoul")}</w:tc></w:tr></w:tbl>'
    )
    picture = (
        '<w:p><w:r><w:drawing><wp:inline><wp:extent cx="1" cy="1"/>'
        '<wp:docPr id="1" name="Logo 1" descr="Legal Initiatives for Vietnam"/></wp:inline></w:drawing></w:r></w:p>'
    )
    links = (
        '<w:p><w:hyperlink r:id="rIdLink1"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t>OpenNet Korea</w:t></w:r></w:hyperlink>'
        '<w:r><w:t> and </w:t></w:r>'
        '<w:hyperlink r:id="rIdLink2"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t>https://b.org</w:t></w:r></w:hyperlink></w:p>'
    )
    bullet = p("An ask", extra='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="10"/></w:numPr>')
    body = p("Who we are", "Heading1") + p("Members", "Heading2") + bullet + table + picture + links + p("The review", "Heading1")

    def package(swap: tuple[str, str] | None = None, part: str = "document") -> dict:
        parts = {"core": core, "styles": styles, "numbering": numbering, "rels": rels,
                 "document": f"<w:document {ns}><w:body>{body}</w:body></w:document>"}
        # One swap (old, new) in `part`, or a list of (part, old, new), each in every place.
        swaps = [(part, *swap)] if isinstance(swap, tuple) else [] if swap is None else swap
        for where, old, new in swaps:
            assert old in parts[where], old
            parts[where] = parts[where].replace(old, new, 1 if isinstance(swap, tuple) else -1)
        return {
            "docProps/core.xml": ET.fromstring(parts["core"]),
            "word/styles.xml": ET.fromstring(parts["styles"]),
            "word/numbering.xml": ET.fromstring(parts["numbering"]),
            "word/document.xml": ET.fromstring(parts["document"]),
            "word/_rels/document.xml.rels": ET.fromstring(parts["rels"]),
        }

    header_row = "<w:trPr><w:tblHeader/></w:trPr>"
    cases = [
        (None, "document", None),
        (("<dc:title>Briefing</dc:title>", "<dc:title> </dc:title>"), "core", "no dc:title"),
        (("<dc:title>Briefing</dc:title>", ""), "core", "no dc:title"),
        (('<w:lang w:val="en-GB"/>', ""), "styles", "no document language"),
        (('<w:lang w:val="en-GB"/>', '<w:lang w:val="English (UK)"/>'), "styles", "no document language"),
        (('w:val="Heading2"', 'w:val="Heading3"'), "document", "skip from level 1 to 3"),
        (('w:val="Heading1"', 'w:val="Heading2"'), "document", "skip from level 0 to 2"),
        (('<w:pStyle w:val="Heading2"/>', '<w:outlineLvl w:val="3"/>'), "document", "skip from level 1 to 4"),
        ((header_row, ""), "document", "looks like a header"),
        # Shaded but not bold, and bold but not shaded: a header by either sign.
        ([("document", header_row, ""), ("styles", "<w:b/><w:color w:val=\"1F3A5F\"/><w:sz w:val=\"18\"/>", "")],
         "document", "looks like a header"),
        ([("document", header_row, ""), ("document", fill, "")], "document", "looks like a header"),
        # Neither: a table without a header row needs no mark.
        ([("document", header_row, ""), ("document", fill, ""), ("document", '<w:pStyle w:val="TableHeader"/>', "")],
         "document", None),
        # One header cell unshaded: the row is still all bold.
        ((header_row + f"<w:tc>{fill}", "<w:tc>"), "document", "looks like a header"),
        (("<w:tr><w:tc>", "<w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc>"), "document", None),
        (("</w:tr><w:tr><w:tc>", "</w:tr><w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc>"), "document", None),
        (("<w:tr><w:tc><w:p><w:r><w:t>27", "<w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:p><w:r><w:t>27"),
         "document", "below a row that is not"),
        (("<w:tc><w:p><w:r><w:t>21", '<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>21'),
         "document", "merged cells (w:gridSpan)"),
        (("<w:tc><w:p><w:r><w:t>21", '<w:tc><w:tcPr><w:gridSpan w:val="1"/></w:tcPr><w:p><w:r><w:t>21'), "document", None),
        (("<w:tc><w:p><w:r><w:t>27", '<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>27'),
         "document", "merged cells (w:vMerge)"),
        ((' descr="Legal Initiatives for Vietnam"', ""), "document", "no alternative text"),
        ((' descr="Legal Initiatives for Vietnam"', ' descr=" "'), "document", "no alternative text"),
        ((' descr="Legal Initiatives for Vietnam"', ' descr="liv-logo.PNG"'), "document", "file name"),
        ((' descr="Legal Initiatives for Vietnam"/>',
          '><a:extLst xmlns:a="urn:a"><a:ext><adec:decorative xmlns:adec="urn:d" val="1"/></a:ext></a:extLst></wp:docPr>'),
         "document", None),
        (("<w:t>OpenNet Korea</w:t>", "<w:t>https://c.org</w:t>"), "document", "another address than its target"),
        (("<w:t>https://b.org</w:t>", "<w:t>www.b.org/</w:t>"), "document", None),
        (('Target="https://a.org/x"', 'Target="https://b.org/"'), "rels", "which another link names"),
        (("<w:t>OpenNet Korea</w:t>", "<w:t> </w:t>"), "document", "hyperlink without text"),
        (("<w:r><w:t>Seoul", '<w:r><w:rPr><w:color w:val="AAAAAA"/></w:rPr><w:t>Seoul'), "document", "below 4.5:1"),
        # #949494 is 3.03:1 on white: enough for 18 pt text, not for 10.5 pt.
        (("<w:r><w:t>Seoul", '<w:r><w:rPr><w:color w:val="949494"/><w:sz w:val="36"/></w:rPr><w:t>Seoul'), "document", None),
        (("<w:r><w:t>Seoul", '<w:r><w:rPr><w:color w:val="949494"/><w:sz w:val="28"/></w:rPr><w:t>Seoul'),
         "document", "below 4.5:1"),
        (("<w:r><w:t>Seoul", '<w:r><w:rPr><w:b/><w:color w:val="949494"/><w:sz w:val="28"/></w:rPr><w:t>Seoul'), "document", None),
        (("<w:r><w:t>Seoul", '<w:r><w:rPr><w:color w:val="auto"/></w:rPr><w:t>Seoul'), "document", None),
        # 5.5:1 on white, 4.48:1 on the header's fill.
        (("<w:r><w:t>21 March", '<w:r><w:rPr><w:color w:val="2E6DA4"/></w:rPr><w:t>21 March'), "document", None),
        (("<w:r><w:t>Date", '<w:r><w:rPr><w:color w:val="2E6DA4"/></w:rPr><w:t>Date'), "document", "on #E3E9F1"),
        (("<w:r><w:t>Seoul", '<w:r><w:rPr><w:shd w:val="clear" w:fill="1F3A5F"/></w:rPr><w:t>Seoul'), "document", "on #1F3A5F"),
        (("<w:body>", '<w:background w:color="102030"/><w:body>'), "document", "on #102030"),
        (('<w:color w:val="0B4FB3"/>', '<w:color w:val="7FA7E0"/>'), "styles", "styles: Hyperlink #7FA7E0"),
        (('<w:color w:val="1A1A1A"/>', '<w:color w:val="999999"/>'), "styles", "styles: Normal #999999"),
        (('<w:color w:val="2D6CA3"/>', '<w:color w:val="9DB5D0"/>'), "numbering", "list marker of 'An ask'"),
        (('<w:color w:val="2D6CA3"/>', '<w:color w:val="9DB5D0"/>'), "numbering", "numbering: list 10 level 0"),
    ]
    failures = 0
    for swap, part, expected in cases:
        problems = docx_accessibility_problems(package(swap, part))
        ok = not problems if expected is None else any(expected in x for x in problems)
        if not ok:
            failures += 1
            print(f"FAIL self-test accessibility {part} {short(str(swap), 70)}: expected {expected!r}, got {problems}")
    print(f"self-test (accessibility): {len(cases) - failures} passed, {failures} failed")
    return failures


def layout_self_test() -> int:
    """The word-box checks (`bbox_problems`) on a made-up A4 page: an Arabic
    header, heading and footer whose font boxes reach past the margins
    while their lines do not pass; a line really drawn in a margin, a second
    header or footer line, a word no shown run accounts for, and left-to-right
    text fail as before. Returns the number of cases that went wrong."""
    pw, ph = 595.28, 841.89
    arabic, latin = (1.374, -0.738), (1.069, -0.293)

    def word(x0: float, x1: float, base: float, size: float, font: tuple[float, float], text: str) -> Word:
        return (x0, base - font[0] * size, x1, base - font[1] * size, text)

    def runs(*lines: tuple[float, float, tuple[float, float]]) -> list[Shown]:
        return [Shown(base, size, *font) for base, size, font in lines]

    header = [word(450, 480, 39.73, 8, arabic, "حملة"), word(482, 490, 39.73, 8, latin, "—")]
    footer = [word(300, 330, 811.2, 8, arabic, "الصفحة"), word(62.4, 70, 811.2, 8, latin, "1")]
    heading = [word(480, 532.9, 87.1, 16, arabic, "توصياتنا")]
    body = [word(62.4, 120, 110.0, 10.5, latin, "Release"), word(400, 532.9, 110.0, 10.5, arabic, "حماية")]
    shown = runs((39.73, 8, arabic), (39.73, 8, latin), (811.2, 8, arabic), (811.2, 8, latin),
                 (87.1, 16, arabic), (110.0, 10.5, latin), (110.0, 10.5, arabic))
    # A damma drawn apart, raised 3 pt: poppler's box of its word grows upwards.
    raised = word(480, 532.9, 87.1, 16, arabic, "أُعدت")
    raised = (raised[0], raised[1] - 3, raised[2], raised[3], raised[4])
    good = header + footer + heading + body
    cases: list[tuple[str, list[Word], list[Shown] | None, str | None]] = [
        ("an Arabic page", good, shown, None),
        ("a word raised by its mark", good + [raised], shown, None),
        # Poppler's boxes alone: the Arabic font's ascent crosses the margin.
        ("no runs shown", good, None, "crosses the top margin"),
        ("the heading's line in the margin",
         header + footer + [word(480, 532.9, 80.0, 16, arabic, "توصياتنا")], runs((80.0, 16, arabic)) + shown,
         "crosses the top margin"),
        ("a word no run shows", good + [word(62.4, 90, 84.0, 16, arabic, "سلام")], shown,
         "crosses the top margin"),
        ("a second header line", good + [word(62.4, 90, 30.0, 8, arabic, "سلام")], shown + runs((30.0, 8, arabic)),
         "2 lines in the header area"),
        ("a second footer line", good + [word(62.4, 90, 825.0, 8, latin, "x")], shown + runs((825.0, 8, latin)),
         "2 lines in the footer area"),
        ("Latin in the top margin", good + [word(62.4, 90, 76.0, 10.5, latin, "Late")], shown + runs((76.0, 10.5, latin)),
         "crosses the top margin"),
        ("Latin in the bottom margin", good + [word(62.4, 90, 780.0, 10.5, latin, "Late")],
         shown + runs((780.0, 10.5, latin)), "crosses the bottom margin"),
        ("Arabic in the bottom margin", good + [word(400, 450, 785.0, 10.5, arabic, "سلام")],
         shown + runs((785.0, 10.5, arabic)), "crosses the bottom margin"),
        ("a word in the side margin", good + [word(540, 560, 110.0, 10.5, arabic, "سلام")], shown,
         "in the side margin"),
    ]
    failures = 0
    for what, words_, shown_, expected in cases:
        problems, _ = bbox_problems([(pw, ph, words_)], None if shown_ is None else [shown_])
        ok = not problems if expected is None else any(expected in x for x in problems)
        if not ok:
            failures += 1
            print(f"FAIL self-test layout {what}: expected {expected!r}, got {problems}")
    # The same header on two pages, or not.
    two = [(pw, ph, good), (pw, ph, good)]
    if bbox_problems(two, [shown, shown])[0]:
        failures += 1
        print("FAIL self-test layout: two equal pages")
    other = [(pw, ph, good), (pw, ph, [word(450, 480, 39.73, 8, arabic, "أخرى")] + footer + heading)]
    if not any("header differs" in x for x in bbox_problems(other, [shown, shown])[0]):
        failures += 1
        print("FAIL self-test layout: a header that differs between pages")
    print(f"self-test (layout): {len(cases) + 2 - failures} passed, {failures} failed")
    return failures


def text_self_test() -> int:
    """The PDF/DOCX text comparisons with pdftotext's right-to-left output:
    its bidi controls, its order of a line's runs, its reversed ligatures
    and marks pass; a missing, doubled or far-away word still fails, and
    in a left-to-right document a block's order still counts."""
    rle, lre, pdf = "\u202b", "\u202a", "\u202c"
    title = "مذكرة إحاطة مقدمة إلى: Embassy of Egypt"
    title_pdf = f"{rle}مذكرة إحاطة مقدمة إلى{lre}Embassy of Egypt :{pdf}{pdf}"
    filler = " ".join(f"كلمة{n}" for n in range(20))
    meeting = "الاجتماع"
    cases: list[tuple[str, str, str, bool, bool, bool]] = [
        # what, DOCX block, PDF text, right-to-left document, a table cell, found
        ("runs reordered", title, title_pdf, True, False, True),
        ("a word missing", title, title_pdf.replace("Egypt", ""), True, False, False),
        ("a word far away", title, title_pdf.replace("Embassy of Egypt", "") + filler + " Embassy of Egypt",
         True, False, False),
        ("a lam-alef reversed", meeting, f"{rle}االجتماع{pdf}", True, False, True),
        ("a letter missing", meeting, f"{rle}االجماع{pdf}", True, False, False),
        ("a mark before its letter", "أُعدت من أجل", f"{rle}ُأعدت من أجل{pdf}", True, False, True),
        ("a letter doubled", "أُعدت من أجل", f"{rle}ُأععدت من أجل{pdf}", True, False, False),
        ("a word broken over two lines", "قارنوا พระราชบัญญัติว่าด้วย",
         f"พระราชบัญญัติ {rle}قارنوا{pdf}\nว่าด้วย", True, False, True),
        ("a cell's words apart", "Person 5, Counsellor", f"Person {rle}التاريخ المكان{pdf} 5 Counsellor",
         True, True, True),
        # Left to right: the order counts, as it always did.
        ("a Latin block in order", "Legal Initiatives for Vietnam (LIV)", "Legal Initiatives for Vietnam (LIV)",
         False, False, True),
        ("a Latin block reordered", "Legal Initiatives for Vietnam (LIV)", "(LIV) Legal Initiatives for Vietnam",
         False, False, False),
        ("the same in an Arabic document", "Legal Initiatives for Vietnam (LIV)",
         f"{rle}){lre}Legal Initiatives for Vietnam (LIV{pdf}{pdf}", True, False, True),
    ]
    failures = 0
    for what, block, text, rtl_doc, cell, found in cases:
        dtext = DocxText([block], [], {block} if cell else set())
        lost = lost_blocks(dtext, text, rtl_doc)
        if (not lost) != found:
            failures += 1
            print(f"FAIL self-test text {what}: expected {'found' if found else 'lost'}, got {lost}")
    # The words of the pair check: pdftotext's controls and reversals set
    # aside, nothing else.
    pairs = [
        ("25 آذار/مارس 2024، 10:30", f"{lre} 25{pdf}آذار{lre}/{pdf}مارس {lre}10:30 ,2024{pdf}", True),
        ("الاجتماع عضواً", f"{rle}االجتماع عضوًا{pdf}", True),
        ("الاجتماع عضواً", f"{rle}االجتماع عضواا{pdf}", False),
        ("أُعدت من أجل", f"{rle}ُأُأعدت من ُأجل{pdf}", False),
        ("حملة تجريبية", f"{rle}حملة{pdf}", False),
    ]
    for docx, pdf_text_, same in pairs:
        only_pdf, only_docx, _ = fragments(words(pdf_text_), words(docx), pdf_text_, docx)
        if (not only_pdf and not only_docx) != same:
            failures += 1
            print(f"FAIL self-test words {docx!r} / {pdf_text_!r}: only in the PDF {only_pdf}, "
                  f"only in the DOCX {only_docx}")
    print(f"self-test (text): {len(cases) + len(pairs) - failures} passed, {failures} failed")
    return failures


def check_docx_reader(path: Path, r: Result, is_pack: bool) -> bool:
    """Checks what python-docx sees; False when it cannot open the file."""
    import docx

    try:
        d = docx.Document(str(path))
    except Exception as e:  # noqa: BLE001 - any refusal is the finding
        r.fail(f"python-docx cannot open it: {e}")
        return False
    used: dict[str, int] = {}
    listed = 0
    for p in d.paragraphs:
        used[p.style.name] = used.get(p.style.name, 0) + 1
        ppr = p._p.pPr
        if ppr is not None and ppr.numPr is not None:
            listed += 1
        elif p.style.element.pPr is not None and p.style.element.pPr.numPr is not None:
            listed += 1
    if not used.get("Title"):
        r.fail("no paragraph in style 'Title'")
    # Their order (no skipped level) is an accessibility rule of check_docx_package.
    if not any(re.fullmatch(r"Heading [1-9]", p.style.name) for p in d.paragraphs):
        r.fail("no paragraph in a 'Heading N' style")
    if not listed:
        r.fail("no list paragraphs")
    if is_pack and not d.tables:
        r.fail("no tables")
    cp = d.core_properties
    if not cp.title or not cp.author:
        r.fail("core properties lack a title or an author")
    r.notes.append(f"{sum(used.values())} paragraphs, {listed} in lists, {len(d.tables)} tables")
    return True


def convert_with_libreoffice(docxs: list[Path], outdir: Path) -> tuple[int, str]:
    """Converts all files in one soffice run (start-up dominates) with a private profile."""
    if not docxs:
        return 0, ""
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        cmd = [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(outdir),
            *map(str, docxs),
        ]
        p = run(cmd, timeout=120 + 30 * len(docxs))
        return p.returncode, (p.stderr or "").strip()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def vietnamese_words(text: str) -> set[str]:
    return {w for w in nfc(text).split() if any(c in VIETNAMESE for c in w)}


# --- a folder ------------------------------------------------------------------


def check_folder(folder: Path, set_name: str | None, work: Path) -> list[Result]:
    results: list[Result] = []
    if not folder.is_dir():
        r = Result(str(folder))
        r.fail("no such folder")
        return [r]
    pdfs = sorted(folder.glob("*.pdf"))
    docxs = sorted(folder.glob("*.docx"))
    stems = sorted({p.stem for p in pdfs + docxs})
    expect = EXPECT.get(set_name or "", {})
    forbidden = FORBIDDEN.get(set_name or "", [])
    if set_name and not (set(expect) - {"*"}) <= set(stems):
        r = Result(f"{folder}/*")
        r.fail(f"packs missing: {sorted(set(expect) - {'*'} - set(stems))}")
        results.append(r)
    manifest = folder / "manifest.json"
    if manifest.exists():
        r = Result(str(manifest))
        try:
            json.loads(manifest.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as e:
            r.fail(f"not JSON: {e}")
        results.append(r)

    lo_dir = work / folder.name
    lo_dir.mkdir(parents=True, exist_ok=True)
    lo_exit, lo_err = convert_with_libreoffice(docxs, lo_dir)

    for stem in stems:
        pdf, dx = folder / f"{stem}.pdf", folder / f"{stem}.docx"
        # A speaker's script (statements/) is public like a pack, but
        # holds no tables and none of a pack's expected strings.
        is_script = folder.name == "statements"
        is_pack = stem not in INTERNAL and not is_script
        wanted = (expect.get("*", []) + expect.get(stem, [])) if is_pack else []
        must_not = forbidden if is_pack or is_script else []
        ptext = dtext = None

        if dx.exists():
            r = Result(str(dx))
            check_docx_package(dx, r)
            if check_docx_reader(dx, r, is_pack):
                dtext = docx_text(dx)
                check_strings(bare(dtext.all), wanted, must_not, r, "DOCX")
                lo_pdf = lo_dir / f"{stem}.pdf"
                if lo_exit != 0:
                    r.fail(f"soffice exit {lo_exit}: {lo_err[-200:]}")
                elif not lo_pdf.exists() or lo_pdf.stat().st_size == 0:
                    r.fail(f"LibreOffice wrote no PDF ({lo_err[-200:]})")
                else:
                    lo_text = pdf_text(lo_pdf)
                    # pdftotext may run narrow-spaced one-letter words together.
                    lo_flat = bare(lo_text)
                    lost = sorted(w for w in vietnamese_words(dtext.all) if bare(w) not in lo_flat)
                    if lost:
                        r.fail(f"LibreOffice's PDF lacks {len(lost)} Vietnamese words, e.g. {lost[:5]}")
                    check_strings(bare(lo_text), wanted, [], r, "LibreOffice's PDF")
                    check_bbox(lo_pdf, r, margins=False)
                    r.notes.append(f"LibreOffice: {len(bbox_pages(lo_pdf))} pages")
            results.append(r)

        if pdf.exists():
            r = Result(str(pdf))
            check_qpdf(pdf, r)
            check_fonts(pdf, r)
            check_info(pdf, r)
            try:
                check_structure_text(pdf, r)
                ptext = pdf_text(pdf)
                check_bbox(pdf, r)
            except (RuntimeError, ET.ParseError) as e:
                r.fail(str(e))
            if ptext is not None:
                if nfc(ptext) != ptext:
                    r.fail("extracted text is not NFC")
                check_strings(bare(ptext), wanted, must_not, r, "PDF")
                if dtext is not None:
                    lost = lost_blocks(dtext, pdf_body_text(pdf), docx_rtl(dx))
                    if lost:
                        r.fail(
                            f"{len(lost)} of {len(dtext.blocks)} DOCX paragraphs not in the PDF's text, "
                            f"e.g. {short(squash(lost[0]), 90)}"
                        )
            results.append(r)

        if ptext is not None and dtext is not None:
            r = Result(f"{folder}/{stem}.{{pdf,docx}}")
            a, b = words(ptext), words(dtext.all)
            only_pdf, only_docx, shared = fragments(a, b, ptext, dtext.all)
            agree = shared / max(1, shared + len(only_pdf) + len(only_docx))
            detail = (
                f"words agree {agree:.1%} ({shared} shared, {len(only_pdf)} only in PDF, "
                f"{len(only_docx)} only in DOCX)"
            )
            if agree < WORD_AGREEMENT:
                r.fail(f"{detail}: PDF only {sorted(only_pdf)[:6]}, DOCX only {sorted(only_docx)[:6]}")
            else:
                r.notes.append(detail)
            results.append(r)
        elif is_pack and (pdf.exists() != dx.exists()):
            r = Result(f"{folder}/{stem}.{{pdf,docx}}")
            r.fail("only one of the PDF and the DOCX exists")
            results.append(r)
    return results


def fragments(a: set[str], b: set[str], pdf_text: str, docx_text: str) -> tuple[set[str], set[str], int]:
    """Word sets compared with the artefacts of text extraction undone.

    A word of the DOCX that the PDF set on two lines (a long URL, "2024–" /
    "2026") is in the PDF's text once whitespace and hyphens are removed, and
    its pieces are then no words of their own. pdftotext also runs narrowly
    spaced one-letter words together ("a à á" comes back as "aàá"); such a
    run is in the DOCX's text once whitespace is removed. Returns the words
    only in the PDF, the words only in the DOCX, and the number of shared words.
    """
    pdf_flat, docx_flat = bare(pdf_text).casefold(), bare(docx_text).casefold()
    only_docx = {w for w in b - a if bare(w) not in pdf_flat}
    whole = b - a - only_docx  # DOCX words the PDF broke across lines
    # Numbers alone are list markers and page numbers in the PDF; in the
    # DOCX, Word computes them from numbering definitions and fields.
    only_pdf = {
        w
        for w in a - b
        if not w.isdigit()
        and not (len(w) >= 8 and bare(w) in docx_flat)
        and not any(bare(w) in bare(x) for x in whole)
    }
    return only_pdf, only_docx, len(a & b) + len(whole)


def check_strings(flat: str, wanted: list[str], must_not: list[str], r: Result, where: str) -> None:
    lost = [s for s in wanted if bare(s) not in flat]
    if lost:
        r.fail(f"{where} lacks {len(lost)} expected strings: {', '.join(short(x, 50) for x in lost[:3])}")
    leaked = [s for s in must_not if bare(s) in flat]
    if leaked:
        r.fail(f"{where} shows coalition-only text {leaked}")


def main(argv: list[str]) -> int:
    if not argv or any(a in ("-h", "--help") for a in argv):
        print(__doc__)
        return 2 if not argv else 0
    if argv == ["--self-test"]:
        return self_test()
    missing = [t for t in ("qpdf", "pdffonts", "pdftotext", "pdfinfo", "soffice") if not shutil.which(t)]
    if missing:
        print(f"error: not installed: {', '.join(missing)}", file=sys.stderr)
        return 2
    targets = []
    for a in argv:
        name, sep, d = a.partition("=")
        if sep and name in EXPECT:
            targets.append((Path(d), name))
        elif sep:
            print(f"error: unknown set {name!r} (known: {', '.join(EXPECT)})", file=sys.stderr)
            return 2
        else:
            targets.append((Path(a), None))
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="conformance-") as work:
        for i, (folder, set_name) in enumerate(targets):
            for r in check_folder(folder, set_name, Path(work) / str(i)):
                print(r.line(), flush=True)
                if r.problems:
                    failed += 1
                else:
                    passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
