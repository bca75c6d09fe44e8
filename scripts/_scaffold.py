"""What the scaffolding scripts and the form converter share: how a new organisation, place or
event file is named, filled in, checked and written.

Every field, its Latvian description and its allowed values come from the JSON Schemas in
plugins/ngo/schemas/; every check is the domain core's own (``ngo.schema``, ``ngo.checks``,
``ngo.timing`` and, for the finished file, ``ngo.content.collect`` over the whole content
folder), so a file written here validates exactly as the build validates it.

    new_event.py / new_organization.py / new_place.py  ->  main(kind, argv)
    form_to_file.py                                     ->  Context, render, validate_new, write_new
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml

from _common import config as project_config
from ngo import checks, schema, timing
from ngo.config import Config
from ngo.content import SLUG, Content, collect
from ngo.frontmatter import Document, read_markdown, read_yaml
from ngo.problems import Problem

# -- kinds and fields ------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """A kind of content file a volunteer can add."""

    name: str  # the schema's name
    folder: str  # under the content folder
    suffix: str
    title_field: str  # the file name (slug) is made from this field
    noun: str  # Latvian, nominative: "pasākums"
    make_target: str
    basic: tuple[str, ...]  # asked in this order
    advanced: tuple[str, ...]  # asked only when the volunteer wants more
    one_of: tuple[str, ...] = ()  # at least one of these is required (content.py's rule)


KINDS = {
    "event": Kind(
        name="event",
        folder="events",
        suffix=".md",
        title_field="title",
        noun="pasākums",
        make_target="new-event",
        basic=(
            "title",
            "start",
            "end",
            "organizers",
            "place",
            "locality",
            "online",
            "location",
            "categories",
            "audiences",
            "summary",
            "price",
            "registration",
        ),
        advanced=("major", "status", "recurrence", "exclude_dates", "image", "timezone"),
        one_of=("place", "locality", "online"),
    ),
    "organization": Kind(
        name="organization",
        folder="organizations",
        suffix=".md",
        title_field="name",
        noun="organizācija",
        make_target="new-organization",
        basic=(
            "name",
            "kind",
            "summary",
            "localities",
            "areas",
            "email",
            "phone",
            "website",
            "address",
            "reg_no",
            "founded",
            "social",
            "seeking_partners",
            "offers",
            "joined",
        ),
        advanced=("logo",),
    ),
    "place": Kind(
        name="place",
        folder="places",
        suffix=".yaml",
        title_field="name",
        noun="vieta",
        make_target="new-place",
        basic=(
            "name",
            "locality",
            "address",
            "geo",
            "capacity",
            "accessible",
            "website",
            "notes",
        ),
        advanced=(),
    ),
}


@dataclass(frozen=True)
class Field:
    """One property of a kind's JSON Schema, as the scripts need it."""

    name: str
    spec: dict
    required: bool

    @property
    def description(self) -> str:
        return self.spec.get("description", self.name)

    @property
    def type(self) -> str:
        t = self.spec.get("type", "string")
        return t[0] if isinstance(t, list) else t

    @property
    def is_list(self) -> bool:
        return self.type == "array"

    @property
    def items(self) -> dict:
        return self.spec.get("items") or {}

    @property
    def free_text_items(self) -> bool:
        """List items are sentences (one per line), not ids or numbers (comma-separated)."""
        return self.is_list and self.items.get("type") == "string" and "pattern" not in self.items

    @property
    def is_url(self) -> bool:
        return self.spec.get("format") == "uri" or self.items.get("format") == "uri"

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def enum_labels(self) -> dict[str, str]:
        """Latvian names of enum values, read from the description: "association (biedrība)"."""
        values = self.spec.get("enum", [])
        found = dict(re.findall(r"([a-z_]+) \(([^)]+)\)", self.description))
        return {v: found.get(v, v) for v in values}


def fields(kind: str) -> list[Field]:
    spec = schema.load(kind)
    required = set(spec.get("required", []))
    return [Field(name, prop, name in required) for name, prop in spec["properties"].items()]


