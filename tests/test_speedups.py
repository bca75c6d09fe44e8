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
from ngo import content, frontmatter, markup, parallel, schema
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


# -- the quick check of valid front matter ---------------------------------------------------


def checked_both_ways(monkeypatch, doc, kind):
    quick = schema.check(doc, kind)
    with monkeypatch.context() as m:
        m.setattr(schema, "_valid", lambda value, schema: False)  # jsonschema alone
        slow = schema.check(doc, kind)
    return quick, slow


KINDS = [*schema.KINDS, "event-translation", "organization-translation"]


def test_every_file_of_the_repository_is_checked_the_same(monkeypatch, tmp_path):
    write_content(tmp_path, 60, date(2027, 1, 1))
    files = [p for d in (ROOT / "content", ROOT / "tests/fixtures", tmp_path) for p in d.rglob("*")]
    files = [p for p in files if p.suffix in (".md", ".yaml")]
    assert len(files) > 100
    for path in files:
        reader = frontmatter.read_yaml if path.suffix == ".yaml" else frontmatter.read_markdown
        doc, _ = reader(path.name, path.read_bytes())
        for kind in KINDS:
            quick, slow = checked_both_ways(monkeypatch, doc, kind)
            assert quick == slow, (path, kind)


WORDS = st.sampled_from(
    ["", " ", "x", "a-b", "A", "12", "-3", "1.5", "true", "no", "2027-01-15", "2027-01-15 18:00",
     "18:00", "FREQ=WEEKLY", "https://e.lv", "javascript:x", "confirmed", "Europe/Riga", "a" * 201,
     "40008114442", "56.97", "1000"]
)  # fmt: skip
VALUES = st.recursive(
    st.none() | WORDS | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(WORDS, inner, max_size=3),
    max_leaves=6,
)


def valid_documents() -> dict[str, dict]:
    """A valid document of each kind, from the repository's content."""
    found = {}
    for path in sorted((ROOT / "content").rglob("*")):
        if path.suffix not in (".md", ".yaml"):
            continue
        reader = frontmatter.read_yaml if path.suffix == ".yaml" else frontmatter.read_markdown
        doc, _ = reader(path.name, path.read_bytes())
        for kind in KINDS:
            if kind not in found and not schema.check(doc, kind)[1] and len(doc.data) > 2:
                found[kind] = doc.data
    assert sorted(found) == sorted(KINDS)
    return found


VALID = valid_documents()


TRICKY = [
    None, "", " ", "x", "A", "a-", "12", "-3", "0", "1.5", "1e3", "true", "no", "2027-01-15",
    "2027-01-15 18:00", "18:00", "FREQ=WEEKLY", "https://e.lv", "javascript:x", "confirmed",
    "Europe/Riga", "a" * 101, "a" * 201, "a" * 301, "a" * 1001, "40008114442", "56.97", "91",
    "-181", "1000", [], ["x"], ["x", "x"], ["x", "y"], ["A"], ["x", None], [["x"]], ["1", "2"],
    ["56.9", "24.1"], ["56.9", "24.1", "1"], ["91", "0"], ["0", "-181"], ["https://e.lv"],
    ["https://e.lv", "https://e.lv"], ["2027-01-15"], {}, {"lv": "a"}, {"lv": "a", "en": "b"},
    {"lv": "", "en": "b"}, {"lv": "a", "en": "b", "x": "c"},
]  # fmt: skip


@pytest.mark.parametrize("kind", KINDS)
def test_valid_front_matter_with_any_field_changed_is_checked_the_same(monkeypatch, kind):
    names = [*schema.load(kind).get("properties", ()), *VALID[kind], "x", "A", "lv"]
    for name in dict.fromkeys(names):
        for value in TRICKY:
            doc = frontmatter.Document("x.md", {**VALID[kind], name: value})
            quick, slow = checked_both_ways(monkeypatch, doc, kind)
            assert quick == slow, (name, value)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(KINDS), st.data())
def test_arbitrary_front_matter_is_checked_the_same(kind, data):
    names = st.sampled_from([*schema.load(kind).get("properties", ()), "lv", "en", "x", "kekava"])
    changes = data.draw(st.dictionaries(names, VALUES | st.lists(WORDS, max_size=3), max_size=3))
    base = data.draw(st.sampled_from([VALID[kind], {}]))
    doc = frontmatter.Document("x.md", {**base, **changes})
    with pytest.MonkeyPatch.context() as monkeypatch:
        quick, slow = checked_both_ways(monkeypatch, doc, kind)
    assert quick == slow


# -- Markdown without Markdown Extra where a body uses none of it ---------------------------


def with_extra(text: str) -> str:
    md = markup._md()
    try:
        return markup.sanitize(md.convert(text))
    finally:
        md.reset()


MARKDOWN = st.lists(
    st.sampled_from(
        [*"ab1 \n\t:>-*+.)#[]()!`~_\\^|{}<>&;=\"'/", "\n\n", "    ", "1. ", "- ", "> ", ": ",
         "**", "[x]", "[x]: https://e.lv", "(https://e.lv)", "```", "~~~", "[^1]", "*[ab]",
         "&amp;", "&copy;", "<b>", "</b>", "{: .x}", "| a |", "---", "===", "ab\n: cd",
         # whole pieces of each kind of Markdown Extra syntax
         "\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n", "a | b\n--|--\n1 | 2\n",
         "[^1]\n\n[^1]: Piezīme.\n", "\n```\nkods\n```\n", "\n~~~\nkods\n~~~\n",
         "*[NVO]: Nevalstiska organizācija\nNVO\n", "# Virsraksts {#id}\n", "teksts\n{: .x}\n",
         "[saite](https://e.lv){: rel=x}", "<div markdown=\"1\">\n*x*\n</div>\n",
         "\nTermins\n: Skaidrojums\n", "- a\n\n    Termins\n    : Skaidrojums\n",
         "> Termins\n> : Skaidrojums\n", "a \\| b", "///Footnotes Go Here///"]
    ),
    max_size=30,
).map("".join)  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(MARKDOWN)
def test_bodies_without_extra_syntax_convert_the_same_without_it(text):
    assert markup._convert(text) == with_extra(text)


def test_every_body_of_the_repository_converts_the_same(tmp_path):
    write_content(tmp_path, 60, date(2027, 1, 1))
    files = [
        p for d in (ROOT / "content", ROOT / "tests/fixtures", tmp_path) for p in d.rglob("*.md")
    ]
    plain = 0
    for path in files:
        doc, _ = frontmatter.read_markdown(path.name, path.read_bytes())
        assert markup._convert(doc.body) == with_extra(doc.body), path
        plain += not markup._EXTRA_SYNTAX.search(doc.body)
    assert plain > len(files) / 2  # the quick way is the common one
