"""External calendars (``external/<slug>.ics``): read, validate and expand them.

An external calendar is a copy of another body's iCalendar feed, e.g. the municipality's
own events. Its events take part in clash detection only and are never published again
(SPEC section 5). Each VEVENT becomes an ``ExternalEvent`` that carries the attributes the
calendar's ``.yaml`` gives (``major``, ``locality``) and nothing else: the feed's LOCATION
and ORGANIZER are free text, not our place and organisation slugs, so they never make a
``venue`` or ``organizer`` clash.

recurring-ical-events expands RRULE, RDATE, EXDATE and single occurrences moved or
cancelled with RECURRENCE-ID. Times are read as the feed gives them: with a TZID or in UTC;
floating times and all-day dates are read on the site's clock (``TIMEZONE``), so an
all-day event covers that day from local midnight to midnight, as our own all-day events do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

from . import checks, timing
from .config import Config
from .model import Event, Occurrence
from .problems import Problem

MAX_ICS_BYTES = 20 * 1024 * 1024  # a municipality's whole year is well under a megabyte
# Properties that decide when an event happens: a value that can't be read there would
# silently move or drop events, so it is a problem; elsewhere (GEO, ATTACH...) it is ignored.
TIME_PROPERTIES = ("DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID")
STATUSES = {"CONFIRMED": "confirmed", "TENTATIVE": "tentative", "CANCELLED": "cancelled"}


class CalendarError(ValueError):
    """A file that is not a usable iCalendar calendar."""


@dataclass(eq=False)
class ExternalEvent(Event):
    """One VEVENT of an external calendar (its slug is ``<calendar slug>:<UID>``)."""

    calendar: str = ""
    calendar_name: str = ""
    uid: str = ""
    url: str | None = None


# -- reading and validating ----------------------------------------------------------------


def _vevent_lines(text: str) -> list[dict[str, int]]:
    """For every VEVENT in file order, the line where each of its properties first stands.

    icalendar keeps no line numbers, and a volunteer (or the person who maintains the feed)
    needs them to find the broken event.
    """
    blocks: list[dict[str, int]] = []
    current: dict[str, int] | None = None
    for number, line in enumerate(text.split("\n"), 1):
        if line[:1] in (" ", "\t"):  # a folded continuation of the previous line
            continue
        upper = line.strip().upper()
        if upper == "BEGIN:VEVENT":
            current = {"BEGIN": number}
        elif upper == "END:VEVENT" and current is not None:
            blocks.append(current)
            current = None
        elif current is not None:
            name = upper.split(":", 1)[0].split(";", 1)[0]
            current.setdefault(name, number)
    return blocks


def parse(data: bytes, path: str) -> tuple[icalendar.Calendar | None, list[Problem]]:
    """Parse and check a calendar; ``path`` (relative to the content folder) names it.

    Returns the calendar only when there are no problems.
    """

    def fail(message: str, line: int = 1, field: str = "-"):
        return None, [Problem(path, line, field, message)]

    if len(data) > MAX_ICS_BYTES:
        return fail(f"kalendārs ir pārāk liels (vairāk nekā {MAX_ICS_BYTES // 2**20} MiB)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return fail("kalendārs nav UTF-8 kodējumā", line)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return fail("kalendāra fails ir tukšs")
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except (ValueError, IndexError, KeyError) as exc:
        first = text.lstrip()[:15].lower()
        hint = (
            " (tā ir HTML lapa, nevis kalendārs)"
            if first.startswith(("<!doctype", "<html"))
            else ""
        )
        return fail(f"nav iCalendar fails{hint}: {_short(exc)}")
    if getattr(calendar, "name", None) != "VCALENDAR":
        return fail("failam jāsākas ar BEGIN:VCALENDAR")
    problems: list[Problem] = []
    lines = _vevent_lines(text)
    events = [c for c in calendar.subcomponents if c.name == "VEVENT"]
    for index, component in enumerate(events):
        where = lines[index] if index < len(lines) else {}
        problems.extend(_check_event(component, path, where))
    return (calendar if not problems else None), problems


def _check_event(component, path: str, where: dict[str, int]) -> list[Problem]:
    problems = []

    def problem(field: str, message: str) -> None:
        line = where.get(field, where.get("BEGIN", 1))
        problems.append(Problem(path, line, field, message))

    for name, message in getattr(component, "errors", []):
        if name in TIME_PROPERTIES:
            problem(name, f"vērtību nevar nolasīt: {_short(message)}")
    if problems:
        return problems
    if "DTSTART" not in component:
        problem("DTSTART", "notikumam trūkst sākuma (DTSTART)")
        return problems
    for name in ("DTSTART", "DTEND", "RECURRENCE-ID"):
        prop = component.get(name)
        if prop is None:
            continue
        tzid = prop.params.get("TZID")
        if tzid and isinstance(prop.dt, datetime) and prop.dt.tzinfo is None:
            # icalendar found neither a VTIMEZONE nor a known zone of that name: the
            # time would be read on the wrong clock.
            problem(name, f"nezināma laika josla “{tzid}”")
    start = component["DTSTART"].dt
    end_prop = component.get("DTEND")
    if end_prop is not None:
        end = end_prop.dt
        if isinstance(start, datetime) != isinstance(end, datetime):
            problem("DTEND", "DTSTART un DTEND jābūt vienāda veida (abi datumi vai abi laiki)")
        elif _before(end, start):
            problem("DTEND", "beigas (DTEND) ir pirms sākuma (DTSTART)")
    duration = component.get("DURATION")
    if duration is not None and duration.dt < timedelta(0):
        problem("DURATION", "ilgums (DURATION) nedrīkst būt negatīvs")
    return problems


def _before(end: date | datetime, start: date | datetime) -> bool:
    """Whether ``end`` is before ``start``; a floating value is read on the other's clock."""
    if isinstance(start, datetime) and (start.tzinfo is None) != (end.tzinfo is None):
        start, end = start.replace(tzinfo=None), end.replace(tzinfo=None)
    return end < start