def field_map(kind: str) -> dict[str, Field]:
    return {f.name: f for f in fields(kind)}


# -- the content a new file joins ------------------------------------------------------------


@dataclass
class Context:
    """The content folder as it is now: choices to offer and the problems it already has."""

    content_dir: Path
    config: Config
    content: Content
    problems_before: frozenset[Problem]

    @classmethod
    def load(cls, content_dir: Path | str, config: Config | None = None) -> Context:
        content_dir = Path(content_dir)
        config = config or project_config()
        content, problems = collect(content_dir, config)
        return cls(content_dir, config, content, frozenset(problems))

    def known(self, f: Field) -> tuple[dict, str] | None:
        """The ids a field may refer to, and where they are kept (for messages)."""
        vocabulary = f.spec.get("x-vocabulary")
        if vocabulary:
            return getattr(self.content.vocabularies, vocabulary), f"{vocabulary}.yaml"
        reference = f.spec.get("x-reference")
        if reference == "organizations":
            return self.content.organizations, "organizations/"
        if reference == "places":
            return self.content.places, "places/"
        return None

    def choices(self, f: Field) -> list[tuple[str, str]]:
        """(value, Latvian label) pairs to pick from, or [] for free input."""
        if f.spec.get("enum"):
            return list(f.enum_labels.items())
        vocabulary = f.spec.get("x-vocabulary")
        if vocabulary:
            terms = getattr(self.content.vocabularies, vocabulary)
            return [(term.id, term.lv) for term in terms.values()]
        reference = f.spec.get("x-reference")
        if reference == "organizations":
            orgs = sorted(self.content.organizations.values(), key=lambda o: _fold(o.name))
            return [(o.slug, o.name) for o in orgs]
        if reference == "places":
            localities = self.content.vocabularies.localities
            places = sorted(self.content.places.values(), key=lambda p: _fold(p.name))
            return [
                (
                    p.slug,
                    f"{p.name}, {localities[p.locality].lv}"
                    if p.locality in localities
                    else p.name,
                )
                for p in places
            ]
        return []

    def today(self) -> str:
        return self.config.now.astimezone(self.config.tz).date().isoformat()


def _fold(text: str) -> str:
    """Case- and diacritics-insensitive key: "Ķekavas Kultūras nams" -> "kekavas kulturas nams"."""
    return " ".join(checks.slugify(text).split("-"))


def resolve_choice(token: str, choices: list[tuple[str, str]]) -> str:
    """A list number, an id, or a name (any case, with or without diacritics) -> the id."""
    token = token.strip()
    if token.isdigit() and choices and 1 <= int(token) <= len(choices):
        return choices[int(token) - 1][0]
    for value, label in choices:
        if token == value or (_fold(token) and _fold(token) in (_fold(label), _fold(value))):
            return value
        # "Ķekavas kultūras nams" matches the label "Ķekavas kultūras nams, Ķekava", if only it
        prefix = _fold(token) + " "
        unique = sum(_fold(other).startswith(prefix) for _, other in choices) == 1
        if _fold(token) and _fold(label).startswith(prefix) and unique:
            return value
    return token


# -- checking one value as it is typed --------------------------------------------------------


def split_list(f: Field, text: str) -> list[str]:
    """A typed list: ids and numbers separated by commas, free text by semicolons."""
    separator = ";" if f.free_text_items else ","
    return [part.strip() for part in text.split(separator) if part.strip()]


