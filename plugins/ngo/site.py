"""What the public pages show: listings, month calendars and filters over the content.

``SiteIndex(content)`` expands every event once per build (upcoming occurrences, the
calendar's days, the archive) and files them by locality, category, audience, organiser
and place in one pass, so that each page only slices ready lists. ``LanguageView`` holds
what one language's pages show of each event, organisation and place (texts, links, date
phrases), made once per language however many pages show it. Nothing here knows about
Pelican or templates (a ``Text`` only knows how it is escaped and marked with its language
in HTML); the ``ngo_site`` plugin hands these view-models to the theme.
"""

from __future__ import annotations

import calendar as _calendar
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import quote

from markupsafe import Markup, escape

from . import lvdates
from .content import Content
from .model import Event, Occurrence, Organization, Place
from .problems import Problem
from .urls import Urls

DAY = timedelta(days=1)
HOME_DAYS = 14  # the home page's "next two weeks"
FAR_FUTURE = timedelta(days=365 * 100)  # single events are upcoming however far ahead


def N_(message: str) -> str:
    """Marks an interface string for the catalogue; templates translate it with ``_``."""
    return message


ORGANIZATION_KINDS = {
    "association": N_("Association"),
    "foundation": N_("Foundation"),
    "community": N_("Residents' community"),
    "institution": N_("Municipal institution"),
    "other": N_("Other"),
}
LANGUAGE_NAMES = {"lv": "Latviešu", "en": "English"}  # each in its own language

# Which item of the main navigation a kind of page belongs to.
SECTIONS = {
    "events": (
        "events",
        "event",
        "archive",
        "archive-year",
        "category",
        "categories",
        "audience",
        "audiences",
    ),
    "calendar": ("calendar", "calendar-month"),
    "organizations": ("organizations", "organization", "area", "areas", "org-kind"),
    "partners": ("partners",),
    "places": ("places", "place"),
    "news": ("news", "article"),
}
SECTION_OF = {kind: section for section, kinds in SECTIONS.items() for kind in kinds}
# The main navigation: (section, label), in its order.
NAVIGATION = (
    ("events", N_("Events")),
    ("calendar", N_("Calendar")),
    ("organizations", N_("Organisations")),
    ("partners", N_("Partners")),
    ("places", N_("Places")),
    ("news", N_("News")),
)
NEXT_DATES = 12  # the further dates an event's page lists

# Latvian alphabetical order ("Ķekava" after "Katlakalns", not after "Z"), with the letters
# Latvian does not use where an English reader expects them.
_ALPHABET = "0123456789aābcčdeēfgģhiījkķlļmnņopqrsštuūvwxyzž"
_ORDER = {c: i + 1 for i, c in enumerate(_ALPHABET)}  # 0 separates words


def collation_key(text: str) -> tuple[int, ...]:
    """Sort key in Latvian alphabetical order; case, punctuation and quotes are ignored."""
    key: list[int] = []
    for c in text.casefold():
        if c.isalnum():
            base = c if c in _ORDER else unicodedata.normalize("NFKD", c)[0]
            key.append(_ORDER.get(base, 1000 + ord(c)))
        elif c.isspace() and key and key[-1] != 0:
            key.append(0)
    return tuple(key)


# -- occurrences as people read them ---------------------------------------------------


def occurrence_days(occ: Occurrence) -> list[date]:
    """Every local day an occurrence covers (a timed event ending at midnight: not the next)."""
    first = occ.first_day
    last = occ.last_day
    if not occ.all_day and occ.end.time() == datetime.min.time() and occ.end.date() > first:
        last = occ.end.date() - DAY
    return [first + DAY * i for i in range((last - first).days + 1)]


def when(occ: Occurrence, lang: str, *, year: bool = True) -> str:
    """ "sestdien, 2027. gada 11. decembrī, plkst. 10:00–15:00" for one occurrence."""
    if occ.all_day:
        return lvdates.format_when(occ.first_day, occ.last_day, all_day=True, lang=lang, year=year)
    return lvdates.format_when(occ.start, occ.end, all_day=False, lang=lang, year=year)


def when_value(occ: Occurrence) -> str:
    """The ``datetime`` attribute of the ``<time>`` around ``when``: the start."""
    return lvdates.time_element_value(occ.first_day if occ.all_day else occ.start)


def first_occurrence(event: Event) -> Occurrence:
    """When an event (first) takes place; a rule's start may be one of its excluded dates."""
    if event.rule is not None and event.exclude_dates:
        found = event.occurrences(event.start, event.start + timedelta(days=366))
        if found:
            return found[0]
    return Occurrence(event, event.start, event.end)


# -- listings ------------------------------------------------------------------------


@dataclass
class Entry:
    """An event in a listing group: its first occurrence there and its further ones."""

    occurrence: Occurrence
    more: list[Occurrence] = field(default_factory=list)

    @property
    def event(self) -> Event:
        return self.occurrence.event


@dataclass
class Group:
    """A heading (a month or a day) and its entries."""

    key: date  # first day of the month, or the day
    entries: list[Entry]

    @property
    def year(self) -> int:
        return self.key.year

    @property
    def month(self) -> int:
        return self.key.month


def group_by_month(occurrences: Iterable[Occurrence], today: date) -> list[Group]:
    """Upcoming occurrences by month; a recurring event once a month, with its other dates.

    An occurrence that has already begun is filed under the current month.
    """
    groups: dict[date, dict[str, Entry]] = {}
    for occ in occurrences:
        day = max(occ.first_day, today)
        entries = groups.setdefault(day.replace(day=1), {})
        entry = entries.get(occ.event.slug)
        if entry is None:
            entries[occ.event.slug] = Entry(occ)
        else:
            entry.more.append(occ)
    return [Group(key, list(entries.values())) for key, entries in sorted(groups.items())]


def group_by_day(occurrences: Iterable[Occurrence], first: date, last: date) -> list[Group]:
    """Occurrences that touch [first, last], each under the first of its days in that span."""
    groups: dict[date, list[Entry]] = defaultdict(list)
    for occ in occurrences:
        if occ.first_day > last or occ.last_day < first:
            continue
        groups[max(occ.first_day, first)].append(Entry(occ))
    return [Group(key, groups[key]) for key in sorted(groups)]


def group_events_by_month(events: Iterable[Event]) -> list[Group]:
    """Past events by the month they (first) took place, newest first."""
    groups: dict[date, list[Entry]] = defaultdict(list)
    for event in events:
        occ = first_occurrence(event)
        groups[occ.first_day.replace(day=1)].append(Entry(occ))
    return [
        Group(
            key, sorted(groups[key], key=lambda e: (e.occurrence.start, e.event.slug), reverse=True)
        )
        for key in sorted(groups, reverse=True)
    ]


# -- the month calendar ----------------------------------------------------------------


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    entries: list[tuple[Occurrence, bool]]  # (occurrence, continues from an earlier day)


@dataclass
class CalendarMonth:
    key: date  # first day
    weeks: list[list[CalendarDay]]
    previous: date | None
    next: date | None
    count: int  # events that take place in the month

    @property
    def slug(self) -> str:
        return month_slug(self.key)

    @property
    def year(self) -> int:
        return self.key.year

    @property
    def month(self) -> int:
        return self.key.month


def month_slug(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def add_months(d: date, n: int) -> date:
    index = d.year * 12 + d.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def display_url(url: str) -> str:
    """A URL as link text: without the scheme, "www." and a trailing slash."""
    text = url.split("://", 1)[-1]
    text = text.removeprefix("www.")
    return text.rstrip("/")


def sorted_terms(terms: dict, lang: str) -> list:
    """Vocabulary terms in alphabetical order of their names in ``lang``."""
    return sorted(terms.items(), key=lambda item: collation_key(item[1].name(lang)))


# -- the index -----------------------------------------------------------------------


class SiteIndex:
    """Everything the listings need, computed once per build."""

    def __init__(self, content: Content):
        self.content = content
        config = content.config
        self.now: datetime = config.now
        self.tz = config.tz
        self.today: date = self.now.astimezone(self.tz).date()
        self.horizon_end: datetime = config.horizon_end

        events = sorted(content.events.values(), key=lambda e: e.slug)
        # Each event is expanded once: its upcoming dates, or whether it is over.
        self.upcoming_of: dict[str, list[Occurrence]] = {}
        upcoming: list[Occurrence] = []
        past: list[Event] = []
        for event in events:
            occs = event.occurrences(self.now, self._window_end(event))
            self.upcoming_of[event.slug] = occs
            if occs:
                upcoming.extend(occs)
            elif self._is_past(event):
                past.append(event)
        self.upcoming = sorted(upcoming, key=lambda o: (o.start, o.event.slug))
        self.past = sorted(past, key=lambda e: (e.start, e.slug), reverse=True)

        # Filters: the same occurrences (and events) filed by every value they carry.
        facets = ("locality", "category", "audience", "organizer", "place")
        self.upcoming_by: dict[str, dict[str, list[Occurrence]]] = {
            name: defaultdict(list) for name in facets
        }
        for occ in self.upcoming:
            for name, values in self._facets(occ.event).items():
                for value in values:
                    self.upcoming_by[name][value].append(occ)
        self._upcoming_events: dict[str, dict[str, list[Event]]] = {
            name: defaultdict(list) for name in facets
        }
        for event in events:
            if self.upcoming_of[event.slug]:
                for name, values in self._facets(event).items():
                    for value in values:
                        self._upcoming_events[name][value].append(event)
        self.past_by: dict[str, dict[str, list[Event]]] = {
            "organizer": defaultdict(list),
            "place": defaultdict(list),
        }
        for event in self.past:
            facets_of = self._facets(event)
            for name, filed in self.past_by.items():
                for value in facets_of[name]:
                    filed[value].append(event)

        self._build_calendar(events)

        orgs = content.organizations.values()
        self.organizations: list[Organization] = sorted(
            orgs, key=lambda o: (collation_key(o.name), o.slug)
        )
        self.organizations_by: dict[str, dict[str, list[Organization]]] = {
            "kind": defaultdict(list),
            "area": defaultdict(list),
            "locality": defaultdict(list),
        }
        for org in self.organizations:
            self.organizations_by["kind"][org.kind].append(org)
            for area in org.areas:
                self.organizations_by["area"][area].append(org)
            for locality in org.localities:
                self.organizations_by["locality"][locality].append(org)
        self.places = sorted(content.places.values(), key=lambda p: (collation_key(p.name), p.slug))
        self.places_by_locality: dict[str, list] = defaultdict(list)
        for place in self.places:
            self.places_by_locality[place.locality].append(place)
        self.seeking = [o for o in self.organizations if o.seeking_partners]
        self.offering = [o for o in self.organizations if o.offers]

    def _window_end(self, event: Event) -> datetime:
        """How far ahead occurrences are listed: a rule is cut at the horizon (or a year
        after its start, when it starts later); a single event counts however far ahead."""
        if event.rule is None:
            return self.now + FAR_FUTURE
        return max(self.horizon_end, event.start + timedelta(days=366))

    def _is_past(self, event: Event) -> bool:
        last = event.last_end()
        return last is not None and last <= self.now

    def _facets(self, event: Event) -> dict[str, list[str]]:
        locality = self.content.locality_of(event)
        return {
            "locality": [locality] if locality else [],
            "category": event.categories,
            "audience": event.audiences,
            "organizer": event.organizers,
            "place": [event.place] if event.place else [],
        }

    def upcoming_events(self, facet: str, value: str) -> list[Event]:
        """Distinct events (not occurrences) with upcoming dates that carry the value."""
        return self._upcoming_events[facet].get(value, [])

    def facet_options(self, facet: str, lang: str) -> list[tuple[str, str]]:
        """(value, name) of every value that some upcoming event carries, by name."""
        return self._options(self._upcoming_events[facet], facet, lang)

    def organization_options(self, facet: str, lang: str) -> list[tuple[str, str]]:
        return self._options(self.organizations_by[facet], facet, lang)

    def _options(self, used: dict, facet: str, lang: str) -> list[tuple[str, str]]:
        content = self.content
        names = {
            "locality": content.vocabularies.localities,
            "category": content.vocabularies.categories,
            "audience": content.vocabularies.audiences,
            "area": content.vocabularies.areas,
        }
        if facet == "organizer":
            pairs = [(s, content.organizations[s].text("name", lang)) for s in used if used[s]]
        elif facet == "place":
            pairs = [(s, content.places[s].text("name", lang)) for s in used if used[s]]
        else:
            pairs = [(i, names[facet][i].name(lang)) for i in used if used[i]]
        return sorted(pairs, key=lambda pair: (collation_key(pair[1]), pair[0]))

    @staticmethod
    def entry(occ: Occurrence) -> Entry:
        return Entry(occ)

    def facet_values(self, event: Event) -> dict[str, str]:
        """Space-separated values for the data-* attributes the filter script reads."""
        return {name: " ".join(values) for name, values in self._facets(event).items()}

    # -- calendar --

    def _build_calendar(self, events: list[Event]) -> None:
        """Occurrences by local day, from the month of the first event to the last one."""
        this_month = self.today.replace(day=1)
        first, last = this_month, this_month
        for event in events:
            first = min(
                first,
                event.start_local.replace(day=1)
                if event.all_day
                else event.start_local.date().replace(day=1),
            )
        by_day: dict[date, list[tuple[Occurrence, bool]]] = defaultdict(list)
        start = datetime.combine(first, datetime.min.time(), self.tz)
        for event in events:
            for occ in event.occurrences(start, self._window_end(event)):
                days = occurrence_days(occ)
                for i, day in enumerate(days):
                    by_day[day].append((occ, i > 0))
                last = max(last, days[-1].replace(day=1))
        for entries in by_day.values():
            entries.sort(
                key=lambda pair: (pair[1], not pair[0].all_day, pair[0].start, pair[0].event.slug)
            )
        self.calendar_days = by_day
        self.calendar_first = first
        self.calendar_last = last

    def calendar_months(self) -> list[date]:
        months, month = [], self.calendar_first
        while month <= self.calendar_last:
            months.append(month)
            month = add_months(month, 1)
        return months

    def calendar_month(self, key: date) -> CalendarMonth:
        weeks = []
        cal = _calendar.Calendar(firstweekday=0)  # Monday, as in Latvia and the UK
        seen: set[str] = set()
        for week in cal.monthdatescalendar(key.year, key.month):
            days = []
            for day in week:
                entries = self.calendar_days.get(day, [])
                if day.month == key.month:
                    seen.update(occ.event.slug for occ, _ in entries)
                days.append(CalendarDay(day, day.month == key.month, entries))
            weeks.append(days)
        previous = add_months(key, -1)
        following = add_months(key, 1)
        return CalendarMonth(
            key=key,
            weeks=weeks,
            previous=previous if previous >= self.calendar_first else None,
            next=following if following <= self.calendar_last else None,
            count=len(seen),
        )

    # -- home --

    def next_days(self, days: int = HOME_DAYS) -> list[Group]:
        last = self.today + DAY * (days - 1)
        horizon = datetime.combine(last + DAY, datetime.min.time(), self.tz)
        soon = []
        for occ in self.upcoming:
            if occ.start >= horizon:
                break
            soon.append(occ)
        return group_by_day(soon, self.today, last)

    def upcoming_major(self, limit: int = 6) -> list[Occurrence]:
        seen, result = set(), []
        for occ in self.upcoming:
            if occ.event.major and not occ.event.cancelled and occ.event.slug not in seen:
                seen.add(occ.event.slug)
                result.append(occ)
                if len(result) == limit:
                    break
        return result

    def month_groups(self, occurrences: Iterable[Occurrence]) -> list[Group]:
        return group_by_month(occurrences, self.today)

    def past_years(self) -> list[tuple[int, list[Group]]]:
        """The archive: past events by year, then month, newest first."""
        by_year: dict[int, list[Event]] = defaultdict(list)
        for event in self.past:
            by_year[first_occurrence(event).first_day.year].append(event)
        return [
            (year, group_events_by_month(by_year[year])) for year in sorted(by_year, reverse=True)
        ]


# -- as the pages of one language show it ---------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    """Text as a page in one language shows it. ``lang`` is the language it is written in
    when that is not the page's (an untranslated field, a Latvian address), else None.

    In a template, ``{{ text }}`` is the escaped text, marked with its language when that is
    not the page's: ``<span lang="lv">…</span>``; ``{{ text.text }}`` is the bare text (for
    attributes and the ``<title>``).
    """

    text: str
    lang: str | None = None
    # The HTML, made when first shown and kept: a title or a name is shown on many pages
    # (cards, calendars, lists), and would otherwise be escaped again on each.
    _html: Markup | None = field(default=None, init=False, repr=False, compare=False)

    def __html__(self) -> Markup:
        if self._html is None:
            if self.lang is None:
                html = escape(self.text)
            else:
                html = Markup(f'<span lang="{escape(self.lang)}">{escape(self.text)}</span>')
            object.__setattr__(self, "_html", html)  # frozen: set once, as a cache
        return self._html


@dataclass(frozen=True, slots=True)
class When:
    """A date phrase and the ``datetime`` value of the ``<time>`` around it."""

    value: str
    text: str


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    name: str


@dataclass(slots=True)
class PlaceView:
    place: Place
    url: str
    name: Text
    address: Text | None  # in Latvian
    locality: Link
    map_url: str | None


@dataclass(slots=True)
class OrganizationView:
    organization: Organization
    url: str
    name: Text
    summary: Text


@dataclass(slots=True)
class EventView:
    """An event as the pages in one language show it: its own page, cards, calendar, lists."""

    event: Event
    url: str
    title: Text
    summary: Text | None
    when: When  # its next date, else its first
    upcoming: list[Occurrence]
    next_dates: list[When]  # the upcoming dates after ``when`` that its page lists
    more_dates: int  # and how many more there are
    location: Text | None
    price: Text | None
    body: Text
    place: PlaceView | None
    locality: Link | None
    organizers: list[OrganizationView]
    categories: list[Link]
    audiences: list[Link]
    facets: dict[str, str]  # for the data-* attributes the filter script reads


@dataclass(slots=True)
class CalendarEntry:
    """An occurrence on a day of the month calendar."""

    event: EventView
    occurrence: Occurrence
    time: str | None  # its start time, on its first day when it is timed
    continued: bool  # it began on an earlier day


@dataclass(slots=True)
class CalendarDayView:
    day: date
    value: str  # for <time datetime>
    label: str  # "pirmdiena, 1. marts"
    in_month: bool
    today: bool
    entries: list[CalendarEntry]


class LanguageView:
    """The site as the pages in one language show it.

    Each event, organisation and place is prepared once per build and language (its texts
    in the language, or marked with their own; its links; its date phrases), however many
    pages show it; templates only put the pieces in place.
    """

    def __init__(self, index: SiteIndex, urls: Urls, lang: str, name: str, gettext):
        self.index, self.urls, self.lang, self.name = index, urls, lang, name
        self.home = urls.url("home", lang)
        self.news_feed = urls.url("news-feed", lang)
        self.nav = [(kind, urls.url(kind, lang), gettext(label)) for kind, label in NAVIGATION]
        monday = date(2024, 1, 1)  # the calendar's weeks begin on Monday
        self.weekdays = [
            (lvdates.weekday_name(day, "nom", lang), lvdates.weekday_name(day, "short", lang))
            for day in (monday + DAY * i for i in range(7))
        ]
        vocab = index.content.vocabularies
        self._terms = {
            "locality": vocab.localities,
            "area": vocab.areas,
            "category": vocab.categories,
            "audience": vocab.audiences,
        }
        self._events: dict[str, EventView] = {}
        self._organizations: dict[str, OrganizationView] = {}
        self._places: dict[str, PlaceView] = {}

    def text(self, item, field: str) -> Text:
        """A content field in this language if translated, else in its own (marked)."""
        own = item.text_lang(field, self.lang)
        return Text(item.text(field, self.lang), None if own == self.lang else own)

    def latvian(self, text: str) -> Text:
        """Text that exists only in Latvian (an address)."""
        return Text(text, None if self.lang == "lv" else "lv")

    def when(self, occ: Occurrence, year: bool = True) -> When:
        return When(when_value(occ), when(occ, self.lang, year=year))

    def terms(self, kind: str, ids: Iterable[str]) -> list[Link]:
        """Links to vocabulary terms' pages ("category", "audience", "area", "locality")."""
        terms = self._terms[kind]
        return [Link(self.urls.url(kind, self.lang, i), terms[i].name(self.lang)) for i in ids]

    def events(self, events: Iterable[Event]) -> list[EventView]:
        return [self.event(event) for event in events]

    def event(self, event: Event) -> EventView:
        view = self._events.get(event.slug)
        if view is None:
            view = self._events[event.slug] = self._event(event)
        return view

    def _event(self, event: Event) -> EventView:
        content = self.index.content
        upcoming = self.index.upcoming_of.get(event.slug, [])
        locality = content.locality_of(event)
        return EventView(
            event=event,
            url=self.urls.url("event", self.lang, event.slug),
            title=self.text(event, "title"),
            summary=self.text(event, "summary") if event.summary else None,
            when=self.when(upcoming[0] if upcoming else first_occurrence(event)),
            upcoming=upcoming,
            next_dates=[self.when(occ) for occ in upcoming[1 : 1 + NEXT_DATES]],
            more_dates=max(0, len(upcoming) - 1 - NEXT_DATES),
            location=self.text(event, "location") if event.location else None,
            price=self.text(event, "price") if event.price else None,
            body=self.text(event, "body"),
            place=self.place(content.places[event.place]) if event.place else None,
            locality=self.terms("locality", [locality])[0] if locality else None,
            organizers=[self.organization(content.organizations[s]) for s in event.organizers],
            categories=self.terms("category", event.categories),
            audiences=self.terms("audience", event.audiences),
            facets=self.index.facet_values(event),
        )

    def calendar_weeks(self, month: CalendarMonth) -> list[list[CalendarDayView]]:
        """The weeks of a month calendar with their days' labels and entries."""
        lang, today = self.lang, self.index.today
        return [
            [
                CalendarDayView(
                    day=cell.day,
                    value=cell.day.isoformat(),
                    label=lvdates.format_date(cell.day, lang, case="nom", weekday=True, year=False),
                    in_month=cell.in_month,
                    today=cell.day == today,
                    entries=[
                        CalendarEntry(
                            event=self.event(occ.event),
                            occurrence=occ,
                            time=None
                            if occ.all_day or continued
                            else lvdates.format_time(occ.start, lang),
                            continued=continued,
                        )
                        for occ, continued in cell.entries
                    ],
                )
                for cell in week
            ]
            for week in month.weeks
        ]

    def organization(self, org: Organization) -> OrganizationView:
        view = self._organizations.get(org.slug)
        if view is None:
            view = self._organizations[org.slug] = OrganizationView(
                organization=org,
                url=self.urls.url("organization", self.lang, org.slug),
                name=self.text(org, "name"),
                summary=self.text(org, "summary"),
            )
        return view

    def place(self, place: Place) -> PlaceView:
        view = self._places.get(place.slug)
        if view is None:
            view = self._places[place.slug] = PlaceView(
                place=place,
                url=self.urls.url("place", self.lang, place.slug),
                name=self.text(place, "name"),
                address=self.latvian(place.address) if place.address else None,
                locality=self.terms("locality", [place.locality])[0],
                map_url=map_url(place),
            )
        return view


def taken_slug_problems(items, urls) -> list[Problem]:
    """Pages and news whose address belongs to a listing ("pages/pasakumi.md").

    ``items``: (path in the content folder, kind "page" or "article", slug, language).
    """
    problems = []
    for path, kind, slug, lang in items:
        found = urls.match(urls.path(kind, lang, slug))
        if found and found[0] != kind:
            address = urls.url(kind, lang, slug)
            problems.append(
                Problem(path, 1, "slug", f"adrese {address} jau ir aizņemta; izvēlieties citu slug")
            )
    return problems


# -- links out of the site -------------------------------------------------------------


def map_url(place) -> str | None:
    """OpenStreetMap at the place's coordinates, or a search for its address."""
    if place.geo:
        lat, lon = place.geo
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
    if place.address:
        return "https://www.openstreetmap.org/search?query=" + quote(place.address)
    return None


def edit_url(repository: str, prefix: str, path: str) -> str:
    """The source file of a page in the repository's web editor view."""
    return f"{repository.rstrip('/')}/blob/main/{prefix}{path}"


EVENT_TEMPLATE = """\
---
title: Pasākuma nosaukums
start: {start} 18:00
end: "20:00"
organizers: [{organizer}]
locality: {locality}
summary: Viens teikums par pasākumu.
---
Pasākuma apraksts: kas notiks, kam tas domāts un kā piedalīties.
"""


def new_event_url(
    repository: str,
    prefix: str,
    content: Content,
    today: date,
    organization: Organization | None = None,
    default_organizer: str | None = None,
) -> str:
    """GitHub's "new file" form in events/, prefilled with a short valid event.

    The organiser is the organisation whose page the link is on, else the platform's own
    (setting PLATFORM_ORGANIZATION), so the file validates as soon as it is saved; without
    either, a placeholder that the validation explains.
    """
    start = today + timedelta(days=14)
    if organization is None and default_organizer in content.organizations:
        organization = content.organizations[default_organizer]
    organizer = organization.slug if organization else "jusu-organizacija"
    localities = organization.localities if organization else []
    locality = localities[0] if localities else next(iter(content.vocabularies.localities), "")
    value = EVENT_TEMPLATE.format(start=start.isoformat(), organizer=organizer, locality=locality)
    filename = f"{start.year}/jauns-pasakums.md"
    return (
        f"{repository.rstrip('/')}/new/main/{prefix}events"
        f"?filename={quote(filename)}&value={quote(value)}"
    )


ORGANIZATION_TEMPLATE = """\
---
name: Organizācijas pilnais nosaukums
kind: association
summary: Viens teikums par to, ko organizācija dara.
localities: [{locality}]
areas: [{area}]
---
Organizācijas apraksts: mērķi, darbība un kā iesaistīties.
"""


def new_organization_url(repository: str, prefix: str, content: Content) -> str:
    """GitHub's "new file" form in organizations/, prefilled with a short valid profile."""
    vocab = content.vocabularies
    value = ORGANIZATION_TEMPLATE.format(
        locality=next(iter(vocab.localities), ""), area=next(iter(vocab.areas), "")
    )
    return (
        f"{repository.rstrip('/')}/new/main/{prefix}organizations"
        f"?filename=jauna-organizacija.md&value={quote(value)}"
    )