def _short(exc: object) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 160 else text[:157] + "..."


# -- expanding -----------------------------------------------------------------------------


@dataclass
class _Source:
    """What the calendar's .yaml says about all of its events."""

    slug: str
    name: str
    major: bool
    locality: str | None


def expand(
    calendar: icalendar.Calendar,
    source,
    path: str,
    config: Config,
    window_start: datetime,
    window_end: datetime,
) -> tuple[list[Occurrence], list[Problem]]:
    """Occurrences that overlap ``[window_start, window_end)``; cancelled ones left out.

    ``source`` is anything with ``slug``, ``name``, ``major`` and ``locality`` (an
    ``ExternalCalendar``).
    """
    site_tz = config.tz
    # A floating time may be up to a day off UTC: ask a day more on each side, then cut.
    ask_from = (window_start - timedelta(days=1)).astimezone(site_tz).replace(tzinfo=None)
    ask_to = (window_end + timedelta(days=1)).astimezone(site_tz).replace(tzinfo=None)
    try:
        components = list(recurring_ical_events.of(calendar).between(ask_from, ask_to))
    except Exception as exc:  # the library raises many undocumented kinds of error
        return [], [Problem(path, 1, "-", f"kalendāru nevar izvērst: {_short(exc)}")]
    events: dict[tuple, ExternalEvent] = {}
    occurrences = []
    for component in components:
        status = STATUSES.get(str(component.get("STATUS", "CONFIRMED")).upper(), "confirmed")
        if status == "cancelled":
            continue
        start, end, all_day, zone = _interval(component, site_tz, config.default_duration)
        if not (end > window_start and start < window_end and end > start):
            continue
        uid = str(component.get("UID", "")) or f"{start.isoformat()}-{component.get('SUMMARY')}"
        title = str(component.get("SUMMARY", "")).strip()
        url = str(component["URL"]).strip() if component.get("URL") else None
        if url and checks.url_problem(url):
            url = None  # another body's file is untrusted: only http(s) links are shown
        # A moved occurrence may carry its own title or status, hence one Event per variant;
        # all variants share the slug, so they still count as one event.
        key = (uid, title, status, url, zone, all_day)
        event = events.get(key)
        if event is None:
            event = events[key] = _event(source, path, uid, title, status, url, zone, start, end)
            if all_day:
                event.start_local = start.date()
                event.end_local = (end - timedelta(days=1)).date()
        occurrences.append(Occurrence(event, start, end))
    occurrences.sort(key=lambda o: (o.start, o.end, o.event.slug))
    return occurrences, []


def _interval(component, site_tz: ZoneInfo, default: timedelta):
    """(start, end, all_day, time zone name) of one expanded occurrence, as aware values."""
    start, end = component["DTSTART"].dt, component["DTEND"].dt
    if not isinstance(start, datetime):
        first = timing.localize(datetime.combine(start, time()), site_tz)
        last = end if not isinstance(end, datetime) else end.date()
        last = max(last, start + timedelta(days=1))
        return first, timing.localize(datetime.combine(last, time()), site_tz), True, site_tz.key
    if start.tzinfo is None:
        start = timing.localize(start, site_tz)
    if not isinstance(end, datetime):
        end = datetime.combine(end, time())
    if end.tzinfo is None:
        end = timing.localize(end, start.tzinfo)
    if end <= start:
        # RFC 5545 makes a DTSTART-only event last no time at all, so it could never clash;
        # a municipality's "Koncerts 18:00" lasts as long as our own events do by default.
        end = start + default
    zone = getattr(start.tzinfo, "key", None) or site_tz.key
    return start, end, False, zone


def _event(source, path, uid, title, status, url, zone, start, end) -> ExternalEvent:
    local_tz = ZoneInfo(zone)
    return ExternalEvent(
        slug=f"{source.slug}:{uid}",
        path=path,
        title=title or "(bez nosaukuma)",
        start_local=start.astimezone(local_tz).replace(tzinfo=None),
        end_local=end.astimezone(local_tz).replace(tzinfo=None),
        timezone=zone,
        organizers=[],
        locality=source.locality,
        major=bool(source.major),
        status=status,
        external=True,
        calendar=source.slug,
        calendar_name=source.name,
        uid=uid,
        url=url,
    )


# -- whole files ---------------------------------------------------------------------------


def load(external, config: Config) -> tuple[list[Occurrence], list[Problem]]:
    """Occurrences of an ``ExternalCalendar`` from now to the clash horizon."""
    path = _rel_path(external)
    calendar, problems = parse(Path(external.ics_path).read_bytes(), path)
    if calendar is None:
        return [], problems
    return expand(calendar, external, path, config, config.now, config.horizon_end)


def check_bytes(data: bytes, path: str, config: Config) -> list[Problem]:
    """Every problem of a calendar's bytes: what the loader and the fetch script need."""
    calendar, problems = parse(data, path)
    if calendar is None:
        return problems
    source = _Source(Path(path).stem, Path(path).stem, False, None)
    return expand(calendar, source, path, config, config.now, config.horizon_end)[1]


def check_file(ics_path: Path, path: str, config: Config) -> list[Problem]:
    return check_bytes(Path(ics_path).read_bytes(), path, config)


def _rel_path(external) -> str:
    """``external/<slug>.ics``: the .ics beside the .yaml the loader recorded."""
    return str(Path(external.path).with_suffix(".ics").as_posix())