def field_problems(
    ctx: Context, kind: str, name: str, raw, values: dict | None = None
) -> list[str]:
    """Why ``raw`` (text, or a list of texts) can't be the value of ``name``, in Latvian.

    The schema's own coercion and messages first, then the core's rules that a schema can't
    express (URLs, register numbers, dates and times, recurrence, references to other files).
    ``values`` are the fields already given, for rules between fields (``end`` after ``start``).
    """
    values = values or {}
    f = field_map(kind)[name]
    typed, problems = schema.check(Document("-", data={name: raw}), kind)
    messages = [p.message for p in problems if p.field == name]
    if messages:
        return messages
    value = typed.get(name)
    items = value if isinstance(value, list) else [value]
    if f.is_url:
        messages += [m for item in items if (m := checks.url_problem(str(item)))]
    if name == "reg_no" and (m := checks.register_number_problem(str(value))):
        messages.append(m)
    if known := ctx.known(f):
        ids, where = known
        for item in items:
            if item not in ids:
                hint = schema.suggest(item, ids) or (
                    f"; zināmie: {', '.join(sorted(ids)[:12])}" if ids else ""
                )
                messages.append(f"“{item}” nav atrasts ({where}){hint}")
    try:
        _time_rules(name, value, values)
    except timing.TimeError as exc:
        messages.append(str(exc))
    if name in ("image", "logo"):
        target = (ctx.content_dir / value).resolve()
        if ".." in Path(value).parts or not target.is_relative_to(ctx.content_dir.resolve()):
            messages.append("attēlam jābūt satura mapē (bez “..”)")
        elif not target.is_file():
            messages.append(f"fails “{value}” nav atrasts satura mapē")
    return messages


def _time_rules(name: str, value, values: dict) -> None:
    if name in ("exclude_dates",):
        for day in value:
            timing.parse_date(day)
    elif name == "joined":
        timing.parse_date(value)
    elif name == "timezone":
        timing.zone(value)
    elif name == "recurrence":
        timing.build_rule(value, datetime(1900, 1, 1), timing.zone("UTC"))
    elif name == "start":
        timing.parse_start(value)
    elif name == "end" and isinstance(values.get("start"), str):
        try:
            start = timing.parse_start(values["start"])
        except timing.TimeError:
            return
        end = timing.parse_end(value, start)
        if (end < start) if not isinstance(start, datetime) else (end <= start):
            raise timing.TimeError(f"beigām jābūt pēc sākuma ({values['start']})")


def one_of_problem(kind: Kind, values: dict) -> str | None:
    if kind.one_of and not any(values.get(name) for name in kind.one_of):
        return "norādiet vietu: place (vietas slugs), locality vai online"
    return None


# -- file names and paths ---------------------------------------------------------------------


def rel_path(kind: Kind, slug: str, values: dict) -> str:
    if kind.name == "event":
        return f"{kind.folder}/{str(values['start'])[:4]}/{slug}{kind.suffix}"
    return f"{kind.folder}/{slug}{kind.suffix}"


def slug_owner(ctx: Context, kind: Kind, slug: str) -> str | None:
    """The file that already uses ``slug`` for this kind, relative to the content folder."""
    folder = ctx.content_dir / kind.folder
    if kind.name == "event":
        hits = sorted(folder.glob(f"**/{slug}.md")) if folder.is_dir() else []
    else:
        hits = [p for s in (kind.suffix, ".yml") if (p := folder / f"{slug}{s}").exists()]
    return hits[0].relative_to(ctx.content_dir).as_posix() if hits else None


def slug_problem(ctx: Context, kind: Kind, slug: str) -> str | None:
    if not SLUG.match(slug):
        better = checks.slugify(slug) or "piemers"
        return f"drīkst būt tikai mazie burti a-z, cipari un “-”, piemēram, “{better}”"
    if owner := slug_owner(ctx, kind, slug):
        return f"šāds nosaukums jau ir failam {owner}; izvēlieties citu"
    return None


def free_slug(ctx: Context, kind: Kind, text: str, values: dict) -> str:
    """A file name made from the title that no file of this kind uses yet."""
    base = checks.slugify(text)[:60].strip("-") or kind.name
    candidates = [base]
    year = str(values.get("start", ""))[:4]
    if kind.name == "event" and year.isdigit() and not base.endswith(year):
        candidates.append(f"{base}-{year}")
    candidates += [f"{base}-{n}" for n in range(2, 100)]
    return next(c for c in candidates if not slug_owner(ctx, kind, c))


