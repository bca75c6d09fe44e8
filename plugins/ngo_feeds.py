"""Pelican plugin: the calendar feeds and the "subscribe" page, over ``ngo.feeds``.

Writes every feed once per build (``calendar.ics``, one per organisation, locality and
category, one ``.ics`` per event, in Latvian and English; paths in ``ngo.feeds``) and the
subscribe page in each language. For the other templates it puts into the context:

- ``ngo_feeds``: the ``FeedBuilder``; ``ngo_feeds.links(event, lang)`` gives an event
  page's "add to calendar" data (``ics``, ``google``, ``outlook``), and
  ``ngo_feeds.feed_url(lang, kind, slug)`` / ``webcal_url(...)`` a feed's addresses;
- ``feed_path``, ``google_calendar_link``, ``outlook_link``: the functions themselves.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from urllib.parse import quote, urlsplit

from pelican import signals
from pelican.generators import Generator

from ngo import feeds, history, outputs, parallel

log = logging.getLogger(__name__)


def feed_settings(settings: dict) -> tuple[str, str]:
    """(absolute base URL, UID domain) from SITEURL and UID_DOMAIN, checked once.

    Feeds are read outside the site, so their URLs must be absolute even in a preview
    build whose SITEURL is empty: they then point to the production domain (UID_DOMAIN).
    """
    site_url = (settings.get("SITEURL") or "").rstrip("/")
    scheme = urlsplit(site_url).scheme
    domain = settings.get("UID_DOMAIN") or urlsplit(site_url).hostname or ""
    if not domain:
        raise ValueError(
            "ngo_feeds: set UID_DOMAIN (e.g. nvo.kekava.lv): calendar UIDs must be "
            "globally unique, also in a preview build without SITEURL"
        )
    if scheme in ("http", "https"):
        return site_url, domain
    return f"https://{domain}", domain


class FeedsGenerator(Generator):
    """Calendar feeds and the subscribe page, from the content ``ngo_content`` loaded."""

    def generate_context(self):
        content = self.context["ngo"]
        try:
            base_url, uid_domain = feed_settings(self.settings)
        except ValueError as exc:
            print(exc, file=sys.stderr)
            raise SystemExit(1) from None
        commits = history.read(content.root)  # one git call for the whole folder
        # Everything a feed is made from but its events' own files: a rebuild (`make serve`)
        # reuses the feeds and VEVENTs of the last build while this is the same.
        shared_key = outputs.digest(
            self.context["ngo_shared_key"],
            sorted((path, sorted(c.items())) for path, c in commits.commits.items()),
        )
        builder = feeds.FeedBuilder(
            content,
            base_url=base_url,
            uid_domain=uid_domain,
            site_names={
                "lv": self.settings.get("SITENAME", ""),
                "en": self.settings.get("SITENAME_EN") or self.settings.get("SITENAME", ""),
            },
            gettext=self.context.get("ngo_gettext", {}),
            history=commits,
            serialised=_serialised(shared_key),
        )
        self.shared_key = shared_key
        self.context["ngo_feeds"] = builder
        self.context["feed_path"] = feeds.feed_path
        self.context["google_calendar_link"] = feeds.google_calendar_link
        self.context["outlook_link"] = feeds.outlook_link

    def generate_output(self, writer):
        builder: feeds.FeedBuilder = self.context["ngo_feeds"]
        out = Path(self.output_path)
        made = outputs.outputs(out)
        subscribable = builder.feeds()
        stale: dict[str, list[tuple[feeds.Feed, str]]] = {}
        for feed in subscribable + builder.event_feeds():
            # A feed is made from its events (their files) and what every feed shares.
            key = outputs.digest(
                self.shared_key, feed.path, *(e.source_fingerprint for e in feed.events)
            )
            if not made.fresh(out / feed.path, key):
                stale.setdefault(feed.lang, []).append((feed, key))
        # Every VEVENT once, on every core, before the files that join them are written.
        events = dict.fromkeys(
            e for todo in stale.values() for feed, _ in todo for e in feed.events
        )
        builder.serialise(list(events), list(stale))

        def write(lang: str) -> dict[str, str]:
            written = {}
            for feed, key in stale[lang]:
                path = out / feed.path
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(builder.calendar(feed))
                written[str(path)] = key
            return written

        if sum(map(len, stale.values())) < 100:  # a rebuild after an edit: not worth a process
            results = [write(lang) for lang in stale]
        else:  # the languages' files are independent: each is written in its own process
            results = parallel.each_in_process(write, list(stale))
        for written in results:
            for path, key in written.items():
                made.written(path, key)
        log.info("ngo_feeds: wrote %d calendar files", sum(map(len, results)))
        self.write_subscribe_pages(writer, builder, subscribable)

    def write_subscribe_pages(self, writer, builder, subscribable) -> None:
        urls = self.context["ngo_urls"]
        template = self.get_template("subscribe")
        made = outputs.outputs(self.output_path)
        key = self.context["ngo_shared_key"]
        for lang in builder.content.config.languages:
            path = Path(self.output_path) / urls.save_as("subscribe", lang)
            if made.fresh(path, key):
                continue
            entries = [entry(builder, f) for f in subscribable if f.lang == lang]
            groups = {kind: [e for e in entries if e["kind"] == kind] for kind in feeds.KINDS}
            writer.write_file(
                urls.save_as("subscribe", lang),
                template,
                self.context,
                url=urls.url("subscribe", lang),
                page_kind="subscribe",
                page_slug="",
                lang=lang,
                _=self.context["ngo_gettext"][lang],
                urls=urls,
                ngo=builder.content,
                feed_all=groups["all"][0],
                feed_groups=[(k, groups[k]) for k in ("organization", "locality", "category")],
            )
            made.written(path, key)


def entry(builder: feeds.FeedBuilder, feed: feeds.Feed) -> dict:
    """What the subscribe page shows for one feed."""
    url = builder.feed_url(feed.lang, feed.kind, feed.slug)
    urls = builder.urls
    return {
        "kind": feed.kind,
        "slug": feed.slug,
        "id": f"{feed.kind}-{feed.slug}" if feed.slug else feed.kind,
        "title": feed.title,
        "count": len(feed.events),
        "page": urls.url(feed.kind, feed.lang, feed.slug) if feed.slug else None,
        "https": url,
        "webcal": feeds.webcal(url),
        # One-click subscriptions; the page also gives the steps to do it by hand.
        "google": "https://calendar.google.com/calendar/r?cid=" + quote(feeds.webcal(url), ""),
        "outlook": "https://outlook.live.com/calendar/0/addfromweb/?url="
        + quote(url, "")
        + "&name="
        + quote(feed.name, ""),
    }


_SERIALISED: dict[str, dict] = {}


def _serialised(shared_key: str) -> dict:
    """The VEVENT bytes of the last build in this process, if it shared this key."""
    if shared_key not in _SERIALISED:
        _SERIALISED.clear()
        _SERIALISED[shared_key] = {}
    return _SERIALISED[shared_key]


def get_generators(pelican):
    return FeedsGenerator


def register():
    signals.get_generators.connect(get_generators)
