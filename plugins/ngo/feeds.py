"""Calendar feeds (RFC 5545, RFC 7986) and "add to calendar" links, built with icalendar.

Where the feeds live (site-relative; each beside the page it belongs to):

=============  ======================================  ========================================
kind           Latvian                                 English
=============  ======================================  ========================================
all            calendar.ics                            en/calendar.ics
organization   organizacijas/<slug>/calendar.ics       en/organizations/<slug>/calendar.ics
locality       apdzivotas-vietas/<slug>/calendar.ics   en/localities/<slug>/calendar.ics
category       kategorijas/<slug>/calendar.ics         en/categories/<slug>/calendar.ics
event          pasakumi/<slug>/<slug>.ics              en/events/<slug>/<slug>.ics
=============  ======================================  ========================================

Every organisation, locality and category has a feed, also while it has no events: a
subscription made today picks up the events added later, and a link never breaks.

What calendar clients trip over, and how each is handled here:

- UID is ``<slug>@<UID_DOMAIN>``: stable when the title changes, unique across sites, and
  the same in the Latvian and English feeds (it is one event).
- Times carry the event's TZID, and every TZID has a compact VTIMEZONE (``vtimezone``).
- A recurring event is one VEVENT with the RRULE; its UNTIL is converted to UTC (a DATE
  for all-day events), and each excluded date is an EXDATE at the occurrence's own local
  time and TZID, so that it matches the occurrence it removes.
- All-day events are DATE values with an exclusive DTEND (a one-day event ends the next day).
- Cancelled events stay in the feed with STATUS:CANCELLED (and say so in the title, for
  clients that ignore STATUS), so that calendars that already have them drop them.
- No ORGANIZER: it turns a published event into a meeting invitation in Outlook.
- DTSTAMP is the build's "now"; LAST-MODIFIED and SEQUENCE come from git history.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from codecs import BOM_UTF8
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import quote, urlencode, urlsplit
from zoneinfo import ZoneInfo

from icalendar import (
    Calendar,
    Parameters,
    vCategory,
    vDate,
    vDatetime,
    vDDDLists,
    vDuration,
    vGeo,
    vInt,
    vRecur,
    vText,
    vUri,
)
from icalendar import Event as VEvent
from icalendar.parser import Contentline

from . import folding, lvdates, markup, parallel, timing
from .content import Content
from .history import History
from .model import Event, Occurrence
from .urls import DEFAULT_PATTERNS, Urls
from .vtimezone import clear_caches as clear_zone_caches
from .vtimezone import offset_steps, vtimezone

KINDS = ("all", "organization", "locality", "category", "event")
REFRESH = timedelta(hours=6)  # how often clients should fetch again (RFC 7986 REFRESH-INTERVAL)
STATUSES = {"confirmed": "CONFIRMED", "tentative": "TENTATIVE", "cancelled": "CANCELLED"}
UTC_NAMES = frozenset({"UTC", "Etc/UTC"})  # written as "Z" times, needing no VTIMEZONE

_PATTERNS = Urls(patterns=DEFAULT_PATTERNS)
_END = b"END:VCALENDAR\r\n"

folding.install()  # the same folded lines as icalendar's, in a fraction of the time


def _identity(message: str) -> str:
    return message


# --- where feeds live -------------------------------------------------------------------


def feed_path(lang: str, kind: str, slug: str | None = None) -> str:
    """Site-relative output path of a feed (no leading slash): see the module docstring."""
    if kind not in KINDS:
        raise ValueError(f"unknown feed kind {kind!r}; one of {', '.join(KINDS)}")
    if kind == "all":
        return _PATTERNS.path("home", lang) + "calendar.ics"
    if not slug:
        raise ValueError(f"a {kind} feed needs a slug")
    folder = _PATTERNS.path(kind, lang, slug)
    # An event's file is named after it: a download is "koncerts.ics", not "calendar.ics".
    return folder + (f"{slug}.ics" if kind == "event" else "calendar.ics")


def webcal(url: str) -> str:
    """The ``webcal://`` form of an http(s) URL: it opens the subscribe dialog of
    Apple Calendar and desktop Outlook instead of downloading the file once."""
    parts = urlsplit(url)
    return "webcal://" + url[len(parts.scheme) + 3 :] if parts.scheme else url


# --- time values --------------------------------------------------------------------------


def _zone(event: Event) -> tzinfo:
    return UTC if event.timezone in UTC_NAMES else event.tz


def _dtstart_dtend(event: Event) -> tuple[date | datetime, date | datetime]:
    """DTSTART and DTEND as icalendar should write them."""
    if event.all_day:
        return event.start_local, event.end_local + timedelta(days=1)
    tz = _zone(event)
    if event.recurrence:
        # The wall time as written: the RRULE repeats it, and RFC 5545 reads a wall time
        # that falls in a DST gap exactly as timing.localize does.
        start = event.start_local.replace(tzinfo=tz)
        return start, (event.start_local + event.wall_duration).replace(tzinfo=tz)
    return _unambiguous(event.start.astimezone(tz)), _unambiguous(event.end.astimezone(tz))


def _unambiguous(value: datetime) -> datetime:
    """A time the clock shows twice (03:30 on the last Sunday of October) in UTC.

    RFC 5545 reads such a wall time as the first of the two, like the model does, but
    ical.js (Thunderbird) takes the second: only UTC means the same to every client.
    """
    if value.utcoffset() != value.replace(fold=1 - value.fold).utcoffset():
        return value.astimezone(UTC)
    return value


@lru_cache(maxsize=4096)
def _rule_parts(recurrence: str, tz: tzinfo, all_day: bool) -> tuple[str, date | None]:
    """The volunteer's RRULE without UNTIL, and UNTIL in the form RFC 5545 requires."""
    parts = timing.parse_rrule(recurrence)
    until = None
    if parts.pop("UNTIL", None) is not None:
        until = timing.until_utc(recurrence, tz)
        # A DATE when DTSTART is a DATE (the local last day), else UTC.
        until = until.astimezone(tz).date() if all_day else until
    return ";".join(f"{key}={value}" for key, value in parts.items()), until