def schema_ref(ctx: Context, kind: Kind, rel: str) -> str:
    """The schema's path relative to the new file, for the yaml-language-server comment."""
    target_dir = (ctx.content_dir / rel).parent.resolve()
    schema_file = schema.SCHEMA_DIR / f"{kind.name}.schema.json"
    return Path(os.path.relpath(schema_file.resolve(), target_dir)).as_posix()


# -- writing YAML with the YAML library ------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, quoting exactly what a YAML 1.2 reader could take for a number,
    a boolean or null, but writing dates and times (``2027-05-15 18:00``, ``15:00``) as plain
    text, as volunteers write them. The project's reader keeps every scalar as text either way.
    """

    yaml_implicit_resolvers: dict = {}  # noqa: RUF012 - PyYAML's class-level registry


for _tag, _regexp, _first in (
    (
        "tag:yaml.org,2002:bool",
        r"^(?:yes|Yes|YES|no|No|NO|y|Y|n|N|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$",
        "yYnNtTfFoO",
    ),
    (
        "tag:yaml.org,2002:int",
        r"^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$",
        "-+0123456789",
    ),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$", ["<"]),
    ("tag:yaml.org,2002:value", r"^(?:=)$", ["="]),
):
    _Dumper.add_implicit_resolver(_tag, re.compile(_regexp), list(_first))


class _FlowList(list):
    """A list written on one line, ``[a, b]``, as volunteers write ids and coordinates."""


_Dumper.add_representer(
    _FlowList, lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data, True)
)


def dump_field(name: str, value, flow: bool) -> str:
    """One ``name: value`` entry, serialised by PyYAML's safe dumper."""
    if flow and isinstance(value, list):
        value = _FlowList(value)
    return yaml.dump(
        {name: value},
        Dumper=_Dumper,
        default_flow_style=False,
        allow_unicode=True,
        sort_keys=False,
        width=100_000,
    )


_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def clean_line(text: str) -> str:
    """One line of plain text: NFC, no control characters, whitespace runs to one space."""
    text = _CONTROL.sub(" ", unicodedata.normalize("NFC", text))
    return " ".join(text.split())


def clean_body(text: str) -> str:
    """Markdown text: NFC, LF line ends, no control characters, trailing spaces kept."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text.replace("\t", "    "))
    text = text.strip("\n")
    return text + "\n" if text else ""


class RenderError(ValueError):
    """The values don't make a file (a bug if it happens after the checks passed)."""


def render(kind: Kind, values: dict, body: str, ref: str) -> str:
    """The file's text: front matter in the schema's field order, then the body.

    ``values`` are raw texts (or lists of texts), as a volunteer types them; the schema turns
    them into typed values (``true``, ``500``, ``[56.97, 24.23]``) and PyYAML writes them.
    The text is read back with the project's own reader and must give the same values.
    """
    spec = schema.load(kind.name)
    typed, problems = schema.check(Document("-", data=values), kind.name)
    if problems:
        raise RenderError("; ".join(str(p) for p in problems))
    entries = []
    for f in fields(kind.name):
        if f.name in typed:
            entries.append(dump_field(f.name, typed[f.name], flow=not f.free_text_items))
    comment = f"# yaml-language-server: $schema={ref}\n"
    front = comment + "".join(entries)
    body = clean_body(body)
    if kind.suffix == ".md":
        text = f"---\n{front}---\n{body}"
        doc, problems = read_markdown("-", text.encode("utf-8"))
    else:
        text = front
        doc, problems = read_yaml("-", text.encode("utf-8"))
    again, more = schema.check(doc, kind.name)
    if problems or more or again != typed or (kind.suffix == ".md" and doc.body != body):
        raise RenderError(f"the {spec['$id']} front matter does not read back as written")
    return text


# -- the finished file, checked in its place --------------------------------------------------


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def validate_new(ctx: Context, rel: str, text: str) -> list[Problem]:
    """Every problem the new file would bring, found by the core over the whole content folder."""
    return validate_files(ctx, {rel: text})


