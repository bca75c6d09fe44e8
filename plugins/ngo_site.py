"""Pelican plugin: the public pages of the platform, in every language.

Listings, calendars and filters are built once per build by ``ngo.site.SiteIndex``, and
what each language's pages show of an event, organisation or place once per language by
``ngo.site.LanguageView``; this module only hands them to the theme's templates and writes
one file per page and language, the languages in parallel. Pelican itself renders the
pages and news that exist in a language; this plugin writes the other language's version
of an untranslated one (its text marked with its own language), the news listings and
their Atom feeds.
"""

from __future__ import annotations

import os
import shutil
import sys
from functools import lru_cache
from pathlib import Path

from feedgenerator import Atom1Feed
from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from ngo import i18n, lvdates, markup, outputs, parallel
from ngo import site as views

try:  # calendar feeds are another plugin's; the site builds without them
    from ngo import feeds
except ImportError:  # pragma: no cover - depends on which plugins are installed
    feeds = None

NEWS_ON_HOME = 3


class Helpers:
    """What templates may call, bound to one build (shared by every generator's templates).

    Work that does not depend on the page (an event's card, the "add" links) is done once per
    build and kept in the shared context, so that it is not repeated on every page that
    shows it.
    """

    def __init__(self, context: dict, env):
        self.context, self.env = context, env

    def _cache(self, name: str) -> dict:
        return self.context.setdefault(f"ngo_site_cache_{name}", {})

    # The content plugin loads the content after the first generators were created, so
    # everything is looked up when a template first asks.
    @property
    def index(self) -> views.SiteIndex:
        if "ngo_site_index" not in self.context:
            self.context["ngo_site_index"] = views.SiteIndex(self.context["ngo"])
        return self.context["ngo_site_index"]

    @property
    def urls(self):
        return self.context["ngo_urls"]

    def gettext(self, lang: str):
        return self.context["ngo_gettext"][lang]

    def ngettext(self, lang: str):
        folder = str(Path(self.context["THEME"]) / "translations")
        return i18n.translations(folder, lang).ngettext

    def sitename(self, lang: str) -> str:
        return self.context.get(f"SITENAME_{lang.upper()}") or self.context["SITENAME"]

    def site(self, lang: str) -> views.LanguageView:
        """The view models of ``lang``'s pages, made once per build and language."""
        cache = self._cache("site")
        if lang not in cache:
            cache[lang] = views.LanguageView(
                self.index, self.urls, lang, self.sitename(lang), self.gettext(lang)
            )
        return cache[lang]

    # -- links --

    def alternates(self, output_file: str, lang: str) -> list[tuple[str, str, str]]:
        """The same page in the other languages (the language switch): (language, URL, the
        language's name); a page outside the URL table switches to the other home page."""
        return [
            (
                other,
                self.urls.counterpart(output_file or "", other) or self.urls.url("home", other),
                self.language_name(other),
            )
            for other in self.context["LANGUAGES"]
            if other != lang
        ]

    def event_card(self, entry: views.Entry, heading: int, year: bool, lang: str) -> Markup:
        """An event in a listing (``_event_card.html``), the same in every listing of it."""
        occ = entry.occurrence
        key = (occ.event.slug, occ.start, tuple(o.start for o in entry.more), heading, year, lang)
        cache = self._cache("cards")
        if key not in cache:
            template = self.env.get_template("_event_card.html")
            cache[key] = Markup(
                template.render(
                    entry=entry, heading=heading, year=year, **self.page_variables(lang)
                )
            )
        return cache[key]

    def once(self, template_name: str, lang: str) -> Markup:
        """A part that is the same on every page of a language (the footer), rendered once."""
        cache = self._cache("parts")
        if (template_name, lang) not in cache:
            template = self.env.get_template(template_name)
            cache[template_name, lang] = Markup(template.render(**self.page_variables(lang)))
        return cache[template_name, lang]

    def page_variables(self, lang: str) -> dict:
        """What every template of the ngo pages gets for ``lang``."""
        cache = self._cache("page_variables")
        if lang not in cache:
            cache[lang] = {
                "lang": lang,
                "_": _plain_function(self.gettext(lang)),
                "ngettext": _plain_function(self.ngettext(lang)),
                "urls": self.urls,
                "ngo": self.context["ngo"],
                "index": self.index,
                "site": self.site(lang),
                "LANGUAGES": self.context["LANGUAGES"],
                "REPOSITORY_URL": self.context["REPOSITORY_URL"],
            }
        return cache[lang]

    def edit_url(self, path: str) -> str:
        return views.edit_url(self.context["REPOSITORY_URL"], self._prefix(), path)

    def add_event_url(self, organization=None) -> str:
        cache = self._cache("add_event")
        key = organization.slug if organization else None
        if key not in cache:
            cache[key] = self._add_event_url(organization)
        return cache[key]

    def _add_event_url(self, organization) -> str:
        return views.new_event_url(
            self.context["REPOSITORY_URL"],
            self._prefix(),
            self.context["ngo"],
            self.index.today,
            organization,
            self.context.get("PLATFORM_ORGANIZATION"),
        )

    def add_organization_url(self) -> str:
        cache = self._cache("add_organization")
        if None not in cache:
            cache[None] = views.new_organization_url(
                self.context["REPOSITORY_URL"], self._prefix(), self.context["ngo"]
            )
        return cache[None]

    def _prefix(self) -> str:
        return self.context.get("CONTENT_EDIT_PREFIX", "content/")

    display_url = staticmethod(views.display_url)
    month_slug = staticmethod(views.month_slug)
    sorted_terms = staticmethod(views.sorted_terms)

    # -- navigation and labels --

    @staticmethod
    def language_name(lang: str) -> str:
        return views.LANGUAGE_NAMES.get(lang, lang)

    @staticmethod
    def section(page_kind: str) -> str | None:
        return views.SECTION_OF.get(page_kind)

    @staticmethod
    def kind_label(kind: str) -> str:
        """The English msgid of an organisation kind; templates translate it."""
        return views.ORGANIZATION_KINDS.get(kind, kind)

    def kind_options(self, lang: str) -> list[tuple[str, str]]:
        _ = self.gettext(lang)
        used = self.index.organizations_by["kind"]
        return [(k, _(label)) for k, label in views.ORGANIZATION_KINDS.items() if used.get(k)]

    @property
    def clashes_enabled(self) -> bool:
        return "ngo_clashes" in self.context.get("PLUGINS", ())

    def pages(self, lang: str) -> list:
        """The ordinary pages (not hidden ones), each in ``lang`` or its original language."""
        return [self.in_lang(page, lang) for page in self.context.get("pages", [])]

    # -- calendar feeds (optional) --

    @property
    def feeds_enabled(self) -> bool:
        return feeds is not None and "ngo_feeds" in self.context.get("PLUGINS", ())

    def feed_url(self, lang: str, kind: str, slug: str | None = None) -> str | None:
        if not self.feeds_enabled:
            return None
        return "/" + feeds.feed_path(lang, kind, slug)

    def calendar_links(self, event, lang: str) -> dict | None:
        """Links that add one event to a calendar: the .ics file, Google and Outlook."""
        if not self.feeds_enabled:
            return None
        # The feeds plugin knows the location, the absolute page URL and the next date.
        return self.context["ngo_feeds"].links(event, lang)

    # -- pages and news (Pelican's) --

    def versions(self, item) -> dict:
        """A page or news item in every language it has: {lang: content object}."""
        found = {item.lang: item}
        for other in getattr(item, "translations", ()):
            found.setdefault(other.lang, other)
        return found

    def in_lang(self, item, lang: str):
        """The version of a page or news item to show on ``lang``'s site."""
        return self.versions(item).get(lang, item)

    def source_path(self, item) -> str:
        return item.relative_source_path

    @staticmethod
    def summary_text(item) -> str | None:
        """A page's or news item's summary as plain text: the front matter's, as written
        (it is text, not HTML), else the start of the body without its markup."""
        if "summary" in item.metadata:
            return item.metadata["summary"]
        summary = item.summary
        return Markup(summary).striptags() if summary else None


