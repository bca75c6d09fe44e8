"""icalendar's line folding and TEXT escaping, the same bytes in a fraction of the time.

icalendar (7.x) folds every content line character by character, encoding each one to
count its UTF-8 octets: for a Latvian DESCRIPTION of 2,000 characters that is 2,000
``str.encode`` calls, and it was two thirds of the time of writing a feed. ``fold`` works
on the encoded line instead, a 74-octet slice at a time, and gives exactly what
icalendar's ``_foldline`` gives (``tests/test_folding.py`` compares the two on random
text): lines of at most 74 octets, never a character split across lines, and a ``\\`` or
``^`` that ends a line moved to the next one, so that an escape is never split (icalendar
issue #1501).

``install()`` makes icalendar use it. It replaces the one function it was checked against,
and nothing if icalendar has changed: then icalendar's own folding runs, only slower.

``text_octets`` is ``vText.to_ical()``: icalendar's seven replacements of TEXT escaping
(RFC 5545, 3.3.11), made on the UTF-8 octets instead of on the text. They replace ASCII
characters only, which UTF-8 keeps as they are and never uses inside another character,
so the result is the same, and octets are replaced in a third of the time of Latvian text
(two octets a character in Python's strings). ``tests/test_folding.py`` compares the two.
"""

from __future__ import annotations

from icalendar import vText
from icalendar.parser import content_line, string

LIMIT = 74  # octets per line before the CRLF: icalendar folds when a line would reach 75
SEP = "\r\n "
_SEP_OCTETS = SEP.encode()
_ESCAPES = (0x5C, 0x5E)  # "\\" and "^": one octet each, never inside a multi-octet character
_ORIGINAL = string._foldline


def fold(line: str, limit: int = 75, fold_sep: str = SEP) -> str:
    """``icalendar.parser.string._foldline(line, limit, fold_sep)``, faster."""
    if limit != LIMIT + 1 or fold_sep != SEP or "\n" in line:  # not the case checked
        return _ORIGINAL(line, limit, fold_sep)
    if len(line) <= LIMIT and (line.isascii() or len(line.encode()) <= LIMIT):
        return line
    data = line.encode()
    if len(data) <= LIMIT:
        return line
    return fold_octets(data).decode()  # each part ends between characters


def fold_octets(data: bytes) -> bytes:
    """``fold`` for a line already encoded (UTF-8, no newline): the same octets that
    ``fold(data.decode()).encode()`` gives, without decoding and encoding again."""
    size = len(data)
    if size <= LIMIT:
        return data
    parts = []
    start = 0
    while size - start > LIMIT:
        end = start + LIMIT
        while data[end] & 0xC0 == 0x80:  # inside a character: break before it
            end -= 1
        if data[end - 1] in _ESCAPES and end - start > 1:
            end -= 1  # keep the escape with what it escapes
        parts.append(data[start:end])
        start = end
    parts.append(data[start:])
    return _SEP_OCTETS.join(parts)


def text_octets(value: str | vText) -> bytes:
    """``vText(value).to_ical()`` for a str, or ``value.to_ical()`` for a ``vText`` in
    UTF-8 (what icalendar makes), faster."""
    if type(value) is not str and (type(value) is not vText or value.encoding != "utf-8"):
        return value.to_ical()  # not the case checked
    # The order of icalendar.parser.string._escape_char: "\\N" becomes a newline first.
    # Looking for a two-octet pattern takes longer than for one: those are looked for only
    # when their first octet is there at all.
    octets = str.encode(value)
    if b"\\" in octets:
        octets = octets.replace(b"\\N", b"\n").replace(b"\\", b"\\\\")
    octets = octets.replace(b";", b"\\;").replace(b",", b"\\,")
    if b"\r" in octets:
        octets = octets.replace(b"\r\n", b"\\n").replace(b"\r", b"\\n")
    return octets.replace(b"\n", b"\\n")


def install() -> bool:
    """Make icalendar fold with ``fold``; False (and nothing changed) if it cannot."""
    if content_line._foldline is fold:
        return True
    if content_line._foldline is not _ORIGINAL:
        return False
    content_line._foldline = fold
    return True
