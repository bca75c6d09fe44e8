"""Time handling in an event's own time zone, and recurrence expansion.

Times are wall-clock times where the event happens. A timed event keeps its wall-clock
length on every occurrence (a Tuesday 18:00–20:00 class stays 18:00–20:00 across a DST
change), and an all-day event covers its local days from midnight to midnight.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from dateutil import rrule

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATETIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2}) (\d{1,2}):(\d{2})$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")

FREQS = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
RRULE_KEYS = (
    "FREQ",
    "UNTIL",
    "COUNT",
    "INTERVAL",
    "BYDAY",
    "BYMONTHDAY",
    "BYMONTH",
    "BYSETPOS",
    "BYWEEKNO",
    "BYYEARDAY",
    "WKST",
)
MAX_OCCURRENCES = 2000  # per event and window; more is a mistake (e.g. FREQ=DAILY for years)
MAX_INTERVAL = 1000  # "every 1000 weeks" is already no plan anyone makes
# Dates outside these years are typos. The bounds also keep date arithmetic in range (an all-day
# event on 9999-12-31 crashed the build with OverflowError) and recurrence expansion short.
MIN_YEAR, MAX_YEAR = 1900, 2100


class TimeError(ValueError):
    """A value that is shaped right but is not a real date, time or rule."""


def _in_range(value, text: str):
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise TimeError(f"“{text}”: gadam jābūt no {MIN_YEAR} līdz {MAX_YEAR}")
    return value


def parse_date(text: str) -> date:
    m = _DATE.match(text)
    if not m:
        raise TimeError(f"“{text}” nav datums formā GGGG-MM-DD")
    try:
        value = date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise TimeError(f"“{text}”: tāda datuma nav") from None
    return _in_range(value, text)


def parse_start(text: str) -> date | datetime:
    """A naive local datetime for "YYYY-MM-DD HH:MM", a date for "YYYY-MM-DD"."""
    m = _DATETIME.match(text)
    if m:
        try:
            value = datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]))
        except ValueError:
            raise TimeError(f"“{text}”: tāda datuma vai laika nav") from None
        return _in_range(value, text)
    return parse_date(text)


def parse_end(text: str, start: date | datetime) -> date | datetime:
    """End as written: a last day (all-day), a datetime, or "HH:MM" on the start's day."""
    m = _TIME.match(text)
    if m:
        if not isinstance(start, datetime):
            raise TimeError("visas dienas pasākumam beigās norādiet pēdējo dienu GGGG-MM-DD")
        try:
            return datetime.combine(start.date(), time(int(m[1]), int(m[2])))
        except ValueError:
            raise TimeError(f"“{text}”: tāda laika nav") from None
    value = parse_start(text)
    if isinstance(start, datetime) and not isinstance(value, datetime):
        raise TimeError(
            f"pasākumam ar sākuma laiku beigās jānorāda laiks, piemēram, “{text} 18:00” vai “18:00”"
        )
    if not isinstance(start, datetime) and isinstance(value, datetime):
        raise TimeError("visas dienas pasākumam beigās norādiet tikai datumu GGGG-MM-DD")
    return value


def localize(naive: datetime, tz: ZoneInfo) -> datetime:
    """Attach the zone; a wall time that does not exist (DST gap) moves forward by the gap."""
    aware = naive.replace(tzinfo=tz)
    return aware.astimezone(UTC).astimezone(tz)


@cache
def _known_zones() -> frozenset[str]:
    # Names like "localtime" or "Factory" exist on some machines only: a build must not
    # depend on the machine it runs on.
    return frozenset(available_timezones()) - {"localtime", "posixrules", "Factory"}


def zone(name: str) -> ZoneInfo:
    if name not in _known_zones():
        hint = suggest_zone(name)
        raise TimeError(f"nezināma laika josla “{name}”; piemēram, {hint}")
    try:
        return ZoneInfo(name)
    except (ValueError, OSError, KeyError):
        raise TimeError(f"nezināma laika josla “{name}”; piemēram, Europe/Riga") from None


def suggest_zone(name: str) -> str:
    import difflib

    close = difflib.get_close_matches(name, sorted(_known_zones()), n=1, cutoff=0.6)
    return close[0] if close else "Europe/Riga"


