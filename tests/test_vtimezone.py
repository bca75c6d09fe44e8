"""The compact VTIMEZONE: yearly RRULEs derived from tzdata, read back by icalendar.

The component is serialised and parsed again, then read two ways that share no code with
the writer: icalendar's ``get_transitions()`` (its own expansion of the STANDARD/DAYLIGHT
rules, checked against zoneinfo hour by hour) and ``to_tz()`` (the tzinfo icalendar gives
clients, built by dateutil's tzical, checked around every change: it is too slow for
every hour).
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from ngo.vtimezone import transitions, vtimezone

RIGA = ZoneInfo("Europe/Riga")


def read_back(name: str, first_year: int, last_year: int):
    """The VTIMEZONE serialised and parsed again: nothing of the writer's objects survives."""
    cal = Calendar()
    cal.add_component(vtimezone(name, first_year, last_year))
    parsed = Calendar.from_ical(cal.to_ical())
    (component,) = parsed.walk("VTIMEZONE")
    return component


def mismatches(name: str, start: datetime, end: datetime, step: timedelta) -> list[str]:
    """Instants in [start, end) where the VTIMEZONE's offset differs from tzdata's.

    Checked every ``step`` and a minute either side of every change that either side
    knows: both offsets are constant between changes, so nothing can differ unseen.
    """
    component = read_back(name, start.year, end.year - 1)
    times, infos = component.get_transitions()  # naive UTC instants, (offset, dst, name)
    first = min(
        (o for o in component.walk() if o.name in ("STANDARD", "DAYLIGHT")),
        key=lambda o: o["DTSTART"].dt,
    )
    reference = ZoneInfo(name)
    changes = [c.at for c in transitions(reference, start, end)]
    changes += [t.replace(tzinfo=UTC) for t in times if start <= t.replace(tzinfo=UTC) < end]
    checkpoints = {start + i * step for i in range((end - start) // step)}
    for at in changes:
        checkpoints.update((at - timedelta(minutes=1), at, at + timedelta(minutes=1)))

    def offset(t: datetime) -> timedelta:
        i = bisect_right(times, t.replace(tzinfo=None))
        return infos[i - 1][0] if i else first["TZOFFSETFROM"].td

    bad = [
        f"{t.isoformat()}: {offset(t)}"
        for t in sorted(checkpoints)
        if offset(t) != t.astimezone(reference).utcoffset()
    ]
    # The tzinfo icalendar gives clients, on both sides of every change tzdata knows.
    client = component.to_tz(lookup_tzid=False)
    for at in changes:
        for t in (at - timedelta(minutes=1), at):
            if t.astimezone(client).utcoffset() != t.astimezone(reference).utcoffset():
                bad.append(f"to_tz {t.isoformat()}: {t.astimezone(client).utcoffset()}")
    return bad


def test_riga_agrees_with_tzdata_hour_by_hour_across_the_feed_years():
    start, end = datetime(2025, 1, 1, tzinfo=UTC), datetime(2029, 1, 1, tzinfo=UTC)
    assert mismatches("Europe/Riga", start, end, timedelta(hours=1)) == []


def test_riga_is_one_daylight_and_one_standard_rule_without_rdate():
    # The trap: add_missing_timezones() writes RDATE lists that ical.js reads as +03:00
    # all year. The published form is one yearly rule per observance.
    component = read_back("Europe/Riga", 2026, 2028)
    daylight, standard = component.walk("DAYLIGHT"), component.walk("STANDARD")
    assert len(daylight) == len(standard) == 1
    for observance in (*daylight, *standard):
        assert "RDATE" not in observance
        rule = observance["RRULE"]
        assert rule["FREQ"] == ["YEARLY"] and rule["BYDAY"] == ["-1SU"]
        assert "UNTIL" not in rule  # the current EU rule runs on
    # Onsets are local times before the change: 03:00 EET in March, 04:00 EEST in October.
    assert daylight[0]["DTSTART"].dt.time().isoformat() == "03:00:00"
    assert daylight[0]["RRULE"]["BYMONTH"] == [3]
    assert daylight[0]["TZOFFSETFROM"].td == timedelta(hours=2)
    assert daylight[0]["TZOFFSETTO"].td == timedelta(hours=3)
    assert str(daylight[0]["TZNAME"]) == "EEST"
    assert standard[0]["DTSTART"].dt.time().isoformat() == "04:00:00"
    assert standard[0]["RRULE"]["BYMONTH"] == [10]
    assert str(standard[0]["TZNAME"]) == "EET"


def test_the_first_observance_starts_before_the_years_asked_for():
    component = read_back("Europe/Riga", 2027, 2027)
    first = min(o["DTSTART"].dt for o in component.walk() if o.name in ("STANDARD", "DAYLIGHT"))
    assert first < datetime(2027, 1, 1)


def test_transitions_of_2027_to_the_second():
    found = transitions(RIGA, datetime(2027, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))
    assert [(t.at, t.onset, t.daylight, t.name) for t in found] == [
        (datetime(2027, 3, 28, 1, tzinfo=UTC), datetime(2027, 3, 28, 3), True, "EEST"),
        (datetime(2027, 10, 31, 1, tzinfo=UTC), datetime(2027, 10, 31, 4), False, "EET"),
    ]


def test_a_rule_that_stopped_gets_an_until_in_utc():
    # Latvia kept standard time all of 2000: the 1997-1999 rules end, 2001's begin.
    component = read_back("Europe/Riga", 1998, 2002)
    daylights = sorted(component.walk("DAYLIGHT"), key=lambda o: o["DTSTART"].dt)
    assert len(daylights) == 2
    until = daylights[0]["RRULE"]["UNTIL"][0]
    # The last change was 1999-03-28 01:00 UTC; a day later includes it in every reading.
    assert until == datetime(1999, 3, 29, 1, tzinfo=UTC)
    assert "UNTIL" not in daylights[1]["RRULE"]
    start, end = datetime(1998, 1, 1, tzinfo=UTC), datetime(2003, 1, 1, tzinfo=UTC)
    assert mismatches("Europe/Riga", start, end, timedelta(days=1)) == []


@pytest.mark.parametrize(
    "name",
    [
        "America/Toronto",  # second Sunday of March, first of November
        "Australia/Sydney",  # southern hemisphere: summer time across the new year
        "Europe/Dublin",  # tzdata's negative DST in winter
        "Asia/Tokyo",  # no DST: one observance that changes nothing
        "Europe/Moscow",  # fixed since 2014
        "America/Sao_Paulo",  # DST abolished in 2019
    ],
)
def test_other_zones_agree_with_tzdata(name):
    start, end = datetime(2017, 1, 1, tzinfo=UTC), datetime(2029, 1, 1, tzinfo=UTC)
    assert mismatches(name, start, end, timedelta(days=1)) == []


def test_a_zone_without_dst_has_one_observance_with_equal_offsets():
    component = read_back("Asia/Tokyo", 2026, 2028)
    (only,) = [o for o in component.walk() if o.name in ("STANDARD", "DAYLIGHT")]
    assert only.name == "STANDARD"
    assert only["TZOFFSETFROM"].td == only["TZOFFSETTO"].td == timedelta(hours=9)
    assert "RRULE" not in only
