"""A rule's starts are listed once and read by bisection: the same answers as running it.

``Event.rule_starts`` replaced runs of the dateutil rule (last end, occurrences in a
window, the starts on a day, the feeds' check for series occurrences across a change of
UTC offset), and the feeds now check only the occurrences next to an offset change
(``offset_steps``). The oracles below run the rule plainly, every occurrence, as the code
did before, on random series in zones with unusual changes: negative DST (Dublin), a
30-minute DST (Lord Howe), a change at midnight (Santiago), a day skipped (Apia), offset
changes without DST (Moscow).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ngo import timing
from ngo.feeds import FeedBuilder
from ngo.model import Event
from ngo.vtimezone import offset_steps

ZONES = [
    "Europe/Riga",
    "Europe/Dublin",
    "Australia/Lord_Howe",
    "America/Santiago",
    "Pacific/Apia",
    "Europe/Moscow",
    "America/Toronto",
    "UTC",
]
HORIZON = datetime(2028, 6, 1, tzinfo=UTC)


@st.composite
def series(draw) -> Event:
    zone = draw(st.sampled_from(ZONES))
    start = draw(st.datetimes(datetime(2009, 1, 1), datetime(2028, 1, 1))).replace(
        second=0, microsecond=0
    )
    wall = timedelta(minutes=draw(st.integers(1, 4 * 24 * 60)))
    freq = draw(st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]))
    rule = f"FREQ={freq};INTERVAL={draw(st.integers(1, 3))}"
    if freq == "WEEKLY" and draw(st.booleans()):
        rule += ";BYDAY=" + ",".join(
            draw(st.sets(st.sampled_from(["MO", "WE", "SA", "SU"]), min_size=1))
        )
    end = draw(st.sampled_from(["count", "until", "none"]))
    if end == "count":
        rule += f";COUNT={draw(st.integers(1, 300))}"
    elif end == "until":
        until = start.date() + timedelta(days=draw(st.integers(0, 3 * 365)))
        rule += f";UNTIL={until.isoformat()}"
    event = Event(
        slug="s",
        path="events/s.md",
        title="S",
        start_local=start,
        end_local=start + wall,
        timezone=zone,
        organizers=["o"],
        recurrence=rule,
    )
    days = sorted({d.date() for d in list(event.rule[:40])[1::7]})
    event.exclude_dates = days[: draw(st.integers(0, len(days)))]
    return event


def irregular_oracle(event: Event) -> list:
    """Every occurrence up to the horizon, its UTC offset at start and end compared."""
    tz, wall = event.tz, event.wall_duration
    horizon = HORIZON.astimezone(tz).replace(tzinfo=None)
    found = []
    for i, naive in enumerate(event.rule.xafter(event.start_local, inc=True)):
        if naive >= horizon or i >= timing.MAX_OCCURRENCES:
            break
        if naive.date() in event.exclude_dates:
            continue
        start, end = naive.replace(tzinfo=tz), (naive + wall).replace(tzinfo=tz)
        if start.utcoffset() != end.utcoffset():
            found.append((naive, timing.localize(naive, tz), timing.localize(naive + wall, tz)))
    return found


def last_end_oracle(event: Event) -> datetime | None:
    if event.rule._until is None and event.rule._count is None:
        return None
    starts = list(event.rule)
    if not starts:  # e.g. UNTIL before the first day BYDAY allows: the first time stands
        return event.end
    return timing.localize(starts[-1] + event.wall_duration, event.tz)


def occurrences_oracle(event: Event, window_start: datetime, window_end: datetime) -> list:
    tz, length = event.tz, event.wall_duration
    lo = window_start.astimezone(tz).replace(tzinfo=None) - length - timedelta(days=1)
    hi = window_end.astimezone(tz).replace(tzinfo=None)
    result = []
    for naive in event.rule.xafter(lo, inc=True):
        if naive >= hi or len(result) >= timing.MAX_OCCURRENCES:
            break
        if naive.date() in event.exclude_dates:
            continue
        start, end = timing.localize(naive, tz), timing.localize(naive + length, tz)
        if end > window_start and start < window_end:
            result.append((start, end))
    return result


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(series(), st.dates(date(2009, 1, 1), date(2029, 1, 1)), st.integers(1, 400))
def test_rule_starts_give_what_running_the_rule_gives(event, first_day, days):
    window_start = datetime.combine(first_day, datetime.min.time(), tzinfo=UTC)
    window_end = window_start + timedelta(days=days)
    feeds = SimpleNamespace(content=SimpleNamespace(config=SimpleNamespace(horizon_end=HORIZON)))

    assert FeedBuilder._irregular(feeds, event) == irregular_oracle(event)
    assert event.last_end() == last_end_oracle(event)
    got = [(o.start, o.end) for o in event.occurrences(window_start, window_end)]
    assert got == occurrences_oracle(event, window_start, window_end)
    # The days the loader checks exclude_dates against, and the feeds write as EXDATE.
    for day in [*event.exclude_dates, first_day, event.start_local.date()]:
        midnight = datetime.combine(day, datetime.min.time())
        plain = [s for s in event.rule.xafter(midnight, inc=True, count=50) if s.date() == day]
        assert event.starts_on(day) == plain, day


def test_between_two_offset_steps_every_wall_time_has_one_offset():
    for zone in ZONES:
        tz = ZoneInfo(zone)
        steps = offset_steps(zone, 2010, 2012)
        assert zone == "UTC" or steps
        wall = datetime(2010, 1, 1)
        while wall < datetime(2013, 1, 1):
            later = wall + timedelta(minutes=30)
            changed = wall.replace(tzinfo=tz).utcoffset() != later.replace(tzinfo=tz).utcoffset()
            assert changed == any(wall < step <= later for step in steps), (zone, wall)
            wall = later


def test_a_rule_that_gives_no_date_keeps_the_events_own_times():
    # Thursday 1 January 2009, every Monday until that same day: no date at all.
    event = Event(
        slug="s",
        path="events/s.md",
        title="S",
        start_local=datetime(2009, 1, 1, 0, 0),
        end_local=datetime(2009, 1, 1, 0, 1),
        timezone="Europe/Riga",
        organizers=["o"],
        recurrence="FREQ=WEEKLY;BYDAY=MO;UNTIL=2009-01-01",
    )
    feeds = SimpleNamespace(content=SimpleNamespace(config=SimpleNamespace(horizon_end=HORIZON)))
    assert event.rule_starts == ()
    assert event.last_end() == event.end == last_end_oracle(event)
    assert FeedBuilder._irregular(feeds, event) == irregular_oracle(event) == []
