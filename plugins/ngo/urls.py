"""Where every page lives: one table of URL patterns per language.

Latvian at the root, English under /en/. Patterns end in "/" and are saved as index.html,
so addresses stay short and readable ("/pasakumi/ziemassvetku-tirdzins/").

Every kind has a pattern in every language, so any page can name its counterpart in the
other language (the language switch) with ``Urls.counterpart``. Listings that sit next to
a kind with free slugs live outside its folder (the calendar is not under "pasakumi/"), so a
volunteer's slug can never take a listing's address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

DEFAULT_PATTERNS = {
    "lv": {
        "home": "",
        "event": "pasakumi/{slug}/",
        "events": "pasakumi/",
        "calendar": "kalendars/",
        "calendar-month": "kalendars/{slug}/",
        "archive": "arhivs/",
        "archive-year": "arhivs/{slug}/",
        "organization": "organizacijas/{slug}/",
        "organizations": "organizacijas/",
        "area": "jomas/{slug}/",
        "areas": "jomas/",
        "org-kind": "organizaciju-veidi/{slug}/",
        "place": "vietas/{slug}/",
        "places": "vietas/",
        "locality": "apdzivotas-vietas/{slug}/",
        "localities": "apdzivotas-vietas/",
        "category": "kategorijas/{slug}/",
        "categories": "kategorijas/",
        "audience": "auditorijas/{slug}/",
        "audiences": "auditorijas/",
        "partners": "partneri/",
        "news": "zinas/",
        "news-feed": "zinas/atom.xml",
        "article": "zinas/{slug}/",
        "page": "{slug}/",
        "clashes": "saskanosana/",
        "subscribe": "kalendari/",
        "not-found": "404.html",
    },
    "en": {
        "home": "en/",
        "event": "en/events/{slug}/",
        "events": "en/events/",
        "calendar": "en/calendar/",
        "calendar-month": "en/calendar/{slug}/",
        "archive": "en/archive/",
        "archive-year": "en/archive/{slug}/",
        "organization": "en/organizations/{slug}/",
        "organizations": "en/organizations/",
        "area": "en/areas/{slug}/",
        "areas": "en/areas/",
        "org-kind": "en/organization-kinds/{slug}/",
        "place": "en/places/{slug}/",
        "places": "en/places/",
        "locality": "en/localities/{slug}/",
        "localities": "en/localities/",
        "category": "en/categories/{slug}/",
        "categories": "en/categories/",
        "audience": "en/audiences/{slug}/",
        "audiences": "en/audiences/",
        "partners": "en/partners/",
        "news": "en/news/",
        "news-feed": "en/news/atom.xml",
        "article": "en/news/{slug}/",
        "page": "en/{slug}/",
        "clashes": "en/coordination/",
        "subscribe": "en/calendars/",
        "not-found": "en/404.html",
    },
}

_SLUG = "(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)"


@dataclass(frozen=True)
class Urls:
    site_url: str = ""
    patterns: dict = field(default_factory=lambda: DEFAULT_PATTERNS)

    def path(self, kind: str, lang: str = "lv", slug: str = "") -> str:
        """Site-relative path without a leading slash, e.g. "pasakumi/koncerts/"."""
        return self.patterns[lang][kind].format(slug=slug)

    def save_as(self, kind: str, lang: str = "lv", slug: str = "") -> str:
        path = self.path(kind, lang, slug)
        return f"{path}index.html" if path.endswith("/") or not path else path

    def url(self, kind: str, lang: str = "lv", slug: str = "") -> str:
        """Root-relative URL for links in pages: "/pasakumi/koncerts/"."""
        return "/" + self.path(kind, lang, slug)

    def absolute(self, kind: str, lang: str = "lv", slug: str = "") -> str:
        """Absolute when SITEURL is set (feeds, JSON); root-relative in a preview build."""
        return self.site_url.rstrip("/") + self.url(kind, lang, slug)

    @cached_property
    def _matchers(self) -> list[tuple[re.Pattern, str, str]]:
        """(regex, kind, lang), most specific first: fixed patterns before slug patterns."""
        rows = []
        for lang, table in self.patterns.items():
            for kind, pattern in table.items():
                regex = re.escape(pattern).replace(re.escape("{slug}"), _SLUG)
                rows.append((re.compile(f"^{regex}$"), kind, lang, "{slug}" in pattern))
        rows.sort(key=lambda row: (row[3], -len(row[0].pattern)))
        return [(regex, kind, lang) for regex, kind, lang, _ in rows]

    def match(self, path: str) -> tuple[str, str, str] | None:
        """(kind, lang, slug) of a site path ("pasakumi/x/" or "pasakumi/x/index.html")."""
        path = path.lstrip("/")
        if path.endswith("index.html"):
            path = path.removesuffix("index.html")
        for regex, kind, lang in self._matchers:
            m = regex.match(path)
            if m:
                return kind, lang, m.groupdict().get("slug") or ""
        return None

    def counterpart(self, path: str, lang: str) -> str | None:
        """The URL of the same page in ``lang``, or None for a path outside the table."""
        found = self.match(path)
        if found is None:
            return None
        kind, _lang, slug = found
        return self.url(kind, lang, slug)
