"""The site's view-models (ngo.site): listings, the month calendar and filters, without Pelican."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from conftest import SPEC_CONTENT

from ngo import content as content_core
from ngo import site
from ngo.config import Config
from ngo.model import Event, Occurrence
from ngo.urls import Urls

RIGA = ZoneInfo("Europe/Riga")
NOW = datetime(2026, 11, 26, tzinfo=UTC)


@pytest.fixture(scope="module")
def index() -> site.SiteIndex:
    return site.SiteIndex(content_core.load(SPEC_CONTENT, Config(now=NOW)))


def event(slug="e", start=datetime(2027, 3, 2, 18), end=None, **fields) -> Event:
    if end is None:
        end = start if not isinstance(start, datetime) else start + timedelta(hours=2)
    return Event(
        slug=slug,
        path=f"events/{slug}.md",
        title=slug,
        start_local=start,
        end_local=end,
        timezone="Europe/Riga",
        organizers=["o"],
        **fields,
    )


def test_latvian_alphabetical_order():
    names = ["Ķekava", "Zaļā", "Katlakalns", "Ābele", "„Ligzda”", "Čiekurs", "Cits", "Žagata"]
    assert sorted(names, key=site.collation_key) == [
        "Ābele",
        "Cits",
        "Čiekurs",
        "Katlakalns",
        "Ķekava",
        "„Ligzda”",
        "Zaļā",
        "Žagata",
    ]


def test_days_an_occurrence_covers():
    night = event(start=datetime(2027, 10, 30, 22), end=datetime(2027, 10, 31, 4))
    assert site.occurrence_days(site.first_occurrence(night)) == [
        date(2027, 10, 30),
        date(2027, 10, 31),
    ]
    to_midnight = event(start=datetime(2027, 5, 1, 20), end=datetime(2027, 5, 2, 0))
    assert site.occurrence_days(site.first_occurrence(to_midnight)) == [date(2027, 5, 1)]
    camp = event(start=date(2027, 6, 22), end=date(2027, 6, 25))
    days = site.occurrence_days(site.first_occurrence(camp))
    assert days == [date(2027, 6, d) for d in (22, 23, 24, 25)]


def test_when_phrase_and_time_value():
    concert = site.first_occurrence(
        event(start=datetime(2027, 12, 11, 10), end=datetime(2027, 12, 11, 15))
    )
    assert site.when(concert, "lv") == "sestdien, 2027. gada 11. decembrī, plkst. 10:00–15:00"
    assert site.when(concert, "en", year=False) == "Saturday, 11 December, 10:00–15:00"
    assert site.when_value(concert) == "2027-12-11T10:00+02:00"
    fair = site.first_occurrence(event(start=date(2027, 5, 8), end=date(2027, 5, 9)))
    assert site.when(fair, "lv") == "no 2027. gada 8. maija līdz 9. maijam"
    assert site.when_value(fair) == "2027-05-08"


def test_month_groups_show_a_recurring_event_once_a_month_with_its_other_dates():
    weekly = event(recurrence="FREQ=WEEKLY;UNTIL=2027-04-13")
    single = event("s", start=datetime(2027, 3, 20, 12))
    start = datetime(2027, 1, 1, tzinfo=UTC)
    occs = sorted(
        [*weekly.occurrences(start, start + timedelta(days=365)), site.first_occurrence(single)],
        key=lambda o: o.start,
    )
    groups = site.group_by_month(occs, date(2027, 1, 1))
    assert [g.key for g in groups] == [date(2027, 3, 1), date(2027, 4, 1)]
    march = groups[0].entries
    assert [e.event.slug for e in march] == ["e", "s"]
    assert [o.first_day.day for o in march[0].more] == [9, 16, 23, 30]


def test_a_running_event_is_listed_under_the_current_month():
    long = event(start=date(2026, 11, 1), end=date(2027, 1, 31))
    (group,) = site.group_by_month([site.first_occurrence(long)], date(2026, 12, 5))
    assert group.key == date(2026, 12, 1)


def test_upcoming_and_past(index):
    assert [o.event.slug for o in index.upcoming] == [
        "ziemas-koncerts",
        "meginajums",
        "meginajums",
        "meginajums",
        "meginajums",
        "meginajums",
        "meginajums",
        "kapu-talka",
        "vasaras-nometne",
        "nakts-pargajiens",
        "tiessaiste",  # beyond the horizon, but a single event is upcoming however far
    ]
    assert index.past == []
    assert [e.slug for e in index.upcoming_events("locality", "jurmala")] == [
        "kapu-talka",
        "nakts-pargajiens",
        "vasaras-nometne",
    ]
    assert index.facet_options("locality", "en") == [("jurmala", "Jurmala"), ("riga", "Riga")]
    assert index.facet_options("organizer", "en") == [
        ("koris-balss", 'Choir "Balss"'),  # by its English name
        ("dabas-draugi", "Dabas draugi"),
    ]


def test_past_events_by_year_and_month():
    past = event("talka", start=datetime(2026, 10, 3, 10))
    later = event("balle", start=datetime(2026, 10, 20, 18))
    content = content_core.load(SPEC_CONTENT, Config(now=NOW))
    content.events.update({"talka": past, "balle": later})
    (year,) = site.SiteIndex(content).past_years()
    assert year[0] == 2026
    (october,) = year[1]
    assert [e.event.slug for e in october.entries] == ["balle", "talka"]  # newest first


def test_calendar_months(index):
    months = index.calendar_months()
    assert months[0] == date(2026, 11, 1)  # this month, though nothing happens in it
    assert months[-1] == date(2028, 1, 1)
    march = index.calendar_month(date(2027, 3, 1))
    assert march.previous == date(2027, 2, 1) and march.next == date(2027, 4, 1)
    assert march.count == 1  # one event, four times
    assert all(len(week) == 7 for week in march.weeks)
    assert march.weeks[0][0].day == date(2027, 3, 1)  # a Monday starts each week
    days = [d.day.day for w in march.weeks for d in w if d.in_month and d.entries]
    assert days == [2, 9, 16, 30]
    first = index.calendar_month(months[0])
    assert first.previous is None


def test_next_two_weeks_and_significant_events():
    content = content_core.load(SPEC_CONTENT, Config(now=datetime(2027, 1, 10, tzinfo=UTC)))
    index = site.SiteIndex(content)
    (day,) = index.next_days()
    assert day.key == date(2027, 1, 16)
    assert [o.event.slug for o in index.upcoming_major()] == ["ziemas-koncerts"]
    content.events["ziemas-koncerts"].status = "cancelled"
    assert site.SiteIndex(content).upcoming_major() == []


def test_add_event_link_prefills_the_organisation(index):
    org = index.content.organizations["koris-balss"]
    url = site.new_event_url(
        "https://github.com/o/r", "content/", index.content, date(2027, 1, 1), org
    )
    assert url.startswith("https://github.com/o/r/new/main/content/events?filename=2027/")
    value = parse_qs(urlsplit(url).query)["value"][0]
    assert "organizers: [koris-balss]\nlocality: riga\n" in value
    assert "start: 2027-01-15 18:00\n" in value
    fallback = site.new_event_url(
        "https://github.com/o/r", "content/", index.content, date(2027, 1, 1)
    )
    assert "organizers: [jusu-organizacija]" in parse_qs(urlsplit(fallback).query)["value"][0]


def test_links_out():
    place = content_core.load(SPEC_CONTENT, Config(now=NOW)).places["zale"]
    assert site.map_url(place) == (
        "https://www.openstreetmap.org/?mlat=56.95&mlon=24.11#map=17/56.95/24.11"
    )
    place.geo = None
    assert site.map_url(place) == (
        "https://www.openstreetmap.org/search?query=Ielas%20iela%201%2C%20R%C4%ABga"
    )
    assert site.edit_url("https://g/r/", "content/", "places/zale.yaml") == (
        "https://g/r/blob/main/content/places/zale.yaml"
    )
    assert site.display_url("https://www.example.lv/") == "example.lv"


def test_taken_slugs():
    problems = site.taken_slug_problems(
        [("pages/pasakumi.md", "page", "pasakumi", "lv"), ("pages/par.md", "page", "par", "en")],
        Urls(),
    )
    assert [str(p) for p in problems] == [
        "pages/pasakumi.md:1: slug: adrese /pasakumi/ jau ir aizņemta; izvēlieties citu slug"
    ]


def test_the_index_is_linear_in_the_number_of_events():
    """5,000 one-off events: one expansion each, no pass over all events per event."""
    content = content_core.load(SPEC_CONTENT, Config(now=NOW))
    base = content.events["ziemas-koncerts"]
    for i in range(5000):
        e = event(f"e{i}", start=datetime(2027, 1, 1, 10) + timedelta(hours=7 * i))
        e.place, e.categories = base.place, ["concert"]
        content.events[e.slug] = e
    calls = 0
    original = Event.occurrences

    def counting(self, *args):
        nonlocal calls
        calls += 1
        return original(self, *args)

    Event.occurrences = counting
    try:
        index = site.SiteIndex(content)
    finally:
        Event.occurrences = original
    assert calls <= 2 * len(content.events)
    assert len(index.upcoming_by["category"]["concert"]) == 5001
    assert isinstance(index.upcoming[0], Occurrence)


def test_first_occurrence_skips_an_excluded_start():
    weekly = event(recurrence="FREQ=WEEKLY;COUNT=3", exclude_dates=[date(2027, 3, 2)])
    assert site.first_occurrence(weekly).first_day == date(2027, 3, 9)
    assert site.first_occurrence(event()).first_day == date(2027, 3, 2)
