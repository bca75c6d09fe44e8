"""Read a whole content folder laid out as SPEC section 3 says, and validate it.

``load(root, config)`` returns a ``Content`` or raises ``ContentError`` carrying every
problem of every file at once.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import checks, external, markup, parallel, schema, timing
from .config import Config
from .frontmatter import Document, read_markdown, read_yaml
from .model import Event, Organization, Place, Term, Vocabularies
from .problems import ContentError, Problem

# Pelican's own pattern for the links it resolves in pages and news (INTRASITE_LINK_REGEX).
_INTRASITE = re.compile(
    r"<[^>]+(?:href|src|poster|data|cite|formaction|action|content)\s*=\s*"
    r"(?P<quote>[\"'])[{|](?P<what>filename|static|attach)[|}](?P<value>.*?)(?P=quote)"
)
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
TRANSLATION = re.compile(r"^(?P<slug>.+)\.(?P<lang>[a-z]{2})$")


@dataclass
class ExternalCalendar:
    """Another body's calendar (e.g. the municipality's), used for clash detection only."""

    slug: str
    path: str
    name: str
    ics_path: Path
    url: str | None = None
    major: bool = False
    locality: str | None = None


@dataclass
class Content:
    root: Path
    config: Config
    vocabularies: Vocabularies = field(default_factory=Vocabularies)
    organizations: dict[str, Organization] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    externals: dict[str, ExternalCalendar] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)  # path -> front matter

    def locality_of(self, event: Event) -> str | None:
        if event.place and event.place in self.places:
            return self.places[event.place].locality
        return event.locality


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _http(url: str) -> bool:
    """Whether the schema let the URL through (it reports the other schemes itself)."""
    return url.startswith(("http://", "https://"))


def _inside(path: Path, root: Path) -> bool:
    """Whether ``path``, its links followed, is in ``root`` (realpath: a link loop is no error)."""
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))


def _files(folder: Path, pattern: str) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(pattern) if p.is_file() and not p.name.startswith("."))


def _parse(job: tuple[str, bytes, str, bool]) -> tuple[Document, list[Problem], dict | None]:
    """One file's bytes read as ``kind``: the document, its problems and its typed data
    (None when the file could not be read at all). Depends on nothing else, so its result is
    kept for the next build and it can run in any process."""
    rel, raw, kind, is_yaml = job
    reader = read_yaml if is_yaml else read_markdown
    doc, problems = reader(rel, raw)
    found = list(problems)
    if too_costly := markup.body_problem(doc.body):
        line, message = too_costly
        found.append(Problem(rel, doc.body_line + line - 1, "-", message))
    if problems and not doc.data:
        return doc, found, None
    data, schema_problems = schema.check(doc, kind)
    found.extend(schema_problems)
    # A field the schema rejected is reported once: later checks don't see it.
    rejected = {p.field for p in schema_problems}
    return doc, found, {k: v for k, v in data.items() if k not in rejected}


def _fresh(value):
    """A copy of typed front matter: dicts and lists copied, the rest is immutable."""
    if isinstance(value, dict):
        return {k: _fresh(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_fresh(v) for v in value]
    return value


# What ``_parse`` gave, by (content folder, file, kind), with the bytes it read: a rebuild in
# the same process (`make serve`) parses only the files that changed since.
_PARSED: dict[tuple[str, str, str], tuple[bytes, tuple]] = {}


class _Loader:
    def __init__(self, root: Path, config: Config):
        self.root, self.config = root, config
        self.content = Content(root, config)
        self.problems: list[Problem] = []
        self.read_data: dict[str, tuple[str, Document, dict]] = {}  # path -> (kind, doc, data)
        self.parsed: set[tuple[str, str, str]] = set()  # keys of _PARSED read by this build
        self.listed: dict[tuple[str, str], list[Path]] = {}  # (folder, pattern) -> files
        # Slugs of files that exist but could not be read: their own error is enough, so
        # references to them are not reported as missing too.
        self.unreadable: set[str] = set()

    def problem(self, doc_or_path, field_path, message: str) -> None:
        if isinstance(doc_or_path, Document):
            path = field_path if isinstance(field_path, tuple) else (field_path,)
            line = doc_or_path.line(*path) if field_path != "-" else 1
            name = str(path[0])
            self.problems.append(Problem(doc_or_path.path, line, name, message))
        else:
            self.problems.append(Problem(doc_or_path, 1, field_path, message))

    # -- reading files -------------------------------------------------------------

    def read(self, path: Path, kind: str) -> tuple[Document, dict] | None:
        rel = _rel(self.root, path)
        if not _inside(path, self.root):
            return None  # reported by links_out
        key = (str(self.root), rel, kind)
        raw = path.read_bytes()
        if key not in _PARSED or _PARSED[key][0] != raw:
            _PARSED[key] = (raw, _parse((rel, raw, kind, path.suffix == ".yaml")))
        self.parsed.add(key)
        doc, problems, data = _PARSED[key][1]
        self.problems.extend(problems)
        if data is None:
            return None
        data = _fresh(data)  # the loader and the model may change theirs, not the cache's
        self.content.documents[rel] = doc
        self.read_data[rel] = (kind, doc, data)
        return doc, data

    def files(self, folder: str, pattern: str) -> list[Path]:
        if (folder, pattern) not in self.listed:
            found = _files(self.root / folder, pattern)
            self.listed[folder, pattern] = [p for p in found if _inside(p, self.root)]
        return self.listed[folder, pattern]

    def links_out(self) -> None:
        """A symbolic link out of the content folder is an error, and what it names is not read.

        A pull request can add a link to any file of the machine that builds it (a CI secret):
        the build would read it as content, and Pelican would copy it into the site (images/).
        """
        for folder, dirs, files in os.walk(self.root):  # links to folders are not followed
            for name in sorted(dirs + files):
                path = Path(folder, name)
                if path.is_symlink() and not _inside(path, self.root):
                    message = "saite uz failu ārpus satura mapes nav atļauta; ielieciet pašu failu"
                    self.problem(_rel(self.root, path), "-", message)

    def prefetch(self) -> None:
        """Parse the organisations and events (most of the files) on every core, ahead of
        ``read``; only those not parsed by an earlier build in this process."""
        jobs = []
        for folder, pattern, kind in (
            ("organizations", "*.md", "organization"),
            ("events", "**/*.md", "event"),
        ):
            for path in self.files(folder, pattern):
                rel = _rel(self.root, path)
                if TRANSLATION.match(path.name.removesuffix(".md")):
                    kind_of_file = f"{kind}-translation"
                else:
                    kind_of_file = kind
                raw = path.read_bytes()
                cached = _PARSED.get((str(self.root), rel, kind_of_file))
                if cached is None or cached[0] != raw:
                    jobs.append((rel, raw, kind_of_file, False))
        for job, result in zip(jobs, parallel.map_all(_parse, jobs), strict=True):
            rel, raw, kind, _yaml = job
            _PARSED[(str(self.root), rel, kind)] = (raw, result)

    def forget_unread(self) -> None:
        """Drop what the cache holds of this folder's files that are gone or were not read."""
        root = str(self.root)
        for key in [k for k in _PARSED if k[0] == root and k not in self.parsed]:
            del _PARSED[key]

    def split_translations(self, files: list[Path], suffix: str) -> tuple[list, dict]:
        """Originals, and translations keyed by (original's stem path, lang)."""
        originals, translations = [], {}
        for path in files:
            stem = path.name[: -len(suffix)]
            m = TRANSLATION.match(stem)
            if m:
                if m["lang"] not in self.config.languages[1:]:
                    langs = ", ".join(self.config.languages[1:])
                    self.problem(
                        _rel(self.root, path), "-", f"nezināma valoda “{m['lang']}” ({langs})"
                    )
                    continue
                translations[(path.parent / m["slug"], m["lang"])] = path
            else:
                originals.append(path)
        return originals, translations

    def slug_of(self, path: Path, suffix: str) -> str | None:
        slug = path.name[: -len(suffix)]
        if not SLUG.match(slug):
            better = checks.slugify(slug) or "piemers"
            self.problem(
                _rel(self.root, path),
                "-",
                "faila nosaukumā drīkst būt tikai mazie burti a-z, cipari un “-”; "
                f"pārdēvējiet par “{better}{suffix}”",
            )
            return None
        return slug

    def attach_translations(self, obj, translations: dict, kind: str):
        stem_path = (self.root / obj.path).parent / obj.slug  # as split_translations keys it
        for lang in self.config.languages[1:]:
            path = translations.pop((stem_path, lang), None)
            if path is None:
                continue
            read = self.read(path, f"{kind}-translation")
            if read is None:
                continue
            doc, data = read
            data = {k: v for k, v in data.items() if k in schema.fields(f"{kind}-translation")}
            if doc.body.strip():
                data["body"] = doc.body
            obj.translations[lang] = data

    def orphan_translations(self, translations: dict) -> None:
        for (stem, _lang), path in sorted(translations.items()):
            if stem.with_name(stem.name + ".md").is_file():
                continue  # the original exists but is broken: its own problems say why
            self.problem(
                _rel(self.root, path),
                "-",
                f"tulkojumam nav oriģināla: nav faila {_rel(self.root, stem)}.md",
            )

    # -- kinds ---------------------------------------------------------------------

    def vocabularies(self) -> None:
        for name in Vocabularies.NAMES:
            path = self.root / "vocabularies" / f"{name}.yaml"
            if not path.is_file():
                self.problem(f"vocabularies/{name}.yaml", "-", "vārdnīcas fails nav atrasts")
                continue
            read = self.read(path, "vocabulary")
            if read is None:
                continue
            _doc, data = read
            terms = {
                k: Term(k, v["lv"], v["en"])
                for k, v in data.items()
                if isinstance(v, dict) and "lv" in v and "en" in v
            }
            setattr(self.content.vocabularies, name, terms)

    def organizations(self) -> None:
        files = self.files("organizations", "*.md")
        originals, translations = self.split_translations(files, ".md")
        for path in originals:
            slug = self.slug_of(path, ".md")
            read = self.read(path, "organization")
            if slug is None or read is None:
                self.unreadable.add(path.name.removesuffix(".md"))
                continue
            doc, data = read
            if "reg_no" in data and (msg := checks.register_number_problem(str(data["reg_no"]))):
                self.problem(doc, "reg_no", msg)
            self.check_urls(doc, data, ("website",), ("social",))
            self.check_file(doc, data, "logo")
            joined = self.date_field(doc, data, "joined")
            if not {"name", "kind", "summary", "localities", "areas"} <= data.keys():
                self.unreadable.add(slug)
                continue
            org = Organization(
                slug=slug,
                path=doc.path,
                body=doc.body,
                **{k: v for k, v in data.items() if k != "joined"},
                joined=joined,
            )
            if org.reg_no is not None:
                org.reg_no = str(org.reg_no)
            self.content.organizations[slug] = org
            self.attach_translations(org, translations, "organization")
        self.orphan_translations(translations)

    def places(self) -> None:
        for path in self.files("places", "*"):
            if path.suffix != ".yaml":
                hint = " (pārdēvējiet par .yaml)" if path.suffix == ".yml" else ""
                self.problem(_rel(self.root, path), "-", f"vietām jābūt .yaml failiem{hint}")
                continue
            slug = self.slug_of(path, ".yaml")
            read = self.read(path, "place")
            if slug is None or read is None:
                self.unreadable.add(path.name.removesuffix(".yaml"))
                continue
            doc, data = read
            self.check_urls(doc, data, ("website",), ())
            if not {"name", "locality"} <= data.keys():
                self.unreadable.add(slug)
                continue
            geo = data.pop("geo", None)
            place = Place(slug=slug, path=doc.path, **data)
            if geo and len(geo) == 2 and all(isinstance(x, float) for x in geo):
                place.geo = (geo[0], geo[1])
            self.content.places[slug] = place

    def events(self) -> None:
        files = self.files("events", "**/*.md")
        originals, translations = self.split_translations(files, ".md")
        first_path: dict[str, str] = {}
        for path in originals:
            slug = self.slug_of(path, ".md")
            read = self.read(path, "event")
            if slug is None or read is None:
                continue
            doc, data = read
            if slug in first_path:
                self.problem(
                    doc,
                    "-",
                    f"slugs “{slug}” jau izmantots failā {first_path[slug]}; "
                    "pasākumu failu nosaukumiem jābūt unikāliem visās mapēs",
                )
                continue
            first_path[slug] = doc.path
            event = self.build_event(slug, doc, data)
            if event is not None:
                self.content.events[slug] = event
                self.attach_translations(event, translations, "event")
        self.orphan_translations(translations)

    def build_event(self, slug: str, doc: Document, data: dict) -> Event | None:
        self.rule_checked = False
        event = self._build_event(slug, doc, data)
        if not self.rule_checked and "recurrence" in data:
            # The times were broken, so the event's own rule was never built: its syntax is
            # still checked (against any start) so that every problem is reported at once.
            try:
                timing.build_rule(data["recurrence"], datetime(1900, 1, 1), timing.zone("UTC"))
            except timing.TimeError as exc:
                self.problem(doc, "recurrence", str(exc))
        return event

    def _build_event(self, slug: str, doc: Document, data: dict) -> Event | None:
        self.check_urls(doc, data, ("online", "registration"), ())
        self.check_file(doc, data, "image")
        if not any(k in data for k in ("place", "locality", "online")) and not any(
            k in doc.data for k in ("place", "locality", "online")
        ):
            self.problem(doc, "-", "norādiet vietu: place (vietas slugs), locality vai online")
        tz_name = data.get("timezone", self.config.timezone)
        try:
            timing.zone(tz_name)
        except timing.TimeError as exc:
            self.problem(doc, "timezone", str(exc))
            return None
        if "start" not in data:
            return None
        try:
            start = timing.parse_start(data["start"])
        except timing.TimeError as exc:
            self.problem(doc, "start", str(exc))
            return None
        all_day = not isinstance(start, datetime)
        end = start if all_day else start + self.config.default_duration
        if "end" in data:
            try:
                end = timing.parse_end(data["end"], start)
            except timing.TimeError as exc:
                self.problem(doc, "end", str(exc))
                return None
            if (end < start) if all_day else (end <= start):
                hint = ""
                if not all_day and "-" not in data["end"]:
                    next_day = start.date() + timedelta(days=1)
                    hint = (
                        "; ja pasākums beidzas nākamajā dienā, rakstiet "
                        f"“end: {next_day} {data['end']}”"
                    )
                self.problem(doc, "end", f"beigām jābūt pēc sākuma ({data['start']}){hint}")
                return None
        excluded = []
        for i, text in enumerate(data.get("exclude_dates", [])):
            try:
                excluded.append(timing.parse_date(text))
            except timing.TimeError as exc:
                self.problem(doc, ("exclude_dates", i), str(exc))
        fields = {
            k: v
            for k, v in data.items()
            if k not in ("start", "end", "timezone", "exclude_dates", "title", "organizers")
        }
        if "title" not in data or "organizers" not in data:
            return None
        event = Event(
            slug=slug,
            path=doc.path,
            title=data["title"],
            organizers=data["organizers"],
            start_local=start,
            end_local=end,
            timezone=tz_name,
            exclude_dates=excluded,
            body=doc.body,
            **fields,
        )
        if event.recurrence:
            try:
                self.rule_checked = True  # built once, with the event's real start
                rule = event.rule
            except timing.TimeError as exc:
                self.problem(doc, "recurrence", str(exc))
                return None
            for i, day in enumerate(excluded):
                start_of_day = datetime.combine(day, datetime.min.time())
                last_minute = start_of_day.replace(hour=23, minute=59)
                if not rule.between(start_of_day, last_minute, inc=True):
                    self.problem(
                        doc,
                        ("exclude_dates", i),
                        f"{day.isoformat()} pasākums pēc atkārtojuma noteikuma nenotiek",
                    )
        elif excluded:
            self.problem(doc, "exclude_dates", "izņēmuma datumi der tikai atkārtotam pasākumam")
        return event

    def externals(self) -> None:
        for path in self.files("external", "*"):
            rel = _rel(self.root, path)
            if path.suffix == ".ics":
                if not path.with_suffix(".yaml").is_file():
                    self.problem(rel, "-", f"trūkst apraksta faila {path.stem}.yaml (name: ...)")
                continue
            if path.suffix != ".yaml":
                self.problem(rel, "-", "ārējo kalendāru mapē der tikai .ics un .yaml faili")
                continue
            slug = self.slug_of(path, ".yaml")
            read = self.read(path, "external")
            if slug is None or read is None:
                continue
            doc, data = read
            self.check_urls(doc, data, ("url",), ())
            ics = path.with_suffix(".ics")
            if not ics.is_file():
                self.problem(doc, "-", f"trūkst kalendāra faila {slug}.ics")
                continue
            self.problems.extend(external.check_file(ics, _rel(self.root, ics), self.config))
            if "name" in data:
                self.content.externals[slug] = ExternalCalendar(
                    slug=slug, path=doc.path, ics_path=ics, **data
                )

    def pages(self) -> None:
        for folder in ("pages", "news"):
            for path in self.files(folder, "**/*.md"):
                stem = path.name.removesuffix(".md")
                m = TRANSLATION.match(stem)
                read = self.read(path, "page")
                if not m:
                    self.slug_of(path, ".md")
                if read:
                    self.check_intrasite_links(read[0], path)
                if folder == "news" and not m and read and "date" not in read[1]:
                    # Pelican would skip a news item without a date: never drop it silently.
                    self.problem(
                        read[0], "date", "ziņai jānorāda datums, piemēram, date: 2027-01-15"
                    )

    # -- cross-references ----------------------------------------------------------

    def references(self) -> None:
        """Every id and slug refers to something that exists (checked even in broken files)."""
        c, vocab = self.content, self.content.vocabularies
        known = {
            "localities": (vocab.localities, "localities.yaml"),
            "locality": (vocab.localities, "localities.yaml"),
            "areas": (vocab.areas, "areas.yaml"),
            "categories": (vocab.categories, "categories.yaml"),
            "audiences": (vocab.audiences, "audiences.yaml"),
            "organizers": (c.organizations, "organizations/"),
            "place": (c.places, "places/"),
        }
        checked = {
            "organization": ("localities", "areas"),
            "place": ("locality",),
            "external": ("locality",),
            "event": ("organizers", "place", "locality", "categories", "audiences"),
        }
        for kind, doc, data in self.read_data.values():
            for name in checked.get(kind, ()):
                if name in data and data[name] is not None:
                    values = data[name] if isinstance(data[name], list) else [data[name]]
                    self.check_ids(doc, name, [v for v in values if v], *known[name])
            if kind == "event" and data.get("place") in c.places and data.get("locality"):
                place = c.places[data["place"]]
                if place.locality != data["locality"]:
                    self.problem(
                        doc,
                        "locality",
                        f"vieta “{place.slug}” ir apdzīvotā vietā “{place.locality}”, "
                        f"nevis “{data['locality']}”; locality var nenorādīt",
                    )

    def check_ids(self, doc: Document, name: str, values, known: dict, where: str) -> None:
        for i, value in enumerate(values):
            if value not in known and value not in self.unreadable:
                field_path = (name, i) if isinstance(doc.data.get(name), list) else (name,)
                hint = schema.suggest(value, known) or (
                    f"; zināmie: {', '.join(sorted(known)[:12])}" if known else ""
                )
                self.problem(doc, field_path, f"“{value}” nav atrasts ({where}){hint}")

    def check_urls(self, doc: Document, data: dict, single: tuple, lists: tuple) -> None:
        for name in single:
            if name in data and (msg := checks.url_problem(data[name])) and _http(data[name]):
                self.problem(doc, name, msg)
        for name in lists:
            for i, url in enumerate(data.get(name) or []):
                if url and (msg := checks.url_problem(url)) and _http(url):
                    self.problem(doc, (name, i), msg)

    def check_intrasite_links(self, doc: Document, path: Path) -> None:
        """Pelican's {static}, {attach} and {filename} links in pages and news name files in
        the content folder. Pelican copies such a file from CONTENT/PATH to OUTPUT/PATH, so
        "{static}/../x" copied a file from outside the content folder to outside the output."""
        for m in _INTRASITE.finditer(markup.to_html(doc.body)):
            target = urlsplit(m["value"]).path
            for written in {target, unquote(target), html.unescape(target)}:
                base = self.root if written.startswith("/") else path.parent
                if not _inside(base / written.lstrip("/"), self.root):
                    at = doc.body.find(m["value"])
                    line = doc.body_line + doc.body.count("\n", 0, max(at, 0))
                    message = f"saite “{{{m['what']}}}{m['value']}” ved ārpus satura mapes"
                    self.problems.append(Problem(doc.path, line, "-", message))
                    break

    def check_file(self, doc: Document, data: dict, name: str) -> None:
        """Images must be files inside the content folder."""
        if name not in data:
            return
        target = self.root / data[name]
        if not _inside(target, self.root) or ".." in Path(data[name]).parts:
            self.problem(doc, name, "attēlam jābūt satura mapē (bez “..”)")
        elif not target.is_file():
            self.problem(doc, name, f"fails “{data[name]}” nav atrasts satura mapē")

    def date_field(self, doc: Document, data: dict, name: str) -> date | None:
        if name not in data:
            return None
        try:
            return timing.parse_date(data[name])
        except timing.TimeError as exc:
            self.problem(doc, name, str(exc))
            return None


def collect(root: Path | str, config: Config | None = None) -> tuple[Content, list[Problem]]:
    """Read everything; return the content that could be read and every problem found."""
    root = Path(root)
    loader = _Loader(root, config or Config())
    if not root.is_dir():
        return loader.content, [Problem(str(root), 1, "-", "satura mape nav atrasta")]
    loader.links_out()
    loader.prefetch()
    loader.vocabularies()
    loader.organizations()
    loader.places()
    loader.events()
    loader.externals()
    loader.pages()
    loader.references()
    loader.forget_unread()
    return loader.content, sorted(set(loader.problems))


def load(root: Path | str, config: Config | None = None) -> Content:
    content, problems = collect(root, config)
    if problems:
        raise ContentError(problems)
    return content
