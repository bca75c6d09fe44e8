"""scripts/form_to_file.py: an issue form becomes a valid file, or an answer that says what to
fix. The body is anyone's text: it must stay data however it is crafted."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from test_scaffold import EPOCH, FILES, make_content

import form_to_file
from _scaffold import Context
from ngo.config import Config
from ngo.content import collect
from ngo.frontmatter import read_markdown

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = (sys.executable, str(ROOT / "scripts/form_to_file.py"))

EVENT = {
    "title": "Pavasara talka Ķekavas parkā",
    "date": "24.04.2027",
    "start_time": "plkst. 10.00",
    "end_time": "13",
    "organizers": "Biedriba “Zalais pagalms”\nKoris Balss",
    "place": "Ķekavas kultūras nams",
    "categories": "Talka, Bērniem",
    "audiences": "Visiem",
    "price": "bez maksas",
    "summary": "Kopīgi sakopsim parku.",
    "description": "Ņemiet līdzi **cimdus**!\n\n- grābekļi\n- maisi",
    "major": "Nē",
}
ORGANIZATION = {
    "name": "Ķekavas putnu draugi",
    "kind": "Biedrība",
    "summary": "Vērojam putnus.",
    "localities": "Ķekava, Baloži",
    "areas": "Kultūra",
    "email": "putni@example.lv",
    "social": "https://social.example.org/putni\n",
    "offers": "- binokļi, noteicēji\n- gids",
    "description": "Mēs esam putnu vērotāji.",
}


def body(kind: str, answers: dict[str, str]) -> str:
    """An issue body as GitHub writes it for a submitted form."""
    parts = []
    for field in form_to_file.load_form(kind):
        value = answers.get(field.id, "")
        parts.append(f"### {field.label}\n\n{value if value else '_No response_'}\n")
    return "\n".join(parts)


@pytest.fixture
def ctx(tmp_path: Path, monkeypatch) -> Context:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return Context.load(make_content(tmp_path / "content"), Config())


def written(ctx: Context) -> list[str]:
    """Files in the content folder that the test content did not have."""
    files = (p.relative_to(ctx.content_dir).as_posix() for p in ctx.content_dir.rglob("*.*"))
    return sorted(set(files) - set(FILES))


def read(path: Path):
    doc, errors = read_markdown(path.name, path.read_bytes())
    assert errors == []
    return doc


def messages(outcome) -> str:
    return "\n".join(f"{label}: {message}" for label, message in outcome.errors)


# -- valid forms ------------------------------------------------------------------------------


def test_event_form_becomes_a_valid_file(ctx):
    outcome = form_to_file.submit(ctx, "event", body("event", EVENT))
    assert outcome.ok, messages(outcome)
    assert outcome.rel == "events/2027/pavasara-talka-kekavas-parka.md"
    doc = read(ctx.content_dir / outcome.rel)
    assert doc.data["start"] == "2027-04-24 10:00"
    assert doc.data["end"] == "13:00"
    assert doc.data["organizers"] == ["zalais-pagalms", "koris-balss"]
    assert doc.data["place"] == "kekavas-kulturas-nams"
    assert doc.data["categories"] == ["talka", "children"]
    assert "major" not in doc.data
    assert doc.body == "Ņemiet līdzi **cimdus**!\n\n- grābekļi\n- maisi\n"
    assert collect(ctx.content_dir, Config())[1] == []


def test_organization_form_becomes_a_valid_file(ctx):
    outcome = form_to_file.submit(ctx, "organization", body("organization", ORGANIZATION))
    assert outcome.ok, messages(outcome)
    doc = read(ctx.content_dir / "organizations/kekavas-putnu-draugi.md")
    assert doc.data["kind"] == "association"
    assert doc.data["localities"] == ["kekava", "balozi"]
    assert doc.data["offers"] == ["binokļi, noteicēji", "gids"]
    assert doc.data["social"] == ["https://social.example.org/putni"]
    assert doc.data["joined"] == "2026-11-26"  # the day it was submitted
    assert collect(ctx.content_dir, Config())[1] == []


def test_an_unregistered_place_needs_a_locality(ctx):
    answers = {**EVENT, "place": "Pie Daugavas, lielā pļava"}
    outcome = form_to_file.submit(ctx, "event", body("event", answers))
    assert not outcome.ok
    assert "Apdzīvotā vieta" in messages(outcome) and "nav reģistrēta" in messages(outcome)
    outcome = form_to_file.submit(ctx, "event", body("event", {**answers, "locality": "Baloži"}))
    assert outcome.ok, messages(outcome)
    doc = read(ctx.content_dir / outcome.rel)
    assert doc.data["location"] == "Pie Daugavas, lielā pļava"
    assert doc.data["locality"] == "balozi"


def test_a_taken_title_gets_a_free_file_name(ctx):
    answers = {**EVENT, "title": "Ziemas koncerts", "date": "2027-12-18"}
    outcome = form_to_file.submit(ctx, "event", body("event", answers))
    assert outcome.ok, messages(outcome)
    assert outcome.rel == "events/2027/ziemas-koncerts-2027.md"


# -- what the volunteer is told ---------------------------------------------------------------


def test_mistakes_are_named_by_the_form_labels_in_latvian(ctx):
    answers = {
        **EVENT,
        "date": "30.02.2027",
        "organizers": "Zaļais pagalmss",
        "registration": "www.example.lv",
        "summary": "x" * 201,
    }
    outcome = form_to_file.submit(ctx, "event", body("event", answers))
    assert not outcome.ok
    text = messages(outcome)
    assert "Datums / Sākuma laiks: “2027-02-30 10:00”: tāda datuma vai laika nav" in text
    assert "Rīkotāji: Organizācija “Zaļais pagalmss” platformā nav atrasta" in text
    assert "vai domājāt “Biedrība “Zaļais pagalms””?" in text
    assert "Pieteikt organizāciju" in text
    assert "Pieteikšanās saite: drīkst būt tikai pilna http:// vai https:// adrese" in text
    assert "Īss apraksts: pārāk garš: 201 rakstzīmes, atļautas 200" in text
    assert written(ctx) == []


def test_missing_and_empty_required_fields(ctx):
    text = body("event", {**EVENT, "title": ""})
    outcome = form_to_file.submit(ctx, "event", text)
    assert ("Pasākuma nosaukums", "obligāts lauks nav aizpildīts") in outcome.errors
    without_date = re.sub(r"### Datums\n\n[^\n]*\n", "", body("event", EVENT))
    outcome = form_to_file.submit(ctx, "event", without_date)
    assert ("Datums", "lauka pieteikumā nav; aizpildiet veidlapu no jauna") in outcome.errors
    outcome = form_to_file.submit(ctx, "event", "")
    assert len(outcome.errors) == 3  # title, date, organizers
    assert written(ctx) == []


def test_the_answer_comment_escapes_what_the_volunteer_wrote(ctx):
    outcome = form_to_file.submit(
        ctx, "event", body("event", {**EVENT, "organizers": "@everyone [x](https://evil)"})
    )
    comment = form_to_file.comment_text(outcome, "content/")
    assert comment.startswith(form_to_file.MARKER)
    assert "@everyone" not in comment and "@\u2060everyone" in comment
    assert "[x](https://evil)" not in comment
    assert "rediģējiet" in comment.lower() or "Rediģējiet" in comment


# -- hostile input ----------------------------------------------------------------------------


def test_yaml_injection_in_a_field_stays_text(ctx):
    answers = {**EVENT, "title": "x\nmajor: true\nstatus: cancelled"}
    outcome = form_to_file.submit(ctx, "event", body("event", answers))
    assert outcome.ok, messages(outcome)
    doc = read(ctx.content_dir / outcome.rel)
    assert doc.data["title"] == "x major: true status: cancelled"
    assert "major" not in doc.data and "status" not in doc.data


def test_document_markers_in_fields_and_description_stay_inside(ctx):
    answers = {
        **EVENT,
        "title": "---",
        "summary": "...",
        "description": "---\nmajor: true\n---\nteksts",
    }
    outcome = form_to_file.submit(ctx, "event", body("event", answers))
    assert outcome.ok, messages(outcome)
    doc = read(ctx.content_dir / outcome.rel)
    assert doc.data["title"] == "---" and doc.data["summary"] == "..."
    assert "major" not in doc.data
    assert doc.body == "---\nmajor: true\n---\nteksts\n"
    assert collect(ctx.content_dir, Config())[1] == []


@pytest.mark.parametrize(
    "field, value",
    [
        ("title", "<script>alert(1)</script>"),
        ("description", "Sveiki <img src=x onerror=alert(1)>"),
        ("summary", "<iframe src=https://evil>"),
        ("price", "</p><svg onload=alert(1)>"),
    ],
)
def test_html_is_refused(ctx, field, value):
    outcome = form_to_file.submit(ctx, "event", body("event", {**EVENT, field: value}))
    assert not outcome.ok
    assert "HTML birkas" in messages(outcome)
    assert written(ctx) == []


@pytest.mark.parametrize(
    "title",
    [
        "${{ github.token }}",
        "$(touch /tmp/pwned) `id`",
        "&anchor *alias !!python/object/apply:os.system ['id']",
        "'; DROP TABLE events; --",
        "\u202eevil\u0000\u0007title",
    ],
)
def test_shell_template_and_yaml_tricks_are_just_text(ctx, title):
    outcome = form_to_file.submit(ctx, "event", body("event", {**EVENT, "title": title}))
    assert outcome.ok, messages(outcome)
    doc = read(ctx.content_dir / outcome.rel)
    assert doc.data["title"] == form_to_file.clean_line(title)
    assert not Path("/tmp/pwned").exists()


def test_a_smuggled_second_field_is_refused(ctx):
    answers = {**EVENT, "description": "Apraksts\n\n### Datums\n\n2030-01-01"}
    outcome = form_to_file.submit(ctx, "event", body("event", answers))
    assert not outcome.ok
    assert ("Datums", "lauks pieteikumā ir divreiz; atstājiet vienu") in outcome.errors
    assert written(ctx) == []


def test_huge_input_is_refused(ctx):
    outcome = form_to_file.submit(
        ctx, "event", body("event", {**EVENT, "description": "a" * 70_000})
    )
    assert not outcome.ok
    assert "pārāk garš" in messages(outcome)
    outcome = form_to_file.submit(
        ctx, "event", body("event", {**EVENT, "description": "a" * 25_000})
    )
    assert "Apraksts: apraksts ir pārāk garš" in messages(outcome)
    assert written(ctx) == []


def test_an_unknown_dropdown_value_is_refused(ctx):
    outcome = form_to_file.submit(
        ctx, "event", body("event", {**EVENT, "categories": "Talka, Kaujas"})
    )
    assert ("Kategorijas", "“Kaujas” nav starp izvēlēm") in outcome.errors


# -- the command the workflow runs ------------------------------------------------------------


def outputs(path: Path) -> dict[str, str]:
    """GitHub's step-output file, heredoc form: key<<DELIM / value / DELIM."""
    values, lines = {}, path.read_text(encoding="utf-8").split("\n")
    i = 0
    while i < len(lines) - 1:
        key, delimiter = lines[i].split("<<", 1)
        end = lines.index(delimiter, i + 1)
        values[key] = "\n".join(lines[i + 1 : end])
        i = end + 1
    return values


