"""Markdown bodies to safe HTML, and to plain text for calendar descriptions.

Contributors may write raw HTML in Markdown; nh3 (the Rust ammonia sanitiser) keeps a safe
subset. Only http(s), mailto and tel links survive, and every link gets rel="noopener".
"""

from __future__ import annotations

import re
import threading
import xml.etree.ElementTree as etree
from collections.abc import Iterable
from html.parser import HTMLParser

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

from . import parallel

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup",
    "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "code", "pre", "hr", "abbr",
    "h2", "h3", "h4", "h5", "h6", "a", "img", "figure", "figcaption",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


class _DemoteHeadings(Treeprocessor):
    """The page title is the only h1: a body's top headings become h2, the rest follow.

    Whether a volunteer starts sections with "#" or "##", the outline stays unbroken (no
    h1 in the body, no jump from the title's h1 to an h3).
    """

    def run(self, root: etree.Element) -> None:
        headings = [el for el in root.iter() if el.tag in _HEADINGS]
        if not headings:
            return
        shift = 2 - min(int(el.tag[1]) for el in headings)
        for el in headings:
            el.tag = f"h{min(int(el.tag[1]) + shift, 6)}"


class _Extension(markdown.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_DemoteHeadings(md), "demote_headings", 5)


_local = threading.local()


def _md() -> markdown.Markdown:
    """The converter with Markdown Extra: one per thread, reset between documents (building
    one costs more than a body)."""
    if not hasattr(_local, "md"):
        _local.md = markdown.Markdown(extensions=["extra", "sane_lists", _Extension()])
    return _local.md


# Markdown Extra's syntax takes a sixth of the time of every conversion, and few bodies use
# any of it. A body without a single character any of it begins with is converted without it:
# the HTML is the same (tests/test_speedups.py compares the two on arbitrary text). What
# begins it: "<" raw HTML and "&" entities (md_in_html handles both), "{" attribute lists,
# "|" tables (and their escape "\|"), ``` and ~~~ fenced code, "[^" footnotes (and their
# placeholder text), "*[" abbreviations, and a ":" with only spaces, quote or list marks
# before it on its line: a definition, maybe inside a quote or a list item.
_EXTRA_SYNTAX = re.compile(
    r"[<&{|\x02\x03]|```|~~~|\[\^|\*\[|Footnotes Go Here|^[ \t>*+\-\d.)]*:", re.MULTILINE
)


# Python-Markdown takes time quadratic in some runs of markup (Python-Markdown/markdown#798):
# 4,000 "[" took 15 s, 48,000 characters of "<a " 90 s, 20,000 of "-" lines 10 s, and a
# 256 KiB file of any of them many minutes. These bounds keep every body to seconds at most;
# the longest real body has 2,000 characters.
MAX_BODY_CHARS = 20_000
MAX_MARKS = {"[": 500, "<": 1000}


def body_problem(text: str) -> tuple[int, str] | None:
    """(line in the body, message) when a body is too costly to convert, else None."""
    if len(text) > MAX_BODY_CHARS:
        message = f"apraksts ir pārāk garš: {len(text)} rakstzīmes, atļautas {MAX_BODY_CHARS}"
        return text.count("\n", 0, MAX_BODY_CHARS) + 1, message
    for mark, most in MAX_MARKS.items():
        count = text.count(mark)
        if count > most:
            at = -1
            for _ in range(most + 1):
                at = text.index(mark, at + 1)
            message = f"aprakstā ir pārāk daudz zīmju “{mark}”: {count}, atļautas {most}"
            return text.count("\n", 0, at) + 1, message
    return None


# Built once: nh3.clean builds its sanitiser from these sets anew on every call, which took
# nearly as long as the cleaning itself.
_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def sanitize(fragment: str) -> str:
    return _CLEANER.clean(fragment)


