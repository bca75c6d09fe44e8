"""The benchmark runs end to end on a tiny size, and its synthetic content is valid.

No timing is asserted: the machine is shared and the numbers belong in docs/performance.md.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime

from conftest import ROOT

from _benchdata import write_articles, write_content
from ngo.config import Config
from ngo.content import collect

KEYS = {
    "events": int,
    "bare_pelican_s": float,
    "build_s": float,
    "ratio": float,
    "clashes_100k_s": float,
    "ics_s": float,
    "incremental_s": float,
    "peak_mb": float,
}


def test_generated_content_is_valid_and_has_every_kind_of_event(tmp_path):
    counts = write_content(tmp_path / "content", 300, date(2027, 1, 1))
    content, problems = collect(tmp_path / "content", Config(now=datetime(2027, 1, 1, tzinfo=UTC)))
    assert problems == []
    assert len(content.events) == 300
    assert len(content.organizations) == 300 // 15
    assert len(content.places) == 300 // 50
    assert all(counts[kind] > 0 for kind in ("one-off", "all-day", "multi-day", "weekly"))
    assert any(e.exclude_dates for e in content.events.values())
    assert any(e.translations for e in content.events.values())
    for event in content.events.values():
        words = len(event.body.split())
        assert 150 <= words <= 310, (event.slug, words)


def test_articles_are_the_same_bodies(tmp_path):
    write_content(tmp_path / "content", 20, date(2027, 1, 1))
    write_articles(tmp_path / "articles", 20, date(2027, 1, 1))
    events = sorted(
        p.read_text().split("---\n", 2)[2]
        for p in tmp_path.glob("content/events/*/*.md")
        if ".en." not in p.name
    )
    articles = sorted(p.read_text().split("\n\n", 1)[1] for p in tmp_path.glob("articles/*.md"))
    assert events == articles


def test_quick_run_prints_the_json_shape(tmp_path):
    result = subprocess.run(
        [sys.executable, "scripts/bench.py", "--quick", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    for key, kind in KEYS.items():
        assert isinstance(data[key], kind), (key, data[key])
    assert data["events"] == 30
    assert data["ics_events"] == 30
    assert data["ratio"] > 0


def test_clear_caches_forgets_everything_the_feeds_remember_between_builds(tmp_path):
    """The bench times each calendar.ics round as a first build: every cache of the feeds
    module and of the zone scans it uses must be emptied, including one added later."""
    from ngo import feeds, vtimezone

    write_content(tmp_path / "content", 120, date(2027, 1, 1))
    config = Config(now=datetime(2027, 1, 1, tzinfo=UTC))
    content, problems = collect(tmp_path / "content", config)
    assert problems == []
    events = tuple(sorted(content.events.values(), key=lambda e: (e.start, e.slug)))

    def build() -> bytes:
        builder = feeds.FeedBuilder(content, "https://example.org", "example.org")
        return builder.calendar(feeds.Feed("lv", "all", None, "NVO", "NVO", events, "home"))

    def caches():
        return [
            (module.__name__, name, value)
            for module in (feeds, vtimezone)
            for name, value in vars(module).items()
            if hasattr(value, "cache_clear") and value.__module__ == module.__name__
        ]

    first = build()
    assert any(value.cache_info().currsize for _, _, value in caches())
    assert feeds._HEADS and feeds._TIME_HEADS
    feeds.clear_caches()
    assert [(m, n) for m, n, value in caches() if value.cache_info().currsize] == []
    assert not feeds._HEADS and not feeds._TIME_HEADS
    assert build() == first
