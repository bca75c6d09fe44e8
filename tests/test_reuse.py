"""A second ``collect`` in the same process (`make serve`) reuses what did not change.

Whatever it reuses, it gives what a fresh process gives: the same objects (field by field),
the same problems, the same events.json; an edited file is never served stale, nor anything
made from another "now". And the fingerprints the page writer skips unchanged pages by say
exactly what changed.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import fields, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from _benchdata import write_content
from ngo import content, opendata
from ngo.config import Config
from ngo.urls import Urls

ROOT = Path(__file__).resolve().parent.parent
NOW = Config(now=datetime(2027, 1, 1, tzinfo=UTC))
URLS = Urls(site_url="https://nvo.kekava.example")


def fresh_collect(folder: Path, config: Config = NOW):
    """What a new process reads: nothing kept from earlier builds."""
    parsed, built = content._PARSED.copy(), content._BUILT.copy()
    content._PARSED.clear()
    content._BUILT.clear()
    try:
        return content.collect(folder, config)
    finally:
        content._PARSED.clear()
        content._PARSED.update(parsed)
        content._BUILT.clear()
        content._BUILT.update(built)


def state(obj) -> dict:
    return {f.name: getattr(obj, f.name) for f in fields(obj)}


def same_content(a: content.Content, b: content.Content) -> None:
    for name in ("events", "organizations", "places"):
        left, right = getattr(a, name), getattr(b, name)
        assert list(left) == list(right), name  # the same order too
        for slug in left:
            assert state(left[slug]) == state(right[slug]), (name, slug)
    assert a.vocabularies == b.vocabularies
    assert a.externals == b.externals
    assert {k: (d.data, d.lines, d.body) for k, d in a.documents.items()} == {
        k: (d.data, d.lines, d.body) for k, d in b.documents.items()
    }
    assert a.fingerprint_without_event_bodies == b.fingerprint_without_event_bodies
    assert opendata.events_json_text(a, URLS) == opendata.events_json_text(b, URLS)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("reuse") / "content"
    write_content(folder, 150, date(2027, 1, 1))  # enough for the worker processes
    for name in ("external", "pages", "news"):  # the kinds the generator does not write
        shutil.copytree(ROOT / "content" / name, folder / name)
    return folder


@pytest.fixture
def folder(generated, tmp_path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(generated, copy)
    return copy


def events(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("events/*/*.md") if ".en." not in p.name)


def translated(folder: Path) -> Path:
    return next(p for p in events(folder) if p.with_suffix(".en.md").exists())


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def retitle(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: ", "title: Jauns ", 1), encoding="utf-8")


EDITS = {
    "event body": lambda f: append(events(f)[7], "\nJauns teksts.\n"),
    "event title": lambda f: retitle(events(f)[7]),
    "translation body": lambda f: append(translated(f).with_suffix(".en.md"), "\nMore.\n"),
    "translation title": lambda f: retitle(translated(f).with_suffix(".en.md")),
    "translation deleted": lambda f: translated(f).with_suffix(".en.md").unlink(),
    "event deleted": lambda f: events(f)[3].unlink(),
    "event added": lambda f: shutil.copy(events(f)[3], events(f)[3].with_name("jauns.md")),
    "organisation": lambda f: append(next(f.glob("organizations/*.md")), "\nVēl.\n"),
    "place deleted": lambda f: next(f.glob("places/*.yaml")).unlink(),
    "category deleted": lambda f: (f / "vocabularies" / "categories.yaml").write_text(
        "concert: {lv: Koncerts, en: Concert}\n", encoding="utf-8"
    ),
    "event broken": lambda f: events(f)[5].write_text("---\ntitle: [\n---\n", encoding="utf-8"),
    "image missing": lambda f: events(f)[9].write_text(
        events(f)[9].read_text(encoding="utf-8").replace("---\n", "---\nimage: images/x.jpg\n", 1),
        encoding="utf-8",
    ),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_a_rebuild_after_an_edit_equals_a_fresh_load(folder, edit):
    first, first_problems = content.collect(folder, NOW)
    assert first_problems == []
    opendata.events_json_text(first, URLS)  # kept for the rebuild
    EDITS[edit](folder)
    again, problems = content.collect(folder, NOW)
    fresh, fresh_problems = fresh_collect(folder)
    assert problems == fresh_problems
    same_content(again, fresh)
    if edit == "category deleted":
        assert problems  # references are checked on every build, even of reused events
    # What did not change is not built again.
    unchanged = [s for s in again.events if s in first.events and s != events(folder)[7].stem]
    assert sum(again.events[s] is first.events[s] for s in unchanged) >= len(unchanged) - 2


def test_problems_are_reported_again_on_every_build(folder):
    EDITS["event broken"](folder)
    EDITS["image missing"](folder)
    (folder / "vocabularies" / "audiences.yaml").unlink()
    first = content.collect(folder, NOW)[1]
    assert len(first) > 3
    assert content.collect(folder, NOW)[1] == first
    assert content.collect(folder, NOW)[1] == fresh_collect(folder)[1]
    (folder / "images").mkdir()
    (folder / "images" / "x.jpg").write_bytes(b"jpg")  # the file system is looked at again
    fixed = content.collect(folder, NOW)[1]
    assert fixed == [p for p in first if p.field != "image"] != first


def test_an_edited_file_is_never_served_stale(folder):
    path = events(folder)[7]
    stat = path.stat()
    content.collect(folder, NOW)
    for title in ("Pirmais", "Otrais", "Pirmais"):  # same size, same modification time
        text = path.read_text(encoding="utf-8").split("\n")
        text[1] = f'title: "{title}"'
        path.write_text("\n".join(text), encoding="utf-8")
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        loaded, problems = content.collect(folder, NOW)
        assert problems == [] and loaded.events[path.stem].title == title


def test_nothing_made_from_another_now_is_reused(folder):
    later = replace(NOW, now=NOW.now + timedelta(days=200))
    first, _ = content.collect(folder, NOW)
    text = opendata.events_json_text(first, URLS)
    second, _ = content.collect(folder, later)
    assert second.config.now == later.now
    # The events themselves do not depend on "now" and are reused; their occurrences are not.
    assert all(second.events[s] is first.events[s] for s in first.events)
    later_text = opendata.events_json_text(second, URLS)
    assert later_text != text
    assert later_text == opendata.dumps(opendata.events_json(second, URLS))
    assert later_text == opendata.events_json_text(fresh_collect(folder, later)[0], URLS)
    assert second.fingerprint_without_event_bodies != first.fingerprint_without_event_bodies


def test_a_changed_config_builds_again(folder):
    first, _ = content.collect(folder, NOW)
    longer = replace(NOW, default_duration=timedelta(hours=3))
    second, _ = content.collect(folder, longer)
    same_content(second, fresh_collect(folder, longer)[0])
    assert not any(second.events[s] is first.events[s] for s in first.events)


def test_events_json_is_what_json_dumps_writes(folder):
    loaded, _ = content.collect(folder, NOW)
    expected = json.dumps(opendata.events_json(loaded, URLS), ensure_ascii=False, indent=1)
    assert opendata.events_json_text(loaded, URLS) == expected + "\n"
    assert opendata.events_json_text(loaded, URLS) == expected + "\n"  # from what was kept
    empty = replace(loaded, events={})
    assert opendata.events_json_text(empty, URLS) == '{\n "events": []\n}\n'


# -- fingerprints ---------------------------------------------------------------------------


def fingerprints(folder: Path, config: Config = NOW):
    loaded, problems = content.collect(folder, config)
    assert problems == []
    events = {s: e.source_fingerprint for s, e in loaded.events.items()}
    assert all(len(f) == 32 for f in events.values())
    return loaded.fingerprint_without_event_bodies, events


def changed(before: dict, after: dict) -> set[str]:
    return {s for s in before.keys() | after.keys() if before.get(s) != after.get(s)}


@pytest.mark.parametrize(
    ("edit", "bodies_only", "events_changed"),
    [
        ("event body", True, "edited"),
        ("translation body", True, "translated"),
        ("event title", False, "edited"),
        ("translation title", False, "translated"),
        ("translation deleted", False, "translated"),
        ("event deleted", False, "deleted"),
        ("event added", False, "added"),
        ("organisation", False, None),
    ],
)
def test_fingerprints_tell_what_changed(folder, edit, bodies_only, events_changed):
    whole, each = fingerprints(folder)
    assert fingerprints(folder) == (whole, each)
    slug = {
        "edited": events(folder)[7].stem,
        "translated": translated(folder).stem,
        "deleted": events(folder)[3].stem,
        "added": "jauns",
    }.get(events_changed)
    EDITS[edit](folder)
    whole_after, each_after = fingerprints(folder)
    assert (whole_after == whole) == bodies_only
    assert changed(each, each_after) == ({slug} if slug else set())
    # The same in a fresh process.
    loaded = fresh_collect(folder)[0]
    assert loaded.fingerprint_without_event_bodies == whole_after
    assert {s: e.source_fingerprint for s, e in loaded.events.items()} == each_after


def rename_calendar(folder: Path) -> None:
    ics = folder / "external" / "kekava-novads.ics"
    ics.write_bytes(ics.read_bytes().replace(b"NAME:", b"NAME:Jauns ", 1))


@pytest.mark.parametrize(
    "edit",
    [
        lambda f: append(f / "places" / sorted(os.listdir(f / "places"))[0], "\n# x\n"),
        lambda f: append(f / "vocabularies" / "areas.yaml", "\n# x\n"),
        lambda f: append(f / "external" / "kekava-novads.yaml", "\n# x\n"),
        rename_calendar,
        lambda f: append(next(f.glob("organizations/*.md")), "\nMore.\n"),
    ],
)
def test_every_other_input_is_in_the_content_fingerprint(folder, edit):
    before, each = fingerprints(folder)
    edit(folder)
    after, each_after = fingerprints(folder)
    assert after != before and each_after == each


def test_pages_and_news_are_not_in_the_content_fingerprint(folder):
    before = fingerprints(folder)
    append(next(folder.glob("news/*.md")), "\nPapildināts.\n")
    append(next(folder.glob("pages/*.md")), "\nPapildināts.\n")
    assert fingerprints(folder) == before


def test_the_config_is_in_the_content_fingerprint(folder):
    whole, _ = fingerprints(folder)
    for config in (
        replace(NOW, now=NOW.now + timedelta(seconds=1)),
        replace(NOW, site_url="https://cits.example"),
        replace(NOW, default_duration=timedelta(hours=3)),
    ):
        assert fingerprints(folder, config)[0] != whole
    assert fingerprints(folder)[0] == whole


def test_the_content_fingerprint_looks_at_what_the_front_matter_says(folder):
    path = events(folder)[7]
    whole, each = fingerprints(folder)
    text = path.read_text(encoding="utf-8").replace("---\n", "---\n# labots\n", 1)
    path.write_bytes(text.replace("\n", "\r\n").encode())  # a comment, Windows line ends
    whole_after, each_after = fingerprints(folder)
    assert whole_after == whole and changed(each, each_after) == {path.stem}
    append(path, "Jauns teksts.\r\n")
    assert fingerprints(folder)[0] == whole
    retitle(path)
    assert fingerprints(folder)[0] != whole


# -- the listing of the content folder ------------------------------------------------------


def test_files_are_listed_as_glob_lists_them(tmp_path):
    root = tmp_path / "content"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("x")
    for rel in (
        "events/2027/a.md",
        "events/2027/b.en.md",
        "events/2027-x/c.md",
        "events/.hidden/d.md",
        "events/e.md",
        "events/.f.md",
        "events/g.txt",
        "events/2027/sub/h.md",
        "places/p.yaml",
        "places/q.yml",
        "places/.r.yaml",
    ):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x")
    (root / "events" / "2027" / "link-in.md").symlink_to(root / "events" / "e.md")
    (root / "events" / "2027" / "link-out.md").symlink_to(outside / "secret.md")
    (root / "events" / "linked-folder").symlink_to(root / "events" / "2027")
    (root / "events" / "x.md").mkdir()
    (root / "organizations").symlink_to(root / "events" / "2027")
    (root / "external").symlink_to(outside)
    loader = content._Loader(root, NOW)
    loader.walk()
    for folder, suffix, recursive in (
        ("events", ".md", True),
        ("events", ".md", False),
        ("places", "", False),
        ("organizations", ".md", False),
        ("external", "", False),
        ("news", ".md", True),
    ):
        pattern = ("**/*" if recursive else "*") + suffix
        expected = [
            p.relative_to(root).as_posix()
            for p in content._files(root / folder, pattern)
            if content._inside(p, root)
        ]
        assert loader.files(folder, suffix, recursive) == expected, folder
    assert sorted(p.path for p in loader.problems) == ["events/2027/link-out.md", "external"]
