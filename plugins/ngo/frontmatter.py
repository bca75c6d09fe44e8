"""Read a content file: YAML front matter with line numbers, and the Markdown body.

YAML's implicit typing is deliberately not used: every scalar is kept as the text the
volunteer wrote (``15:00`` stays "15:00", ``no`` stays "no") and the schema decides what it
means (see ``schema.coerce``). Anchors and aliases are refused, which also rules out
recursive documents and "billion laughs" alias bombs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from .problems import Problem

MAX_FILE_BYTES = 256 * 1024  # a generous event description is a few kilobytes
MAX_DEPTH = 20  # front matter is at most a list of lists; deeper is a mistake or an attack

NULLS = {"", "~", "null", "Null", "NULL"}

Raw = str | None | list | dict
Path_ = tuple  # a path into the data: ("geo", 0)


@dataclass
class Document:
    """A file's front matter as raw values, where each value stands, and its body."""

    path: str
    data: dict = field(default_factory=dict)
    lines: dict = field(default_factory=dict)  # Path_ -> 1-based line
    body: str = ""
    body_line: int = 1

    def line(self, *path) -> int:
        """Line of the field at ``path``, or of its nearest parent that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1


class _Reject(Exception):
    def __init__(self, line: int, field: str, message: str):
        self.line, self.field, self.message = line, field, message


def decode(path: str, raw: bytes) -> tuple[str | None, list[Problem]]:
    """Bytes to text with LF line ends; BOM and CRLF (Windows editors) are accepted."""
    if len(raw) > MAX_FILE_BYTES:
        kib = MAX_FILE_BYTES // 1024
        return None, [Problem(path, 1, "-", f"fails ir pārāk liels (vairāk nekā {kib} KiB)")]
    if b"\x00" in raw:
        return None, [Problem(path, 1, "-", "fails nav teksts (tajā ir nulles baiti)")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(path, line, "-", "fails nav UTF-8 kodējumā; saglabājiet to kā UTF-8")]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Control characters (ESC, form feed, C1...) are never meant: in error messages they drive
    # the terminal, and calendar apps refuse feeds that carry them (RFC 5545 TEXT has no CTLs).
    if bad := _CONTROL.search(text):
        line = text.count("\n", 0, bad.start()) + 1
        return None, [
            Problem(path, line, "-", f"failā ir neatļauta vadības rakstzīme {_name(bad[0])}")
        ]
    return text, []


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BAD_IN_VALUE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")  # YAML "\e", "\ud800"


def _name(char: str) -> str:
    return f"U+{ord(char):04X}"


def _compose(text: str) -> yaml.Node | None:
    """The node tree, by libyaml when PyYAML has it (ten times faster than pure Python).

    Whenever the text is not a plain mapping, the pure-Python parser reads it again: its
    error messages and lines are the ones volunteers see (libyaml words them differently),
    and nesting deeper than libyaml's limit goes on to the depth check below. So do tabs,
    byte order marks and "? " keys, where libyaml accepts some text that PyYAML refuses.
    Otherwise both give the same tree.
    """
    if _FAST_LOADER is not None and not _PYTHON_ONLY.search(text):
        try:
            node = yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            node = None
        if isinstance(node, yaml.MappingNode):
            return node
    return yaml.compose(text, Loader=yaml.SafeLoader)


if yaml.__with_libyaml__:

    class _CComposer(yaml.cyaml.CParser, yaml.resolver.BaseResolver):
        """libyaml's node tree without YAML's implicit types: the safe loader's resolver
        matched every scalar against them (a fifth of the time), for tags nothing reads."""

        def __init__(self, stream: str):
            yaml.cyaml.CParser.__init__(self, stream)
            yaml.resolver.BaseResolver.__init__(self)

    _FAST_LOADER = _CComposer
else:
    _FAST_LOADER = None
_PYTHON_ONLY = re.compile(r"[\t\ufeff]|\?(\s|$)")  # where libyaml reads more than PyYAML


def _deep_flow(text: str) -> int | None:
    """Where [ and { nest deeper than anyone writes, or None.

    The pure-Python parser (the fallback for libyaml's errors) takes time quadratic in that
    depth: 100 KB of "[" kept it busy for ten seconds. Brackets in quoted text count too; a
    hundred unclosed ones are not a real title either.
    """
    depth = 0
    for m in _BRACKET.finditer(text):
        depth = depth + 1 if m[0] in "[{" else max(depth - 1, 0)
        if depth > 100:
            return m.start()
    return None


_BRACKET = re.compile(r"[\[\]{}]")


def parse_yaml(path: str, text: str, first_line: int = 1) -> tuple[Document, list[Problem]]:
    """Parse a YAML mapping (a whole .yaml file or a front matter block)."""
    doc = Document(path)
    if (deep := _deep_flow(text)) is not None:
        line = first_line + text.count("\n", 0, deep)
        return doc, [Problem(path, line, "-", "YAML struktūra ir pārāk dziļa")]
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        what = exc.problem or "YAML sintakses kļūda"
        hint = ""
        if "\t" in text:
            hint = " (YAML neatļauj tabulācijas rakstzīmes atkāpēs; lietojiet atstarpes)"
        elif "mapping values are not allowed" in what:
            hint = ' (vērtību ar kolu ielieciet pēdiņās, piemēram, title: "Lekcija: tēma")'
        return doc, [Problem(path, line, "-", f"YAML sintakses kļūda: {what}{hint}")]
    except yaml.YAMLError as exc:
        return doc, [Problem(path, first_line, "-", f"YAML sintakses kļūda: {exc}")]
    except RecursionError:
        return doc, [Problem(path, first_line, "-", "YAML struktūra ir pārāk dziļa")]
    except ValueError as exc:  # the pure-Python scanner's chr() on an escape like "\U00110000"
        return doc, [Problem(path, first_line, "-", f"YAML sintakses kļūda: {exc}")]
    if node is None:
        return doc, [Problem(path, first_line, "-", "fails ir tukšs: trūkst lauku")]
    if not isinstance(node, yaml.MappingNode):
        line = first_line + node.start_mark.line
        return doc, [Problem(path, line, "-", "jābūt laukiem formā `lauks: vērtība`")]
    problems: list[Problem] = []
    seen: set[int] = set()

    def convert(n: yaml.Node, where: tuple, depth: int) -> Raw:
        line = first_line + n.start_mark.line
        name = str(where[0]) if where else "-"
        if id(n) in seen or getattr(n, "anchor", None):
            raise _Reject(line, name, "YAML enkuri un atsauces (&, *) nav atļauti")
        seen.add(id(n))
        if depth > MAX_DEPTH:
            raise _Reject(line, name, "YAML struktūra ir pārāk dziļa")
        if isinstance(n, yaml.ScalarNode):
            if not n.style and n.value in NULLS:  # plain: style None, or "" from libyaml
                return None
            if bad := _BAD_IN_VALUE.search(n.value):
                # Written as an escape in quotes; a lone surrogate crashed writing the site.
                raise _Reject(line, name, f"vērtībā ir neatļauta rakstzīme {_name(bad[0])}")
            return n.value
        if isinstance(n, yaml.SequenceNode):
            out = []
            for i, item in enumerate(n.value):
                doc.lines[(*where, i)] = first_line + item.start_mark.line
                out.append(convert(item, (*where, i), depth + 1))
            return out
        result: dict = {}
        for key_node, value_node in n.value:
            key_line = first_line + key_node.start_mark.line
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Reject(key_line, name, "lauka nosaukumam jābūt vienkāršam vārdam")
            key = key_node.value
            if key in result:
                problems.append(Problem(path, key_line, key, "lauks norādīts divreiz"))
                continue
            doc.lines[(*where, key)] = key_line
            result[key] = convert(value_node, (*where, key), depth + 1)
        return result

    try:
        doc.data = convert(node, (), 0)
    except _Reject as exc:
        problems.append(Problem(path, exc.line, exc.field, exc.message))
        doc.data = {}
    return doc, problems


def split_front_matter(path: str, text: str) -> tuple[str | None, int, str, int, list[Problem]]:
    """Return (front matter, its first line, body, body's first line, problems)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return (
            None,
            1,
            text,
            1,
            [
                Problem(
                    path, 1, "-", "trūkst priekšvārda (front matter): failam jāsākas ar rindu ---"
                )
            ],
        )
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return "\n".join(lines[1:i]), 2, "\n".join(lines[i + 1 :]), i + 2, []
    return (
        None,
        1,
        text,
        1,
        [Problem(path, 1, "-", "priekšvārds (front matter) nav noslēgts ar rindu ---")],
    )


def read_markdown(path: str, raw: bytes) -> tuple[Document, list[Problem]]:
    """Read a Markdown file with YAML front matter."""
    text, problems = decode(path, raw)
    if text is None:
        return Document(path), problems
    front, front_line, body, body_line, problems = split_front_matter(path, text)
    if front is None:
        return Document(path, body=body), problems
    doc, problems = parse_yaml(path, front, front_line)
    doc.body, doc.body_line = body, body_line
    return doc, problems


def read_yaml(path: str, raw: bytes) -> tuple[Document, list[Problem]]:
    """Read a plain YAML file (places, vocabularies, external calendar attributes)."""
    text, problems = decode(path, raw)
    if text is None:
        return Document(path), problems
    return parse_yaml(path, text, 1)
