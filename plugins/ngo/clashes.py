"""Clashes: occurrences that overlap in a way that matters (SPEC section 5).

The platform exists so that municipal institutions and the larger organisations do not put
significant events on top of each other. This module finds those overlaps, says in plain
Latvian and English what clashes and what can be done, and gives the JSON shape of
``clashes.json``.

Detection is a sort-and-sweep, not a comparison of every pair. Occurrences are sorted once
by start. Every kind of clash needs something shared (a place, a normalised title, a
registration URL, an organiser, being major, a locality), so events are grouped by it; a
group of one event is skipped, and within a group one sweep pairs each occurrence with the
earlier ones still running when it starts. For ``locality``, where only pairs with a major
event count, the few major occurrences look their neighbours up by binary search instead.
Apart from the sort, the work grows with the occurrences plus the clashes found:
``scripts/bench_clashes.py`` measures 100,000 occurrences.

Everything else here serves the report: the schedule of a whole content folder (also what
a place page shows as taken), free times at a venue, the JSON of ``clashes.json``, and the
sentences that explain each clash in Latvian and English.
"""

from __future__ import annotations

import gc
import unicodedata
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from itertools import chain
from operator import attrgetter, sub
from typing import NamedTuple
from zoneinfo import ZoneInfo

from . import external, timing
from .config import Config
from .content import Content
from .lvdates import format_date, format_month_heading, format_time, format_time_range, format_when
from .model import Event, Occurrence
from .opendata import occurrence_json
from .problems import ContentError
from .urls import Urls

# The table of SPEC section 5, in its order; severities from the most severe.
KINDS = ("venue", "duplicate", "organizer", "major", "locality")
SEVERITY = {
    "venue": "high",
    "duplicate": "high",
    "organizer": "medium",
    "major": "medium",
    "locality": "low",
}
SEVERITIES = ("high", "medium", "low")
_BIT = {kind: 1 << i for i, kind in enumerate(KINDS)}

# Free times at a venue are looked for in the part of the day when events are held.
DAY_OPENS = time(8)
DAY_CLOSES = time(22)
MAX_FREE_TIMES = 3


# -- what detection needs to know about an event ------------------------------------------


@cache
def _strip_table() -> dict[int, None]:
    """Combining marks and punctuation of the Basic Multilingual Plane, to delete at C speed.

    Titles are compared for every event of a large calendar; a per-character Python test
    costs more than the whole sweep.
    """
    return {cp: None for cp in range(0x10000) if _strippable(chr(cp))}


def title_key(title: str) -> str:
    """A title as compared for duplicates: case folded, without diacritics, punctuation and
    extra spaces ("Ziemassvētku  tirdziņš!" and "ziemassvetku tirdzins" are one title)."""
    text = unicodedata.normalize("NFKD", title.casefold()).translate(_strip_table())
    if not text.isascii() and max(text) > "\uffff":
        # Beyond the table (rare: historic scripts, musical notation): one by one.
        text = "".join(c for c in text if c <= "\uffff" or not _strippable(c))
    return " ".join(text.split())


def _strippable(char: str) -> bool:
    return bool(unicodedata.combining(char)) or unicodedata.category(char).startswith("P")


class Facts(NamedTuple):
    """The attributes of one event that clash kinds compare (a tuple: made once per event,
    and a large calendar has tens of thousands of events)."""

    place: str | None
    title: str  # title_key of the title
    registration: str | None
    organizers: tuple[str, ...]
    major: bool
    locality: str | None
    external: bool

    @classmethod
    def of(cls, event: Event, locality: str | None) -> Facts:
        return cls(
            None if event.external else event.place,
            title_key(event.title),
            event.registration or None,
            tuple(dict.fromkeys(event.organizers)),
            bool(event.major),
            locality,
            bool(event.external),
        )


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which costs
# more than the sweep itself when a dense calendar has 100,000 clashes.
@dataclass(slots=True, eq=False)
class Clash:
    """Two overlapping occurrences of different events, and every kind that applies."""

    first: Occurrence  # ordered by start, then slug
    second: Occurrence
    kinds: tuple[str, ...]  # in the order of KINDS

    @property
    def severity(self) -> str:
        return min((SEVERITY[k] for k in self.kinds), key=SEVERITIES.index)

    @property
    def overlap_start(self) -> datetime:
        # By the instant: Python compares two datetimes of one zone by their wall clocks,
        # which is wrong in the hour that repeats when summer time ends.
        return max(self.first.start, self.second.start, key=datetime.timestamp)

    @property
    def overlap_end(self) -> datetime:
        return min(self.first.end, self.second.end, key=datetime.timestamp)

    @property
    def occurrences(self) -> tuple[Occurrence, Occurrence]:
        return self.first, self.second

    @property
    def events(self) -> tuple[Event, Event]:
        return self.first.event, self.second.event


def _order(occ: Occurrence) -> tuple:
    return (occ.start.timestamp(), occ.end.timestamp(), occ.event.external, occ.event.slug)


# -- detection -----------------------------------------------------------------------------

_KINDS_OF = tuple(tuple(k for k in KINDS if mask & _BIT[k]) for mask in range(1 << len(KINDS)))
_DAY = 86400.0
_START, _END, _EVENT = attrgetter("start"), attrgetter("end"), attrgetter("event")


def _group_keys(facts: Facts) -> list[tuple]:
    """The groups an event joins: one per thing two events may share."""
    keys = []
    if facts.place:
        keys.append(("venue", facts.place))
    if facts.title:
        keys.append(("duplicate", "title", facts.title))
    if facts.registration:
        keys.append(("duplicate", "registration", facts.registration))
    keys.extend(("organizer", org) for org in facts.organizers)
    if facts.major:
        keys.append(("major",))
    if facts.locality:
        keys.append(("locality", facts.locality))
    return keys


def find_clashes(
    occurrences: Iterable[Occurrence],
    locality_of: Callable[[Event], str | None] | None = None,
) -> list[Clash]:
    """Every clash among ``occurrences``, sorted by overlap start, then slugs.

    Callers choose the window (cancelled events are left out here); ``locality_of`` gives an
    event's locality (``Content.locality_of``: the place's, else the event's own).
    """
    # The sweep allocates hundreds of thousands of small lists and tuples that never form
    # cycles; each automatic collection would walk every live occurrence again, which costs
    # a fifth of the time on a large calendar.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _find_clashes(occurrences, locality_of)
    finally:
        if collecting:
            gc.enable()


def _find_clashes(occurrences, locality_of) -> list[Clash]:
    # Cancelled events take no part; an empty interval overlaps nothing.
    occs = [o for o in occurrences if o.end > o.start and o.event.status != "cancelled"]
    # Plain numbers: comparing aware datetimes is several times slower. The
    # per-occurrence steps use map() so that they run at C speed. The lists keep the order
    # the occurrences came in (an index is an occurrence throughout); only the groups'
    # members are put in start order below. Permuting every list by start instead cost
    # more than all the sweeps: it reads a hundred thousand objects scattered in memory.
    starts = list(map(datetime.timestamp, map(_START, occs)))
    ends = list(map(datetime.timestamp, map(_END, occs)))
    # Groups are built from events, not occurrences: a group of one event (most titles,
    # most registration links) can't clash and costs nothing. Events hash by identity
    # (eq=False), so they can be dictionary keys as they are.
    events = list(dict.fromkeys(map(_EVENT, occs)))
    number = {event: n for n, event in enumerate(events)}
    event_of = list(map(number.__getitem__, map(_EVENT, occs)))
    facts = [Facts.of(ev, locality_of(ev) if locality_of else ev.locality) for ev in events]
    # One event is one slug: a recurring event's occurrences never clash together, nor do
    # the variants of one external event (a moved occurrence with its own title).
    owners: dict[tuple[bool, str], int] = {}
    event_owner = [
        owners.setdefault((f.external, ev.slug), len(owners))
        for ev, f in zip(events, facts, strict=True)
    ]
    owner = list(map(event_owner.__getitem__, event_of))
    own = list(map([not f.external for f in facts].__getitem__, event_of))
    groups: dict[tuple, list[int]] = defaultdict(list)
    for e, f in enumerate(facts):
        for key in _group_keys(f):
            groups[key].append(e)

    # The groups where two events may clash, and for each event the lists of occurrences
    # its own occurrences go to: those of its groups, and for a major event the probes of
    # its locality (there only pairs with a major event count).
    swept: list[tuple[str, bool, list[int], list[int]]] = []
    taking_part: list[list[list[int]]] = [[] for _ in events]
    for key, members_events in groups.items():
        if len(members_events) < 2 or all(facts[e].external for e in members_events):
            continue  # one event alone, or external events only: nothing to report
        members: list[int] = []
        probes: list[int] = []
        if key[0] == "locality":
            majors = [e for e in members_events if facts[e].major]
            if not majors:
                continue
            for e in majors:
                taking_part[e].append(probes)
        mixed = any(facts[e].external for e in members_events)
        swept.append((key[0], mixed, members, probes))
        for e in members_events:
            taking_part[e].append(members)
    # One pass in start order hands every occurrence to those lists, so each comes out
    # sorted by start without a sort of its own.
    for i in sorted(range(len(occs)), key=starts.__getitem__):
        for gathering in taking_part[event_of[i]]:
            gathering.append(i)

    # A pair of occurrences is keyed (smaller index, larger index) whichever kind finds
    # it, so that the kinds of one pair come together; the value has a bit per kind.
    pairs: dict[tuple[int, int], int] = {}
    for kind, mixed, members, probes in swept:
        bit = _BIT[kind]
        if kind == "locality":
            _probe(members, probes, bit, starts, ends, owner, own, pairs)
        elif mixed:
            _sweep_mixed(members, bit, starts, ends, owner, own, pairs)
        else:
            _sweep(members, bit, starts, ends, owner, pairs)

    decorated = []
    for (j, i), bits in pairs.items():
        # The one that starts first goes first; on a tie the smaller slug.
        a, b = occs[j], occs[i]
        if starts[j] > starts[i] or (starts[i] == starts[j] and b.event.slug < a.event.slug):
            a, b, j, i = b, a, i, j
        first_end = ends[i] if ends[i] < ends[j] else ends[j]  # no builtin call: hot loop
        key = (starts[i], a.event.slug, b.event.slug, starts[j], first_end)
        decorated.append((key, Clash(a, b, _KINDS_OF[bits])))
    decorated.sort(key=_first)
    return [clash for _key, clash in decorated]


def _first(item: tuple) -> tuple:
    return item[0]


def _sweep(members, bit, starts, ends, owner, pairs) -> None:
    """Pair every member with the earlier members still running when it starts.

    The earlier ones started no later (members are sorted by start), so they overlap
    exactly when they end after this one starts: ``max(start) < min(end)``. ``latest_end``
    is the latest end among the running ones: most members start after it, when nothing
    is running any more, and those cost one comparison. Running lists are short, so a
    plain loop beats a comprehension (a function call each in 3.11).
    """
    running: list[int] = []
    latest_end = float("-inf")
    for i in members:
        start = starts[i]
        if start >= latest_end:
            running = [i]
            latest_end = ends[i]
            continue
        me, alive = owner[i], []
        for j in running:
            if ends[j] > start:
                alive.append(j)
                if owner[j] != me:
                    key = (j, i) if j < i else (i, j)
                    pairs[key] = pairs.get(key, 0) | bit
        alive.append(i)
        running = alive
        end = ends[i]
        if end > latest_end:
            latest_end = end


def _sweep_mixed(members, bit, starts, ends, owner, own, pairs) -> None:
    """``_sweep`` for a group with external events: those pair only with our own ones.

    External events keep their own running list, read only when one of ours starts, so
    a busy external calendar costs no comparisons among itself.
    """
    ours: list[int] = []
    theirs: list[int] = []
    for i in members:
        start, me = starts[i], owner[i]
        if ours:
            alive = []
            for j in ours:
                if ends[j] > start:
                    alive.append(j)
                    if owner[j] != me:
                        key = (j, i) if j < i else (i, j)
                        pairs[key] = pairs.get(key, 0) | bit
            ours = alive
        if own[i]:
            if theirs:
                alive = []
                for j in theirs:
                    if ends[j] > start:
                        alive.append(j)
                        key = (j, i) if j < i else (i, j)
                        pairs[key] = pairs.get(key, 0) | bit
                theirs = alive
            ours.append(i)
        else:
            theirs.append(i)


def _probe(members, probes, bit, starts, ends, owner, own, pairs) -> None:
    """Pair each probe (a major occurrence) with every member it overlaps.

    For ``locality`` only pairs with a major event count, and major events are few: each
    one looks up its neighbours by binary search instead of sweeping the whole locality.
    A member that starts more than ``reach`` before a probe has ended by then, unless it is
    one of the few longer than a day, which are checked one by one.
    """
    member_starts = list(map(starts.__getitem__, members))
    lengths = list(map(sub, map(ends.__getitem__, members), member_starts))
    longest = max(lengths)
    reach = min(longest, _DAY)
    long_ones = (
        [i for i, n in zip(members, lengths, strict=True) if n > _DAY] if longest > _DAY else []
    )
    for p in probes:
        start, end, me, mine = starts[p], ends[p], owner[p], own[p]
        low = bisect_right(member_starts, start - reach)
        high = bisect_left(member_starts, end)
        for j in chain(members[low:high], long_ones):
            if ends[j] > start and starts[j] < end and owner[j] != me and (mine or own[j]):
                key = (j, p) if j < p else (p, j)
                pairs[key] = pairs.get(key, 0) | bit


# -- the whole content ---------------------------------------------------------------------


@dataclass
class Schedule:
    """Every occurrence that takes part in clash detection, from now to the horizon."""

    content: Content
    occurrences: list[Occurrence]
    _by_place: dict[str, list[Occurrence]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, content: Content) -> Schedule:
        """Own events (not cancelled) and external calendars; raises ContentError when an
        external calendar can't be read."""
        config = content.config
        occurrences: list[Occurrence] = []
        for event in content.events.values():
            if not event.cancelled:
                occurrences.extend(event.occurrences(config.now, config.horizon_end))
        problems = []
        for slug in sorted(content.externals):
            found, trouble = external.load(content.externals[slug], config)
            occurrences.extend(found)
            problems.extend(trouble)
        if problems:
            raise ContentError(problems)
        occurrences = [o for o in occurrences if o.end > o.start]
        occurrences.sort(key=_order)
        schedule = cls(content, occurrences)
        for occ in occurrences:
            if occ.event.place and not occ.event.external:
                schedule._by_place.setdefault(occ.event.place, []).append(occ)
        return schedule

    def at_place(self, place: str) -> list[Occurrence]:
        """When the venue is taken: occurrences there from now to the horizon, in order."""
        return list(self._by_place.get(place, ()))


@dataclass
class ClashReport:
    schedule: Schedule
    clashes: list[Clash]

    @property
    def content(self) -> Content:
        return self.schedule.content

    @property
    def config(self) -> Config:
        return self.schedule.content.config

    def taken(self, place: str) -> list[Occurrence]:
        """For the place page: when the venue is already taken (tentative ones included)."""
        return self.schedule.at_place(place)

    def free_times(self, clash: Clash) -> list[tuple[datetime, datetime]]:
        """For a venue clash: the nearest free times at that venue on the same day."""
        if "venue" not in clash.kinds:
            return []
        tz = self.config.tz
        day = clash.overlap_start.astimezone(tz).date()
        length = min(o.end.astimezone(UTC) - o.start.astimezone(UTC) for o in clash.occurrences)
        return free_times(
            self.schedule.at_place(clash.first.event.place),
            day,
            tz,
            length=length,
            near=clash.overlap_start,
            not_before=self.config.now,
        )

    def count(self, severity: str) -> int:
        return sum(1 for c in self.clashes if c.severity == severity)


def analyse(content: Content) -> ClashReport:
    """The clash report of a whole content folder (loaded and valid)."""
    schedule = Schedule.of(content)
    return ClashReport(schedule, find_clashes(schedule.occurrences, content.locality_of))


