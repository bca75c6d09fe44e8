"""Every rule of SPEC section 3, reported as PATH:LINE: FIELD: message."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_pelican

from ngo.config import Config
from ngo.content import collect

EVENT = "events/2027/ziemas-koncerts.md"
ORG = "organizations/koris-balss.md"
PLACE = "places/zale.yaml"


def replace(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(root: Path):
    _content, problems = collect(root, Config())
    return problems


def test_spec_fixture_is_valid(spec_copy):
    content, problems = collect(spec_copy, Config())
    assert problems == []
    assert len(content.events) == 6
    assert content.organizations["koris-balss"].translations["en"]["name"] == 'Choir "Balss"'


CASES = [
    # (file, old text, new text, field, line, words in the message)
    (EVENT, "title: Ziemas koncerts\n", "", "title", 1, "obligāts"),
    (EVENT, "organizers:", "organisers:", "organisers", 5, "vai domājāt “organizers”"),
    (EVENT, "start: 2027-01-16 18:00", "start: 16.01.2027 18:00", "start", 3, "GGGG-MM-DD"),
    (EVENT, "start: 2027-01-16 18:00", "start: 2027-02-30 18:00", "start", 3, "tāda datuma"),
    (EVENT, "end: 20:00", "end: 25:00", "end", 4, "tāda laika nav"),
    (EVENT, "end: 20:00", "end: 17:00", "end", 4, "end: 2027-01-17 17:00"),
    (
        EVENT,
        "organizers: [koris-balss]",
        "organizers: [koris-bals]",
        "organizers",
        5,
        "vai domājāt “koris-balss”",
    ),
    (EVENT, "place: zale", "place: zāle", "place", 6, "identifikators"),
    (EVENT, "place: zale", "place: halle", "place", 6, "nav atrasts"),
    (EVENT, "categories: [concert]", "categories: [koncerts]", "categories", 7, "nav atrasts"),
    (EVENT, "audiences: [everyone]", "audiences: everyone", "audiences", 8, "sarakstam"),
    (EVENT, "major: true", "major: jā", "major", 9, "true vai false"),
    (EVENT, "price: 5 EUR", "status: atcelts", "status", 10, "atļautās: confirmed"),
    (
        EVENT,
        "registration: https://koris.example.org/biletes",
        "registration: javascript:alert(1)",
        "registration",
        11,
        "http",
    ),
    (EVENT, "summary: Koris dzied ziemas dziesmas.", "summary: " + "ā" * 201, "summary", 12, "201"),
    (EVENT, "place: zale\n", "", "-", 1, "place"),
    (EVENT, "place: zale", "place: zale\ntimezone: Europe/Rīga", "timezone", 7, "laika josla"),
    (
        EVENT,
        "place: zale",
        "place: zale\nrecurrence: FREQ=WEEKLY;BYDAY=XX",
        "recurrence",
        7,
        "BYDAY",
    ),
    (EVENT, "place: zale", "place: zale\nrecurrence: FREQ=SOMETIMES", "recurrence", 7, "FREQ"),
    (
        EVENT,
        "place: zale",
        "place: zale\nrecurrence: FREQ=WEEKLY;UNTIL=2026-01-01",
        "recurrence",
        7,
        "UNTIL",
    ),
    (
        EVENT,
        "place: zale",
        "place: zale\nexclude_dates: [2027-01-17]",
        "exclude_dates",
        7,
        "atkārtot",
    ),
    (EVENT, "place: zale", "place: zale\nimage: ../../etc/passwd", "image", 7, "satura mapē"),
    (EVENT, "place: zale", "place: zale\nlocality: jurmala", "locality", 7, "var nenorādīt"),
    (ORG, "reg_no: 40008114442", "reg_no: 40008114443", "reg_no", 7, "kontrolcipars"),
    (ORG, "reg_no: 40008114442", "reg_no: 4000811444", "reg_no", 7, "11 cipariem"),
    (ORG, "reg_no: 40008114442", "reg_no: 01018512345", "reg_no", 7, "personas kod"),
    (ORG, "kind: association", "kind: asociation", "kind", 3, "vai domājāt “association”"),
    (ORG, "website: https://koris.example.org", "website: www.koris.lv", "website", 9, "http"),
    (
        ORG,
        "social: [https://social.example.org/koris]",
        "social: [ftp://x.lv]",
        "social",
        12,
        "http",
    ),
    (ORG, "founded: 1990", "founded: deviņdesmitie", "founded", 8, "veselam skaitlim"),
    (ORG, "localities: [riga]", "localities: [ķekava]", "localities", 5, "identifikators"),
    (ORG, "areas: [music]", "areas: [muzika]", "areas", 6, "nav atrasts"),
    (ORG, "joined: 2026-01-15", "joined: 2026-15-01", "joined", 15, "tāda datuma nav"),
    (PLACE, "geo: [56.95, 24.11]", "geo: [95.6, 24.11]", "geo", 4, "platumam"),
    (PLACE, "geo: [56.95, 24.11]", "geo: [56.95, 200]", "geo", 4, "garumam"),
    (PLACE, "geo: [56.95, 24.11]", "geo: [56.95]", "geo", 4, "divām"),
    (PLACE, "capacity: 300", "capacity: daudz", "capacity", 5, "veselam skaitlim"),
    (PLACE, "accessible: true", "accessible: yes", "accessible", 6, "true vai false"),
    (PLACE, "locality: riga", "locality: rigaa", "locality", 2, "vai domājāt “riga”"),
]


@pytest.mark.parametrize(("rel", "old", "new", "field", "line", "words"), CASES)
def test_rule(spec_copy, rel, old, new, field, line, words):
    replace(spec_copy, rel, old, new)
    problems = problems_of(spec_copy)
    matching = [p for p in problems if p.path == rel and p.field == field and words in p.message]
    assert matching, "\n".join(map(str, problems))
    assert matching[0].line == line, str(matching[0])


def test_unique_slugs_across_year_folders(spec_copy):
    (spec_copy / "events/2028/ziemas-koncerts.md").write_bytes((spec_copy / EVENT).read_bytes())
    problems = problems_of(spec_copy)
    assert [(p.path, p.field) for p in problems] == [("events/2028/ziemas-koncerts.md", "-")]
    assert EVENT in problems[0].message


def test_file_names_must_be_slugs(spec_copy):
    (spec_copy / EVENT).rename(spec_copy / "events/2027/Ziemas Koncerts.md")
    problems = problems_of(spec_copy)
    assert "ziemas-koncerts.md" in problems[0].message


def test_translation_without_original(spec_copy):
    (spec_copy / "events/2027/nav-tada.en.md").write_text("---\ntitle: X\n---\n")
    problems = problems_of(spec_copy)
    assert [p.path for p in problems] == ["events/2027/nav-tada.en.md"]


def test_translation_only_overrides_text_fields(spec_copy):
    (spec_copy / "events/2027/ziemas-koncerts.en.md").write_text(
        "---\ntitle: Winter concert\nstart: 2027-01-17\n---\n"
    )
    problems = problems_of(spec_copy)
    assert [(p.field, p.line) for p in problems] == [("start", 3)]


def test_all_problems_of_all_files_at_once(spec_copy):
    replace(spec_copy, EVENT, "organizers:", "organisers:")
    replace(spec_copy, ORG, "reg_no: 40008114442", "reg_no: 40008114443")
    replace(spec_copy, PLACE, "geo: [56.95, 24.11]", "geo: [95.6, 24.11]")
    (spec_copy / "events/2027/tukss.md").write_text("")
    paths = {p.path for p in problems_of(spec_copy)}
    assert paths == {EVENT, ORG, PLACE, "events/2027/tukss.md"}


def test_news_needs_a_date(spec_copy):
    replace(spec_copy, "news/jauna-sezona.md", "date: 2026-12-01\n", "")
    problems = problems_of(spec_copy)
    assert [(p.path, p.field) for p in problems] == [("news/jauna-sezona.md", "date")]


def broken(spec_copy: Path) -> Path:
    """The spec folder with one of each kind of breakage the issue lists."""
    replace(spec_copy, EVENT, "end: 20:00", "end: 17:00")
    replace(spec_copy, ORG, "reg_no: 40008114442", "reg_no: 40008114443")
    replace(spec_copy, PLACE, "geo: [56.95, 24.11]", "geo: [95.6, 24.11]")
    (spec_copy / "events/2027/bez-prieksvarda.md").write_text("Tikai teksts\n")
    (spec_copy / "events/2027/sintakse.md").write_text("---\ntitle: [A\n---\n")
    return spec_copy


EXPECTED_BROKEN = {
    (EVENT, 4, "end"),
    (ORG, 7, "reg_no"),
    (PLACE, 4, "geo"),
    ("events/2027/bez-prieksvarda.md", 1, "-"),
    ("events/2027/sintakse.md", 2, "-"),
}


def parse_lines(text: str) -> set:
    found = set()
    for line in text.splitlines():
        path, lineno, field, _msg = line.split(":", 3)
        found.add((path, int(lineno), field.strip()))
    return found


def test_validate_script(spec_copy):
    ok = subprocess.run(
        [sys.executable, "scripts/validate.py", str(spec_copy)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    result = subprocess.run(
        [sys.executable, "scripts/validate.py", str(broken(spec_copy))],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert parse_lines(result.stdout) == EXPECTED_BROKEN
    assert "Traceback" not in result.stdout + result.stderr


def test_build_fails_with_the_same_lines(spec_copy, tmp_path):
    result = run_pelican(broken(spec_copy), tmp_path / "out", check=False)
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.count(":") >= 3]
    assert parse_lines("\n".join(lines)) == EXPECTED_BROKEN
    assert "Traceback" not in result.stdout + result.stderr


def test_a_broken_organisation_is_reported_once(spec_copy):
    replace(spec_copy, ORG, "kind: association", "kind association: x")
    problems = problems_of(spec_copy)
    assert {p.path for p in problems} == {ORG}


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("start: 2027-01-16 18:00", "start: 16.01.2027", "start"),
        ("place: zale", "place: Zāle", "place"),
    ],
)
def test_one_message_per_broken_field(spec_copy, old, new, field):
    replace(spec_copy, EVENT, old, new)
    assert [p.field for p in problems_of(spec_copy)] == [field]