def _plain_function(method):
    """A bound method (a translation function) as a plain function, for the templates.

    Jinja asks every callable that a template calls whether it wants the template's
    context (``hasattr(f, "jinja_pass_arg")``), and a bound method can only answer no by
    raising and catching an AttributeError inside, which costs more than the translation
    itself; a page calls the translation functions a few dozen times.
    """

    def function(*args):
        return method(*args)

    return function


@lru_cache(maxsize=8192)
def markdown_filter(text: str) -> Markup:
    """Markdown to sanitised HTML; an untranslated body is converted once for both sites."""
    return Markup(markup.to_html(text))


def add_template_helpers(generator) -> None:
    """Every generator renders with the same helpers (Pelican's pages and news too)."""
    env = generator.env
    env.auto_reload = False  # a build never changes templates; `make serve` makes new envs
    env.filters["markdown"] = markdown_filter
    env.globals["lvdates"] = lvdates
    env.globals["h"] = Helpers(generator.context, env)


class SiteGenerator(Generator):
    """Home, listings, calendars, filters and detail pages in every language."""

    def generate_context(self):
        self.helpers = self.env.globals["h"]
        self.check_slugs()
        self.index = self.helpers.index

    def check_slugs(self) -> None:
        """A page or news item may not take the address of one of the site's own pages."""
        items = [
            (item.relative_source_path, kind, item.slug, lang)
            for kind, names in (("page", ("pages", "hidden_pages")), ("article", ("articles",)))
            for name in names
            for item in self.context.get(name, [])
            for lang in self.settings["LANGUAGES"]
        ]
        problems = views.taken_slug_problems(items, self.context["ngo_urls"])
        if problems:
            for problem in problems:
                print(problem, file=sys.stderr)
            print(f"{len(problems)} kļūda(s) saturā / problem(s) in the content", file=sys.stderr)
            raise SystemExit(1)

    def generate_output(self, writer):
        """Every language's pages at the same time, each language in its own process.

        What the languages share is prepared here first (the templates, each language's
        variables), so that the processes do not each prepare it again.
        """
        content = self.context["ngo"]
        for path in sorted(Path(self.settings["THEME"], "templates").glob("*.html")):
            self.env.get_template(path.name)
        made = outputs.outputs(self.output_path)
        shared = self.context["ngo_shared_key"]
        languages = [_Pages(self, lang, made, shared) for lang in content.config.languages]
        try:
            written = parallel.each_in_process(_Pages.write_all, languages)
        except BaseException:
            made.forget()  # some pages may be half written: write them all next time
            raise
        for pages in written:  # the copies' records come back here for the next rebuild
            for path, key in pages.items():
                made.written(path, key)
        self.copy_images(content)

    def copy_images(self, content) -> None:
        """Event images and logos, which may stand anywhere in the content folder."""
        out = Path(self.output_path)
        paths = {e.image for e in content.events.values() if e.image}
        paths |= {o.logo for o in content.organizations.values() if o.logo}
        for rel in sorted(paths):
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(Path(self.path) / rel, target)


