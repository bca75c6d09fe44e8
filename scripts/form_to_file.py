#!/usr/bin/env python3
"""Turn a submitted issue form ("Pieteikt pasākumu", "Pieteikt organizāciju") into a file.

    python scripts/form_to_file.py --kind event --body-env ISSUE_BODY --issue 42 \\
        --output-dir "$RUNNER_TEMP/form" [--github-output "$GITHUB_OUTPUT"]
    python scripts/form_to_file.py --kind organization --body-file issue.md ...

The issue body is data from anyone on the internet. It is read from an environment variable or
a file (never from the command line, never through a shell), parsed by the form's own labels
(.github/ISSUE_TEMPLATE/*.yml), turned into field values, written with PyYAML's safe dumper,
read back and validated by the domain core together with the whole content folder. Only then
is the file created (never over an existing one).

Writes into --output-dir: ``comment.md`` (the answer to post on the issue, in Latvian, with
``@@PR_URL@@`` where the workflow puts the pull request's address) and, on success,
``pr-body.md``. Exit 0 when the file was written, 1 when the form needs fixing (the comment
says what), 2 on an unexpected error.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import yaml

from _common import ROOT, run
from _scaffold import (
    KINDS,
    Context,
    _fold,
    clean_body,
    clean_line,
    field_map,
    field_problems,
    free_slug,
    one_of_problem,
    rel_path,
    render,
    schema_ref,
    validate_new,
    write_new,
)
from pr_comment import md_text

FORMS = {
    "event": ROOT / ".github" / "ISSUE_TEMPLATE" / "pasakums.yml",
    "organization": ROOT / ".github" / "ISSUE_TEMPLATE" / "organizacija.yml",
}
MARKER = "<!-- nvo-platforma:form -->"
PR_URL = "@@PR_URL@@"
MAX_BODY = 65_536  # GitHub's own limit for an issue body
MAX_DESCRIPTION = 20_000
NO_RESPONSE = "_No response_"
HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z!?]")
HEADING = re.compile(r"^### (.+?)\s*$")

# Which form fields a file field comes from, for messages about it.
SOURCES = {
    "event": {
        "start": ("date", "start_time"),
        "end": ("end_time", "end_date"),
        "location": ("place",),
    },
    "organization": {},
}


@dataclass(frozen=True)
class FormField:
    id: str
    label: str
    type: str
    required: bool
    multiple: bool
    options: tuple[str, ...]


class FormError(Exception):
    """Problems a volunteer must fix in the form: (form label, message) pairs."""

    def __init__(self, errors: list[tuple[str, str]]):
        super().__init__(f"{len(errors)} problem(s) in the form")
        self.errors = errors


def load_form(kind: str) -> list[FormField]:
    with open(FORMS[kind], encoding="utf-8") as f:
        form = yaml.safe_load(f)
    out = []
    for element in form["body"]:
        if "id" not in element:
            continue
        attributes = element.get("attributes", {})
        out.append(
            FormField(
                id=element["id"],
                label=attributes["label"],
                type=element["type"],
                required=bool(element.get("validations", {}).get("required")),
                multiple=bool(attributes.get("multiple")),
                options=tuple(str(o) for o in attributes.get("options", ())),
            )
        )
    return out


# -- parsing the issue body ------------------------------------------------------------------


def parse_body(text: str, form: list[FormField]) -> dict[str, str]:
    """The answers by form field id; the body is split at the form's own ``### label`` lines.

    A label that appears twice (e.g. typed into a text box to smuggle in a second value) or a
    required field that is missing or empty is an error, never a guess.
    """
    if len(text) > MAX_BODY:
        raise FormError([("-", f"pieteikums ir pārāk garš (vairāk nekā {MAX_BODY} rakstzīmes)")])
    by_label = {f.label: f for f in form}
    answers: dict[str, list[str]] = {}
    errors: list[tuple[str, str]] = []
    current: str | None = None
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        m = HEADING.match(line)
        if m and m[1] in by_label:
            field = by_label[m[1]]
            if field.id in answers:
                errors.append((field.label, "lauks pieteikumā ir divreiz; atstājiet vienu"))
            current = field.id
            answers[field.id] = []
        elif current is not None:
            answers[current].append(line)
    values = {}
    for field in form:
        if field.id not in answers:
            if field.required:
                errors.append((field.label, "lauka pieteikumā nav; aizpildiet veidlapu no jauna"))
            continue
        value = "\n".join(answers[field.id]).strip()
        if value == NO_RESPONSE:
            value = ""
        if field.required and not value:
            errors.append((field.label, "obligāts lauks nav aizpildīts"))
        if HTML_TAG.search(value):
            errors.append(
                (field.label, "HTML birkas (<…>) nav atļautas; rakstiet vienkāršu tekstu")
            )
        values[field.id] = value
    if errors:
        raise FormError(errors)
    return values


# -- answers to field values -----------------------------------------------------------------


def iso_date(text: str) -> str:
    """2027-04-24, 24.04.2027 or 24.4.2027. -> 2027-04-24; anything else as written."""
    text = text.strip()
    m = re.fullmatch(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\.?", text)
    if m:
        return f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}"
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"
    return clean_line(text)


def hhmm(text: str) -> str:
    """18:00, 18.00, plkst. 18 -> 18:00; anything else as written."""
    text = re.sub(r"^plkst\.?\s*", "", text.strip(), flags=re.IGNORECASE)
    m = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?", text)
    if m:
        return f"{int(m[1]):02d}:{m[2] or '00'}"
    return clean_line(text)


def lines_of(text: str) -> list[str]:
    """A text box with one item per line; list bullets are dropped."""
    items = [re.sub(r"^\s*(?:[-*•]|\d+[.)])\s+", "", line) for line in text.split("\n")]
    return [clean_line(item) for item in items if clean_line(item)]


def match_name(token: str, choices: list[tuple[str, str]]) -> str | None:
    """An id by its id, its name (any case, with or without diacritics) or its page address."""
    token = clean_line(token)
    m = re.search(r"/(?:organizacijas|organizations|vietas|places)/([a-z0-9-]+)/?$", token)
    if m:
        token = m[1]
    folded = _fold(token)
    for value, label in choices:
        if token == value or (folded and folded in (_fold(label), _fold(value))):
            return value
    starts = [value for value, label in choices if folded and _fold(label).startswith(folded + " ")]
    return starts[0] if len(starts) == 1 else None


def option_ids(answer: str, field: FormField, terms: dict) -> tuple[list[str], list[str]]:
    """Dropdown answers ("Koncerts, Darbnīca") -> vocabulary ids, and the ones not found."""
    parts = (
        [p for p in (s.strip() for s in answer.split(", ")) if p] if field.multiple else [answer]
    )
    ids, unknown = [], []
    for part in parts:
        hit = next((t.id for t in terms.values() if _fold(t.lv) == _fold(part)), None)
        (ids.append(hit) if hit else unknown.append(part))
    return ids, unknown


def _not_found(what: str, token: str, names: list[str], hint: str) -> str:
    close = difflib.get_close_matches(token, names, n=1, cutoff=0.6)
    guess = f"; vai domājāt “{close[0]}”?" if close else ""
    return f"{what} “{token}” platformā nav atrasta{guess} {hint}".rstrip()


def convert(ctx: Context, kind: str, form: list[FormField], answers: dict[str, str]):
    """Field values (raw texts, as a volunteer would type them) and the body."""
    fields = {f.id: f for f in form}
    vocab = ctx.content.vocabularies
    values: dict = {}
    errors: list[tuple[str, str]] = []

    def dropdown(form_id: str, field: str, terms: dict) -> None:
        answer = answers.get(form_id, "")
        if not answer:
            return
        ids, unknown = option_ids(answer, fields[form_id], terms)
        for part in unknown:
            errors.append((fields[form_id].label, f"“{part}” nav starp izvēlēm"))
        if ids:
            values[field] = ids if fields[form_id].multiple else ids[0]

    def text(form_id: str, field: str | None = None) -> None:
        if answers.get(form_id):
            values[field or form_id] = clean_line(answers[form_id])

    if kind == "event":
        text("title")
        start = iso_date(answers.get("date", ""))
        if answers.get("start_time"):
            start = f"{start} {hhmm(answers['start_time'])}"
        values["start"] = start
        end_date = iso_date(answers["end_date"]) if answers.get("end_date") else ""
        end_time = hhmm(answers["end_time"]) if answers.get("end_time") else ""
        if end_date or end_time:
            values["end"] = " ".join(part for part in (end_date, end_time) if part)
        orgs = ctx.choices(field_map("event")["organizers"])
        organizers = []
        for token in _split_names(answers.get("organizers", ""), orgs):
            slug = match_name(token, orgs)
            if slug is None:
                errors.append(
                    (
                        fields["organizers"].label,
                        _not_found(
                            "Organizācija",
                            clean_line(token),
                            [name for _, name in orgs],
                            "Ierakstiet nosaukumu tieši tā, kā tas redzams platformā, vai vispirms "
                            "piesakiet organizāciju ar veidlapu “Pieteikt organizāciju”.",
                        ),
                    )
                )
            elif slug not in organizers:
                organizers.append(slug)
        if organizers:
            values["organizers"] = organizers
        if answers.get("place"):
            places = ctx.choices(field_map("event")["place"])
            slug = match_name(answers["place"], places)
            if slug:
                values["place"] = slug
            else:
                values["location"] = clean_line(answers["place"])
        dropdown("locality", "locality", vocab.localities)
        if "place" in values and "locality" in values:
            del values["locality"]  # the place's own locality wins; no contradiction to report
        text("online")
        dropdown("categories", "categories", vocab.categories)
        dropdown("audiences", "audiences", vocab.audiences)
        for name in ("price", "registration", "summary"):
            text(name)
        if _fold(answers.get("major", "")) == "ja":
            values["major"] = "true"
        if "location" in values and "locality" not in values and "online" not in values:
            errors.append(
                (
                    fields["locality"].label,
                    f"vieta “{values['location']}” platformā nav reģistrēta: izvēlieties arī "
                    "apdzīvoto vietu (vai ierakstiet reģistrētas vietas nosaukumu)",
                )
            )
    else:
        text("name")
        kinds = field_map("organization")["kind"].enum_labels
        answer = answers.get("kind", "")
        hit = next((value for value, label in kinds.items() if _fold(label) == _fold(answer)), None)
        if hit:
            values["kind"] = hit
        elif answer:
            errors.append((fields["kind"].label, f"“{answer}” nav starp izvēlēm"))
        text("summary")
        dropdown("localities", "localities", vocab.localities)
        dropdown("areas", "areas", vocab.areas)
        for name in ("email", "phone", "website", "address", "founded", "seeking_partners"):
            text(name)
        if answers.get("reg_no"):
            values["reg_no"] = re.sub(r"\s+", "", answers["reg_no"])
        if answers.get("social"):
            values["social"] = lines_of(answers["social"])
        if answers.get("offers"):
            values["offers"] = lines_of(answers["offers"])
        values["joined"] = ctx.today()

    body = answers.get("description", "")
    if len(body) > MAX_DESCRIPTION:
        errors.append(
            (
                fields["description"].label,
                f"apraksts ir pārāk garš (vairāk nekā {MAX_DESCRIPTION} rakstzīmes)",
            )
        )
    return values, clean_body(body), errors


def _split_names(text: str, choices: list[tuple[str, str]]) -> list[str]:
    """Organisers: one per line (or separated by ";"); a line that names nobody is tried by commas."""
    out = []
    for line in re.split(r"[\n;]", text):
        line = line.strip(" \t-*•")
        if not line:
            continue
        if match_name(line, choices) is None and "," in line:
            out += [part.strip() for part in line.split(",") if part.strip()]
        else:
            out.append(line)
    return out


# -- the whole conversion --------------------------------------------------------------------


def label_of(kind: str, form: list[FormField], field: str) -> str:
    labels = {f.id: f.label for f in form}
    ids = SOURCES[kind].get(field, (field,))
    found = [labels[i] for i in ids if i in labels]
    return " / ".join(found) if found else field


@dataclass
class Outcome:
    ok: bool
    errors: list[tuple[str, str]]
    rel: str = ""
    title: str = ""


def submit(ctx: Context, kind_name: str, body_text: str) -> Outcome:
    """Parse, convert, check and write; nothing is written unless every check passed."""
    kind = KINDS[kind_name]
    form = load_form(kind_name)
    try:
        answers = parse_body(body_text, form)
    except FormError as exc:
        return Outcome(False, exc.errors)
    values, body, errors = convert(ctx, kind_name, form, answers)
    for name, raw in values.items():
        for message in field_problems(ctx, kind_name, name, raw, values):
            errors.append((label_of(kind_name, form, name), message))
    if not errors and (message := one_of_problem(kind, values)):
        errors.append((label_of(kind_name, form, "place"), message))
    if errors:
        return Outcome(False, errors)
    title = str(values[kind.title_field])
    slug = free_slug(ctx, kind, title, values)
    rel = rel_path(kind, slug, values)
    text = render(kind, values, body, schema_ref(ctx, kind, rel))
    problems = validate_new(ctx, rel, text)
    if problems:
        return Outcome(False, [(label_of(kind_name, form, p.field), p.message) for p in problems])
    write_new(ctx, rel, text)
    return Outcome(True, [], rel, title)


def comment_text(outcome: Outcome, content_prefix: str) -> str:
    if outcome.ok:
        path = f"{content_prefix}{outcome.rel}"
        return "\n".join(
            [
                MARKER,
                f"Paldies! No pieteikuma izveidots fails `{path}` un pull request {PR_URL}.",
                "Koordinatori to pārskatīs un publicēs. Ja kaut kas būs jāprecizē, viņi to uzrakstīs šeit.",
                "",
                f"<sub>*English:* Thank you! The file `{path}` and the pull request {PR_URL} were "
                "created from this form; coordinators will review and publish it.</sub>",
                "",
            ]
        )
    rows = [f"- **{md_text(label)}**: {md_text(message)}" for label, message in outcome.errors]
    return "\n".join(
        [
            MARKER,
            "Paldies par pieteikumu! Lai to varētu publicēt, lūdzu, izlabojiet:",
            "",
            *rows,
            "",
            "Rediģējiet šo pieteikumu (izvēlne “…” augšā pa labi → **Edit**), izlabojiet norādītos "
            "laukus un saglabājiet: pārbaude notiks vēlreiz, un šis komentārs tiks atjaunināts.",
            "",
            f"<sub>*English:* {len(outcome.errors)} field(s) need fixing before this can be "
            "published; edit the issue and the check runs again.</sub>",
            "",
        ]
    )


def pr_body(outcome: Outcome, issue: int | None, content_prefix: str) -> str:
    source = f"pieteikuma #{issue}" if issue else "pieteikuma veidlapas"
    lines = [
        f"Šis pull request automātiski izveidots no {source}.",
        "",
        f"- Fails: `{content_prefix}{outcome.rel}`",
        f"- Nosaukums: {md_text(outcome.title)}",
        "",
        "Pirms apvienošanas pārbaudiet, vai teksts ir pieklājīgs un patiess, vai rīkotājs ir "
        "īstais un vai nav jāpieliek `major: true`. Ja pieteicējs pieteikumu rediģēs, šis zars "
        "tiks izveidots no jauna, tāpēc papildu labojumus veiciet pēc tam vai atsevišķā zarā.",
        "",
        f"<sub>*English:* created automatically from the issue form{f' #{issue}' if issue else ''}.</sub>",
    ]
    if issue:
        lines += ["", f"Closes #{issue}"]
    return "\n".join(lines) + "\n"


def write_outputs(path: Path, values: dict[str, str]) -> None:
    """GitHub step outputs; every value is one line, under a random heredoc delimiter."""
    with open(path, "a", encoding="utf-8") as f:
        for key, value in values.items():
            delimiter = f"ghadelimiter_{uuid.uuid4()}"
            f.write(f"{key}<<{delimiter}\n{clean_line(value)}\n{delimiter}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Veidlapa -> fails / issue form -> content file")
    parser.add_argument("--kind", choices=sorted(FORMS), required=True)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--body-env", help="environment variable that holds the issue body")
    source.add_argument("--body-file", type=Path, help="file that holds the issue body")
    parser.add_argument("--content-dir", default="content")
    parser.add_argument("--issue", type=int)
    parser.add_argument("--output-dir", type=Path, required=True)
    parser.add_argument("--github-output", type=Path)
    args = parser.parse_args(argv)

    if args.body_env:
        body_text = os.environ.get(args.body_env, "")
    else:
        with open(args.body_file, encoding="utf-8", errors="replace") as f:
            body_text = f.read(MAX_BODY + 1)
    ctx = Context.load(args.content_dir)
    outcome = submit(ctx, args.kind, body_text)

    prefix = Path(args.content_dir).as_posix().rstrip("/") + "/"
    args.output_dir.mkdir(parents=True, exist_ok=True)
    (args.output_dir / "comment.md").write_text(comment_text(outcome, prefix), encoding="utf-8")
    outputs = {"ok": "true" if outcome.ok else "false"}
    if outcome.ok:
        (args.output_dir / "pr-body.md").write_text(
            pr_body(outcome, args.issue, prefix), encoding="utf-8"
        )
        noun = KINDS[args.kind].noun.capitalize()
        outputs |= {"path": f"{prefix}{outcome.rel}", "pr_title": f"{noun}: {outcome.title}"[:120]}
        print(f"izveidots / created: {prefix}{outcome.rel}")
    else:
        for label, message in outcome.errors:
            print(f"{label}: {message}", file=sys.stderr)
    if args.github_output:
        write_outputs(args.github_output, outputs)
    return 0 if outcome.ok else 1


if __name__ == "__main__":
    run(main)
