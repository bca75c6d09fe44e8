"""The speed-up of converting bodies changes nothing but the time it takes: a body without
Markdown Extra syntax is converted by a converter without the inline patterns, block
processors and preprocessor it cannot need, and the HTML is the one the whole converter makes.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import markdown
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from _benchdata import write_content
from ngo import frontmatter, markup

ROOT = Path(__file__).resolve().parent.parent


def whole_converter(text: str) -> str:
    """What ``_convert`` gave before: every pattern and processor of Markdown (no Extra)."""
    md = markdown.Markdown(extensions=["sane_lists", markup._Extension()])
    try:
        return markup.sanitize(md.convert(text))
    finally:
        md.reset()


# Markdown without Markdown Extra's syntax: what every pruned pattern and processor needs,
# and what could fool a check for it.
MARKDOWN = st.lists(
    st.sampled_from(
        [*"ab1 \n\t>-*+.)#[]()!`_\\^=\"'/;~", "\n\n", "    ", "  \n", "1. ", "- ", "> ", "# ",
         "## x ##", "**", "__", "*a*", "_a_", "[x]", "[x]: https://e.lv", "[x][]", "[x][y]",
         "[y]: https://e.lv \"t\"", "![a](https://e.lv/a.png)", "![a][x]", "![x]",
         "(https://e.lv)", "`c`", "``a`b``", "\\*", "\\[", "\\`", "a  \nb", "a\t\nb", "x\ny\n===",
         "x\n---", "---", "***", "> > q", "- a\n\n    b", "1. a\n2. b", "https://e.lv",
         "ā", "mailto:a@e.lv", "[x](<https://e.lv>)"]
    ),
    max_size=30,
).map("".join)  # fmt: skip


@settings(max_examples=2000, deadline=None)
@given(MARKDOWN)
def test_bodies_without_extra_convert_as_the_whole_converter_does(text):
    assume(not markup._EXTRA_SYNTAX.search(text))
    assert markup._convert(text) == whole_converter(text)


def bodies() -> list[str]:
    return [
        frontmatter.read_markdown(p.name, p.read_bytes())[0].body
        for d in (ROOT / "content", ROOT / "tests/fixtures")
        for p in d.rglob("*.md")
    ]


def test_every_body_of_the_repository_converts_the_same(tmp_path):
    write_content(tmp_path, 60, date(2027, 1, 1))
    texts = bodies() + [
        frontmatter.read_markdown(p.name, p.read_bytes())[0].body for p in tmp_path.rglob("*.md")
    ]
    assert len(texts) > 100
    for text in texts:
        if not markup._EXTRA_SYNTAX.search(text):
            assert markup._convert(text) == whole_converter(text)