class _Pages:
    """Writes one language's pages."""

    def __init__(self, generator: SiteGenerator, lang: str, made: outputs.Outputs, shared: str):
        self.gen, self.lang = generator, lang
        self.made, self.shared = made, shared
        self.written: dict[str, str] = {}  # path -> key, for the next rebuild
        self.urls = generator.context["ngo_urls"]
        self.base = generator.helpers.page_variables(lang)
        self.index = generator.index
        self.events = generator.context["ngo"].events
        self.output = str(Path(generator.output_path))
        self.folders: set[str] = set()  # made by this language's pages so far
        self.others = [other for other in generator.context["LANGUAGES"] if other != lang]
        self.names = {other: generator.helpers.language_name(other) for other in self.others}

    def write(self, page_kind: str, template: str, slug: str = "", **variables) -> None:
        """Renders one page and writes it: every page of the site goes through here.

        The template gets this language's variables and the page's own, not a copy of
        Pelican's whole context; links come from the URL table, root-relative (the pages
        never used Pelican's SITEURL or RELATIVE_URLS).
        """
        name = self.urls.save_as(page_kind, self.lang, slug)
        path = os.path.join(self.output, name)
        # Only an event's own page shows its body; every other input is in ``shared``.
        event = self.events.get(slug) if page_kind == "event" else None
        key = outputs.digest(self.shared, name, event.source_fingerprint if event else "")
        if self.made.fresh(path, key):
            return
        html = self.gen.get_template(template).render(
            self.base,
            output_file=name,
            url=self.urls.url(page_kind, self.lang, slug),
            page_kind=page_kind,
            alternates=[
                (other, self.urls.url(page_kind, other, slug), self.names[other])
                for other in self.others
            ],
            **variables,
        )
        folder = os.path.dirname(path)
        if folder not in self.folders:  # made once, however many pages it holds
            os.makedirs(folder, exist_ok=True)
            self.folders.add(folder)
        with open(path, "w", encoding="utf-8") as f:
            f.write(html)
        self.written[path] = key

    def write_all(self) -> dict[str, str]:
        """Every page of the language; returns the ones written, with their keys."""
        content, index = self.gen.context["ngo"], self.index
        vocab = content.vocabularies
        self.write("home", "home", news=self.news()[:NEWS_ON_HOME])
        self.write("events", "events", groups=index.month_groups(index.upcoming))
        self.write_calendar()
        years = index.past_years()
        self.write("archive", "archive", years=years)
        for year, groups in years:
            self.write("archive-year", "archive_year", str(year), year=year, groups=groups)
        for slug, event in content.events.items():
            self.write("event", "event", slug, item=event)

        self.write("organizations", "organizations", organizations=index.organizations)
        for slug, org in content.organizations.items():
            self.write("organization", "organization", slug, item=org)
        by = index.organizations_by
        for kind in views.ORGANIZATION_KINDS:
            if by["kind"].get(kind):
                self.write(
                    "org-kind", "organizations", kind, kind=kind, organizations=by["kind"][kind]
                )
        self.write("areas", "terms", terms=vocab.areas, term_kind="area")
        for slug, term in vocab.areas.items():
            self.write(
                "area", "organizations", slug, term=term, organizations=by["area"].get(slug, [])
            )
        self.write("partners", "partners")

        self.write("places", "places", places=index.places)
        for slug, place in content.places.items():
            self.write("place", "place", slug, item=place)
        self.write("localities", "terms", terms=vocab.localities, term_kind="locality")
        for slug, term in vocab.localities.items():
            self.write("locality", "locality", slug, term=term)
        for kind, plural, facet, terms in (
            ("category", "categories", "category", vocab.categories),
            ("audience", "audiences", "audience", vocab.audiences),
        ):
            self.write(plural, "terms", terms=terms, term_kind=kind)
            for slug, term in terms.items():
                occurrences = index.upcoming_by[facet].get(slug, [])
                self.write(
                    kind,
                    "term",
                    slug,
                    term=term,
                    term_kind=kind,
                    groups=index.month_groups(occurrences),
                )
        self.write_news()
        self.write("not-found", "404")
        return self.written

    def write_calendar(self) -> None:
        index = self.index
        this_month = index.today.replace(day=1)
        self.write("calendar", "calendar", month=index.calendar_month(this_month))
        for key in index.calendar_months():
            self.write(
                "calendar-month", "calendar", views.month_slug(key), month=index.calendar_month(key)
            )

    # -- Pelican's pages and news --

    def news(self) -> list:
        """Every news item (newest first) in this language's version, or the original's."""
        articles = self.gen.context.get("articles", [])
        return [self.gen.helpers.in_lang(a, self.lang) for a in articles]

    def write_news(self) -> None:
        items = self.news()
        self.write("news", "news", articles=items)
        self.write_news_feed(items)
        helpers = self.gen.helpers
        for kind, template, originals in (
            ("article", "article", self.gen.context.get("articles", [])),
            (
                "page",
                "page",
                [*self.gen.context.get("pages", []), *self.gen.context.get("hidden_pages", [])],
            ),
        ):
            for item in originals:
                if self.lang not in helpers.versions(item):
                    # No translation: the original's text on this language's site.
                    self.write(kind, template, item.slug, **{kind: item})

    def write_news_feed(self, items: list) -> None:
        settings, urls, lang = self.gen.context, self.urls, self.lang
        _ = self.base["_"]
        feed = _AtomFeed(
            title=f"{self.gen.helpers.sitename(lang)}: {_('News')}",
            link=urls.absolute("news", lang),
            feed_url=urls.absolute("news-feed", lang),
            description="",
            language=lang,
            feed_guid=f"tag:{settings['UID_DOMAIN']},2026:{urls.path('news', lang)}",
            build_time=settings["ngo"].config.now,
        )
        for item in items[: settings.get("FEED_MAX_ITEMS") or None]:
            link = urls.absolute("article", lang, item.slug)
            day = item.date.strftime("%Y-%m-%d")
            feed.add_item(
                title=item.title,  # plain text (the reader does not render it)
                link=link,
                unique_id=f"tag:{settings['UID_DOMAIN']},{day}:{urls.path('article', lang, item.slug)}",
                description=self.gen.helpers.summary_text(item),
                content=item.content,
                pubdate=item.date,
                updateddate=getattr(item, "modified", None),
            )
        path = Path(self.gen.output_path) / urls.save_as("news-feed", lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            feed.write(f, "utf-8")


class _AtomFeed(Atom1Feed):
    """Atom with the summary as text (type="text"): it is plain text, not HTML, to readers.

    A feed without items is dated with the build's "now" (SOURCE_DATE_EPOCH), not the
    clock's, so that the same content builds the same file.
    """

    def latest_post_date(self):
        return super().latest_post_date() if self.items else self.feed["build_time"]

    def add_item_elements(self, handler, item):
        summary = item.get("description")
        super().add_item_elements(handler, {**item, "description": None})
        if summary:
            handler.addQuickElement("summary", summary, {"type": "text"})


def get_generators(pelican):
    return SiteGenerator


def register():
    signals.generator_init.connect(add_template_helpers)
    signals.get_generators.connect(get_generators)
