"""Content classes: what an organisation, a place, an event and its occurrences are."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from itertools import islice, takewhile
from zoneinfo import ZoneInfo

from . import timing


@dataclass(frozen=True)
class Term:
    """One entry of a controlled vocabulary (locality, area, category, audience)."""

    id: str
    lv: str
    en: str

    def name(self, lang: str) -> str:
        return self.en if lang == "en" else self.lv


@dataclass
class Vocabularies:
    localities: dict[str, Term] = field(default_factory=dict)
    areas: dict[str, Term] = field(default_factory=dict)
    categories: dict[str, Term] = field(default_factory=dict)
    audiences: dict[str, Term] = field(default_factory=dict)

    NAMES = ("localities", "areas", "categories", "audiences")


class Translatable:
    """Text fields and body that a ``<slug>.en.md`` file may override."""

    lang = "lv"
    translations: dict[str, dict]

    def text(self, name: str, lang: str):
        """The field in ``lang`` if translated, else in the original language."""
        if lang != self.lang and name in self.translations.get(lang, {}):
            return self.translations[lang][name]
        return getattr(self, name)

    def text_lang(self, name: str, lang: str) -> str:
        """Which language ``text(name, lang)`` is in: templates mark untranslated text."""
        if lang != self.lang and name in self.translations.get(lang, {}):
            return lang
        return self.lang


@dataclass(eq=False)
class Organization(Translatable):
    slug: str
    path: str
    name: str
    kind: str
    summary: str
    localities: list[str]
    areas: list[str]
    reg_no: str | None = None
    founded: int | None = None
    website: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    social: list[str] = field(default_factory=list)
    logo: str | None = None
    seeking_partners: str | None = None
    offers: list[str] = field(default_factory=list)
    joined: date | None = None
    body: str = ""
    translations: dict[str, dict] = field(default_factory=dict)


@dataclass(eq=False)
class Place(Translatable):
    slug: str
    path: str
    name: str
    locality: str
    address: str | None = None
    geo: tuple[float, float] | None = None
    capacity: int | None = None
    accessible: bool | None = None
    website: str | None = None
    notes: str | None = None
    translations: dict[str, dict] = field(default_factory=dict)


@dataclass(slots=True, eq=False)
class Occurrence:
    """One time an event takes place: an interval of aware datetimes (end exclusive)."""

    event: Event
    start: datetime
    end: datetime

    @property
    def all_day(self) -> bool:
        return self.event.all_day

    @property
    def first_day(self) -> date:
        return self.start.date()

    @property
    def last_day(self) -> date:
        """Last local day covered (inclusive): what people read for all-day events."""
        return (self.end - timedelta(days=1)).date() if self.all_day else self.end.date()


@dataclass(eq=False)
class Event(Translatable):
    slug: str
    path: str
    title: str
    start_local: date | datetime  # naive local datetime, or a date for all-day events
    end_local: date | datetime  # naive; for all-day events the last day, inclusive
    timezone: str
    organizers: list[str]
    place: str | None = None
    locality: str | None = None
    location: str | None = None
    online: str | None = None
    categories: list[str] = field(default_factory=list)
    audiences: list[str] = field(default_factory=list)
    major: bool = False
    status: str = "confirmed"
    recurrence: str | None = None
    exclude_dates: list[date] = field(default_factory=list)
    registration: str | None = None
    price: str | None = None
    image: str | None = None
    summary: str | None = None
    body: str = ""
    translations: dict[str, dict] = field(default_factory=dict)
    external: bool = False  # from an external calendar: clash detection only
    # A digest of the path and bytes of the event's file and its translations' files: equal in
    # two builds, the event is the same (given the same config and the same other files).
    source_fingerprint: str = field(default="", repr=False)

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start_local, datetime)

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    # The first occurrence as aware datetimes (for all-day: local midnights, end exclusive).
    # Times are computed once per event: an event is never changed after loading, and a
    # `make serve` rebuild reuses the events whose files did not change, with their times.
    @cached_property
    def start(self) -> datetime:
        return timing.localize(self._naive_start(), self.tz)

    @cached_property
    def end(self) -> datetime:
        return timing.localize(self._naive_start() + self.wall_duration, self.tz)

    def _naive_start(self) -> datetime:
        s = self.start_local
        return s if isinstance(s, datetime) else datetime.combine(s, time())

    @property
    def wall_duration(self) -> timedelta:
        """Length in wall-clock time, kept by every occurrence of a recurring event."""
        if self.all_day:
            return self.end_local - self.start_local + timedelta(days=1)
        return self.end_local - self.start_local

    @cached_property
    def rule(self):
        if not self.recurrence:
            return None
        return timing.build_rule(self.recurrence, self._naive_start(), self.tz)

    @cached_property
    def rule_starts(self) -> tuple[datetime, ...] | None:
        """Every naive wall start of a rule with an end (UNTIL or COUNT), excluded days
        included, in order; None for a rule without an end or no rule.

        Listed once: the last end, the occurrences in a window and the feeds' check for
        DST changes read it instead of running the rule again (dateutil starts each run at
        the first occurrence).
        """
        if self.rule is None or (self.rule._until is None and self.rule._count is None):
            return None
        return tuple(self.rule)

    def work_out_times(self, horizon_end: datetime | None = None) -> None:
        """Work out now the times every output reads: the first start and end and the
        rule's dates (for a rule without an end, those before ``horizon_end``). The loader
        calls this, so a broken rule is reported there (``timing.TimeError``) and no page,
        report or feed works them out again."""
        self.start, self.end  # noqa: B018
        if self.rule_starts is None and self.rule is not None and horizon_end is not None:
            self.open_starts(horizon_end.astimezone(self.tz).replace(tzinfo=None))

    def open_starts(self, limit: datetime) -> tuple[datetime, ...]:
        """The starts of a rule without an end before ``limit`` (a naive wall time), at
        most ``timing.MAX_OCCURRENCES``, excluded days included: listed once per limit."""
        memo = self.__dict__.setdefault("_open_starts_memo", {})
        if limit not in memo:
            found = islice(self.rule, timing.MAX_OCCURRENCES)
            memo[limit] = tuple(takewhile(limit.__gt__, found))
        return memo[limit]

    def starts_on(self, day: date) -> list[datetime]:
        """The naive wall starts the rule gives on ``day`` (excluded or not), in order."""
        first = datetime.combine(day, time())
        after = first + timedelta(days=1)
        starts = self.rule_starts
        if starts is None:  # a rule without an end: from the day on
            return list(takewhile(after.__gt__, self.rule.xafter(first, count=None, inc=True)))
        return list(starts[bisect_left(starts, first) : bisect_left(starts, after)])

    def occurrences(self, window_start: datetime, window_end: datetime) -> list[Occurrence]:
        """Occurrences that overlap ``[window_start, window_end)``, in order.

        A rule without an end is cut at the window: that is what bounds it.
        """
        memo = self.__dict__.setdefault("_occurrence_memo", {})
        if (window_start, window_end) not in memo:
            memo[window_start, window_end] = self._occurrences(window_start, window_end)
        return list(memo[window_start, window_end])

    def _occurrences(self, window_start: datetime, window_end: datetime) -> list[Occurrence]:
        if self.rule is None:
            occ = Occurrence(self, self.start, self.end)
            return [occ] if occ.end > window_start and occ.start < window_end else []
        tz, length = self.tz, self.wall_duration
        lo = window_start.astimezone(tz).replace(tzinfo=None) - length - timedelta(days=1)
        hi = window_end.astimezone(tz).replace(tzinfo=None)
        excluded = set(self.exclude_dates)
        result = []
        starts = self.rule_starts
        if starts is None:
            candidates = self.rule.xafter(lo, count=None, inc=True)
        else:
            candidates = islice(starts, bisect_left(starts, lo), None)
        for naive in candidates:
            if naive >= hi or len(result) >= timing.MAX_OCCURRENCES:
                break
            if naive.date() in excluded:
                continue
            occ = Occurrence(self, timing.localize(naive, tz), timing.localize(naive + length, tz))
            if occ.end > window_start and occ.start < window_end:
                result.append(occ)
        return result

    def last_end(self) -> datetime | None:
        """End of the last occurrence, or None for a rule without an end."""
        if "_last_end_memo" not in self.__dict__:
            self.__dict__["_last_end_memo"] = self._last_end()
        return self.__dict__["_last_end_memo"]

    def _last_end(self) -> datetime | None:
        if self.rule is None:
            return self.end
        starts = self.rule_starts
        if starts is None:
            return None
        last = starts[-1] if starts else None
        return timing.localize(last + self.wall_duration, self.tz) if last else self.end