def out_args(github_output: Path) -> list[str]:
    return [
        "--content-dir",
        "content",
        "--output-dir",
        "out",
        "--github-output",
        str(github_output),
    ]


def test_command_reads_the_body_from_the_environment(tmp_path):
    make_content(tmp_path / "content")
    title = "Talka\nok=false\npath=/etc/passwd"
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": EPOCH,
        "ISSUE_BODY": body("event", {**EVENT, "title": title}),
    }
    gh = tmp_path / "github_output"
    result = subprocess.run(
        [*SCRIPT, "--kind", "event", "--body-env", "ISSUE_BODY", "--issue", "42", *out_args(gh)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    values = outputs(gh)
    assert set(values) == {"ok", "path", "pr_title"}
    assert values["ok"] == "true"
    assert values["path"] == "content/events/2027/talka-ok-false-path-etc-passwd.md"
    assert values["pr_title"] == "Pasākums: Talka ok=false path=/etc/passwd"
    assert (tmp_path / values["path"]).is_file()
    comment = (tmp_path / "out/comment.md").read_text(encoding="utf-8")
    assert form_to_file.PR_URL in comment
    assert "Closes #42" in (tmp_path / "out/pr-body.md").read_text(encoding="utf-8")


def test_command_answers_with_what_to_fix(tmp_path):
    content = make_content(tmp_path / "content")
    (tmp_path / "body.md").write_text(body("event", {**EVENT, "date": "rīt"}), encoding="utf-8")
    gh = tmp_path / "github_output"
    result = subprocess.run(
        [*SCRIPT, "--kind", "event", "--body-file", "body.md", *out_args(gh)],
        cwd=tmp_path,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert outputs(gh) == {"ok": "false"}
    comment = (tmp_path / "out/comment.md").read_text(encoding="utf-8")
    assert "**Datums / Sākuma laiks**" in comment and "“rīt 10:00”" in comment
    assert not (tmp_path / "out/pr-body.md").exists()
    assert sorted(p.name for p in (content / "events").rglob("*.md")) == ["ziemas-koncerts.md"]


# -- the forms themselves ---------------------------------------------------------------------

HANDLED = {
    "event": set(EVENT) | {"end_date", "locality", "online", "registration"},
    "organization": set(ORGANIZATION)
    | {"phone", "website", "address", "reg_no", "founded", "seeking_partners"},
}


@pytest.mark.parametrize("kind", ["event", "organization"])
def test_every_form_field_is_converted(kind):
    ids = {f.id for f in form_to_file.load_form(kind)}
    assert ids == HANDLED[kind]


@pytest.mark.parametrize("kind", ["event", "organization"])
def test_form_labels_are_unique_and_options_have_no_separator(kind):
    form = form_to_file.load_form(kind)
    labels = [f.label for f in form]
    assert len(labels) == len(set(labels))
    for f in form:
        assert all(", " not in option for option in f.options), f.id  # ", " splits multiple answers
