"""Where every page lives: one table of URL patterns per language.

Latvian at the root, English under /en/. Patterns end in "/" and are saved as index.html,
so addresses stay short and readable ("/pasakumi/ziemassvetku-tirdzins/").
"""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_PATTERNS = {
    "lv": {
        "home": "",
        "event": "pasakumi/{slug}/",
        "events": "pasakumi/",
        "organization": "organizacijas/{slug}/",
        "organizations": "organizacijas/",
        "place": "vietas/{slug}/",
        "places": "vietas/",
        "locality": "apdzivotas-vietas/{slug}/",
        "category": "kategorijas/{slug}/",
        "clashes": "saskanosana/",
        "subscribe": "kalendari/",
        "partners": "partneri/",
    },
    "en": {
        "home": "en/",
        "event": "en/events/{slug}/",
        "events": "en/events/",
        "organization": "en/organizations/{slug}/",
        "organizations": "en/organizations/",
        "place": "en/places/{slug}/",
        "places": "en/places/",
        "locality": "en/localities/{slug}/",
        "category": "en/categories/{slug}/",
        "clashes": "en/coordination/",
        "subscribe": "en/calendars/",
        "partners": "en/partners/",
    },
}


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
