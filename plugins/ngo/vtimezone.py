"""Compact VTIMEZONE components derived from tzdata (``zoneinfo``).

Why not ``icalendar``'s ``add_missing_timezones()``: it writes Europe/Riga as long
comma-separated RDATE lists, which ical.js (Thunderbird) misreads (every time at +03:00,
all year) and whose DAYLIGHT onsets come out an hour late. Published zone files for
calendar clients describe a zone with one observance per rule and a yearly RRULE; this
module derives exactly that from the transitions tzdata gives:

1. find every UTC-offset change in the years asked for (and a year either side);
2. group the changes of consecutive years that fall in the same month, at the same local
   time, on the same weekday of the month (or the same day of the month), with the same
   offsets and name;
3. write a group as one STANDARD/DAYLIGHT with DTSTART at its first onset and
   ``RRULE:FREQ=YEARLY``; a group that stops inside the scanned years gets an UNTIL (in
   UTC, RFC 5545 section 3.6.5), a group that runs to the end stays open, because the
   rule tzdata projects into the future is the one that runs last. A change that fits no
   yearly rule is an observance of its own (DTSTART only): never an RDATE list.

Onsets are local times in the offset *before* the change (RFC 5545 section 3.6.5): in
Riga, summer time starts at 03:00 EET and ends at 04:00 EEST.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_STEP = timedelta(hours=12)  # no zone changes its offset twice within half a day


@dataclass(frozen=True)
class Transition:
    """One change of a zone's UTC offset."""

    at: datetime  # the instant, aware UTC
    offset_from: timedelta
    offset_to: timedelta
    name: str  # abbreviation in force after the change ("EEST")
    daylight: bool

    @property
    def onset(self) -> datetime:
        """Local wall time of the change, read in the offset before it (naive)."""
        return (self.at + self.offset_from).replace(tzinfo=None)


def _is_daylight(tz: ZoneInfo, before: datetime, after: datetime) -> bool:
    # Europe/Dublin's tzdata has *negative* DST in winter: leaving it is the summer change.
    dst_after, dst_before = after.dst(), before.dst()
    return bool(dst_after and dst_after > timedelta(0)) or bool(
        dst_before and dst_before < timedelta(0)
    )


def transitions(tz: ZoneInfo, start: datetime, end: datetime) -> list[Transition]:
    """Every offset change in ``[start, end)`` (aware datetimes), found to the second."""
    result = []
    t = start.astimezone(UTC)
    end = end.astimezone(UTC)
    offset = t.astimezone(tz).utcoffset()
    while t < end:
        nxt = min(t + _STEP, end)
        if nxt.astimezone(tz).utcoffset() != offset:
            lo, hi = t, nxt  # offset(lo) == offset, offset(hi) != offset
            while hi - lo > timedelta(seconds=1):
                mid = lo + (hi - lo) / 2
                mid = mid.replace(microsecond=0)
                if mid.astimezone(tz).utcoffset() == offset:
                    lo = mid
                else:
                    hi = mid
            before, after = lo.astimezone(tz), hi.astimezone(tz)
            result.append(
                Transition(
                    at=hi,
                    offset_from=offset,
                    offset_to=after.utcoffset(),
                    name=after.tzname() or "",
                    daylight=_is_daylight(tz, before, after),
                )
            )
            offset = after.utcoffset()
        t = nxt
    return result