def _rule(recurrence: str, tz: tzinfo, all_day: bool) -> vRecur:
    """The volunteer's RRULE with UNTIL in the form RFC 5545 requires (the RRULE
    property's value; ``_rule_property``, which makes it, is remembered)."""
    text, until = _rule_parts(recurrence, tz, all_day)
    rule = vRecur(_rule_without_end(text))
    if until is not None:
        rule["UNTIL"] = [until]
    return rule


@lru_cache(maxsize=1024)  # series that repeat alike differ in their UNTIL only
def _rule_without_end(text: str) -> vRecur:
    return vRecur.from_ical(text)


@lru_cache(maxsize=1024)
def _octets_without_end(text: str) -> bytes:
    return _rule_without_end(text).to_ical()


@lru_cache(maxsize=4096)
def _rule_octets(recurrence: str, tz: tzinfo, all_day: bool) -> bytes:
    """``_rule(recurrence, tz, all_day).to_ical()``, in a fraction of the time.

    ``vRecur.to_ical`` makes an icalendar value of every part, and most rules differ from
    many others in UNTIL only. So icalendar writes the rest once (``_octets_without_end``)
    and UNTIL goes where it puts it: right after FREQ, in RFC 5545's order of the parts
    (RSCALE, the one part before FREQ, is not in ``timing.RRULE_KEYS``). Its value is the
    DATE's digits, or the UTC DATE-TIME's and "Z" (``_digits``).
    ``tests/test_folding.py`` compares the two.
    """
    text, until = _rule_parts(recurrence, tz, all_day)
    octets = _octets_without_end(text)
    if until is None:
        return octets
    freq, _, rest = octets.partition(b";")
    until_part = b"UNTIL=" + _digits(until) + (b"Z" if type(until) is datetime else b"")
    return b";".join(part for part in (freq, until_part, rest) if part)


@lru_cache(maxsize=4096)
def _rule_property(recurrence: str, tz: tzinfo, all_day: bool) -> _Property:
    """The RRULE line: the same for the events that repeat alike, written once."""
    rule = _rule(recurrence, tz, all_day)
    line = _head_of("RRULE", rule.params) + _rule_octets(recurrence, tz, all_day)
    return _Property("RRULE", rule, folding.fold_octets(line) + b"\r\n")


@lru_cache(maxsize=4096)
def _rule_text(recurrence: str, tz: tzinfo, all_day: bool) -> str:
    return _rule_octets(recurrence, tz, all_day).decode()


def clear_caches() -> None:
    """Forget what this module, and the zone scans it uses, remember between builds in one
    process (RRULE values and lines, content line heads, a zone's changes by years):
    ``scripts/bench.py`` times each round as a first build."""
    for remembered in (
        _rule_parts,
        _rule_without_end,
        _octets_without_end,
        _rule_octets,
        _rule_property,
        _rule_text,
        _quote,
    ):
        remembered.cache_clear()
    _HEADS.clear()
    _TIME_HEADS.clear()
    clear_zone_caches()


def _excluded(event: Event) -> list[date | datetime]:
    """EXDATE values: the occurrence the rule gives on each excluded day, as DTSTART has it."""
    if not event.rule:
        return []
    tz = _zone(event)
    values: list[date | datetime] = []
    for day in sorted(event.exclude_dates):
        for naive in event.starts_on(day):
            values.append(naive.date() if event.all_day else naive.replace(tzinfo=tz))
    return values


def _when(value: date | datetime | timedelta) -> vDatetime | vDate | vDuration:
    """icalendar's type for a DATE-TIME, DATE or DURATION value. Component.add would take
    vDDDTypes, which finds this same type again each time the value is written."""
    if isinstance(value, datetime):
        return vDatetime(value)
    if isinstance(value, date):
        typed = vDate(value)
        typed.params["VALUE"] = "DATE"
        return typed
    return vDuration(value)


def _date_list(value: date | datetime) -> vDDDLists:
    """An EXDATE value. Unlike vDDDTypes, vDDDLists does not mark a DATE as one."""
    values = vDDDLists([value])
    if not isinstance(value, datetime):
        values.params["VALUE"] = "DATE"
    return values


def _span_years(event: Event, horizon_end: datetime) -> tuple[int, int]:
    """The years an event's times fall in; a rule without an end runs to the horizon."""
    last = event.last_end() or horizon_end
    return event.start.year, max(last.year, event.end.year)


# --- "add to calendar" links ----------------------------------------------------------------


