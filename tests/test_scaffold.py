"""scripts/new_event.py, new_organization.py, new_place.py and their shared scripts/_scaffold.py:
flags for every field, prompts in Latvian with checks as you type, a file that validates at
the right path, never an overwritten file."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import _scaffold
from ngo import schema
from ngo.config import Config
from ngo.content import collect
from ngo.frontmatter import read_markdown, read_yaml

ROOT = Path(__file__).resolve().parent.parent
EPOCH = "1795651200"  # 2026-11-26 00:00 UTC: "today" for the `joined` default

FILES = {
    "vocabularies/localities.yaml": "kekava: {lv: Ķekava, en: Ķekava}\nbalozi: {lv: Baloži, en: Baloži}\n",
    "vocabularies/areas.yaml": "culture: {lv: Kultūra, en: Culture}\nsport: {lv: Sports, en: Sport}\n",
    "vocabularies/categories.yaml": (
        "concert: {lv: Koncerts, en: Concert}\ntalka: {lv: Talka, en: Clean-up}\n"
        "children: {lv: Bērniem, en: For children}\n"
    ),
    "vocabularies/audiences.yaml": "everyone: {lv: Visiem, en: Everyone}\nfamilies: {lv: Ģimenes, en: Families}\n",
    "organizations/zalais-pagalms.md": (
        "---\nname: Biedrība “Zaļais pagalms”\nkind: association\nsummary: Dārzi un komposts.\n"
        "localities: [kekava]\nareas: [culture]\n---\n"
    ),
    "organizations/koris-balss.md": (
        '---\nname: Koris "Balss"\nkind: association\nsummary: Dziedam.\n'
        "localities: [balozi]\nareas: [culture]\n---\n"
    ),
    "places/kekavas-kulturas-nams.yaml": "name: Ķekavas kultūras nams\nlocality: kekava\n",
    "places/balozu-estrade.yaml": "name: Baložu estrāde\nlocality: balozi\n",
    "events/2027/ziemas-koncerts.md": (
        "---\ntitle: Ziemas koncerts\nstart: 2027-01-16 18:00\norganizers: [koris-balss]\n"
        "place: balozu-estrade\n---\n"
    ),
}


def make_content(root: Path) -> Path:
    """A small, valid content folder, written by the test itself."""
    for rel, text in FILES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def content(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = make_content(tmp_path / "content")
    assert collect(root, Config())[1] == []
    return root


SCRIPTS = {"new_event.py": "event", "new_organization.py": "organization", "new_place.py": "place"}


class Result:
    def __init__(self, returncode: int, stdout: str, stderr: str, questions=()):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr
        self.questions = list(questions)


@pytest.fixture
def call(capsys):
    """Run a script's main() in this process; answers are what the volunteer types."""

    def call(script: str, content: Path, *args: str, answers=()) -> Result:
        typed, questions = iter(answers), []

        def ask(question: str) -> str:
            questions.append(question)
            try:
                return next(typed)
            except StopIteration:
                raise EOFError from None

        code = _scaffold.main(SCRIPTS[script], ["--content-dir", str(content), *args], ask=ask)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err, questions)

    return call