def validate_files(ctx: Context, files: dict[str, str]) -> list[Problem]:
    """The problems that new files (path relative to the content folder -> text) would bring.

    The content folder is mirrored into a temporary folder (hard links where possible), the
    files are added there, the core reads it all, and the problems of the new files and any
    problem that was not there before are returned.
    """
    with tempfile.TemporaryDirectory(prefix="nvo-jauns-") as tmp:
        mirror = Path(tmp) / "content"
        shutil.copytree(ctx.content_dir, mirror, copy_function=_link_or_copy)
        for rel, text in files.items():
            target = mirror / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                target.unlink()  # never write through a hard link into the real folder
            target.write_text(text, encoding="utf-8", newline="\n")
        _content, problems = collect(mirror, ctx.config)
    return sorted(p for p in problems if p.path in files or p not in ctx.problems_before)


def write_new(ctx: Context, rel: str, text: str) -> Path:
    """Create the file; an existing file is never overwritten (FileExistsError)."""
    path = ctx.content_dir / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as f:
        f.write(text)
    return path


# -- prompts ----------------------------------------------------------------------------------


class Abort(Exception):
    """The volunteer stopped, or the input ended: nothing is written."""


YES = {"j", "ja", "jā", "y", "yes", "true", "1"}
NO = {"n", "ne", "nē", "no", "false", "0"}


class Prompter:
    """Asks in Latvian, shows the default, and asks again until the answer is valid."""

    def __init__(self, ctx: Context, kind: Kind, ask: Callable[[str], str] = input, out=None):
        self.ctx, self.kind, self._ask = ctx, kind, ask
        self.out = out or sys.stdout

    def say(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    def line(self, question: str, default: str = "") -> str:
        shown = f" [{default}]" if default else ""
        try:
            answer = self._ask(f"{question}{shown}: ")
        except EOFError:
            raise Abort("ievade beidzās; nekas netika saglabāts") from None
        return answer.strip() or default

    def yes_no(self, question: str, default: bool = False) -> bool:
        while True:
            answer = self.line(f"{question} (jā/nē)", "jā" if default else "nē").lower()
            if answer in YES:
                return True
            if answer in NO:
                return False
            self.say("  ✗ atbildiet “jā” vai “nē”")

    def field(self, f: Field, values: dict, default: str = ""):
        """Ask for one field; returns raw text, a list of texts, or None when skipped."""
        choices = self.ctx.choices(f)
        label = f.description + ("" if f.required else " (nav obligāts)")
        if choices:
            self.say(f"{f.description}:")
            width = len(str(len(choices)))
            for i, (value, text) in enumerate(choices, 1):
                self.say(f"  {i:>{width}}. {text} ({value})")
            how = (
                "numurus vai nosaukumus, atdalot ar komatu" if f.is_list else "numuru vai nosaukumu"
            )
            label = f"Ierakstiet {how}" + ("" if f.required else " (Enter — izlaist)")
        elif f.free_text_items:
            label += "; vairākus atdaliet ar semikolu “;”"
        elif f.is_list:
            label += "; vairākus atdaliet ar komatu"
        while True:
            if f.type == "boolean":
                return "true" if self.yes_no(f.description, default == "true") else "false"
            answer = self.line(label, default)
            if not answer:
                if f.required:
                    self.say("  ✗ šis lauks ir obligāts")
                    continue
                return None
            if f.is_list:
                raw = split_list(f, answer)
                if choices:
                    raw = [resolve_choice(item, choices) for item in raw]
            else:
                raw = resolve_choice(answer, choices) if choices else clean_line(answer)
            problems = field_problems(self.ctx, self.kind.name, f.name, raw, values)
            if not problems:
                return raw
            for message in problems:
                self.say(f"  ✗ {message}")


# -- the command line -------------------------------------------------------------------------

HELP_EPILOG = (
    "Bez karodziņiem skripts jautā katru lauku latviski. Ar visiem obligātajiem laukiem "
    "karodziņos tas neko nejautā. / Without flags it asks for every field; with all required "
    "fields given as flags it asks nothing."
)


def build_parser(kind: Kind) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"new_{kind.name}.py",
        description=f"Izveido jaunu failu: {kind.noun} / creates a new {kind.name} file",
        epilog=HELP_EPILOG,
    )
    parser.add_argument("--content-dir", default="content", help="satura mape (content)")
    parser.add_argument("--slug", help="faila nosaukums bez paplašinājuma (a-z, 0-9, -)")
    if kind.suffix == ".md":
        parser.add_argument("--body", help="apraksts (Markdown)")
    parser.add_argument(
        "--no-input", action="store_true", help="neko nejautāt; trūkstošs lauks ir kļūda"
    )
    group = parser.add_argument_group("lauki / fields (no JSON Schema)")
    for f in fields(kind.name):
        help_text = f.spec.get("x-description-en", "")
        help_text = f"{f.description} / {help_text}" if help_text else f.description
        if f.type == "boolean":
            group.add_argument(
                f.flag, dest=f.name, action=argparse.BooleanOptionalAction, help=help_text
            )
        elif f.is_list:
            metavar = "TEKSTS" if f.free_text_items else "A,B"
            group.add_argument(
                f.flag, dest=f.name, action="append", metavar=metavar, help=help_text
            )
        else:
            group.add_argument(f.flag, dest=f.name, metavar=f.name.upper(), help=help_text)
    return parser