def _compact(value: date | datetime) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y%m%dT%H%M%S") + ("Z" if value.utcoffset() == timedelta(0) else "")
    return value.strftime("%Y%m%d")


def _link_details(event: Event, page_url: str, lang: str, details: str | None) -> str:
    if details is not None:
        return details
    summary = event.text("summary", lang)
    return "\n\n".join(part for part in (summary, page_url) if part)


@lru_cache(maxsize=4096)
def _quote(
    text: str, safe: str = "", encoding: str | None = None, errors: str | None = None
) -> str:
    """``urllib.parse.quote``, remembered: an event's Google and Outlook links, and its
    pages in both languages, percent-encode the same title, place and details."""
    return quote(text, safe, encoding, errors)


def google_calendar_link(
    event: Event,
    page_url: str,
    lang: str,
    *,
    location: str = "",
    details: str | None = None,
    title: str | None = None,
) -> str:
    """Google Calendar's "create event" form, filled in.

    Timed events give wall times with ``ctz`` (the event's zone), so that a recurring event
    keeps its local time across DST changes; all-day events give dates with the exclusive
    end Google expects. A recurring event carries its RRULE (``recur``): Google creates the
    series. Google ignores EXDATE there, so the excluded dates are named in the details.
    """
    start, end = _dtstart_dtend(event)
    if event.all_day:
        dates = f"{_compact(start)}/{_compact(end)}"
    elif event.recurrence:
        # Wall times in the event's zone (ctz): the series keeps its local time across DST.
        dates = f"{start.strftime('%Y%m%dT%H%M%S')}/{end.strftime('%Y%m%dT%H%M%S')}"
    else:
        dates = f"{_compact(start.astimezone(UTC))}/{_compact(end.astimezone(UTC))}"
    params = {
        "action": "TEMPLATE",
        "text": title or event.text("title", lang),
        "dates": dates,
    }
    if not event.all_day and event.timezone not in UTC_NAMES:
        params["ctz"] = event.timezone
    text = _link_details(event, page_url, lang, details)
    if event.recurrence:
        params["recur"] = "RRULE:" + _rule_text(event.recurrence, event.tz, event.all_day)
        if event.exclude_dates:
            text += "\n\n" + _not_on(event, lang)
    params["details"] = text
    if location:
        params["location"] = location
    return "https://calendar.google.com/calendar/render?" + urlencode(params, quote_via=_quote)


# The two phrases the link functions add. They take no gettext (their callers pass only the
# event and the language), so both languages are here.
_LINK_WORDS = {
    "lv": {"not_on": "Nenotiek", "repeats": "Pasākums atkārtojas; visi datumi"},
    "en": {"not_on": "Not on", "repeats": "A repeating event; all dates"},
}


def _link_word(lang: str, key: str) -> str:
    return _LINK_WORDS.get(lang, _LINK_WORDS["en"])[key]


def _not_on(event: Event, lang: str) -> str:
    days = "; ".join(lvdates.format_date(d, lang) for d in sorted(event.exclude_dates))
    return f"{_link_word(lang, 'not_on')}: {days}"


def outlook_link(
    event: Event,
    page_url: str,
    lang: str,
    *,
    location: str = "",
    details: str | None = None,
    title: str | None = None,
    occurrence: Occurrence | None = None,
) -> str:
    """Outlook.com's "new event" form, filled in (Outlook for Microsoft 365 takes the .ics).

    Outlook's form has no recurrence: a recurring event gives one ``occurrence`` (by
    default the first), and the details point to the page with every date. Times are UTC,
    which Outlook shows in the reader's own zone; all-day dates have an exclusive end.
    """
    occ = occurrence or Occurrence(event, event.start, event.end)
    params = {"path": "/calendar/action/compose", "rru": "addevent"}
    if event.all_day:
        params["startdt"] = occ.first_day.isoformat()
        params["enddt"] = (occ.last_day + timedelta(days=1)).isoformat()
        params["allday"] = "true"
    else:
        params["startdt"] = occ.start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        params["enddt"] = occ.end.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        params["allday"] = "false"
    params["subject"] = title or event.text("title", lang)
    text = _link_details(event, page_url, lang, details)
    if event.recurrence:
        text += f"\n\n{_link_word(lang, 'repeats')}: {page_url}"
    params["body"] = text
    if location:
        params["location"] = location
    return "https://outlook.live.com/calendar/0/action/compose?" + urlencode(
        params, quote_via=_quote
    )


# --- property lines -----------------------------------------------------------------------

_BEGIN_VEVENT = b"BEGIN:VEVENT\r\n"
_END_VEVENT = b"END:VEVENT\r\n"
_NO_PARAMETERS = Parameters()


class _Uri(str):
    """A URI value (RFC 5545, 3.3.13), as a property holds it: where a plain str is TEXT."""


class _Property(NamedTuple):  # a tuple: thousands are made per build
    """One property of a component: its name and value, and once known, its line.

    ``Component.to_ical`` writes each property as one folded content line; writing them
    here the same way (``_line``) lets a line that many events share, or both languages,
    be written once instead of once per component.
    """

    name: str  # upper case, as icalendar writes it
    # An icalendar value type (vGeo, vDDDLists, ...), or a plain value of one: a str is
    # TEXT, a _Uri a URI, a datetime a DATE-TIME, a date a DATE, a timedelta a DURATION.
    value: object
    line: bytes | None = None

    def typed(self) -> object:
        """The value as an icalendar type."""
        value = self.value
        if type(value) is str:
            return vText(value)
        if type(value) is _Uri:
            return vUri(value)
        if isinstance(value, date | timedelta):
            return _when(value)
        return value

    def serialised(self) -> _Property:
        return self if self.line is not None else _Property(self.name, self.value, _line(self))