def parse_rrule(text: str) -> dict[str, str]:
    """Split an RRULE value into its parts and check them; UNTIL stays as written."""
    parts: dict[str, str] = {}
    for item in text.strip().rstrip(";").split(";"):
        key, sep, value = item.partition("=")
        key = key.strip().upper()
        if not sep or not value.strip():
            raise TimeError(f"daļai “{item}” jābūt formā ATSLĒGA=vērtība")
        if key not in RRULE_KEYS:
            from .schema import suggest

            raise TimeError(f"nezināma daļa “{key}”{suggest(key, RRULE_KEYS)}")
        if key in parts:
            raise TimeError(f"daļa {key} norādīta divreiz")
        parts[key] = value.strip().upper()
    if parts.get("FREQ") not in FREQS:
        raise TimeError("FREQ jābūt DAILY, WEEKLY, MONTHLY vai YEARLY")
    if "UNTIL" in parts and "COUNT" in parts:
        raise TimeError("UNTIL un COUNT nedrīkst lietot kopā")
    # A huge COUNT kept the build busy for minutes listing occurrences to find the last one;
    # INTERVAL=0 or a negative one made dateutil loop on the same day or walk backwards, and
    # one beyond RFC 5545's integers crashed writing the calendar feeds.
    for key, most in (("COUNT", MAX_OCCURRENCES), ("INTERVAL", MAX_INTERVAL)):
        value = parts.get(key, "1")
        if not (value.isascii() and value.isdigit()) or not 0 < int(value) <= most:
            raise TimeError(f"{key} jābūt veselam skaitlim no 1 līdz {most}, nevis “{value}”")
    return parts


def _until_local(value: str, tz: ZoneInfo) -> datetime:
    """UNTIL as a naive local datetime; a date means "through that local day"."""
    compact = value.replace("-", "").replace(":", "")
    try:
        if len(compact) == 8:
            day = _in_range(datetime.strptime(compact, "%Y%m%d"), value)
            return day.replace(hour=23, minute=59, second=59)
        if compact.endswith("Z"):
            utc = datetime.strptime(compact, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            return _in_range(utc, value).astimezone(tz).replace(tzinfo=None)
        return _in_range(datetime.strptime(compact, "%Y%m%dT%H%M%S"), value)
    except TimeError:
        raise
    except ValueError:
        raise TimeError(
            f"UNTIL “{value}” nav datums; rakstiet, piemēram, UNTIL=2027-05-25"
        ) from None


def build_rule(text: str, dtstart: datetime, tz: ZoneInfo) -> rrule.rrule:
    """A dateutil rule over naive local wall times."""
    parts = parse_rrule(text)
    until = _until_local(parts.pop("UNTIL"), tz) if "UNTIL" in parts else None
    body = ";".join(f"{k}={v}" for k, v in parts.items())
    try:
        rule = rrule.rrulestr(body, dtstart=dtstart, forceset=False)
        never = not _ever_occurs(parts, dtstart)
    # dateutil checks few values: BYDAY=+99MO raised IndexError while listing occurrences.
    except (ValueError, TypeError, IndexError, OverflowError) as exc:
        raise TimeError(f"nederīgs atkārtojuma noteikums: {exc}") from None
    if never:
        raise TimeError("pēc šī noteikuma pasākums nenotiek nekad: pārbaudiet BY... daļas")
    if until is not None:
        if until < dtstart:
            raise TimeError("UNTIL ir pirms pasākuma sākuma")
        rule = rule.replace(until=until)
    return rule


def _ever_occurs(parts: dict[str, str], dtstart: datetime) -> bool:
    """Whether the rule gives any date at all, found in well under a second.

    dateutil looks for a next date up to the year 9999: for a rule that never matches
    (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30) that took seconds on every expansion. The Gregorian
    calendar repeats itself, weekdays included, every 400 years, so a rule's dates repeat every
    400 × INTERVAL years: the same rule is tried from its own place in that cycle shortly
    before 9999, where dateutil's search stops by itself after one or two cycles.
    """
    span = 400 * int(parts.get("INTERVAL", "1"))
    cycles = max(0, (9999 - span - dtstart.year) // span)
    body = ";".join(f"{k}={v}" for k, v in parts.items() if k != "COUNT")
    probe = rrule.rrulestr(body, dtstart=dtstart.replace(year=dtstart.year + cycles * span))
    return next(iter(probe), None) is not None


def until_utc(text: str, tz: ZoneInfo) -> datetime | None:
    """The rule's UNTIL as an aware UTC datetime (what RFC 5545 needs with a TZID DTSTART)."""
    parts = parse_rrule(text)
    if "UNTIL" not in parts:
        return None
    return localize(_until_local(parts["UNTIL"], tz), tz).astimezone(UTC)
