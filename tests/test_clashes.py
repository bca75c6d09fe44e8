"""Clash detection (SPEC section 5), every kind and edge case written out by hand.

Events are built in memory; the fixture content folder under fixtures/clashes/content is a
small calendar written from the spec, with the clashes it must give listed below.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ngo import external, timing
from ngo.clashes import (
    Explainer,
    analyse,
    clashes_json,
    find_clashes,
    free_times,
    locative,
    report_view,
    title_key,
    venue_bookings,
    when_phrase,
)
from ngo.config import Config
from ngo.content import ExternalCalendar, load
from ngo.model import Event
from ngo.urls import Urls

RIGA = ZoneInfo("Europe/Riga")
FIXTURE = Path(__file__).parent / "fixtures" / "clashes" / "content"
NOW = datetime(2026, 12, 1, tzinfo=UTC)  # SOURCE_DATE_EPOCH=1796083200
WINDOW = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))


def event(slug: str, start: str, end: str | None = None, **fields) -> Event:
    """An event as the loader builds it from front matter values."""
    first = timing.parse_start(start)
    if end is None:
        last = first if isinstance(first, date) and not isinstance(first, datetime) else None
        last = last or first + timedelta(hours=2)
    else:
        last = timing.parse_end(end, first)
    fields.setdefault("organizers", [f"org-{slug}"])
    return Event(
        slug=slug,
        path=f"events/{slug}.md",
        title=fields.pop("title", slug.replace("-", " ").title()),
        start_local=first,
        end_local=last,
        timezone="Europe/Riga",
        **fields,
    )


def clashes_of(*events: Event):
    occurrences = [o for e in events for o in e.occurrences(*WINDOW)]
    return find_clashes(occurrences)


def found(*events: Event) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(c.first.event.slug, c.second.event.slug, c.kinds) for c in clashes_of(*events)]


def local(*args) -> datetime:
    return datetime(*args, tzinfo=RIGA)


# -- the kinds ------------------------------------------------------------------------------


def test_venue_clash_is_high_and_reports_the_overlap():
    a = event("a", "2027-03-06 10:00", "12:00", place="zale")
    b = event("b", "2027-03-06 11:00", "13:00", place="zale")
    [clash] = clashes_of(a, b)
    assert clash.kinds == ("venue",)
    assert clash.severity == "high"
    assert (clash.overlap_start, clash.overlap_end) == (
        local(2027, 3, 6, 11),
        local(2027, 3, 6, 12),
    )


def test_different_places_do_not_clash():
    a = event("a", "2027-03-06 10:00", "12:00", place="zale")
    b = event("b", "2027-03-06 11:00", "13:00", place="parks")
    assert found(a, b) == []


def test_no_occurrences_no_clashes():
    assert find_clashes([]) == []
    assert found(event("alone", "2027-03-06 10:00", "12:00", place="zale")) == []


def test_touching_intervals_do_not_overlap():
    # An event that ends at 12:00 does not overlap one that starts at 12:00.
    a = event("a", "2027-03-06 10:00", "12:00", place="zale")
    b = event("b", "2027-03-06 12:00", "14:00", place="zale")
    c = event("c", "2027-03-06 11:59", "12:01", place="zale")
    assert found(a, b, c) == [("a", "c", ("venue",)), ("c", "b", ("venue",))]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Ziemassvētku tirdziņš", "ziemassvētku tirdziņš"),  # case
        ("Ziemassvētku tirdziņš", "Ziemassvetku tirdzins"),  # diacritics
        ("Ziemassvētku tirdziņš", "Ziemassvētku tirdziņš!"),  # punctuation
        ("Koncerts: „Ziema”", "koncerts ziema"),  # quotes and a colon
        ("Ziemassvētku  tirdziņš ", "ZIEMASSVĒTKU TIRDZIŅŠ"),  # extra spaces
    ],
)
def test_duplicate_titles_differ_only_in_case_diacritics_and_punctuation(first, second):
    a = event("a", "2027-03-06 10:00", "12:00", title=first)
    b = event("b", "2027-03-06 11:00", "13:00", title=second)
    [clash] = clashes_of(a, b)
    assert clash.kinds == ("duplicate",)
    assert clash.severity == "high"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Ziemassvētku tirdziņš", "Ziemas tirdziņš"),
        ("Koncerts 1", "Koncerts 2"),
        ("Bērnu svētki", "Bēru svētki"),
    ],
)
def test_different_titles_are_not_duplicates(first, second):
    a = event("a", "2027-03-06 10:00", "12:00", title=first)
    b = event("b", "2027-03-06 11:00", "13:00", title=second)
    assert found(a, b) == []


def test_title_key_strips_punctuation_beyond_the_basic_plane():
    # U+10100 AEGEAN WORD SEPARATOR LINE is punctuation outside the fast lookup table.
    assert title_key("Koncerts\U00010100 ziema") == "koncerts ziema"


def test_title_key_folds_latvian_letters():
    assert title_key("  Ķekavas ĢIMEŅU   diena — „Ā, Č, Ē, Ī, Ļ, Ņ, Š, Ū, Ž”! ") == (
        "kekavas gimenu diena a c e i l n s u z"
    )


def test_same_registration_url_is_a_duplicate():
    link = "https://example.lv/pieteikties"
    a = event("a", "2027-03-06 10:00", "12:00", title="Talka", registration=link)
    b = event("b", "2027-03-06 11:00", "13:00", title="Pavasara talka", registration=link)
    c = event("c", "2027-03-06 11:00", "13:00", title="Cita", registration=link + "/cits")
    assert found(a, b, c) == [("a", "b", ("duplicate",))]


def test_shared_organiser_is_medium():
    a = event("a", "2027-03-06 10:00", "12:00", organizers=["koris", "skola"])
    b = event("b", "2027-03-06 11:00", "13:00", organizers=["biedriba", "skola"])
    c = event("c", "2027-03-06 11:00", "13:00", organizers=["biedriba"])
    [clash] = [c_ for c_ in clashes_of(a, b, c) if c_.first.event.slug == "a"]
    assert (clash.second.event.slug, clash.kinds, clash.severity) == ("b", ("organizer",), "medium")
    assert found(a, c) == []


def test_two_major_events_anywhere_are_medium():
    a = event("a", "2027-03-06 10:00", "12:00", major=True, locality="kekava")
    b = event("b", "2027-03-06 11:00", "13:00", major=True, locality="baldone")
    assert found(a, b) == [("a", "b", ("major",))]
    assert clashes_of(a, b)[0].severity == "medium"


def test_one_major_event_elsewhere_is_no_clash():
    a = event("a", "2027-03-06 10:00", "12:00", major=True, locality="kekava")
    b = event("b", "2027-03-06 11:00", "13:00", locality="baldone")
    assert found(a, b) == []


def test_major_event_in_the_same_locality_is_low():
    a = event("a", "2027-03-06 10:00", "12:00", major=True, locality="kekava")
    b = event("b", "2027-03-06 11:00", "13:00", locality="kekava")
    [clash] = clashes_of(a, b)
    assert (clash.kinds, clash.severity) == (("locality",), "low")


def test_same_locality_without_a_major_event_is_no_clash():
    a = event("a", "2027-03-06 10:00", "12:00", locality="kekava")
    b = event("b", "2027-03-06 11:00", "13:00", locality="kekava")
    assert found(a, b) == []


def test_every_kind_at_once_in_table_order_with_the_most_severe():
    a = event(
        "a", "2027-03-06 10:00", "12:00", place="zale", major=True, locality="kekava",
        organizers=["koris"], title="Koncerts",
    )  # fmt: skip
    b = event(
        "b", "2027-03-06 11:00", "13:00", place="zale", major=True, locality="kekava",
        organizers=["koris"], title="KONCERTS!",
    )  # fmt: skip
    [clash] = clashes_of(a, b)
    assert clash.kinds == ("venue", "duplicate", "organizer", "major", "locality")
    assert clash.severity == "high"


def test_locality_comes_from_the_place_when_content_says_so():
    # Content.locality_of gives the place's locality; find_clashes takes it as a function.
    a = event("a", "2027-03-06 10:00", "12:00", major=True, place="zale")
    b = event("b", "2027-03-06 11:00", "13:00", locality="kekava")
    occurrences = [o for e in (a, b) for o in e.occurrences(*WINDOW)]
    place_locality = {"zale": "kekava"}
    clashes = find_clashes(occurrences, lambda e: place_locality.get(e.place, e.locality))
    assert [c.kinds for c in clashes] == [("locality",)]


# -- time edge cases ------------------------------------------------------------------------


def test_crossing_midnight():
    a = event("a", "2027-03-06 22:00", "2027-03-07 02:00", place="zale")
    b = event("b", "2027-03-07 01:00", "03:00", place="zale")
    [clash] = clashes_of(a, b)
    assert (clash.overlap_start, clash.overlap_end) == (local(2027, 3, 7, 1), local(2027, 3, 7, 2))


def test_all_day_covers_its_local_days_from_midnight_to_midnight():
    fair = event("fair", "2027-03-06", "2027-03-07", place="zale")  # two days
    before = event("before", "2027-03-05 20:00", "2027-03-06 00:00", place="zale")  # touches
    night = event("night", "2027-03-05 23:00", "2027-03-06 01:00", place="zale")
    after = event("after", "2027-03-08 00:00", "02:00", place="zale")  # touches the end
    last_evening = event("last", "2027-03-07 23:00", "23:30", place="zale")
    assert found(fair, before, night, after, last_evening) == [
        ("before", "night", ("venue",)),  # from 23:00 on the day before
        ("night", "fair", ("venue",)),  # from midnight
        ("fair", "last", ("venue",)),
    ]


def test_all_day_on_the_day_summer_time_starts_is_23_hours():
    # Riga moves its clocks forward on 28 March 2027: that day has 23 hours.
    day = event("day", "2027-03-28", place="zale")
    [occ] = day.occurrences(*WINDOW)
    assert occ.end.astimezone(UTC) - occ.start.astimezone(UTC) == timedelta(hours=23)
    late = event("late", "2027-03-28 23:30", "23:59", place="zale")
    next_day = event("next", "2027-03-29 00:00", "01:00", place="zale")
    assert found(day, late, next_day) == [("day", "late", ("venue",))]


def test_timed_event_across_the_autumn_clock_change():
    # 31 October 2027: 04:00 summer time becomes 03:00 winter time; 02:00-05:00 is 4 hours.
    long_night = event("night", "2027-10-31 02:00", "05:00", place="zale")
    [occ] = long_night.occurrences(*WINDOW)
    assert occ.end.astimezone(UTC) - occ.start.astimezone(UTC) == timedelta(hours=4)
    early = event("early", "2027-10-31 04:30", "06:00", place="zale")
    assert found(long_night, early) == [("night", "early", ("venue",))]


def test_recurring_event_against_a_one_off_clashes_once():
    weekly = event(
        "weekly", "2027-03-02 18:00", "20:00", place="zale",
        recurrence="FREQ=WEEKLY;BYDAY=TU;UNTIL=2027-04-13", exclude_dates=[date(2027, 3, 23)],
    )  # fmt: skip
    one_off = event("one-off", "2027-03-16 19:00", "21:00", place="zale")
    excluded = event("excluded", "2027-03-23 19:00", "21:00", place="zale")
    # After the change to summer time the rule keeps 18:00 local time.
    summer = event("summer", "2027-03-30 19:30", "20:30", place="zale")
    clashes = clashes_of(weekly, one_off, excluded, summer)
    assert [(c.first.start, c.second.event.slug) for c in clashes] == [
        (local(2027, 3, 16, 18), "one-off"),
        (local(2027, 3, 30, 18), "summer"),
    ]


def test_occurrences_of_one_event_never_clash_with_each_other():
    # Daily, 25 hours long: each occurrence overlaps the next one.
    marathon = event(
        "marathon", "2027-03-01 10:00", "2027-03-02 11:00", place="zale",
        recurrence="FREQ=DAILY;COUNT=3",
    )  # fmt: skip
    assert len(marathon.occurrences(*WINDOW)) == 3
    assert found(marathon) == []


def test_cancelled_events_take_no_part():
    a = event("a", "2027-03-06 10:00", "12:00", place="zale")
    b = event("b", "2027-03-06 11:00", "13:00", place="zale", status="cancelled")
    assert found(a, b) == []


def test_tentative_events_take_part_and_are_flagged():
    a = event("a", "2027-03-06 10:00", "12:00", place="zale")
    b = event("b", "2027-03-06 11:00", "13:00", place="zale", status="tentative")
    [clash] = clashes_of(a, b)
    data = clashes_json([clash], Config(now=NOW), Urls())
    assert [e["status"] for e in data["clashes"][0]["events"]] == ["confirmed", "tentative"]


def test_external_events_clash_with_ours_but_not_with_each_other():
    ours = event("ours", "2027-03-06 10:00", "12:00", major=True)
    theirs = event("pasv:1", "2027-03-06 11:00", "13:00", major=True, external=True)
    also_theirs = event("cits:2", "2027-03-06 11:30", "12:30", major=True, external=True)
    assert found(ours, theirs, also_theirs) == [
        ("ours", "pasv:1", ("major",)),
        ("ours", "cits:2", ("major",)),
    ]


def test_clashes_sorted_by_overlap_start_then_slugs_and_events_by_start_then_slug():
    b = event("b", "2027-03-06 10:00", "12:00", place="zale")
    a = event("a", "2027-03-06 10:00", "11:00", place="zale")
    c = event("c", "2027-03-06 09:00", "10:30", place="zale")
    assert found(a, b, c) == [
        ("a", "b", ("venue",)),  # overlap from 10:00; same start: by slug
        ("c", "a", ("venue",)),  # overlap from 10:00; c starts first
        ("c", "b", ("venue",)),
    ]


# -- the whole content folder ---------------------------------------------------------------


@pytest.fixture(scope="module")
def report():
    return analyse(load(FIXTURE, Config(now=NOW)))


# What SPEC section 5 gives for fixtures/clashes/content, worked out by hand.
EXPECTED = [
    ("adventes-darbnica", "ziemas-koncerts", ("venue",), "2026-12-11T14:00+02:00", "2026-12-11T15:00+02:00"),
    ("jogas-nodarbibas", "valdes-sede", ("organizer",), "2026-12-15T19:00+02:00", "2026-12-15T19:30+02:00"),
    ("ziemassvetku-tirdzins", "tirdzins-parka", ("duplicate",), "2026-12-19T10:00+02:00", "2026-12-19T14:00+02:00"),
    ("novada-svetki", "ziemas-festivals", ("major",), "2027-01-10T12:00+02:00", "2027-01-10T18:00+02:00"),
    ("pasvaldiba:senioru@kekava.example.lv", "senioru-vingrosana", ("duplicate",), "2027-01-13T10:30+02:00", "2027-01-13T11:00+02:00"),
    ("kaiminu-pecpusdiena", "lielais-koncerts", ("locality",), "2027-02-14T18:00+02:00", "2027-02-14T19:00+02:00"),
    ("lielais-koncerts", "pasvaldiba:valsts-koncerts@kekava.example.lv", ("major", "locality"), "2027-02-14T19:00+02:00", "2027-02-14T20:00+02:00"),
    ("pavasara-tirgus", "pavasara-talka", ("venue",), "2027-03-06T11:00+02:00", "2027-03-06T12:00+02:00"),
    ("pasvaldiba:sporta-diena@kekava.example.lv", "futbola-turnirs", ("locality",), "2027-05-15T10:00+03:00", "2027-05-15T16:00+03:00"),
]  # fmt: skip


def test_fixture_calendar_gives_exactly_the_clashes_of_the_spec(report):
    data = clashes_json(report.clashes, report.config, Urls("https://nvo.example.lv"))
    got = [
        (
            c["events"][0]["slug"],
            c["events"][1]["slug"],
            tuple(c["kinds"]),
            c["overlap"]["start"],
            c["overlap"]["end"],
        )
        for c in data["clashes"]
    ]
    assert got == EXPECTED


def test_clashes_json_shape(report):
    data = clashes_json(report.clashes, report.config, Urls("https://nvo.example.lv"))
    assert data["now"] == "2026-12-01T02:00+02:00"
    assert data["horizon_end"] == "2027-12-01T02:00+02:00"
    first = data["clashes"][0]
    assert set(first) == {"kinds", "severity", "overlap", "events"}
    assert first["severity"] == "high"
    koncerts = first["events"][1]
    assert koncerts == {
        "slug": "ziemas-koncerts",
        "title": "Ziemas koncerts",
        "start": "2026-12-11T14:00+02:00",
        "end": "2026-12-11T16:00+02:00",
        "all_day": False,
        "url": "https://nvo.example.lv/pasakumi/ziemas-koncerts/",
        "status": "confirmed",
        "external": False,
        "calendar": None,
    }
    tirdzins = data["clashes"][2]["events"][0]
    assert (tirdzins["start"], tirdzins["end"], tirdzins["all_day"]) == (
        "2026-12-19",
        "2026-12-19",
        True,
    )
    municipal = data["clashes"][6]["events"][1]
    assert municipal["external"] is True
    assert municipal["calendar"] == "pasvaldiba"
    assert municipal["url"] == "https://www.kekava.example.lv/pasakumi/valsts-koncerts"
    tentative = data["clashes"][7]["events"][0]
    assert (tentative["slug"], tentative["status"]) == ("pavasara-tirgus", "tentative")


def test_report_sentences_in_both_languages(report):
    venue = report.clashes[0]
    lv, en = Explainer(report, "lv"), Explainer(report, "en")
    assert lv.sentences(venue) == [
        "Abi pasākumi notiek Baložu kultūras namā 11. decembrī no 14:00 līdz 15:00."
    ]
    assert en.sentences(venue) == [
        "Both events take place at Baložu kultūras nams on 11 December from 14:00 to 15:00."
    ]
    # Darbnīca 13-15, koncerts 14-16, lekcija 16-17; the cancelled meeting frees its time.
    assert (
        lv.free_time(venue)
        == "Brīvs laiks Baložu kultūras namā šajā dienā: 08:00–13:00, 17:00–22:00."
    )
    municipal = report.clashes[6]
    assert lv.sentences(municipal) == [
        "Pasākumi pārklājas 14. februārī no 19:00 līdz 20:00.",
        "Abi ir novada nozīmes pasākumi un notiek Ķekavā.",
        "“Valsts svētku koncerts” ir no ārējā kalendāra “Ķekavas novada pašvaldības pasākumi”.",
    ]
    assert "“Pavasara tirgus” vēl nav apstiprināts." in lv.sentences(report.clashes[7])
    assert "“Pavasara tirgus” is not confirmed yet." in en.sentences(report.clashes[7])
    organizer = en.sentences(report.clashes[1])
    assert organizer[1] == "Baložu kopienas centrs organises both events."


def test_report_view_groups_by_month_then_severity(report):
    months = report_view(report, Urls(), "lv")
    assert [m.heading for m in months] == [
        "2026. gada decembris",
        "2027. gada janvāris",
        "2027. gada februāris",
        "2027. gada marts",
        "2027. gada maijs",
    ]
    december = months[0]
    assert [(g.severity, len(g.clashes)) for g in december.groups] == [("high", 2), ("medium", 1)]
    first = december.groups[0].clashes[0]
    assert [e.url for e in first.events] == [
        "/pasakumi/adventes-darbnica/",
        "/pasakumi/ziemas-koncerts/",
    ]
    english = report_view(report, Urls(), "en")[0].groups[0].clashes[0]
    assert english.events[0].url == "/en/events/adventes-darbnica/"


def test_place_taken_times(report):
    taken = report.taken("balozu-kulturas-nams")
    # From now on, not cancelled: the autumn ball (past) and the cancelled meeting are not.
    assert [o.event.slug for o in taken] == ["adventes-darbnica", "ziemas-koncerts", "lekcija"]
    bookings = venue_bookings(report.content, "balozu-kulturas-nams")
    assert [(o.event.slug, o.start) for o in bookings] == [(o.event.slug, o.start) for o in taken]


# -- free times ------------------------------------------------------------------------------


def test_free_times_are_the_nearest_gaps_long_enough():
    bookings = [
        o
        for e in (
            event("a", "2027-03-06 09:00", "10:00", place="zale"),
            event("b", "2027-03-06 11:00", "14:00", place="zale"),
            event("c", "2027-03-06 14:30", "16:00", place="zale"),
            event("d", "2027-03-06 18:00", "19:00", place="zale"),
        )
        for o in e.occurrences(*WINDOW)
    ]
    gaps = free_times(
        bookings, date(2027, 3, 6), RIGA, length=timedelta(hours=1), near=local(2027, 3, 6, 12)
    )
    # 08-09, 10-11, 16-18, 19-22 fit an hour (14:00-14:30 does not); the three nearest noon.
    assert gaps == [
        (local(2027, 3, 6, 8), local(2027, 3, 6, 9)),
        (local(2027, 3, 6, 10), local(2027, 3, 6, 11)),
        (local(2027, 3, 6, 16), local(2027, 3, 6, 18)),
    ]


def test_free_times_never_in_the_past():
    gaps = free_times(
        [],
        date(2027, 3, 6),
        RIGA,
        length=timedelta(hours=1),
        near=local(2027, 3, 6, 12),
        not_before=local(2027, 3, 6, 9, 7),
    )
    assert gaps == [(local(2027, 3, 6, 9, 15), local(2027, 3, 6, 22))]


def test_all_day_booking_leaves_no_free_time():
    day = event("day", "2027-03-06", place="zale")
    assert free_times(
        day.occurrences(*WINDOW), date(2027, 3, 6), RIGA,
        length=timedelta(hours=1), near=local(2027, 3, 6, 12),
    ) == []  # fmt: skip


# -- Latvian phrases -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Baložu kultūras nams", "Baložu kultūras namā"),
        ("Ķekavas parka estrāde", "Ķekavas parka estrādē"),
        ("Ķekavas bibliotēka", "Ķekavas bibliotēkā"),
        ("Baldones meža takas", "Baldones meža takās"),
        ("Ozolzile", "Ozolzilē"),
        ("Baloži", "Baložos"),
        ("Ķekavas pagasts", "Ķekavas pagastā"),
        ("Baldones pils", "Baldones pilī"),
        ("Kultūras nams Ziemeļblāzma", None),  # the head noun is not last
        ("Zāle “Ozols”", None),
        ("Zāle 2", None),
    ],
)
def test_locative(name, expected):
    assert locative(name) == expected


@pytest.mark.parametrize(
    ("start", "end", "lv", "en"),
    [
        (local(2027, 12, 11, 14), local(2027, 12, 11, 15),
         "11. decembrī no 14:00 līdz 15:00", "on 11 December from 14:00 to 15:00"),
        (local(2027, 12, 11), local(2027, 12, 12),
         "11. decembrī visu dienu", "on 11 December, all day"),
        (local(2027, 12, 11), local(2027, 12, 14),
         "no 11. decembra līdz 13. decembrim", "on 11–13 December"),
        (local(2027, 12, 11, 22), local(2027, 12, 12),
         "11. decembrī no 22:00 līdz 00:00", "on 11 December from 22:00 to 00:00"),
        (local(2027, 12, 11, 22), local(2027, 12, 12, 2),
         "no sestdienas, 11. decembra, plkst. 22:00 līdz svētdienai, 12. decembrim, plkst. 02:00",
         "from Saturday, 11 December, 22:00 to Sunday, 12 December, 02:00"),
    ],
)  # fmt: skip
def test_when_phrase(start, end, lv, en):
    assert when_phrase(start, end, RIGA, "lv") == lv
    assert when_phrase(start, end, RIGA, "en") == en


# -- external calendars ----------------------------------------------------------------------


def ics(*events: str, extra: str = "") -> bytes:
    body = "".join(
        f"BEGIN:VEVENT\nDTSTAMP:20261101T000000Z\n{e.strip()}\nEND:VEVENT\n" for e in events
    )
    text = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Test//LV\n{extra}{body}END:VCALENDAR\n"
    return text.replace("\n", "\r\n").encode()


CONFIG = Config(now=NOW)
SOURCE = ExternalCalendar(
    slug="pasv", path="external/pasv.yaml", name="Pašvaldība", ics_path=Path("x"),
    major=True, locality="kekava",
)  # fmt: skip


def expand(data: bytes):
    calendar, problems = external.parse(data, "external/pasv.ics")
    assert problems == []
    occurrences, problems = external.expand(calendar, SOURCE, "external/pasv.ics", CONFIG, *WINDOW)
    assert problems == []
    return occurrences


def test_external_events_carry_the_attributes_of_their_yaml():
    [occ] = expand(
        ics(
            "UID:a@x\nSUMMARY:Koncerts\nDTSTART;TZID=Europe/Riga:20270306T180000\nDTEND;TZID=Europe/Riga:20270306T200000\nURL:https://x.lv/a"
        )
    )
    e = occ.event
    assert (e.slug, e.title, e.external, e.major, e.locality, e.url) == (
        "pasv:a@x", "Koncerts", True, True, "kekava", "https://x.lv/a",
    )  # fmt: skip
    assert (occ.start, occ.end) == (local(2027, 3, 6, 18), local(2027, 3, 6, 20))
    assert e.place is None and e.organizers == []


def test_external_recurrence_exdate_and_cancelled_occurrence():
    occurrences = expand(
        ics(
            "UID:w@x\nSUMMARY:Vingrošana\nDTSTART;TZID=Europe/Riga:20270106T100000\n"
            "DTEND;TZID=Europe/Riga:20270106T110000\nRRULE:FREQ=WEEKLY;COUNT=4\n"
            "EXDATE;TZID=Europe/Riga:20270113T100000",
            "UID:w@x\nRECURRENCE-ID;TZID=Europe/Riga:20270120T100000\nSUMMARY:Vingrošana\n"
            "STATUS:CANCELLED\nDTSTART;TZID=Europe/Riga:20270120T100000\n"
            "DTEND;TZID=Europe/Riga:20270120T110000",
            "UID:c@x\nSUMMARY:Atcelts\nSTATUS:CANCELLED\nDTSTART:20270106T100000Z",
            "UID:t@x\nSUMMARY:Varbūt\nSTATUS:TENTATIVE\nDTSTART:20270107T100000Z\nDURATION:PT1H",
        )
    )
    assert [(o.event.title, o.start.astimezone(RIGA).day) for o in occurrences] == [
        ("Vingrošana", 6),
        ("Varbūt", 7),
        ("Vingrošana", 27),
    ]
    assert occurrences[1].event.status == "tentative"


def test_external_all_day_floating_and_start_only_events():
    occurrences = expand(
        ics(
            "UID:d@x\nSUMMARY:Diena\nDTSTART;VALUE=DATE:20270515",
            "UID:f@x\nSUMMARY:Peldošs\nDTSTART:20270516T100000\nDTEND:20270516T120000",
            "UID:s@x\nSUMMARY:Tikai sākums\nDTSTART;TZID=Europe/Riga:20270517T180000",
        )
    )
    day, floating, start_only = occurrences
    assert (day.start, day.end, day.all_day) == (local(2027, 5, 15), local(2027, 5, 16), True)
    assert (floating.start, floating.end) == (local(2027, 5, 16, 10), local(2027, 5, 16, 12))
    # RFC 5545 would make it last no time at all; it gets the site's default duration.
    assert start_only.end - start_only.start == CONFIG.default_duration


@pytest.mark.parametrize(
    ("data", "line", "field", "message"),
    [
        (b"<!DOCTYPE html><html><body>404</body></html>", 1, "-", "HTML lapa"),
        (b"", 1, "-", "tukšs"),
        (b"BEGIN:VCALENDAR\r\nSUMMARY:\xff\r\n", 2, "-", "UTF-8"),
        (ics("UID:a\nSUMMARY:Bez sākuma"), 4, "DTSTART", "trūkst sākuma"),
        (ics("UID:a\nDTSTART:20270101T100000Z\nDTEND:20270101T090000Z"), 8, "DTEND", "pirms sākuma"),
        (ics("UID:a\nDTSTART;TZID=Mars/Olympus:20270101T100000"), 7, "DTSTART", "Mars/Olympus"),
        (ics("UID:a\nDTSTART:20270101T100000Z\nRRULE:FREQ=SOMETIMES"), 8, "RRULE", "nevar nolasīt"),
        (ics("UID:a\nDTSTART:2027-01-01"), 7, "DTSTART", "nevar nolasīt"),
    ],
)  # fmt: skip
def test_invalid_calendars_are_problems_at_their_line(data, line, field, message):
    problems = external.check_bytes(data, "external/pasv.ics", CONFIG)
    assert problems, "expected a problem"
    problem = problems[0]
    assert (problem.path, problem.line, problem.field) == ("external/pasv.ics", line, field)
    assert message in problem.message


def test_a_broken_external_calendar_is_a_content_problem(tmp_path):
    import shutil

    from ngo.problems import ContentError

    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    (root / "external" / "pasvaldiba.ics").write_bytes(b"<html>Not found</html>")
    # Reported by the loader itself, so validate.py and the build both name the file.
    with pytest.raises(ContentError) as caught:
        load(root, Config(now=NOW))
    assert [p.path for p in caught.value.problems] == ["external/pasvaldiba.ics"]


def test_no_clash_is_lost_at_the_window_edges():
    # An occurrence running at "now" takes part; one that ended before does not.
    running = event("running", "2026-11-30 22:00", "2026-12-01 08:00", place="zale")
    ended = event("ended", "2026-11-30 20:00", "23:00", place="zale")
    config = Config(now=NOW)
    occurrences = [
        o for e in (running, ended) for o in e.occurrences(config.now, config.horizon_end)
    ]
    assert [o.event.slug for o in occurrences] == ["running"]


def test_overlap_times_are_read_on_the_site_clock():
    # An event in another time zone clashes by the instant, not by its wall-clock time.
    helsinki = event("helsinki", "2027-03-06 11:00", "12:00", place="zale")
    helsinki.timezone = "Europe/Helsinki"  # same offset as Riga
    london = event("london", "2027-03-06 09:30", "10:30", place="zale")
    london.timezone = "Europe/London"  # 09:30 in London is 11:30 in Riga
    [clash] = clashes_of(helsinki, london)
    assert clash.overlap_start == datetime.combine(date(2027, 3, 6), time(11, 30), RIGA)