def _line(prop: _Property) -> bytes:
    """The property as ``Component.to_ical`` writes it: icalendar's content line, folded.

    ``Contentline.from_parts(name, params, value).to_ical()`` writes the parameters again
    for every line and decodes the value's octets to encode them again; with six or more
    lines per event, that was a fifth of a feed's time. Here the "NAME;PARAMETERS:" part is
    still icalendar's (``_head_of``, once per name and parameters), joined with the value's
    octets and folded as octets. The octets of the values every event has are written here
    the way icalendar writes them, without making its value objects (making a ``vDatetime``
    looks up the zone's TZID twice, and a ``vUri`` makes its own empty parameters):

    - TEXT (a str): ``folding.text_octets``, icalendar's escaping;
    - a URI (``_Uri``): its UTF-8 octets, as ``vUri.to_ical``;
    - a DATE-TIME (a datetime) or DATE (a date): the digits ``vDatetime.to_ical`` and
      ``vDate.to_ical`` write, and the head and the "Z" of UTC that icalendar writes for
      the first value of the zone (``_time_head``).

    Other values (a time in a zone of another kind) are icalendar's own ``to_ical``.
    Anything unusual (octets that start with a byte order mark or hold a line break) goes the
    whole way through ``from_parts``. ``tests/test_folding.py`` compares the two.
    """
    if prop.line is not None:
        return prop.line
    name, value = prop.name, prop.value
    kind = type(value)
    if kind is datetime or kind is date:
        zone = getattr(value, "tzinfo", None)
        if zone is None or zone is UTC or type(zone) is ZoneInfo:
            head, suffix = _TIME_HEADS.get((name, kind, zone)) or _time_head(name, value)
            return folding.fold_octets(head + _digits(value) + suffix) + b"\r\n"
    if kind is _Uri:
        params, octets = _NO_PARAMETERS, str.encode(value)
    elif kind in _TEXT:
        params = getattr(value, "params", None) or _NO_PARAMETERS
        octets = folding.text_octets(value)
    else:
        value = prop.typed()
        params = getattr(value, "params", None) or _NO_PARAMETERS
        octets = value.to_ical()
    try:
        head = _head_of(name, params)
    except TypeError:  # a parameter value that cannot be a dict key: not a case of ours
        head = None
    if (
        head is None
        or type(octets) is not bytes
        or octets.startswith(BOM_UTF8)
        or b"\n" in octets
        or b"\r" in octets
    ):
        return Contentline.from_parts(name, params, prop.typed(), sorted=False).to_ical() + b"\r\n"
    return folding.fold_octets(head + octets) + b"\r\n"


def _digits(value: date) -> bytes:
    """A DATE-TIME's or a DATE's digits, as ``vDatetime.to_ical`` and ``vDate.to_ical``
    write them (a DATE-TIME in UTC adds the "Z" the head gives)."""
    if type(value) is datetime:
        return (
            f"{value.year:04}{value.month:02}{value.day:02}"
            f"T{value.hour:02}{value.minute:02}{value.second:02}"
        ).encode()
    return f"{value.year:04}{value.month:02}{value.day:02}".encode()


# By name, value type and zone: none, UTC or a ZoneInfo, whose TZID icalendar takes from the
# zone alone. For another tzinfo it may take the name of the date's offset (dateutil's "EET"
# and "EEST"), and datetime's fixed zones are equal whatever their names.
_TIME_HEADS: dict[tuple, tuple[bytes, bytes]] = {}


def _time_head(name: str, value: date) -> tuple[bytes, bytes]:
    """The head and the UTC "Z" of every ``name`` line with a value of this type and zone
    (see ``_TIME_HEADS``), as icalendar writes them; kept in ``_TIME_HEADS``."""
    typed = _when(value)
    written = (
        _head_of(name, typed.params),
        b"Z" if type(value) is datetime and typed.is_utc() else b"",
    )
    _TIME_HEADS[(name, type(value), getattr(value, "tzinfo", None))] = written
    return written


_TEXT = (str, vText)  # the values folding.text_octets writes
_HEADS: dict[tuple, bytes] = {}  # a few dozen: names by the zones and value types in use
_NO_VALUE = vText("")


def _head_of(name: str, params: Parameters) -> bytes:
    """``name`` and ``params`` as ``from_parts`` writes them before the value, colon
    included: written once, then kept in ``_HEADS``."""
    key = (name, *params.items())
    head = _HEADS.get(key)
    if head is None:
        head = Contentline.from_parts(name, params, _NO_VALUE, sorted=False).encode()
        _HEADS[key] = head
    return head


# --- feeds ----------------------------------------------------------------------------------


def sort_key(text: str) -> tuple[str, str]:
    """Alphabetical for Latvian names: "Ķekava" among the K's, not after Z."""
    plain = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return plain.casefold(), text


@dataclass(frozen=True)
class Feed:
    """One calendar file: which events, in which language, under which name."""

    lang: str
    kind: str
    slug: str | None
    title: str  # what it is about: "Baloži", an organisation's name, the site's name
    name: str  # the calendar's name in clients (NAME, X-WR-CALNAME)
    events: tuple[Event, ...]
    page_kind: str | None = None  # the page the feed belongs to (RFC 7986 URL)

    @property
    def path(self) -> str:
        return feed_path(self.lang, self.kind, self.slug)


@dataclass
class FeedBuilder:
    """Builds every feed of a site from the loaded content.

    ``base_url`` must be absolute (feeds are read outside the site: RELATIVE_URLS and an
    empty preview SITEURL must not leak into them). ``gettext`` gives, per language, the
    translation function for the few words a feed adds (labels in DESCRIPTION).
    """

    content: Content
    base_url: str
    uid_domain: str
    site_names: Mapping[str, str] = field(default_factory=dict)
    gettext: Mapping[str, Callable[[str], str]] = field(default_factory=dict)
    history: History = field(default_factory=History)
    # Serialised VEVENTs by (slug, language, the event's source fingerprint): pass the dict
    # of an earlier builder whose content differed only in event bodies to reuse its work.
    serialised: dict[tuple[str, str, str], bytes] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Serialised once per build (``calendar``): VEVENTs by (slug, language), VTIMEZONEs
        # by (zone, first year, last year), and each event's years.
        self._vevents = self.serialised
        self._vtimezones: dict[tuple[str, int, int], bytes] = {}
        self._spans: dict[str, tuple[int, int]] = {}
        self._links: dict[tuple[str, str], dict[str, str]] = {}
        self._heads: dict[str, bytes] = {}
        self._event_times: dict[str, list[list[_Property]]] = {}
        self._shared_properties: dict[tuple[str, object], _Property] = {}
        if not urlsplit(self.base_url).scheme:
            raise ValueError(f"feeds need an absolute base URL, not {self.base_url!r}")
        if not self.uid_domain:
            raise ValueError("feeds need a UID domain (setting UID_DOMAIN)")
        self.urls = Urls(site_url=self.base_url.rstrip("/"))

    # -- addresses ---------------------------------------------------------------------

    def feed_url(self, lang: str, kind: str, slug: str | None = None) -> str:
        return f"{self.urls.site_url}/{feed_path(lang, kind, slug)}"

    def webcal_url(self, lang: str, kind: str, slug: str | None = None) -> str:
        return webcal(self.feed_url(lang, kind, slug))

    def uid(self, event: Event) -> str:
        return f"{event.slug}@{self.uid_domain}"

    def _(self, lang: str) -> Callable[[str], str]:
        return self.gettext.get(lang, _identity)

    # -- which feeds ---------------------------------------------------------------------

    def published(self) -> list[Event]:
        """Events in the feeds: from ICS_PAST_DAYS ago on, in start order; externals never."""
        config = self.content.config
        since = config.now - timedelta(days=config.ics_past_days)
        events = []
        for event in self.content.events.values():
            if event.external:
                continue
            last = event.last_end()
            if last is None or last >= since:
                events.append(event)
        return sorted(events, key=lambda e: (e.start, e.slug))

    def feeds(self) -> list[Feed]:
        """Every subscribable feed in every language (without the one-event files)."""
        c, vocab = self.content, self.content.vocabularies
        published = self.published()
        # Each feed's events, in start order, found in one pass over the events.
        by: dict[str, dict[str, list[Event]]] = {"org": {}, "locality": {}, "category": {}}
        for event in published:
            for slug in dict.fromkeys(event.organizers):
                by["org"].setdefault(slug, []).append(event)
            by["locality"].setdefault(c.locality_of(event), []).append(event)
            for slug in dict.fromkeys(event.categories):
                by["category"].setdefault(slug, []).append(event)
        result = []
        for lang in c.config.languages:
            site = self.site_names.get(lang) or self.site_names.get("lv", "")
            result.append(Feed(lang, "all", None, site, site, tuple(published), "home"))
            orgs = sorted(c.organizations.values(), key=lambda o: sort_key(o.text("name", lang)))
            for org in orgs:
                events = by["org"].get(org.slug, [])
                result.append(
                    self._topic(
                        lang, site, "organization", org.slug, org.text("name", lang), events
                    )
                )
            for term in vocab.localities.values():
                events = by["locality"].get(term.id, [])
                result.append(self._topic(lang, site, "locality", term.id, term.name(lang), events))
            for term in vocab.categories.values():
                events = by["category"].get(term.id, [])
                result.append(self._topic(lang, site, "category", term.id, term.name(lang), events))
        return result

    @staticmethod
    def _topic(lang: str, site: str, kind: str, slug: str, title: str, events) -> Feed:
        # "Baloži · Ķekavas novada NVO platforma": the subject first, for short client lists.
        name = f"{title} · {site}" if site else title
        return Feed(lang, kind, slug, title, name, tuple(events), kind)

    def event_feeds(self) -> list[Feed]:
        """One file per event and language, past events too (their pages stay)."""
        result = []
        for lang in self.content.config.languages:
            for slug, event in sorted(self.content.events.items()):
                if event.external:
                    continue
                title = event.text("title", lang)
                result.append(Feed(lang, "event", slug, title, title, (event,), "event"))
        return result

    # -- calendars -----------------------------------------------------------------------

    def calendar(self, feed: Feed) -> bytes:
        """The feed as RFC 5545 bytes (CRLF, folded at 75 octets by icalendar).

        An event is in five or six feeds per language, and its VEVENT (the whole body in
        DESCRIPTION) is most of a feed's bytes. So each VEVENT and each VTIMEZONE is
        serialised once per build, and a feed is the calendar's header lines with those
        bytes joined in before ``END:VCALENDAR``: exactly what
        ``Calendar.to_ical(sorted=False)`` gives for ``calendar_object(feed)``
        (``tests/test_feeds.py`` compares the two). The header's properties every feed of
        a language has are serialised once too; a one-event file adds only its name and
        page. Properties stand in the order they are added (RFC 5545 sets none).
        """
        self.serialise(feed.events, (feed.lang,))
        parts = [self._common_head(feed.lang), *map(_line, self._own_properties(feed))]
        parts += [self._vtimezone_bytes(*tz) for tz in self._timezone_spans(feed.events)]
        parts += [self.vevent_bytes(event, feed.lang) for event in feed.events]
        parts.append(_END)
        return b"".join(parts)

    def header(self, feed: Feed) -> Calendar:
        """The calendar's own properties, without components: those every feed of the
        language has, then the feed's own name and page."""
        cal = self._common_header(feed.lang)
        for prop in self._own_properties(feed):
            cal.add(prop.name, prop.typed())
        return cal

    def _common_header(self, lang: str) -> Calendar:
        config = self.content.config
        cal = Calendar()
        cal.add("prodid", f"-//{self.uid_domain}//NGO platform calendar//{lang.upper()}")
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("method", "PUBLISH")
        cal.add("x-wr-timezone", config.timezone)
        cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", vDuration(REFRESH))  # an X- name: say it is a DURATION
        return cal

    def _common_head(self, lang: str) -> bytes:
        """``BEGIN:VCALENDAR`` and the properties every feed of ``lang`` has, serialised
        once per build (thousands of one-event files share them)."""
        if lang not in self._heads:
            head = self._common_header(lang).to_ical(sorted=False)
            assert head.endswith(_END)
            self._heads[lang] = head[: -len(_END)]
        return self._heads[lang]

    def _own_properties(self, feed: Feed) -> list[_Property]:
        """The feed's own name and page."""
        # Typed as TEXT: icalendar takes NAME and X-WR-CALNAME for unknown properties and
        # would not escape "," and ";" (a title like "Adventes koncerts, Baldone" would break).
        own = [_Property("NAME", vText(feed.name)), _Property("X-WR-CALNAME", vText(feed.name))]
        if feed.page_kind:
            page = self.urls.absolute(feed.page_kind, feed.lang, feed.slug or "")
            own.append(_Property("URL", vUri(page)))
        return own

    def calendar_object(self, feed: Feed) -> Calendar:
        """The same feed as one icalendar object (what ``calendar`` serialises in parts)."""
        cal = self.header(feed)
        for component in self.timezones(feed.events):
            cal.add_component(component)
        for event in feed.events:
            for component in self.vevents(event, feed.lang):
                cal.add_component(component)
        return cal

    def serialise(self, events: Sequence[Event], langs: Sequence[str]) -> None:
        """Serialise the VEVENTs not yet serialised, on every core when there are many
        (``parallel.map_all``: the first feed of a build, calendar.ics, has them all).
        An event's languages are serialised together: they share its times."""
        missing = [e for e in events if any(_key(e, lang) not in self._vevents for lang in langs)]
        if not missing:
            return
        global _SERIALISING
        _SERIALISING = (self, tuple(langs))  # what the forked workers of map_all find
        try:
            done = parallel.map_all(_serialise, [e.slug for e in missing])
        finally:
            _SERIALISING = None
        for event, (span, serialised) in zip(missing, done, strict=True):
            self._spans[event.slug] = span
            for lang, data in zip(langs, serialised, strict=True):
                self._vevents[_key(event, lang)] = data

    def vevent_bytes(self, event: Event, lang: str) -> bytes:
        """The event's VEVENTs serialised, once per build and language: what
        ``Component.to_ical(sorted=False)`` gives for each of ``vevents(event, lang)``."""
        key = _key(event, lang)
        if key not in self._vevents:
            common = b"".join(map(_line, self._properties(event, lang)))
            self._vevents[key] = b"".join(
                b"".join((_BEGIN_VEVENT, common, *(prop.line for prop in times), _END_VEVENT))
                for times in self._times(event)  # serialised
            )
        return self._vevents[key]

    def vevents(self, event: Event, lang: str) -> list[VEvent]:
        """The event's VEVENT and its overrides as icalendar components (see ``_components``)."""
        result = []
        for properties in self._components(event, lang):
            component = VEvent()
            for prop in properties:
                component.add(prop.name, prop.typed())
            result.append(component)
        return result

    def _vtimezone_bytes(self, name: str, first: int, last: int) -> bytes:
        key = (name, first, last)
        if key not in self._vtimezones:
            self._vtimezones[key] = vtimezone(name, first, last).to_ical(sorted=False)
        return self._vtimezones[key]

    def timezones(self, events: Sequence[Event]) -> list:
        """A VTIMEZONE for every TZID the events use, covering every year they need."""
        return [vtimezone(*tz) for tz in self._timezone_spans(events)]

    def _timezone_spans(self, events: Sequence[Event]) -> list[tuple[str, int, int]]:
        """(TZID, first year, last year) for every zone the events' times use.

        A calendar without events still gets the site's zone: RFC 5545 wants at least one
        component, and an empty feed of a new organisation must stay valid.
        """
        config = self.content.config
        past = config.now - timedelta(days=config.ics_past_days)
        years: dict[str, tuple[int, int]] = {}
        for event in events:
            if event.all_day or event.timezone in UTC_NAMES:
                continue
            first, last = self._span_years(event)
            low, high = years.get(event.timezone, (past.year, config.horizon_end.year))
            years[event.timezone] = (min(low, first), max(high, last))
        if not events:
            years[config.timezone] = (past.year, config.horizon_end.year)
        return [(name, *span) for name, span in sorted(years.items())]

    def _span_years(self, event: Event) -> tuple[int, int]:
        if event.slug not in self._spans:
            self._spans[event.slug] = _span_years(event, self.content.config.horizon_end)
        return self._spans[event.slug]

    def _components(self, event: Event, lang: str) -> list[list[_Property]]:
        """The properties of the event's VEVENT, then of each of its overrides: what they
        have in common (``_properties``), then their times (``_times``)."""
        common = self._properties(event, lang)
        return [common + times for times in self._times(event)]

    def _times(self, event: Event) -> list[list[_Property]]:
        """The times of the event's VEVENT, and of one override per occurrence whose length
        the rule misses; the same in every language, so made and serialised once.

        RFC 5545 gives every occurrence of a series the *exact* length of the first (DTEND
        minus DTSTART), but an occurrence that spans a DST change is an hour shorter or
        longer on the wall clock, which is the length the volunteer wrote (a Saturday
        22:00-04:00 night walk ends at 04:00 also on the night the clocks change). Such an
        occurrence gets a RECURRENCE-ID override with its real end; if the first one spans
        a change, the series takes its normal length as DURATION instead of DTEND.
        """
        if event.slug in self._event_times:
            return self._event_times[event.slug]
        start, end = _dtstart_dtend(event)
        master = [_Property("DTSTART", start)]
        irregular = self._irregular(event)
        if irregular and irregular[0][0] == event.start_local:
            master.append(_Property("DURATION", event.wall_duration))
        else:
            master.append(_Property("DTEND", end))
        if event.recurrence:
            master.append(_rule_property(event.recurrence, event.tz, event.all_day))
            master += [_Property("EXDATE", _date_list(value)) for value in _excluded(event)]
        times = [master]
        for naive, real_start, real_end in irregular:
            # The original start as the rule generates it: a wall time, like DTSTART.
            times.append(
                [
                    _Property("RECURRENCE-ID", naive.replace(tzinfo=_zone(event))),
                    _Property("DTSTART", _unambiguous(real_start)),
                    _Property("DTEND", _unambiguous(real_end)),
                ]
            )
        self._event_times[event.slug] = times = [
            [prop.serialised() for prop in properties] for properties in times
        ]
        return times

    def _irregular(self, event: Event) -> list[tuple[datetime, datetime, datetime]]:
        """(rule's wall time, real start, real end) of every occurrence of a timed series,
        up to the horizon, whose real length differs from the normal one.

        Only an occurrence with a change of UTC offset after its start and by its end can
        differ (``vtimezone.offset_steps``): a few per year, so those are the ones checked.
        """
        if not event.recurrence or event.all_day:
            return []
        tz, wall = event.tz, event.wall_duration
        horizon = self.content.config.horizon_end.astimezone(tz).replace(tzinfo=None)
        starts = event.rule_starts
        if starts is None:  # a rule without an end: up to the horizon
            starts = event.open_starts(horizon)
        if not starts:
            return []
        count = min(bisect_left(starts, horizon), timing.MAX_OCCURRENCES)
        candidates: set[int] = set()
        for step in offset_steps(event.timezone, starts[0].year - 1, (horizon + wall).year + 1):
            # the occurrences that start before the step and end at or after it
            candidates.update(range(bisect_left(starts, step - wall), bisect_left(starts, step)))
        excluded = set(event.exclude_dates)
        found = []
        for naive in (starts[i] for i in sorted(candidates) if i < count):
            if naive.date() in excluded:
                continue
            # The real length is the wall length less the change of UTC offset between the
            # two wall times (timing.localize keeps the offset a wall time is read with).
            start, end = naive.replace(tzinfo=tz), (naive + wall).replace(tzinfo=tz)
            if start.utcoffset() != end.utcoffset():
                found.append((naive, timing.localize(naive, tz), timing.localize(naive + wall, tz)))
        return found

    def _properties(self, event: Event, lang: str) -> list[_Property]:
        """Everything but the times: what a series and its overrides have in common.

        Values many events share (DTSTAMP, a status, a place) are made and serialised once.
        """
        config = self.content.config
        shared = self._shared
        props = [
            _Property("UID", self.uid(event)),
            shared("DTSTAMP", config.now.astimezone(UTC)),
        ]
        revision = self.history.revision(*self.source_paths(event))
        if revision is not None:
            props.append(_Property("LAST-MODIFIED", revision.last_modified))
            props.append(shared("SEQUENCE", revision.sequence, vInt))
        props.append(_Property("SUMMARY", self.summary(event, lang)))
        props.append(shared("STATUS", STATUSES[event.status]))
        if event.cancelled:
            props.append(shared("TRANSP", "TRANSPARENT"))  # a cancelled event keeps no one busy
        page = self.urls.absolute("event", lang, event.slug)
        props.append(_Property("URL", _Uri(page)))
        location = self.location(event, lang)
        if location:
            props.append(shared("LOCATION", location))
        place = self.content.places.get(event.place or "")
        if place is not None and place.geo:
            props.append(shared("GEO", tuple(place.geo), vGeo))
        names = tuple(
            self.content.vocabularies.categories[c].name(lang)
            for c in event.categories
            if c in self.content.vocabularies.categories
        )
        if names:
            props.append(shared("CATEGORIES", names, vCategory))
        props.append(_Property("DESCRIPTION", self.description(event, lang, page)))
        return props

    def _shared(self, name: str, value, value_type: type | None = None) -> _Property:
        """A property with a value many events have, made and serialised once per build:
        ``value`` a plain one (see ``_Property``), or one for icalendar's ``value_type``."""
        key = (name, value)
        found = self._shared_properties.get(key)
        if found is None:
            typed = value if value_type is None else value_type(value)
            found = self._shared_properties[key] = _Property(name, typed).serialised()
        return found

    def source_paths(self, event: Event) -> list[str]:
        """The event's file and its translations: what an edit to it touches."""
        stem = event.path.removesuffix(".md")
        others = [f"{stem}.{lang}.md" for lang in self.content.config.languages[1:]]
        return [event.path, *others]

    # -- texts ---------------------------------------------------------------------------

    def summary(self, event: Event, lang: str) -> str:
        _ = self._(lang)
        title = event.text("title", lang)
        if event.cancelled:
            # Outlook and Google show a cancelled event like any other: say it in the title.
            return _("Cancelled") + ": " + title
        return title

    def location(self, event: Event, lang: str) -> str:
        """ "Place name, address"; without a place, the detail and the locality."""
        place = self.content.places.get(event.place or "")
        if place is not None:
            return ", ".join(p for p in (place.name, place.address) if p)
        locality = self.content.locality_of(event)
        term = self.content.vocabularies.localities.get(locality or "")
        parts = [event.text("location", lang), term.name(lang) if term else None]
        text = ", ".join(p for p in parts if p)
        return text or (event.online or "")

    def description(self, event: Event, lang: str, page: str | None = None) -> str:
        """Plain text: status note, summary, body, practical facts, then the page's URL
        (``page``, when the caller has it already)."""
        _ = self._(lang)
        blocks = []
        if event.cancelled:
            blocks.append(_("This event is cancelled."))
        elif event.status == "tentative":
            blocks.append(_("Not yet confirmed: check the event page before you go."))
        summary = event.text("summary", lang)
        if summary:
            blocks.append(summary)
        body = markup.to_text(event.text("body", lang) or "")
        if body:
            blocks.append(body)
        names = [
            self.content.organizations[s].text("name", lang)
            for s in event.organizers
            if s in self.content.organizations
        ]
        # Labels outside f-strings: the gettext extractor does not look inside them.
        facts = [
            (_("Organisers"), ", ".join(names)),
            (_("Where"), event.text("location", lang) if event.place else None),
            (_("Online"), event.online),
            (_("Price"), event.text("price", lang)),
            (_("Registration"), event.registration),
            (_("More information"), page or self.urls.absolute("event", lang, event.slug)),
        ]
        blocks.append("\n".join(f"{label}: {value}" for label, value in facts if value))
        return "\n\n".join(blocks)

    # -- links for an event page ---------------------------------------------------------

    def links(self, event: Event, lang: str) -> dict[str, str]:
        """The event page's "add to calendar" data: .ics, Google Calendar and Outlook.com."""
        key = (event.slug, lang)
        if key not in self._links:
            self._links[key] = self._event_links(event, lang)
        return self._links[key]

    def _event_links(self, event: Event, lang: str) -> dict[str, str]:
        config = self.content.config
        page = self.urls.absolute("event", lang, event.slug)
        # Outlook's form takes one date: the next one (as events.json has it), else the first.
        upcoming = event.occurrences(config.now, config.horizon_end)
        common = {
            "location": self.location(event, lang),
            "title": self.summary(event, lang),
        }
        return {
            # Root-relative: the file is in this build, also on a preview site.
            "ics": "/" + feed_path(lang, "event", event.slug),
            "google": google_calendar_link(event, page, lang, **common),
            "outlook": outlook_link(
                event, page, lang, occurrence=upcoming[0] if upcoming else None, **common
            ),
        }


def _key(event: Event, lang: str) -> tuple[str, str, str]:
    return event.slug, lang, event.source_fingerprint


_SERIALISING: tuple[FeedBuilder, tuple[str, ...]] | None = None


def _serialise(slug: str) -> tuple[tuple[int, int], tuple[bytes, ...]]:
    """One event's years (which its feeds' VTIMEZONEs cover: finding the last date of a
    rule takes time too) and VEVENT bytes in each language, in a worker of
    ``FeedBuilder.serialise``."""
    builder, langs = _SERIALISING
    event = builder.content.events[slug]
    return builder._span_years(event), tuple(builder.vevent_bytes(event, lang) for lang in langs)