def run(script: str, content: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """Run a script as a volunteer does, in its own process, typing ``stdin``."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / script), "--content-dir", str(content), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=content.parent,
        timeout=120,
    )


def problems(content: Path) -> list:
    return collect(content, Config())[1]


def front_matter(path: Path):
    reader = read_yaml if path.suffix == ".yaml" else read_markdown
    doc, errors = reader(path.name, path.read_bytes())
    assert errors == []
    return doc


# -- flags ------------------------------------------------------------------------------------


def test_event_from_flags_is_written_at_events_year_slug_and_validates(content):
    result = run(
        "new_event.py",
        content,
        *("--title", "Pavasara talka: Ķekavas parks", "--start", "2027-04-24 10:00"),
        *("--end", "13:00", "--organizers", "zalais-pagalms", "--place", "kekavas-kulturas-nams"),
        *("--categories", "talka,children", "--price", "5", "--major"),
        *("--body", "Ņemiet līdzi cimdus!"),
    )
    assert result.returncode == 0, result.stderr
    path = content / "events/2027/pavasara-talka-kekavas-parks.md"
    assert path.is_file()
    assert problems(content) == []
    doc = front_matter(path)
    assert doc.data["title"] == "Pavasara talka: Ķekavas parks"
    assert doc.data["start"] == "2027-04-24 10:00"
    assert doc.data["end"] == "13:00"
    assert doc.data["categories"] == ["talka", "children"]
    assert doc.data["major"] == "true"
    assert doc.data["price"] == "5"  # text, not the number 5
    assert doc.body == "Ņemiet līdzi cimdus!\n"
    assert "Kas jādara tālāk" in result.stdout
    assert "git add" in result.stdout and "make validate" in result.stdout


def test_the_file_names_its_schema_for_editors(content, call):
    call(
        "new_event.py",
        content,
        "--title",
        "A",
        "--start",
        "2027-05-01",
        "--organizers",
        "koris-balss",
        "--locality",
        "kekava",
    )
    path = content / "events/2027/a.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "---"
    assert lines[1].startswith("# yaml-language-server: $schema=")
    target = (path.parent / lines[1].split("$schema=", 1)[1]).resolve()
    assert target == (ROOT / "plugins/ngo/schemas/event.schema.json").resolve()


def test_place_from_flags_writes_typed_yaml(content, call):
    result = call(
        "new_place.py",
        content,
        *("--name", "Daugmales estrāde", "--locality", "Ķekava", "--geo", "56.82, 24.41"),
        *("--capacity", "300", "--no-accessible", "--notes", "no"),
    )
    assert result.returncode == 0, result.stderr
    path = content / "places/daugmales-estrade.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert "geo: [56.82, 24.41]\n" in text and "capacity: 300\n" in text
    assert "accessible: false\n" in text
    assert problems(content) == []
    typed, errors = schema.check(front_matter(path), "place")
    assert errors == []
    assert typed["locality"] == "kekava"  # the name was resolved to the id
    assert typed["notes"] == "no"  # a word, not false


def test_organization_from_flags(content, call):
    result = call(
        "new_organization.py",
        content,
        *("--name", "Ķekavas putnu draugi", "--kind", "biedrība", "--summary", "Vērojam putnus."),
        *("--localities", "kekava,balozi", "--areas", "culture"),
        *("--offers", "binokļi, noteicēji", "--offers", "gids"),
        "--reg-no",
        "40008000005",
    )
    assert result.returncode == 1
    assert "--reg-no" in result.stderr and "kontrolcipars" in result.stderr
    result = call(
        "new_organization.py",
        content,
        *("--name", "Ķekavas putnu draugi", "--kind", "biedrība", "--summary", "Vērojam putnus."),
        *("--localities", "kekava,balozi", "--areas", "culture"),
        *("--offers", "binokļi, noteicēji", "--offers", "gids"),
    )
    assert result.returncode == 0, result.stderr
    doc = front_matter(content / "organizations/kekavas-putnu-draugi.md")
    assert doc.data["kind"] == "association"
    assert doc.data["offers"] == ["binokļi, noteicēji", "gids"]  # free text keeps its commas
    assert "joined" not in doc.data  # only asked for, not invented, when flags are used
    assert problems(content) == []


def test_invalid_flags_are_all_reported_in_latvian_and_nothing_is_written(content, call):
    before = sorted(p.relative_to(content) for p in content.rglob("*"))
    result = call(
        "new_event.py",
        content,
        *("--title", "Koncerts", "--start", "2027-02-30 18:00", "--organizers", "koris-bals"),
        *(
            "--place",
            "kekavas-kulturas-nams",
            "--categories",
            "teatris",
            "--registration",
            "www.x.lv",
        ),
        "--no-input",
    )
    assert result.returncode == 1
    err = result.stderr
    assert "--start" in err and "tāda datuma vai laika nav" in err
    assert "--organizers" in err and "vai domājāt “koris-balss”" in err
    assert "--categories" in err and "“teatris” nav atrasts" in err
    assert "--registration" in err and "http" in err
    assert sorted(p.relative_to(content) for p in content.rglob("*")) == before


def test_missing_required_fields_without_input_is_an_error(content, call):
    result = call("new_event.py", content, "--title", "Koncerts", "--no-input")
    assert result.returncode == 1
    assert "--start" in result.stderr and "--organizers" in result.stderr
    assert "--place vai --locality vai --online" in result.stderr


def test_an_existing_file_is_never_overwritten(content, call):
    existing = content / "events/2027/ziemas-koncerts.md"
    original = existing.read_bytes()
    args = (
        "--title",
        "Ziemas koncerts",
        "--start",
        "2027-12-18 18:00",
        "--organizers",
        "koris-balss",
    )
    result = call(
        "new_event.py", content, *args, "--locality", "balozi", "--slug", "ziemas-koncerts"
    )
    assert result.returncode == 1
    assert "ziemas-koncerts.md" in result.stderr
    assert existing.read_bytes() == original
    # Without --slug the title's slug is taken, so a free one is chosen with the year.
    result = call("new_event.py", content, *args, "--locality", "balozi")
    assert result.returncode == 0, result.stderr
    assert (content / "events/2027/ziemas-koncerts-2027.md").is_file()
    assert existing.read_bytes() == original


def test_write_new_opens_with_mode_x(content):
    ctx = _scaffold.Context.load(content, Config())
    target = content / "places/kekavas-kulturas-nams.yaml"
    original = target.read_bytes()
    with pytest.raises(FileExistsError):
        _scaffold.write_new(ctx, "places/kekavas-kulturas-nams.yaml", "name: X\nlocality: kekava\n")
    assert target.read_bytes() == original


def test_a_slug_used_in_another_year_is_not_reused(content, call):
    result = call(
        "new_event.py",
        content,
        *("--title", "Ziemas koncerts", "--start", "2028-01-15 18:00"),
        *("--organizers", "koris-balss", "--locality", "balozi"),
    )
    assert result.returncode == 0, result.stderr
    assert (content / "events/2028/ziemas-koncerts-2028.md").is_file()
    assert problems(content) == []


@pytest.mark.parametrize("kind", ["event", "organization", "place"])
def test_every_schema_field_has_a_flag_and_a_question(kind):
    parser = _scaffold.build_parser(_scaffold.KINDS[kind])
    dests = {a.dest for a in parser._actions if isinstance(a, argparse.Action)}
    assert set(schema.fields(kind)) <= dests
    asked = set(_scaffold.KINDS[kind].basic) | set(_scaffold.KINDS[kind].advanced)
    assert asked == set(schema.fields(kind))


# -- prompts ----------------------------------------------------------------------------------

EVENT_ANSWERS = [
    "Bērnu koncerts",  # title
    "2027-13-01 18:00",  # start: no 13th month
    "2027-05-16 15:00",  # start
    "14:00",  # end before start
    "16:30",  # end
    "5",  # organizers: there is no 5th
    "zaļais pagalms, 2",  # organizers: by name without diacritics and by number
    "",  # place: skipped
    "Ķekava",  # locality, by name
    "pie estrādes",  # location
    "Bērniem",  # categories
    "",  # audiences
    "",  # summary
    "bez maksas",  # price
    "",  # registration
    "jā",  # more fields?
    "varbūt",  # major: not a yes/no
    "jā",  # major
    "",  # status
    "",  # recurrence
    "",  # image
    "",  # timezone
    "",  # file name: accept the suggestion
    "Koncertā dziedās bērnu kori.",  # body
    "",  # save? yes
]


def test_event_through_the_prompts(content):
    result = run("new_event.py", content, stdin="\n".join(EVENT_ANSWERS) + "\n")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "Nosaukums" in out  # the schema's Latvian description is the question
    assert "tāda datuma vai laika nav" in out
    assert "beigām jābūt pēc sākuma" in out
    assert "“5” nav atrasts" in out
    assert "1. Biedrība “Zaļais pagalms” (zalais-pagalms)" in out  # choices, sorted by name
    assert "atbildiet “jā” vai “nē”" in out
    path = content / "events/2027/bernu-koncerts.md"
    doc = front_matter(path)
    assert doc.data["organizers"] == ["zalais-pagalms", "koris-balss"]
    assert doc.data["locality"] == "kekava"
    assert doc.data["categories"] == ["children"]
    assert doc.data["major"] == "true"
    assert doc.data["end"] == "16:30"
    assert "place" not in doc.data and "status" not in doc.data
    assert problems(content) == []


def test_organization_through_monkeypatched_input(content, monkeypatch, capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    answers = iter(
        [
            "Baložu dziedātāji",  # name
            "3",  # kind: community
            "Dziedam kopā katru nedēļu.",  # summary
            "Baloži",  # localities
            "1",  # areas
            "nav-epasts",  # email
            "info@example.lv",  # email
            "",  # phone
            "",  # website
            "",  # address
            "01010112345",  # reg_no: a personal identity code
            "",  # reg_no
            "",  # founded
            "https://social.example.org/dziedataji",  # social
            "",  # seeking_partners
            "telpa mēģinājumiem; nošu plaukts",  # offers
            "",  # joined: today
            "",  # more fields? no
            "",  # file name
            "",  # body
            "",  # save
        ]
    )
    code = _scaffold.main(
        "organization", ["--content-dir", str(content)], ask=lambda _q: next(answers)
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "personas kod" in out  # a person's identity code is never published
    doc = front_matter(content / "organizations/balozu-dziedataji.md")
    assert doc.data["kind"] == "community"
    assert doc.data["localities"] == ["balozi"]
    assert doc.data["offers"] == ["telpa mēģinājumiem", "nošu plaukts"]
    assert doc.data["joined"] == "2026-11-26"
    assert "reg_no" not in doc.data
    assert problems(content) == []


def test_end_of_input_writes_nothing(content):
    result = run("new_place.py", content, stdin="Jauna vieta\n")
    assert result.returncode == 1
    assert "ievade beidzās" in result.stderr
    assert not (content / "places/jauna-vieta.yaml").exists()


def test_declining_to_save_writes_nothing(content, call):
    answers = ["Jauna vieta", "1", "", "", "", "", "", "", "", "nē"]
    result = call("new_place.py", content, answers=answers)
    assert result.returncode == 1
    assert "nekas netika saglabāts" in result.stderr
    assert not (content / "places/jauna-vieta.yaml").exists()


def test_flags_fill_in_and_only_the_rest_is_asked(content, call):
    answers = ["", "1"] + [""] * 10  # no end, organizers by number, then Enter to the end
    result = call(
        "new_event.py",
        content,
        *("--title", "Rudens talka", "--start", "2027-10-02", "--locality", "kekava"),
        answers=answers,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not any(q.startswith(("Nosaukums", "Sākums")) for q in result.questions)  # flags
    assert result.questions[0].startswith("Beigas")
    doc = front_matter(content / "events/2027/rudens-talka.md")
    assert doc.data["organizers"] == ["zalais-pagalms"]
    assert doc.data["start"] == "2027-10-02"


# -- writing YAML -----------------------------------------------------------------------------

TRICKY = [
    "no",
    "yes",
    "true",
    "null",
    "~",
    "15:00",
    "1e3",
    "0x1F",
    "012",
    "---",
    "...",
    "- item",
    "a: b",
    "# not a comment",
    "x #y",
    "'quoted'",
    '"double"',
    "&anchor",
    "*alias",
    "!!python/object:os.system",
    "{a: 1}",
    "[1, 2]",
    "@mention",
    "%TAG",
    "? key",
    "| block",
    "> folded",
    "Ķekavas “kultūras” nams",
    "${{ github.token }}",
    "$(rm -rf /)",
]


@pytest.mark.parametrize("title", TRICKY)
def test_values_are_written_as_data_and_read_back_unchanged(title):
    kind = _scaffold.KINDS["event"]
    values = {"title": title, "start": "2027-05-01", "organizers": ["a"], "locality": "b"}
    text = _scaffold.render(kind, values, "", "event.schema.json")
    doc, errors = read_markdown("x.md", text.encode())
    assert errors == []
    assert doc.data["title"] == title
    assert set(doc.data) == set(values)


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=200))
def test_any_text_round_trips_through_the_yaml_dumper(text):
    title = _scaffold.clean_line(text)
    if not title:
        return
    kind = _scaffold.KINDS["event"]
    values = {"title": title, "start": "2027-05-01", "organizers": ["a"], "locality": "b"}
    rendered = _scaffold.render(kind, values, text, "event.schema.json")  # raises on mismatch
    doc, errors = read_markdown("x.md", rendered.encode())
    assert errors == [] and doc.data["title"] == title


def test_dates_and_times_stay_unquoted_as_volunteers_write_them():
    kind = _scaffold.KINDS["event"]
    values = {
        "title": "T",
        "start": "2027-05-01 18:00",
        "end": "20:00",
        "organizers": ["a", "b"],
        "locality": "c",
    }
    text = _scaffold.render(kind, values, "", "s.json")
    assert "start: 2027-05-01 18:00\nend: 20:00\norganizers: [a, b]\n" in text
