"""Pelican builds a content folder written from the spec alone into the site and open data."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import SPEC_CONTENT, run_pelican


def served(output: Path, url: str) -> bool:
    """Whether a root-relative URL of a preview build (empty SITEURL) has a page."""
    assert url.startswith("/"), url
    target = output / url.lstrip("/")
    return (target / "index.html").is_file() if url.endswith("/") else target.is_file()


def test_events_json_holds_every_event_and_occurrence(spec_site):
    events = {e["slug"]: e for e in json.loads((spec_site / "events.json").read_text())["events"]}
    assert set(events) == {p.stem for p in SPEC_CONTENT.glob("events/**/*.md")}
    concert = events["ziemas-koncerts"]
    assert concert["start"] == "2027-01-16T18:00+02:00"
    assert concert["end"] == "2027-01-16T20:00+02:00"
    assert concert["locality"] == "riga"  # from the place
    assert concert["major"] is True
    assert concert["recurrence"] is None
    rehearsal = events["meginajums"]
    assert rehearsal["status"] == "tentative"
    assert [o["start"] for o in rehearsal["occurrences"]] == [
        "2027-03-02T18:00+02:00",
        "2027-03-09T18:00+02:00",
        "2027-03-16T18:00+02:00",
        "2027-03-30T18:00+03:00",  # 23 March excluded; summer time from 28 March
        "2027-04-06T18:00+03:00",
        "2027-04-13T18:00+03:00",
    ]
    camp = events["vasaras-nometne"]
    assert camp["all_day"] is True
    assert (camp["start"], camp["end"]) == ("2027-06-22", "2027-06-25")
    assert camp["occurrences"] == [{"start": "2027-06-22", "end": "2027-06-25"}]
    night = events["nakts-pargajiens"]
    assert night["status"] == "cancelled"
    assert night["occurrences"] == [
        {"start": "2027-10-30T22:00+03:00", "end": "2027-10-31T04:00+02:00"}
    ]
    # Beyond CLASH_HORIZON_DAYS from the build's now (2026-11-26): listed, no occurrences.
    assert events["tiessaiste"]["occurrences"] == []
    assert events["tiessaiste"]["locality"] is None
    for event in events.values():
        assert served(spec_site, event["url"]), event["url"]


def test_organizations_json(spec_site):
    orgs = {
        o["slug"]: o
        for o in json.loads((spec_site / "organizations.json").read_text())["organizations"]
    }
    assert set(orgs) == {"koris-balss", "dabas-draugi"}
    choir = orgs["koris-balss"]
    assert choir["reg_no"] == "40008114442"
    assert choir["founded"] == 1990
    assert choir["joined"] == "2026-01-15"
    assert choir["offers"] == ["dziedātāji pasākumiem"]
    for org in orgs.values():
        assert served(spec_site, org["url"]), org["url"]


def test_pages_in_both_languages(spec_site):
    for path in (
        "pasakumi/ziemas-koncerts/index.html",
        "en/events/ziemas-koncerts/index.html",
        "organizacijas/koris-balss/index.html",
        "en/organizations/koris-balss/index.html",
        "vietas/zale/index.html",
        "en/places/zale/index.html",
    ):
        assert (spec_site / path).is_file(), path
    english = (spec_site / "en/organizations/koris-balss/index.html").read_text()
    assert "Choir" in english  # from koris-balss.en.md
    untranslated = (spec_site / "en/events/ziemas-koncerts/index.html").read_text()
    assert 'lang="lv"' in untranslated


def test_schemas_are_published(spec_site):
    schema = json.loads((spec_site / "schemas/event.schema.json").read_text())
    assert "organizers" in schema["required"]


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_builds_are_byte_identical_whatever_the_hash_seed(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    run_pelican(SPEC_CONTENT, first, env_extra={"PYTHONHASHSEED": "1"})
    run_pelican(SPEC_CONTENT, second, env_extra={"PYTHONHASHSEED": "2"})
    a, b = tree(first), tree(second)
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []
