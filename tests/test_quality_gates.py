"""Quality gates on the embedded content (content/), as CI runs them; never skipped.

- every generated HTML page (and the theme's CSS) passes the Nu HTML Checker with no error;
- axe-core in headless Chromium reports no WCAG 2.1 A/AA violation on one page of every type,
  in both languages, with JavaScript on and off.

A page's type is its kind in the URL table (plugins/ngo/urls.py), so a new kind of page is
checked as soon as the build writes one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, run_pelican
from support.quality import Browser, nu_check, serve

from ngo.urls import Urls

CONTENT = ROOT / "content"

# Beyond the first page of each type, the event pages that show the most: a cancelled, a
# tentative and a recurring event, and one with an English translation.
EXTRA_EVENT_FIELDS = ("status: cancelled", "status: tentative", "recurrence:")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gates") / "output"
    run_pelican(CONTENT, out)
    return out


def page_url(output: Path, path: Path) -> str:
    return "/" + path.relative_to(output).as_posix().removesuffix("index.html")


def pages_of_each_type(output: Path) -> dict[tuple[str, str], list[str]]:
    """(kind, lang) -> URLs: the first page of each type, plus the telling event pages."""
    urls = Urls()
    found: dict[tuple[str, str], list[str]] = {}
    for path in sorted(output.rglob("*.html")):
        rel = path.relative_to(output).as_posix()
        kind, lang, _slug = urls.match(rel) or ("unknown:" + rel, "?", "")
        found.setdefault((kind, lang), []).append(page_url(output, path))
    chosen = {key: urls_[:1] for key, urls_ in found.items()}
    extra = {
        path.stem.removesuffix(".en")
        for path in sorted(CONTENT.glob("events/**/*.md"))
        if path.name.endswith(".en.md")
        or any(f in path.read_text(encoding="utf-8") for f in EXTRA_EVENT_FIELDS)
    }
    for lang in ("lv", "en"):
        for slug in sorted(extra):
            url = urls.url("event", lang, slug)
            if url not in chosen[("event", lang)] and (output / url.lstrip("/")).is_dir():
                chosen[("event", lang)].append(url)
    return chosen


def test_every_type_of_page_exists_in_both_languages(built):
    types = pages_of_each_type(built)
    kinds = {lang: {k for k, page_lang in types if page_lang == lang} for lang in ("lv", "en")}
    assert kinds["lv"] == kinds["en"]
    assert not [k for k, _ in types if k.startswith("unknown:")]
    for kind in ("home", "events", "calendar-month", "event", "organization", "place",
                 "locality", "category", "audience", "partners", "news", "article", "page",
                 "not-found", "archive-year", "area", "org-kind"):  # fmt: skip
        assert kind in kinds["lv"], kind


def test_every_page_passes_the_nu_html_checker(built):
    files = sorted(built.rglob("*.html")) + sorted((built / "theme").rglob("*.css"))
    assert len(files) > 100
    assert nu_check(files) == []


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_axe_finds_no_violation_on_any_type_of_page(built, javascript):
    pages = [url for urls_ in pages_of_each_type(built).values() for url in urls_]
    violations = {}
    with serve(built) as base, Browser(javascript=javascript) as browser:
        for url in pages:
            found = browser.axe(base + url.lstrip("/"))
            if found:
                violations[url] = found
    assert violations == {}