def values_from_args(ctx: Context, kind: Kind, args: argparse.Namespace) -> dict:
    values: dict = {}
    for f in fields(kind.name):
        given = getattr(args, f.name)
        if given is None:
            continue
        if f.type == "boolean":
            values[f.name] = "true" if given else "false"
        elif f.is_list:
            items = given if f.free_text_items else [i for g in given for i in split_list(f, g)]
            choices = ctx.choices(f)
            values[f.name] = [
                resolve_choice(i, choices) if choices else clean_line(i) for i in items
            ]
        else:
            choices = ctx.choices(f)
            values[f.name] = resolve_choice(given, choices) if choices else clean_line(given)
    return values


def missing_required(kind: Kind, values: dict) -> list[str]:
    missing = [f.flag for f in fields(kind.name) if f.required and f.name not in values]
    if kind.one_of and not any(values.get(n) for n in kind.one_of):
        missing.append(" vai ".join("--" + n.replace("_", "-") for n in kind.one_of))
    return missing


def interview(p: Prompter, kind: Kind, values: dict) -> None:
    """Ask, in order, for every field the flags did not give."""
    spec = field_map(kind.name)
    p.say(f"Jauns ieraksts: {kind.noun}. Enter pieņem vērtību kvadrātiekavās; Ctrl+C — pārtraukt.")
    p.say()
    for name in kind.basic:
        if name in values:
            continue
        if kind.one_of and name in kind.one_of and any(values.get(n) for n in kind.one_of):
            continue  # the event already has a place, locality or online address
        if name == "location" and not any(values.get(n) for n in kind.one_of):
            continue
        default = p.ctx.today() if name == "joined" else ""
        f = spec[name]
        if name in kind.one_of:
            f = Field(f.name, f.spec, required=name == kind.one_of[-1])
            if name == kind.one_of[0]:
                p.say(
                    "Kur notiek pasākums? Izvēlieties reģistrētu vietu, apdzīvoto vietu vai saiti."
                )
        value = p.field(f, values, default)
        if value is not None:
            values[name] = value
    wanted = [n for n in kind.advanced if n not in values]
    if wanted and p.yes_no("Vai norādīt vēl ko (" + ", ".join(wanted) + ")?"):
        for name in wanted:
            if name == "exclude_dates" and "recurrence" not in values:
                continue
            value = p.field(spec[name], values)
            if value is not None:
                values[name] = value


