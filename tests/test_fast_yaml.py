"""libyaml reads front matter exactly as the pure-Python parser does, only faster."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ngo import frontmatter

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml")


def both(monkeypatch, text: str):
    fast = frontmatter.parse_yaml("x.md", text, 2)
    monkeypatch.setattr(frontmatter, "_FAST_LOADER", None)
    slow = frontmatter.parse_yaml("x.md", text, 2)
    monkeypatch.setattr(frontmatter, "_FAST_LOADER", yaml.CSafeLoader)
    return fast, slow


def same(fast, slow) -> None:
    (fast_doc, fast_problems), (slow_doc, slow_problems) = fast, slow
    assert fast_problems == slow_problems
    assert fast_doc.data == slow_doc.data
    assert fast_doc.lines == slow_doc.lines


def test_every_file_of_the_repository_reads_the_same(monkeypatch):
    files = [p for d in ("content", "tests/fixtures") for p in (ROOT / d).rglob("*")]
    files = [p for p in files if p.suffix in (".md", ".yaml")]
    assert files
    for path in files:
        text, _ = frontmatter.decode(path.name, path.read_bytes())
        if path.suffix == ".md":
            front, *_ = frontmatter.split_front_matter(path.name, text or "")
            text = front or ""
        same(*both(monkeypatch, text or ""))


@pytest.mark.parametrize(
    "text",
    [
        "a: ~\nb: null\nc: ''\nd: \"\"\ne:\nf: [~, '~', x]\n",  # null only when plain
        "a: &x 1\nb: *x\n",  # aliases refused
        "a: b: c\n",  # errors worded by the pure-Python parser
        "a:\n\t- x\n",
        "a: [x\n",
        "[" * 2000 + "]" * 2000,  # deeper than libyaml allows
        "- " * 30 + "x\n",
        "a: 1\na: 2\n",
        "? [a]\n: b\n",
        "a: |\n  text\n  more\nb: >\n  folded\n",
        "a: 'it''s'\nb: \"\\u0101\"\n",
    ],
)
def test_edge_cases_read_the_same(monkeypatch, text):
    same(*both(monkeypatch, text))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab:-[]{},'\"&*!|>#~ \n\t?%@`āž0\ufeff", max_size=60))
def test_arbitrary_text_reads_the_same(text):
    with pytest.MonkeyPatch.context() as monkeypatch:
        same(*both(monkeypatch, text))
