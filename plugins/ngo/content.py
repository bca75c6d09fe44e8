"""Read a whole content folder laid out as SPEC section 3 says, and validate it.

``load(root, config)`` returns a ``Content`` or raises ``ContentError`` carrying every
problem of every file at once.
"""

from __future__ import annotations

import gc
import hashlib
import html
import json
import os
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import NamedTuple
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
    """What a content folder holds, read and validated.

    ``fingerprint_without_event_bodies`` is a digest of everything it was read from except
    the Markdown bodies of events and their translations: the config (its "now" too), the path
    and bytes of every vocabulary, organisation (its translations and bodies too), place and
    external calendar (.yaml and .ics), and the path and front matter (its values, not its
    comments or layout) of every event and event translation. Pages, news and images are not
    part of Content and not in it. Equal digests of two builds mean that nothing changed but
    event bodies (which events, their ``source_fingerprint`` tells).
    """

    root: Path
    config: Config
    vocabularies: Vocabularies = field(default_factory=Vocabularies)
    organizations: dict[str, Organization] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    externals: dict[str, ExternalCalendar] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)  # path -> front matter
    fingerprint_without_event_bodies: str = ""

    def locality_of(self, event: Event) -> str | None:
        if event.place and event.place in self.places:
            return self.places[event.place].locality
        return event.locality


def _digest(*parts: str | bytes) -> str:
    """A hex digest of ``parts``, each delimited (so ("ab", "c") differs from ("a", "bc"))."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


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


def _read_bytes(root: str, rel: str) -> bytes:
    # Unbuffered, without pathlib: for thousands of small files, these cost more than reading.
    with open(os.path.join(root, rel), "rb", buffering=0) as f:
        return f.readall()


def _name(rel: str) -> str:
    return rel.rpartition("/")[2]


def _is(test) -> bool:
    """A DirEntry's is_dir or is_file: False when the file system can't tell, as in os.walk."""
    try:
        return test()
    except OSError:
        return False


class _Parsed(NamedTuple):
    """What one file's bytes give, read as one kind of file."""

    doc: Document
    problems: list[Problem]
    data: dict | None  # typed front matter; None when the file could not be read at all
    digest: str  # of the file's bytes
    front_digest: str  # of its front matter's values (a YAML file: of its bytes)


# Kinds whose Markdown body is shown (pages and feeds): converted as soon as it is parsed.
_SHOWN = {"event", "event-translation", "organization", "organization-translation"}


def _parse(job: tuple[str, bytes, str, bool]) -> _Parsed:
    """One file's bytes read as ``kind``. Depends on nothing else, so its result is kept for
    the next build and it can run in any process."""
    rel, raw, kind, is_yaml = job
    reader = read_yaml if is_yaml else read_markdown
    doc, problems = reader(rel, raw)
    found = list(problems)
    if too_costly := markup.body_problem(doc.body):
        line, message = too_costly
        found.append(Problem(rel, doc.body_line + line - 1, "-", message))
    digest = _digest(raw)
    # What the front matter says, not how (comments, quotes, line ends): that is all of it
    # that reaches the site. Text, None, lists and dicts: repr tells any two apart.
    front = digest if is_yaml else _digest(repr(doc.data))
    if problems and not doc.data:
        return _Parsed(doc, found, None, digest, front)
    data, schema_problems = schema.check(doc, kind)
    found.extend(schema_problems)
    # A field the schema rejected is reported once: later checks don't see it.
    rejected = {p.field for p in schema_problems}
    data = {k: v for k, v in data.items() if k not in rejected}
    return _Parsed(doc, found, data, digest, front)


def _parse_and_convert(job: tuple[str, bytes, str, bool]) -> tuple[_Parsed, tuple | None]:
    """``_parse``, and the body as HTML and plain text where it will be shown: done in the same
    worker, the body is not sent to another one again."""
    parsed = _parse(job)
    body = parsed.doc.body
    if job[2] in _SHOWN and parsed.data is not None and not markup.body_problem(body):
        return parsed, markup.convert(body)
    return parsed, None


