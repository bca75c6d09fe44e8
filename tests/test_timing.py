"""Times in the event's own zone: all-day, same-day ends, midnight and DST crossings, rules."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ngo import timing
from ngo.model import Event

RIGA = "Europe/Riga"
WINDOW = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2029, 1, 1, tzinfo=UTC))


def event(start: str, end: str | None = None, **kw) -> Event:
    s = timing.parse_start(start)
    e = (
        timing.parse_end(end, s)
        if end
        else (
            s if isinstance(s, date) and not isinstance(s, datetime) else s.replace(hour=s.hour + 2)
        )
    )
    return Event(
        slug="e",
        path="events/e.md",
        title="E",
        start_local=s,
        end_local=e,
        timezone=RIGA,
        organizers=["o"],
        **kw,
    )


def iso(occs):
    return [(o.start.isoformat(), o.end.isoformat()) for o in occs]


def test_same_day_end_and_offsets_around_dst():
    winter = event("2027-03-27 18:00", "20:00")
    summer = event("2027-03-28 18:00", "20:00")
    assert iso(winter.occurrences(*WINDOW)) == [
        ("2027-03-27T18:00:00+02:00", "2027-03-27T20:00:00+02:00")
    ]
    assert iso(summer.occurrences(*WINDOW)) == [
        ("2027-03-28T18:00:00+03:00", "2027-03-28T20:00:00+03:00")
    ]


def test_weekly_rule_keeps_wall_time_across_spring_dst():
    e = event("2027-03-21 10:00", "11:30", recurrence="FREQ=WEEKLY;UNTIL=2027-04-04")
    assert iso(e.occurrences(*WINDOW)) == [
        ("2027-03-21T10:00:00+02:00", "2027-03-21T11:30:00+02:00"),
        ("2027-03-28T10:00:00+03:00", "2027-03-28T11:30:00+03:00"),
        ("2027-04-04T10:00:00+03:00", "2027-04-04T11:30:00+03:00"),
    ]


def test_until_date_means_through_that_local_day_and_exclusions():
    e = event(
        "2027-10-17 23:30",
        "2027-10-18 00:30",
        recurrence="FREQ=WEEKLY;UNTIL=2027-10-31",
        exclude_dates=[date(2027, 10, 24)],
    )
    starts = [o.start.isoformat() for o in e.occurrences(*WINDOW)]
    assert starts == ["2027-10-17T23:30:00+03:00", "2027-10-31T23:30:00+02:00"]


def test_night_across_autumn_dst_lasts_one_hour_longer():
    e = event("2027-10-30 22:00", "2027-10-31 04:00")
    (occ,) = e.occurrences(*WINDOW)
    assert occ.start.isoformat() == "2027-10-30T22:00:00+03:00"
    assert occ.end.isoformat() == "2027-10-31T04:00:00+02:00"
    assert occ.end.timestamp() - occ.start.timestamp() == 7 * 3600  # real elapsed time


def test_wall_time_in_the_spring_gap_moves_forward():
    e = event("2027-03-28 03:30", "05:00")
    (occ,) = e.occurrences(*WINDOW)
    assert occ.start.isoformat() == "2027-03-28T04:30:00+03:00"


def test_all_day_covers_local_days_midnight_to_midnight():
    e = event("2027-06-23", "2027-06-24")
    (occ,) = e.occurrences(*WINDOW)
    assert occ.all_day
    assert (occ.start.isoformat(), occ.end.isoformat()) == (
        "2027-06-23T00:00:00+03:00",
        "2027-06-25T00:00:00+03:00",
    )
    assert (occ.first_day, occ.last_day) == (date(2027, 6, 23), date(2027, 6, 24))
    one = event("2027-03-28")
    (occ,) = one.occurrences(*WINDOW)
    assert occ.end.timestamp() - occ.start.timestamp() == 23 * 3600  # the short DST day


def test_rule_without_end_is_cut_at_the_window():
    e = event("2027-01-04 09:00", "10:00", recurrence="FREQ=DAILY")
    occs = e.occurrences(datetime(2027, 1, 1, tzinfo=UTC), datetime(2027, 2, 1, tzinfo=UTC))
    assert len(occs) == 28
    assert e.last_end() is None


def test_occurrences_are_capped():
    e = event("2027-01-04 09:00", "10:00", recurrence="FREQ=DAILY")
    occs = e.occurrences(datetime(2027, 1, 1, tzinfo=UTC), datetime(2040, 1, 1, tzinfo=UTC))
    assert len(occs) == timing.MAX_OCCURRENCES


def test_window_overlap_is_half_open():
    e = event("2027-05-01 10:00", "12:00")
    noon = datetime(2027, 5, 1, 9, tzinfo=UTC)  # 12:00 in Riga
    assert e.occurrences(noon, datetime(2028, 1, 1, tzinfo=UTC)) == []


def test_monthly_rule_with_count():
    e = event("2027-01-31 12:00", "13:00", recurrence="FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3")
    assert [o.start.date().isoformat() for o in e.occurrences(*WINDOW)] == [
        "2027-01-31",
        "2027-02-28",
        "2027-03-31",
    ]


def test_until_utc_for_a_local_date():
    assert timing.until_utc("FREQ=WEEKLY;UNTIL=2027-05-25", timing.zone(RIGA)).isoformat() == (
        "2027-05-25T20:59:59+00:00"
    )


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("FREQ=WEEKLY;COUNT=2;UNTIL=2027-01-01", "kopā"),
        ("FREQ=HOURLY", "FREQ"),
        ("FREQ=WEEKLY;BYDAI=MO", "BYDAY"),
        ("FREQ=WEEKLY;UNTIL=maijs", "UNTIL"),
        ("FREQ=WEEKLY;INTERVAL", "ATSLĒGA=vērtība"),
    ],
)
def test_bad_rules(rule, words):
    with pytest.raises(timing.TimeError, match=words):
        timing.build_rule(rule, datetime(2027, 1, 1), timing.zone(RIGA))


def test_end_forms():
    start = timing.parse_start("2027-01-01 10:00")
    assert timing.parse_end("12:00", start) == datetime(2027, 1, 1, 12)
    with pytest.raises(timing.TimeError, match="laiks"):
        timing.parse_end("2027-01-02", start)
    with pytest.raises(timing.TimeError, match="pēdējo dienu"):
        timing.parse_end("12:00", timing.parse_start("2027-01-01"))
