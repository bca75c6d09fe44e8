"""Pelican plugin: the public pages of organisations, places and events, in every language."""

from __future__ import annotations

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from ngo import lvdates, markup


class SiteGenerator(Generator):
    """Detail pages over the content that ``ngo_content`` loaded."""

    def generate_context(self):
        # Bodies are sanitised by nh3, so they may be marked safe; everything else is escaped.
        self.env.filters.setdefault("markdown", lambda text: Markup(markup.to_html(text)))
        self.env.globals.update(lvdates=lvdates)

    def page_context(self, lang: str) -> dict:
        urls = self.context["ngo_urls"]
        return {
            "lang": lang,
            "_": self.context["ngo_gettext"][lang],
            "urls": urls,
            "ngo": self.context["ngo"],
        }

    def generate_output(self, writer):
        content, urls = self.context["ngo"], self.context["ngo_urls"]
        for lang in content.config.languages:
            base = self.page_context(lang)
            pages = [
                ("event", "event.html", content.events),
                ("organization", "organization.html", content.organizations),
                ("place", "place.html", content.places),
            ]
            for kind, template_name, items in pages:
                template = self.get_template(template_name.removesuffix(".html"))
                for slug, item in sorted(items.items()):
                    writer.write_file(
                        urls.save_as(kind, lang, slug),
                        template,
                        self.context,
                        url=urls.url(kind, lang, slug),
                        page_kind=kind,
                        page_slug=slug,
                        item=item,
                        **base,
                    )


def get_generators(pelican):
    return SiteGenerator


def register():
    signals.get_generators.connect(get_generators)
