"""Pelican plugin: read and validate the content folder with the domain core.

- a reader for ``.md`` pages and news with YAML front matter (the same format as events);
- a generator that loads organisations, places and events once per build, stops the build
  with one line per problem when anything is invalid, publishes the content to the other
  plugins as ``context["ngo"]``, and writes the open data (events.json, organizations.json)
  and the JSON Schemas. A rebuild in the same process (`make serve`) reads every file again
  but parses, builds and writes out again only what changed (see ``ngo.content``).
"""

from __future__ import annotations

import logging
import shutil
import sys
from pathlib import Path

from pelican import signals
from pelican.generators import Generator
from pelican.readers import BaseReader

from ngo import content as content_core
from ngo import frontmatter, markup, opendata, outputs, schema
from ngo.config import Config
from ngo.i18n import gettext_for
from ngo.problems import ContentError
from ngo.urls import Urls

log = logging.getLogger(__name__)


class FrontMatterReader(BaseReader):
    """Pages and news: YAML front matter and a Markdown body, like every other file."""

    enabled = True
    file_extensions = ("md",)

    def read(self, source_path):
        root = Path(self.settings["PATH"])
        rel = Path(source_path).resolve().relative_to(root.resolve()).as_posix()
        doc, _problems = frontmatter.read_markdown(rel, Path(source_path).read_bytes())
        data, _problems = schema.check(doc, "page")
        # Problems were reported by the generator before any file was read.
        stem = Path(source_path).name.removesuffix(".md")
        base, _, lang = stem.rpartition(".")
        metadata = {}
        if lang in self.settings.get("LANGUAGES", ()) and base:
            metadata["lang"] = lang
            stem = base
            if "date" not in data:
                # A translation carries only text: its date is the original's.
                original = Path(source_path).with_name(f"{base}.md")
                if original.is_file():
                    odoc, _ = frontmatter.read_markdown(rel, original.read_bytes())
                    odata, _ = schema.check(odoc, "page")
                    data = {**data, **{k: odata[k] for k in ("date", "modified") if k in odata}}
        metadata.setdefault("slug", data.get("slug", stem))
        for key, value in data.items():
            metadata[key] = self.process_metadata(key, value)
        return markup.to_html(doc.body), metadata


def _fail_on_problems(problems) -> None:
    """Print every problem, then stop the build without a traceback."""
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(problems)} kļūda(s) saturā / problem(s) in the content", file=sys.stderr)
    if "-r" in sys.argv or "--autoreload" in sys.argv:
        # `make serve` keeps watching: Pelican logs this and waits for the next edit.
        raise ContentError(problems)
    raise SystemExit(1)


class ContentGenerator(Generator):
    """Loads the platform content; writes the open data and schemas."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        config = Config.from_settings(self.settings)
        loaded, problems = content_core.collect(self.path, config)
        if problems:
            _fail_on_problems(problems)
        # Every body is shown in several pages and feeds: convert each once, on every core.
        markup.prerender(_bodies(loaded))
        urls = Urls(site_url=self.settings.get("SITEURL", ""))
        self.context["ngo"] = loaded
        self.context["ngo_urls"] = urls
        theme_translations = str(Path(self.theme) / "translations")
        self.context["ngo_gettext"] = {
            lang: gettext_for(theme_translations, lang) for lang in config.languages
        }
        # What every page and feed is made from except event bodies, once per build: the
        # other plugins skip an output whose inputs did not change (`make serve`).
        self.context["ngo_shared_key"] = outputs.shared_key(
            loaded, self.path, self.theme, self.settings
        )

    def generate_context(self):
        pass

    def _org_feed(self):
        """Absolute URL of an organisation's feed, when the feeds plugin is enabled."""
        builder = self.context.get("ngo_feeds")
        if builder is None:
            return None
        return lambda slug: builder.feed_url("lv", "organization", slug)

    def generate_output(self, writer):
        out = Path(self.output_path)
        loaded, urls = self.context["ngo"], self.context["ngo_urls"]
        organizations = opendata.organizations_json(loaded, urls, self._org_feed())
        for name, text in (
            ("events.json", opendata.events_json_text(loaded, urls)),
            ("organizations.json", opendata.dumps(organizations)),
        ):
            _write_text(out / name, text)
        schemas = out / "schemas"
        schemas.mkdir(parents=True, exist_ok=True)
        for kind in schema.KINDS:
            shutil.copyfile(
                schema.SCHEMA_DIR / f"{kind}.schema.json", schemas / f"{kind}.schema.json"
            )


def _bodies(loaded):
    for item in (*loaded.events.values(), *loaded.organizations.values()):
        yield item.body
        yield from (t["body"] for t in item.translations.values() if "body" in t)


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def add_reader(readers):
    readers.reader_classes["md"] = FrontMatterReader


def get_generators(pelican):
    return ContentGenerator


def register():
    signals.readers_init.connect(add_reader)
    signals.get_generators.connect(get_generators)