@cache
def _changes(name: str, first_year: int, last_year: int) -> tuple[Transition, ...]:
    # Every feed of a build asks for the same zone and years: scan tzdata once.
    start = datetime(first_year, 1, 1, tzinfo=UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    return tuple(transitions(ZoneInfo(name), start, end))


@cache
def offset_steps(name: str, first_year: int, last_year: int) -> tuple[datetime, ...]:
    """The naive wall times, in order, from which a wall time's UTC offset is another.

    A wall time is read with ``fold=0``: one the clock skips keeps the offset before the
    change, one it shows twice the first. So the offset read changes at the later of the
    change's two wall times (in Riga at 04:00 in both spring and autumn), and between two
    steps every wall time has the same offset.
    """
    return tuple(
        (t.at + max(t.offset_from, t.offset_to)).replace(tzinfo=None)
        for t in _changes(name, first_year, last_year)
    )


def clear_caches() -> None:
    """Forget the zone scans (for ``feeds.clear_caches``: a benchmark's rounds)."""
    _changes.cache_clear()
    offset_steps.cache_clear()


def _rule_parts(onset: datetime) -> set[tuple[str, str]]:
    """The yearly RRULE parts that could describe this onset's day, best first when sorted."""
    weekday = WEEKDAYS[onset.weekday()]
    nth = (onset.day - 1) // 7 + 1
    parts = {("BYDAY", f"{nth}{weekday}"), ("BYMONTHDAY", str(onset.day))}
    if onset.day + 7 > calendar.monthrange(onset.year, onset.month)[1]:
        parts.add(("BYDAY", f"-1{weekday}"))
    return parts


def _preference(part: tuple[str, str]) -> tuple:
    # "Last Sunday" is how most zones are written; then "2nd Sunday"; a fixed day last.
    return (part[0] != "BYDAY", not part[1].startswith("-1"), part)


@dataclass
class _Group:
    """Changes of consecutive years that one observance with a yearly RRULE describes."""

    first: Transition
    last: Transition
    parts: set[tuple[str, str]] = field(default_factory=set)
    count: int = 1

    def key(self) -> tuple:
        return _key(self.first)


def _key(t: Transition) -> tuple:
    onset = t.onset
    return (t.daylight, t.offset_from, t.offset_to, t.name, onset.month, onset.time())


def group(changes: list[Transition]) -> list[_Group]:
    groups: list[_Group] = []
    open_groups: dict[tuple, _Group] = {}
    for change in changes:
        parts = _rule_parts(change.onset)
        current = open_groups.get(_key(change))
        if (
            current is not None
            and current.last.onset.year + 1 == change.onset.year
            and current.parts & parts
        ):
            current.parts &= parts
            current.last = change
            current.count += 1
        else:
            current = _Group(change, change, parts)
            groups.append(current)
            open_groups[_key(change)] = current
    return groups


def _observance(kind: bool, onset: datetime, offset_from, offset_to, name: str):
    component = TimezoneDaylight() if kind else TimezoneStandard()
    component.add("tzname", name)
    component.add("tzoffsetfrom", offset_from)
    component.add("tzoffsetto", offset_to)
    component.add("dtstart", onset)
    return component


def vtimezone(name: str, first_year: int, last_year: int) -> Timezone:
    """A VTIMEZONE for ``name`` that agrees with tzdata from ``first_year`` to ``last_year``.

    The scan starts a year early so that the first observance begins before anything the
    calendar uses, and runs a year late so that an open rule is seen repeating.
    """
    tz = ZoneInfo(name)
    scan_start = datetime(first_year - 1, 1, 1, tzinfo=UTC)
    scan_end = datetime(last_year + 2, 1, 1, tzinfo=UTC)
    changes = _changes(name, scan_start.year, scan_end.year - 1)

    component = Timezone()
    component.add("tzid", name)
    component.add("x-lic-location", name)
    covered_from = datetime(first_year, 1, 1, tzinfo=UTC)
    if not changes or changes[0].at > covered_from:
        # The offset in force before the first change (or always): one observance that
        # starts where the scan starts and changes nothing.
        local = scan_start.astimezone(tz)
        offset = local.utcoffset()
        dst = local.dst()
        component.add_component(
            _observance(
                bool(dst and dst > timedelta(0)),
                (scan_start + offset).replace(tzinfo=None),
                offset,
                offset,
                local.tzname() or "",
            )
        )
    last_scanned_year = scan_end.year - 1
    for g in group(changes):
        first = g.first
        observance = _observance(
            first.daylight, first.onset, first.offset_from, first.offset_to, first.name
        )
        if g.count > 1:
            by, value = min(g.parts, key=_preference)
            rule = {"FREQ": "YEARLY", "BYMONTH": first.onset.month, by: value}
            if g.last.onset.year < last_scanned_year:
                # A day after the last onset, not at it: dateutil's tzical (behind
                # icalendar's to_tz) compares UNTIL with the local wall time, so an exact
                # UTC instant drops the last change; a day later is right for either reading
                # and still a year before the rule's next (never happening) onset.
                rule["UNTIL"] = g.last.at + timedelta(days=1)
            observance.add("rrule", vRecur(rule))
        component.add_component(observance)
    return component