def next_steps(kind: Kind, path: Path, rel: str, title: str) -> str:
    try:
        shown = path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        shown = str(path)
    slug = Path(rel).stem
    branch = f"{kind.folder}/{slug}"
    body_hint = (
        "Atveriet failu un papildiniet aprakstu zem otrās rindas “---”."
        if kind.suffix == ".md"
        else "Atveriet failu un pārbaudiet laukus."
    )
    return "\n".join(
        [
            f"✓ Izveidots: {shown}",
            "",
            "Kas jādara tālāk:",
            f"  1. {body_hint}",
            "  2. Pārbaudiet saturu:  make validate",
            "     Apskatiet vietni:   make serve  (http://localhost:8000)",
            "  3. Iesniedziet izmaiņas:",
            f"       git switch -c {branch}",
            f"       git add {shown}",
            f'       git commit -m "{kind.noun.capitalize()}: {title}"',
            f"       git push -u origin {branch}",
            "     un GitHub lapā atveriet pull request (sīkāk: CONTRIBUTING.md).",
        ]
    )


def main(kind_name: str, argv: list[str] | None = None, ask: Callable[[str], str] = input) -> int:
    kind = KINDS[kind_name]
    args = build_parser(kind).parse_args(argv)
    content_dir = Path(args.content_dir)
    if not (content_dir / "vocabularies").is_dir():
        print(
            f"kļūda: satura mape “{content_dir}” nav atrasta (nav mapes vocabularies/)",
            file=sys.stderr,
        )
        return 1
    ctx = Context.load(content_dir)
    p = Prompter(ctx, kind, ask)
    values = values_from_args(ctx, kind, args)

    errors = []
    for name, raw in list(values.items()):
        for message in field_problems(ctx, kind.name, name, raw, values):
            errors.append(f"{field_map(kind.name)[name].flag}: {message}")
            values.pop(name, None)
    interactive = bool(missing_required(kind, values)) and not args.no_input
    if errors and not interactive:
        for error in errors:
            print(f"kļūda: {error}", file=sys.stderr)
        return 1
    if missing_required(kind, values) and args.no_input:
        print(
            "kļūda: trūkst obligāto lauku: " + ", ".join(missing_required(kind, values)),
            file=sys.stderr,
        )
        return 1
    try:
        for error in errors:
            p.say(f"✗ {error}")
        if interactive:
            interview(p, kind, values)
        title = str(values[kind.title_field])
        slug = args.slug
        if slug is not None and (problem := slug_problem(ctx, kind, slug)):
            if not interactive:
                print(f"kļūda: --slug: {problem}", file=sys.stderr)
                return 1
            p.say(f"✗ --slug: {problem}")
            slug = None
        if slug is None:
            slug = free_slug(ctx, kind, title, values)
            if interactive:
                while True:
                    slug = p.line("Faila nosaukums (a-z, 0-9, -)", slug)
                    if not (problem := slug_problem(ctx, kind, slug)):
                        break
                    p.say(f"  ✗ {problem}")
        body = getattr(args, "body", None) or ""
        if interactive and kind.suffix == ".md" and not body:
            body = p.line("Apraksts (viena rindkopa; garāku tekstu varēsiet ierakstīt failā)")
        rel = rel_path(kind, slug, values)
        text = render(kind, values, body, schema_ref(ctx, kind, rel))
        problems = validate_new(ctx, rel, text)
        if problems:
            for problem in problems:
                print(f"kļūda: {problem}", file=sys.stderr)
            return 1
        if interactive:
            p.say()
            p.say(f"Fails {kind.folder}/…/{Path(rel).name}:")
            p.say(text)
            if not p.yes_no("Saglabāt?", default=True):
                raise Abort("nekas netika saglabāts")
        try:
            path = write_new(ctx, rel, text)
        except FileExistsError:
            print(f"kļūda: fails {rel} jau ir; esošu failu nepārrakstām", file=sys.stderr)
            return 1
    except Abort as exc:
        print(f"\n{exc}", file=sys.stderr)
        return 1
    print(next_steps(kind, path, rel, title))
    return 0