# Kept between builds in one process (`make serve`), so that a rebuild parses and builds only
# what changed. By (content folder, file, kind):
# - what ``_parse`` gave, with the bytes it read;
# - the organisation, place or event built from the file (None if it could not be), the
#   problems building it found, and what it was built from: the digests of its file and its
#   translations' files and the config less its "now" (nothing built from a file depends on
#   the build's "now"; what does, the occurrences in events.json, is not kept here).
# The objects share their lists with the typed front matter kept here: neither is changed
# after loading.
_PARSED: dict[tuple[str, str, str], tuple[bytes, _Parsed]] = {}
_BUILT: dict[tuple[str, str, str], tuple[tuple, object, list[Problem]]] = {}


class _Loader:
    def __init__(self, root: Path, config: Config):
        self.root, self.config = root, config
        self.top = str(root)  # in the caches' keys
        self.config_less_now = replace(config, now=None)
        self.content = Content(root, config)
        self.problems: list[Problem] = []
        self.read_data: dict[str, tuple[str, Document, dict]] = {}  # path -> (kind, doc, data)
        self.parsed_keys: set[tuple[str, str, str]] = set()  # keys of _PARSED used by this build
        self.built_keys: set[tuple[str, str, str]] = set()  # keys of _BUILT used by this build
        self.raw: dict[str, bytes] = {}  # path -> bytes read ahead by prefetch
        self.tree: dict[str, list[os.DirEntry]] = {}  # folder -> its entries, by name
        self.listed: dict[tuple, list[str]] = {}  # (folder, suffix, recursive) -> files
        self.inside: set[str] = set()  # paths listed by ``files``: in the content folder
        self.digests: dict[str, str] = {}  # path -> digest, for fingerprint_without_event_bodies
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

    def walk(self) -> None:
        """List every folder of the content folder once, for ``files``, and report the
        symbolic links out of it: such a link is an error, and what it names is not read.

        A pull request can add a link to any file of the machine that builds it (a CI secret):
        the build would read it as content, and Pelican would copy it into the site (images/).
        Links to folders are listed, not followed (as os.walk and glob's "**" do).
        """
        todo = [""]
        while todo:
            folder = todo.pop()
            try:
                with os.scandir(self.root / folder) as scan:
                    entries = sorted(scan, key=lambda e: e.name)
            except OSError:
                continue
            self.tree[folder] = entries
            for entry in entries:
                rel = f"{folder}/{entry.name}" if folder else entry.name
                if entry.is_symlink():
                    if not _inside(Path(entry.path), self.root):
                        message = (
                            "saite uz failu ārpus satura mapes nav atļauta; ielieciet pašu failu"
                        )
                        self.problem(rel, "-", message)
                elif _is(entry.is_dir):
                    todo.append(rel)

    def files(self, folder: str, suffix: str, recursive: bool = False) -> list[str]:
        """Paths of the files in ``folder`` (and its subfolders) whose names end with
        ``suffix``, hidden ones left out, sorted as paths: what ``_files`` finds by
        ``glob("**/*.md")`` and the like, from the listing ``walk`` made."""
        if (folder, suffix, recursive) in self.listed:
            return self.listed[folder, suffix, recursive]
        if folder not in self.tree:  # missing, or itself a link: the slow way, as it was
            pattern = ("**/*" if recursive else "*") + suffix
            found = [p for p in _files(self.root / folder, pattern) if _inside(p, self.root)]
            rels = [p.relative_to(self.root).as_posix() for p in found]
        else:
            rels = []
            for where, entries in self.tree.items():
                if where != folder and not (recursive and where.startswith(folder + "/")):
                    continue
                for entry in entries:
                    name = entry.name
                    if not name.endswith(suffix) or name.startswith(".") or not _is(entry.is_file):
                        continue
                    if not entry.is_symlink() or _inside(Path(entry.path), self.root):
                        rels.append(f"{where}/{name}")
            rels.sort(key=lambda rel: rel.split("/"))  # as paths sort: by their parts
        self.inside.update(rels)
        self.listed[folder, suffix, recursive] = rels
        return rels

    def prefetch(self) -> None:
        """Parse the organisations and events (most of the files) on every core, ahead of
        ``read``, and convert their bodies; only those changed since an earlier build in this
        process."""
        jobs = []
        for folder, kind in (("organizations", "organization"), ("events", "event")):
            for rel in self.files(folder, ".md", recursive=folder == "events"):
                if TRANSLATION.match(_name(rel).removesuffix(".md")):
                    kind_of_file = f"{kind}-translation"
                else:
                    kind_of_file = kind
                raw = self.raw[rel] = _read_bytes(self.top, rel)
                cached = _PARSED.get((self.top, rel, kind_of_file))
                if cached is None or cached[0] != raw:
                    jobs.append((rel, raw, kind_of_file, False))
        results = parallel.map_all(_parse_and_convert, jobs)
        for (rel, raw, kind, _yaml), (parsed, converted) in zip(jobs, results, strict=True):
            _PARSED[(self.top, rel, kind)] = (raw, parsed)
            if converted is not None:
                markup.keep(parsed.doc.body, *converted)

    def parsed(self, rel: str, kind: str) -> _Parsed:
        """The file read as ``kind``: parsed again only if its bytes changed."""
        key = (self.top, rel, kind)
        if key in self.parsed_keys:
            return _PARSED[key][1]
        raw = self.raw.pop(rel, None)
        if raw is None:
            raw = _read_bytes(self.top, rel)
        cached = _PARSED.get(key)
        if cached is None or cached[0] != raw:
            cached = _PARSED[key] = (
                raw,
                _parse((rel, raw, kind, os.path.splitext(rel)[1] == ".yaml")),
            )
        self.parsed_keys.add(key)
        return cached[1]

    def read(self, rel: str, kind: str) -> tuple[Document, dict] | None:
        """The file's front matter and typed data, its problems reported; None if it could
        not be read. The data is the cache's: not to be changed."""
        if rel not in self.inside and not _inside(self.root / rel, self.root):
            return None  # reported by walk
        parsed = self.parsed(rel, kind)
        self.problems.extend(parsed.problems)
        if kind != "page":  # pages and news are not part of Content
            self.digests[rel] = parsed.front_digest if kind.startswith("event") else parsed.digest
        if parsed.data is None:
            return None
        self.content.documents[rel] = parsed.doc
        self.read_data[rel] = (kind, parsed.doc, parsed.data)
        return parsed.doc, parsed.data

    def built(self, kind: str, slug: str, doc: Document, data: dict, translations: dict, build):
        """``build(slug, doc, data)``'s object (or None), with the file's translations attached.

        Built again only when the file, its translations' files or the config less its "now"
        changed since the last build in this process; otherwise the same object, and the
        problems building it found reported again. ``build`` must depend on nothing else:
        what depends on other files or on the file system is checked by the caller.
        """
        rel = doc.path
        stem = f"{rel.rpartition('/')[0]}/{slug}"  # as split_translations keys them
        found = [
            (lang, translations[stem, lang])
            for lang in self.config.languages[1:]
            if (stem, lang) in translations
        ]
        digests = tuple(
            (lang, path, self.parsed(path, f"{kind}-translation").digest) for lang, path in found
        )
        inputs = (self.parsed(rel, kind).digest, digests, self.config_less_now)
        key = (self.top, rel, kind)
        self.built_keys.add(key)
        cached = _BUILT.get(key)
        new = cached is None or cached[0] != inputs
        if new:
            before = len(self.problems)
            obj = build(slug, doc, data)
            if isinstance(obj, Event):
                obj.source_fingerprint = _digest(rel, inputs[0], *(x for t in digests for x in t))
            cached = _BUILT[key] = (inputs, obj, self.problems[before:])
        else:
            self.problems.extend(cached[2])
        obj = cached[1]
        if obj is None:
            return None
        for lang, path in found:
            del translations[stem, lang]
            read = self.read(path, f"{kind}-translation")  # its problems, every build
            if read is not None and new:
                doc, data = read
                fields = schema.fields(f"{kind}-translation")
                text = {k: v for k, v in data.items() if k in fields}
                if doc.body.strip():
                    text["body"] = doc.body
                obj.translations[lang] = text
        return obj

    def forget_unused(self) -> None:
        """Drop what the caches hold of this folder's files that are gone or were not used."""
        root = self.top
        for cache, used in ((_PARSED, self.parsed_keys), (_BUILT, self.built_keys)):
            for key in [k for k in cache if k[0] == root and k not in used]:
                del cache[key]

    def split_translations(self, files: list[str], suffix: str) -> tuple[list, dict]:
        """Originals, and translations keyed by (original's path less suffix, lang)."""
        originals, translations = [], {}
        for rel in files:
            folder, _, name = rel.rpartition("/")
            m = TRANSLATION.match(name[: -len(suffix)])
            if m:
                if m["lang"] not in self.config.languages[1:]:
                    langs = ", ".join(self.config.languages[1:])
                    self.problem(rel, "-", f"nezināma valoda “{m['lang']}” ({langs})")
                    continue
                translations[(f"{folder}/{m['slug']}", m["lang"])] = rel
            else:
                originals.append(rel)
        return originals, translations

    def slug_of(self, rel: str, suffix: str) -> str | None:
        slug = _name(rel)[: -len(suffix)]
        if not SLUG.match(slug):
            better = checks.slugify(slug) or "piemers"
            self.problem(
                rel,
                "-",
                "faila nosaukumā drīkst būt tikai mazie burti a-z, cipari un “-”; "
                f"pārdēvējiet par “{better}{suffix}”",
            )
            return None
        return slug

    def orphan_translations(self, translations: dict) -> None:
        for (stem, _lang), rel in sorted(translations.items()):
            if (self.root / f"{stem}.md").is_file():
                continue  # the original exists but is broken: its own problems say why
            self.problem(rel, "-", f"tulkojumam nav oriģināla: nav faila {stem}.md")

    # -- kinds ---------------------------------------------------------------------

    def vocabularies(self) -> None:
        for name in Vocabularies.NAMES:
            rel = f"vocabularies/{name}.yaml"
            if not (self.root / rel).is_file():
                self.problem(rel, "-", "vārdnīcas fails nav atrasts")
                continue
            read = self.read(rel, "vocabulary")
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
        originals, translations = self.split_translations(self.files("organizations", ".md"), ".md")
        for rel in originals:
            slug = self.slug_of(rel, ".md")
            read = self.read(rel, "organization")
            if slug is None or read is None:
                self.unreadable.add(_name(rel).removesuffix(".md"))
                continue
            doc, data = read
            self.check_file(doc, data, "logo")
            org = self.built("organization", slug, doc, data, translations, self.organization)
            if org is None:
                self.unreadable.add(slug)
                continue
            self.content.organizations[slug] = org
        self.orphan_translations(translations)

    def organization(self, slug: str, doc: Document, data: dict) -> Organization | None:
        if "reg_no" in data and (msg := checks.register_number_problem(str(data["reg_no"]))):
            self.problem(doc, "reg_no", msg)
        self.check_urls(doc, data, ("website",), ("social",))
        joined = self.date_field(doc, data, "joined")
        if not {"name", "kind", "summary", "localities", "areas"} <= data.keys():
            return None
        org = Organization(
            slug=slug,
            path=doc.path,
            body=doc.body,
            **{k: v for k, v in data.items() if k != "joined"},
            joined=joined,
        )
        if org.reg_no is not None:
            org.reg_no = str(org.reg_no)
        return org

    def places(self) -> None:
        for rel in self.files("places", ""):
            suffix = os.path.splitext(_name(rel))[1]
            if suffix != ".yaml":
                hint = " (pārdēvējiet par .yaml)" if suffix == ".yml" else ""
                self.problem(rel, "-", f"vietām jābūt .yaml failiem{hint}")
                continue
            slug = self.slug_of(rel, ".yaml")
            read = self.read(rel, "place")
            if slug is None or read is None:
                self.unreadable.add(_name(rel).removesuffix(".yaml"))
                continue
            doc, data = read
            place = self.built("place", slug, doc, data, {}, self.place)
            if place is None:
                self.unreadable.add(slug)
                continue
            self.content.places[slug] = place

    def place(self, slug: str, doc: Document, data: dict) -> Place | None:
        self.check_urls(doc, data, ("website",), ())
        if not {"name", "locality"} <= data.keys():
            return None
        geo = data.get("geo")
        place = Place(slug=slug, path=doc.path, **{k: v for k, v in data.items() if k != "geo"})
        if geo and len(geo) == 2 and all(isinstance(x, float) for x in geo):
            place.geo = (geo[0], geo[1])
        return place

    def events(self) -> None:
        files = self.files("events", ".md", recursive=True)
        originals, translations = self.split_translations(files, ".md")
        first_path: dict[str, str] = {}
        for rel in originals:
            slug = self.slug_of(rel, ".md")
            read = self.read(rel, "event")
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
            self.check_file(doc, data, "image")
            event = self.built("event", slug, doc, data, translations, self.build_event)
            if event is not None:
                self.content.events[slug] = event
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
        try:
            self.rule_checked = bool(event.recurrence)  # built once, with the real start
            event.work_out_times(self.config.horizon_end)
        except timing.TimeError as exc:
            self.problem(doc, "recurrence", str(exc))
            return None
        if event.recurrence:
            for i, day in enumerate(excluded):
                if not event.starts_on(day):
                    self.problem(
                        doc,
                        ("exclude_dates", i),
                        f"{day.isoformat()} pasākums pēc atkārtojuma noteikuma nenotiek",
                    )
        elif excluded:
            self.problem(doc, "exclude_dates", "izņēmuma datumi der tikai atkārtotam pasākumam")
        return event

    def externals(self) -> None:
        for rel in self.files("external", ""):
            stem, suffix = os.path.splitext(rel)
            if suffix == ".ics":
                if not (self.root / f"{stem}.yaml").is_file():
                    self.problem(rel, "-", f"trūkst apraksta faila {_name(stem)}.yaml (name: ...)")
                continue
            if suffix != ".yaml":
                self.problem(rel, "-", "ārējo kalendāru mapē der tikai .ics un .yaml faili")
                continue
            slug = self.slug_of(rel, ".yaml")
            read = self.read(rel, "external")
            if slug is None or read is None:
                continue
            doc, data = read
            self.check_urls(doc, data, ("url",), ())
            ics = self.root / f"{stem}.ics"
            if not ics.is_file():
                self.problem(doc, "-", f"trūkst kalendāra faila {slug}.ics")
                continue
            raw = ics.read_bytes()
            self.digests[f"{stem}.ics"] = _digest(raw)
            self.problems.extend(external.check_bytes(raw, f"{stem}.ics", self.config))
            if "name" in data:
                self.content.externals[slug] = ExternalCalendar(
                    slug=slug, path=doc.path, ics_path=ics, **data
                )

    def pages(self) -> None:
        for folder in ("pages", "news"):
            for rel in self.files(folder, ".md", recursive=True):
                m = TRANSLATION.match(_name(rel).removesuffix(".md"))
                read = self.read(rel, "page")
                if not m:
                    self.slug_of(rel, ".md")
                if read:
                    self.check_intrasite_links(read[0], self.root / rel)
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
    # Loading makes hundreds of thousands of objects and drops few: the cycle collector, run
    # every 700 new objects, would walk the growing heap again and again (a third of the time).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _collect(loader)
    finally:
        if enabled:
            gc.enable()


def _collect(loader: _Loader) -> tuple[Content, list[Problem]]:
    loader.walk()
    loader.prefetch()
    loader.vocabularies()
    loader.organizations()
    loader.places()
    loader.events()
    loader.externals()
    loader.pages()
    loader.references()
    loader.forget_unused()
    digests = json.dumps(sorted(loader.digests.items()))
    loader.content.fingerprint_without_event_bodies = _digest(repr(loader.config), digests)
    return loader.content, sorted(set(loader.problems))


def load(root: Path | str, config: Config | None = None) -> Content:
    content, problems = collect(root, config)
    if problems:
        raise ContentError(problems)
    return content
