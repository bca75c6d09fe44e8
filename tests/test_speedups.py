"""The speed-ups of the loading path change nothing but the time it takes.

- libyaml reads front matter exactly as the pure-Python parser does;
- a second ``collect`` in the same process (`make serve`) reuses what did not change, and
  sees what did;
- bodies converted ahead on every core are the ones converted on demand.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from _benchdata import write_content
from ngo import content, frontmatter, markup, parallel
from ngo.config import Config

ROOT = Path(__file__).resolve().parent.parent
NOW = Config(now=datetime(2027, 1, 1, tzinfo=UTC))
libyaml = pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml")


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


@libyaml
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


@libyaml
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


@libyaml
@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab:-[]{},'\"&*!|>#~ \n\t?%@`āž0\ufeff", max_size=60))
def test_arbitrary_text_reads_the_same(text):
    with pytest.MonkeyPatch.context() as monkeypatch:
        same(*both(monkeypatch, text))


def summary(folder: Path):
    loaded, problems = content.collect(folder, NOW)
    events = {
        s: (e.title, e.body, e.start_local, e.organizers, e.translations)
        for s, e in loaded.events.items()
    }
    return events, sorted(loaded.organizations), sorted(loaded.places), problems


def test_a_second_collect_sees_every_change_and_only_that(tmp_path, monkeypatch):
    folder = tmp_path / "content"
    write_content(folder, 150, date(2027, 1, 1))  # enough for the worker processes
    first = summary(folder)
    assert first[3] == []
    assert summary(folder) == first
    event = sorted(folder.glob("events/*/*.md"))[7]
    event.write_text(event.read_text().replace("title:", "title: Jauns", 1) + "\nJauns teksts.\n")
    (folder / "places" / sorted(p.name for p in (folder / "places").iterdir())[0]).unlink()
    again = summary(folder)
    assert again[3]  # the events at the deleted place now refer to nothing
    monkeypatch.setattr(content, "_PARSED", {})  # what a fresh process would read
    assert summary(folder) == again
    assert again[0][event.stem][0].startswith("Jauns")


def test_prerendered_bodies_are_the_ones_converted_on_demand(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)
    bodies = ["**a** [x](https://e.lv)", "# H\n\n- 1\n- 2", "<script>x</script>", "plain"]
    expected = [(markup._convert(b), markup._plain(markup._convert(b))) for b in bodies]
    markup.prerender(bodies)
    assert [(markup.to_html(b), markup.to_text(b)) for b in bodies] == expected
    markup.prerender(bodies[:1])  # a later build keeps only what it still shows
    assert set(markup._html) == {bodies[0]}