def venue_bookings(content: Content, place: str) -> list[Occurrence]:
    """When a venue is taken from now to the horizon (for a place page without a report)."""
    config = content.config
    found = [
        occ
        for event in content.events.values()
        if event.place == place and not event.cancelled
        for occ in event.occurrences(config.now, config.horizon_end)
    ]
    return sorted(found, key=_order)


def free_times(
    bookings: Iterable[Occurrence],
    day: date,
    tz: ZoneInfo,
    *,
    length: timedelta,
    near: datetime,
    not_before: datetime | None = None,
    opens: time = DAY_OPENS,
    closes: time = DAY_CLOSES,
    limit: int = MAX_FREE_TIMES,
) -> list[tuple[datetime, datetime]]:
    """Gaps between ``bookings`` on ``day`` (between ``opens`` and ``closes``, not before
    ``not_before``) long enough for ``length``: the ``limit`` nearest to ``near``, in order.
    """
    # Arithmetic in UTC: within one zone Python subtracts and compares wall-clock times,
    # which is an hour off across a change of summer time.
    low = timing.localize(datetime.combine(day, opens), tz).astimezone(UTC)
    high = timing.localize(datetime.combine(day, closes), tz).astimezone(UTC)
    near = near.astimezone(UTC)
    if not_before is not None and not_before > low:
        # Nobody can move an event into the past; a quarter-hour start reads better.
        minutes = -(-not_before.astimezone(tz).minute // 15) * 15
        hour = not_before.astimezone(tz).replace(minute=0, second=0, microsecond=0)
        low = max(low, (hour + timedelta(minutes=minutes)).astimezone(UTC))
    busy = sorted((o.start.astimezone(UTC), o.end.astimezone(UTC)) for o in bookings)
    gaps = []
    cursor = low
    for start, end in busy:
        if end <= cursor or start >= high:
            continue
        if start > cursor:
            gaps.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < high:
        gaps.append((cursor, high))
    fitting = [(s, e) for s, e in gaps if e - s >= length]

    def distance(gap):
        s, e = gap
        return timedelta(0) if s <= near < e else min(abs(s - near), abs(e - near))

    nearest = sorted(sorted(fitting, key=distance)[:limit])
    return [(s.astimezone(tz), e.astimezone(tz)) for s, e in nearest]


# -- clashes.json --------------------------------------------------------------------------


def _iso(value: datetime, tz: ZoneInfo | None = None) -> str:
    value = value.astimezone(tz) if tz else value
    return value.isoformat(timespec="seconds" if value.second else "minutes")


def event_json(occ: Occurrence, urls: Urls) -> dict:
    """One side of a clash: the occurrence's times as events.json gives them."""
    event = occ.event
    if event.external:
        url = getattr(event, "url", None)
    else:
        url = urls.absolute("event", "lv", event.slug)
    return {
        "slug": event.slug,
        "title": event.title,
        **occurrence_json(occ),
        "all_day": event.all_day,
        "url": url,
        "status": event.status,
        "external": bool(event.external),
        "calendar": getattr(event, "calendar", None) or None,
    }


def clash_json(clash: Clash, urls: Urls, tz: ZoneInfo) -> dict:
    return {
        "kinds": list(clash.kinds),
        "severity": clash.severity,
        "overlap": {"start": _iso(clash.overlap_start, tz), "end": _iso(clash.overlap_end, tz)},
        "events": [event_json(o, urls) for o in clash.occurrences],
    }


def clashes_json(clashes: Iterable[Clash], config: Config, urls: Urls) -> dict:
    tz = config.tz
    return {
        "now": _iso(config.now, tz),
        "horizon_end": _iso(config.horizon_end, tz),
        "clashes": [clash_json(c, urls, tz) for c in clashes],
    }


# -- sentences -----------------------------------------------------------------------------
#
# Latvian needs the locative for "in/at" ("Baložu kultūras namā", "Baložos"). Names are
# written in the nominative, so the last word is declined by its ending; a name that the
# rules can't be sure of ("Kultūras nams Ziemeļblāzma", quotes, digits) is put in quotes
# after "vietā", which is always grammatical.

_LOCATIVE_WORDS = {"pils": "pilī", "klēts": "klētī", "krāsns": "krāsnī", "akmens": "akmenī"}
_LOCATIVE_ENDINGS = (
    ("as", "ās"),
    ("es", "ēs"),
    ("is", "ī"),
    ("us", "ū"),
    ("i", "os"),
    ("š", "ā"),
    ("s", "ā"),
    ("a", "ā"),
    ("e", "ē"),
)


def locative(name: str) -> str | None:
    """ "Baložu kultūras nams" -> "Baložu kultūras namā"; None when unsure."""
    words = name.split()
    if not words or any(not w.isalpha() for w in words):
        return None
    last = words[-1]
    if last[0].isupper() and any(w[0].islower() for w in words[:-1]):
        return None  # a proper name after the head noun: "Kultūras nams Ziemeļblāzma"
    lower = last.lower()
    if lower in _LOCATIVE_WORDS:
        declined = _LOCATIVE_WORDS[lower]
    else:
        for ending, replacement in _LOCATIVE_ENDINGS:
            if lower.endswith(ending) and len(lower) > len(ending) + 1:
                declined = lower[: -len(ending)] + replacement
                break
        else:
            return None
    if last[0].isupper():
        declined = declined[0].upper() + declined[1:]
    return " ".join([*words[:-1], declined])


def at_place(name: str, lang: str) -> str:
    """ "Baložu kultūras namā" / "at Baložu kultūras nams"."""
    if lang != "lv":
        return f"at {name}"
    return locative(name) or f"vietā “{name}”"


def in_locality(name: str, lang: str) -> str:
    if lang != "lv":
        return f"in {name}"
    return locative(name) or f"apdzīvotajā vietā “{name}”"


def when_phrase(start: datetime, end: datetime, tz: ZoneInfo, lang: str, year: bool = False):
    """ "11. decembrī no 14:00 līdz 15:00" / "on 11 December from 14:00 to 15:00"."""
    start, end = start.astimezone(tz), end.astimezone(tz)
    on = "" if lang == "lv" else "on "
    if start.time() == time() and end.time() == time():
        first, last = start.date(), end.date() - timedelta(days=1)
        if first == last:
            day = format_date(first, lang, year=year)
            return f"{day} visu dienu" if lang == "lv" else f"on {day}, all day"
        text = format_when(first, last, all_day=True, lang=lang, year=year)
        return text if lang == "lv" else on + text
    ends_at_midnight = end.time() == time() and end.date() == start.date() + timedelta(days=1)
    if start.date() == end.date() or ends_at_midnight:
        day = format_date(start.date(), lang, year=year)
        return f"{on}{day} {format_time_range(start, end, lang)}"
    return format_when(start, end, all_day=False, lang=lang, year=year)


def _quoted(text: str) -> str:
    return f"“{text}”"


def _join(names: list[str], lang: str) -> str:
    word = " un " if lang == "lv" else " and "
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + word + names[-1]


class Explainer:
    """Builds the sentences of a clash in one language from the loaded content."""

    def __init__(self, report: ClashReport, lang: str, *, year: bool = False):
        self.report, self.content, self.lang, self.year = report, report.content, lang, year
        self.tz = report.config.tz

    def title(self, event: Event) -> str:
        return event.text("title", self.lang)

    def when(self, start: datetime, end: datetime) -> str:
        return when_phrase(start, end, self.tz, self.lang, self.year)

    def place_name(self, slug: str) -> str:
        place = self.content.places.get(slug)
        return place.name if place else slug

    def locality_name(self, locality: str) -> str:
        term = self.content.vocabularies.localities.get(locality)
        return term.name(self.lang) if term else locality

    def organization_name(self, slug: str) -> str:
        org = self.content.organizations.get(slug)
        return org.text("name", self.lang) if org else slug

    def sentences(self, clash: Clash) -> list[str]:
        """What clashes, in plain sentences; the first one says when."""
        lv = self.lang == "lv"
        a, b = clash.events
        when = self.when(clash.overlap_start, clash.overlap_end)
        out = []
        if "venue" in clash.kinds:
            place = at_place(self.place_name(a.place), self.lang)
            out.append(
                f"Abi pasākumi notiek {place} {when}."
                if lv
                else f"Both events take place {place} {when}."
            )
        else:
            out.append(f"Pasākumi pārklājas {when}." if lv else f"The events overlap {when}.")
        if "duplicate" in clash.kinds:
            same_title = title_key(a.title) == title_key(b.title)
            same_link = bool(a.registration) and a.registration == b.registration
            if lv:
                what = " un ".join(
                    w
                    for w, yes in (
                        ("vienāds nosaukums", same_title),
                        ("viena reģistrācijas saite", same_link),
                    )
                    if yes
                )
                out.append(
                    f"Abiem pasākumiem ir {what}: iespējams, tas ir viens un tas pats pasākums."
                )
            else:
                what = " and ".join(
                    w
                    for w, yes in (
                        ("the same title", same_title),
                        ("the same registration link", same_link),
                    )
                    if yes
                )
                out.append(f"Both have {what}: they may be the same event entered twice.")
        if "organizer" in clash.kinds:
            shared = [o for o in a.organizers if o in b.organizers]
            names = _join([self.organization_name(o) for o in shared], self.lang)
            verb = "organise" if len(shared) > 1 else "organises"
            out.append(f"Abus pasākumus rīko {names}." if lv else f"{names} {verb} both events.")
        where = ""
        if "locality" in clash.kinds:
            where = in_locality(self.locality_name(self._locality(a)), self.lang)
        if "major" in clash.kinds:
            # Both major and in one locality: one sentence says both.
            if lv:
                out.append(
                    f"Abi ir novada nozīmes pasākumi{f' un notiek {where}' if where else ''}."
                )
            else:
                tail = f" and take place {where}" if where else ""
                out.append(f"Both are major events of the municipality{tail}.")
        elif where:
            big = self.title(a if a.major else b)
            out.append(
                f"{_quoted(big)} ir novada nozīmes pasākums, un abi notiek {where}."
                if lv
                else f"{_quoted(big)} is a major event, and both take place {where}."
            )
        for event in clash.events:
            out.extend(self._notes(event))
        return out

    def _locality(self, event: Event) -> str:
        return self.content.locality_of(event) or ""

    def _notes(self, event: Event) -> list[str]:
        lv, title = self.lang == "lv", _quoted(self.title(event))
        notes = []
        if event.external:
            calendar = _quoted(getattr(event, "calendar_name", "") or "")
            notes.append(
                f"{title} ir no ārējā kalendāra {calendar}."
                if lv
                else f"{title} is from the external calendar {calendar}."
            )
        if event.status == "tentative":
            notes.append(
                f"{title} vēl nav apstiprināts." if lv else f"{title} is not confirmed yet."
            )
        return notes

    def free_time(self, clash: Clash) -> str | None:
        """For a venue clash: when that venue is free on the same day, as a sentence."""
        if "venue" not in clash.kinds:
            return None
        lv = self.lang == "lv"
        place = at_place(self.place_name(clash.first.event.place), self.lang)
        gaps = self.report.free_times(clash)
        if not gaps:
            opens, closes = format_time(DAY_OPENS, self.lang), format_time(DAY_CLOSES, self.lang)
            return (
                f"Šajā dienā no {opens} līdz {closes} {place} nav brīva laika, kurā ietilptu "
                "pasākums."
                if lv
                else f"There is no free time long enough {place} that day "
                f"between {opens} and {closes}."
            )
        times = ", ".join(
            f"{format_time(s.astimezone(self.tz), self.lang)}–"
            f"{format_time(e.astimezone(self.tz), self.lang)}"
            for s, e in gaps
        )
        return (
            f"Brīvs laiks {place} šajā dienā: {times}."
            if lv
            else f"Free {place} that day: {times}."
        )

    def advice(self, clash: Clash) -> str:
        """What the author of a new event can do (for the pull-request comment)."""
        lv = self.lang == "lv"
        kinds = clash.kinds
        if "duplicate" in kinds:
            return (
                "Pārbaudiet, vai šis pasākums jau nav pievienots; ja ir, papildiniet esošo "
                "failu, nevis veidojiet jaunu."
                if lv
                else "Check whether the event is already listed; if so, edit that file instead."
            )
        if "venue" in kinds:
            return (
                "Izvēlieties citu laiku vai citu vietu, vai vienojieties ar otra pasākuma rīkotāju."
                if lv
                else "Choose another time or venue, or agree with the other organiser."
            )
        if "organizer" in kinds:
            return (
                "Pārliecinieties, ka rīkotājam pietiks cilvēku abiem pasākumiem, vai pārceliet "
                "vienu no tiem."
                if lv
                else "Make sure the organiser can run both events at once, or move one."
            )
        return (
            "Saskaņojiet laiku ar otra pasākuma rīkotāju, lai apmeklētājiem nav jāizvēlas "
            "starp abiem."
            if lv
            else "Agree on the time with the other organiser so that visitors need not choose."
        )

    def event_when(self, occ: Occurrence) -> str:
        """When one side of a clash takes place, as on its event page."""
        if occ.all_day:
            return format_when(
                occ.first_day, occ.last_day, all_day=True, lang=self.lang, year=self.year
            )
        tz = occ.event.tz
        return format_when(
            occ.start.astimezone(tz),
            occ.end.astimezone(tz),
            all_day=False,
            lang=self.lang,
            year=self.year,
        )


# -- the HTML report, ready for a template ---------------------------------------------------


@dataclass
class EventView:
    title: str
    title_lang: str
    url: str | None
    when: str
    tentative: bool
    external: bool
    calendar_name: str | None
    path: str


@dataclass
class ClashView:
    severity: str
    kinds: tuple[str, ...]
    sentences: list[str]
    free_time: str | None
    events: list[EventView]
    overlap_start: datetime
    overlap_end: datetime


@dataclass
class SeverityGroup:
    severity: str
    clashes: list[ClashView]


@dataclass
class MonthGroup:
    heading: str
    anchor: str  # "2026-12", for links into the page
    groups: list[SeverityGroup]


def clash_view(clash: Clash, explainer: Explainer, urls: Urls) -> ClashView:
    lang = explainer.lang
    sides = []
    for occ in clash.occurrences:
        event = occ.event
        sides.append(
            EventView(
                title=event.text("title", lang),
                title_lang=event.text_lang("title", lang),
                url=getattr(event, "url", None)
                if event.external
                else urls.url("event", lang, event.slug),
                when=explainer.event_when(occ),
                tentative=event.status == "tentative",
                external=bool(event.external),
                calendar_name=getattr(event, "calendar_name", None),
                path=event.path,
            )
        )
    return ClashView(
        severity=clash.severity,
        kinds=clash.kinds,
        sentences=explainer.sentences(clash),
        free_time=explainer.free_time(clash),
        events=sides,
        overlap_start=clash.overlap_start,
        overlap_end=clash.overlap_end,
    )


def report_view(report: ClashReport, urls: Urls, lang: str) -> list[MonthGroup]:
    """Clashes grouped by month of their overlap, then by severity (most severe first)."""
    explainer = Explainer(report, lang)
    tz = report.config.tz
    months: dict[tuple[int, int], dict[str, list[ClashView]]] = {}
    for clash in report.clashes:
        local = clash.overlap_start.astimezone(tz)
        by_severity = months.setdefault((local.year, local.month), {})
        by_severity.setdefault(clash.severity, []).append(clash_view(clash, explainer, urls))
    return [
        MonthGroup(
            heading=format_month_heading(year, month, lang),
            anchor=f"{year:04d}-{month:02d}",
            groups=[
                SeverityGroup(s, months[year, month][s])
                for s in SEVERITIES
                if s in months[year, month]
            ],
        )
        for year, month in sorted(months)
    ]


def report_period(report: ClashReport, lang: str) -> str:
    """The days the report covers: "no 2026. gada 1. decembra līdz 2027. gada 1. decembrim"."""
    tz = report.config.tz
    first = report.config.now.astimezone(tz).date()
    last = report.config.horizon_end.astimezone(tz).date()
    return format_when(first, last, all_day=True, lang=lang)