# Python-Markdown tries every inline pattern on every run of text, and every block processor
# on every block, in turn; a body needs few of them, and trying the others took two fifths of
# the time of a conversion. A body without Markdown Extra syntax is converted by a converter
# left without those that cannot act on it: what they look at is the body's text, cut up, and
# it lacks every string they need. What each needs, by (kind, name):
_NEEDS = {
    ("inline", "backtick"): ("`",),
    ("inline", "escape"): ("\\",),
    ("tree", "unescape"): ("\\",),  # puts back what "escape" set aside
    ("inline", "link"): ("[",),
    ("inline", "image_link"): ("![",),
    # [text][id], [id], ![alt][id] and ![id] make links only of an id defined by "[id]: URL".
    ("inline", "reference"): ("]:",),
    ("inline", "short_reference"): ("]:",),
    ("inline", "image_reference"): ("]:",),
    ("inline", "short_image_ref"): ("]:",),
    ("inline", "linebreak"): ("  ", "\t"),  # two spaces at the end of a line; tabs become spaces
    ("inline", "em_strong"): ("*", "_"),
    # "<" and "&" send a body to Markdown Extra (see _EXTRA_SYNTAX): never needed here.
    ("inline", "autolink"): ("<",),
    ("inline", "automail"): ("<",),
    ("inline", "html"): ("<",),
    ("inline", "entity"): ("&",),
    ("pre", "html_block"): ("<", "&"),  # sets raw HTML aside
    ("block", "hashheader"): ("#",),
    ("block", "quote"): (">",),
    ("block", "reference"): ("]:",),  # the "[id]: URL" definitions
}
_NEEDED = {s for needs in _NEEDS.values() for s in needs}


def _md_without_extra(text: str) -> markdown.Markdown:
    """The converter for a body without Markdown Extra syntax: one per thread and set of
    unused processors, kept (bodies make a few such sets)."""
    present = {s for s in _NEEDED if s in text}
    unused = frozenset(key for key, needs in _NEEDS.items() if present.isdisjoint(needs))
    converters = _local.__dict__.setdefault("without_extra", {})
    md = converters.get(unused)
    if md is None:
        md = converters[unused] = markdown.Markdown(extensions=["sane_lists", _Extension()])
        kinds = {
            "inline": md.inlinePatterns,
            "pre": md.preprocessors,
            "tree": md.treeprocessors,
            "block": md.parser.blockprocessors,
        }
        for kind, name in unused:
            kinds[kind].deregister(name)
    return md


def _convert(text: str) -> str:
    text = text or ""
    md = _md() if _EXTRA_SYNTAX.search(text) else _md_without_extra(text)
    try:
        return sanitize(md.convert(text))
    finally:
        md.reset()


# Each distinct text is converted once: a body shows on its page in every language, in
# listings and in several feeds. ``prerender`` fills these ahead of the pages, on every core.
_html: dict[str, str] = {}
_text: dict[str, str] = {}


def to_html(text: str) -> str:
    """Markdown to sanitised HTML."""
    html = _html.get(text)
    if html is None:
        html = _html[text] = _convert(text)
    return html


_BLOCKS = frozenset(
    [
        "p",
        "ul",
        "ol",
        "dl",
        "table",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "tr",
        "dt",
        "dd",
    ]
)  # each starts a new paragraph


class _TextExtractor(HTMLParser):
    """Plain text from sanitised HTML: paragraphs on their own lines, links as "text (URL)"."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.href: str | None = None
        self.link_text: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "li":
            self.parts.append("\n• ")
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "a":
            self.href = dict(attrs).get("href")
            self.link_text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.href is not None:
            text = "".join(self.link_text)
            show_url = self.href != text and not self.href.startswith(("mailto:", "tel:"))
            self.parts.append(f"{text} ({self.href})" if show_url else text)
            self.href = None

    def handle_data(self, data: str) -> None:
        if not data.strip() and "\n" in data:
            return  # the converter's line breaks between tags, not text
        (self.link_text if self.href is not None else self.parts).append(data)


def to_text(text: str) -> str:
    """Markdown to readable plain text (calendar DESCRIPTION): no markup, links kept as URLs.

    Works on the already sanitised HTML, so nothing a contributor hides in markup leaks through.
    """
    plain = _text.get(text)
    if plain is None:
        plain = _text[text] = _plain(to_html(text))
    return plain


def _plain(html: str) -> str:
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def convert(text: str) -> tuple[str, str]:
    """The text as HTML and as plain text, not kept: for work done in another process."""
    html = _convert(text)
    return html, _plain(html)


def keep(text: str, html: str, plain: str) -> None:
    """Keep what ``convert`` gave elsewhere, for ``to_html``, ``to_text`` and ``prerender``."""
    _html[text], _text[text] = html, plain


def prerender(texts: Iterable[str]) -> None:
    """Convert every distinct text before the pages and feeds ask for it, on every core.

    Texts converted by an earlier build in this process (`make serve`) are kept, so a rebuild
    converts only the edited ones; texts no longer given are forgotten.
    """
    wanted = set(texts)
    html = {t: h for t, h in _html.items() if t in wanted and t in _text}
    plain = {t: _text[t] for t in html}
    todo = sorted(wanted - html.keys())
    for t, (h, p) in zip(todo, parallel.map_all(convert, todo), strict=True):
        html[t], plain[t] = h, p
    _html.clear()
    _html.update(html)
    _text.clear()
    _text.update(plain)
