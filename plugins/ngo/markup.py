"""Markdown bodies to safe HTML, and to plain text for calendar descriptions.

Contributors may write raw HTML in Markdown; nh3 (the Rust ammonia sanitiser) keeps a safe
subset. Only http(s), mailto and tel links survive, and every link gets rel="noopener".
"""

from __future__ import annotations

import threading
import xml.etree.ElementTree as etree
from html.parser import HTMLParser

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

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


class _DemoteHeadings(Treeprocessor):
    """The page title is the only h1: body headings start at h2."""

    def run(self, root: etree.Element) -> None:
        for el in root.iter():
            if el.tag in ("h1", "h2", "h3", "h4", "h5"):
                el.tag = f"h{min(int(el.tag[1]) + 1, 6)}"


class _Extension(markdown.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_DemoteHeadings(md), "demote_headings", 5)


_local = threading.local()


def _md() -> markdown.Markdown:
    # One converter per thread, reset between documents: building one costs more than a body.
    if not hasattr(_local, "md"):
        _local.md = markdown.Markdown(extensions=["extra", "sane_lists", _Extension()])
    return _local.md


def sanitize(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def to_html(text: str) -> str:
    """Markdown to sanitised HTML."""
    md = _md()
    try:
        return sanitize(md.convert(text or ""))
    finally:
        md.reset()


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
    parser = _TextExtractor()
    parser.feed(to_html(text))
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()
