"""Latvian and English date phrases, checked against phrases written out by hand."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from ngo.lvdates import (
    day_list,
    format_date,
    format_month_heading,
    format_short,
    format_time,
    format_time_range,
    format_when,
    month_name,
    time_element_value,
    weekday_name,
)

RIGA = ZoneInfo("Europe/Riga")


def riga(*args: int, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=RIGA, fold=fold)


# --- months ------------------------------------------------------------------------------

# One row a month, each case checked inside the phrase that needs it: a heading
# (nominative), "no ..." (genitive), "līdz ..." (dative) and "on ..." (locative).
MONTH_PHRASES = [
    (1, "2027. gada janvāris", "no 2027. gada 1. janvāra", "līdz 2. janvārim", "1. janvārī"),
    (2, "2027. gada februāris", "no 2027. gada 1. februāra", "līdz 2. februārim", "1. februārī"),
    (3, "2027. gada marts", "no 2027. gada 1. marta", "līdz 2. martam", "1. martā"),
    (4, "2027. gada aprīlis", "no 2027. gada 1. aprīļa", "līdz 2. aprīlim", "1. aprīlī"),
    (5, "2027. gada maijs", "no 2027. gada 1. maija", "līdz 2. maijam", "1. maijā"),
    (6, "2027. gada jūnijs", "no 2027. gada 1. jūnija", "līdz 2. jūnijam", "1. jūnijā"),
    (7, "2027. gada jūlijs", "no 2027. gada 1. jūlija", "līdz 2. jūlijam", "1. jūlijā"),
    (8, "2027. gada augusts", "no 2027. gada 1. augusta", "līdz 2. augustam", "1. augustā"),
    (
        9,
        "2027. gada septembris",
        "no 2027. gada 1. septembra",
        "līdz 2. septembrim",
        "1. septembrī",
    ),
    (10, "2027. gada oktobris", "no 2027. gada 1. oktobra", "līdz 2. oktobrim", "1. oktobrī"),
    (11, "2027. gada novembris", "no 2027. gada 1. novembra", "līdz 2. novembrim", "1. novembrī"),
    (12, "2027. gada decembris", "no 2027. gada 1. decembra", "līdz 2. decembrim", "1. decembrī"),
]


@pytest.mark.parametrize(("month", "heading", "since", "until", "on"), MONTH_PHRASES)
def test_every_month_in_every_case(month, heading, since, until, on):
    first, second = date(2027, month, 1), date(2027, month, 2)
    assert format_month_heading(2027, month) == heading
    assert format_when(first, second, all_day=True) == f"{since} {until}"
    assert format_date(first, year=False) == on


@pytest.mark.parametrize(
    ("month", "case", "expected"),
    [
        (12, "nom", "decembris"),
        (12, "loc", "decembrī"),
        (5, "gen", "maija"),
        (7, "dat", "jūlijam"),
        (4, "gen", "aprīļa"),
        (3, "loc", "martā"),
    ],
)
def test_month_name_lv(month, case, expected):
    assert month_name(month, case) == expected


def test_month_name_default_is_nominative():
    assert month_name(1) == "janvāris"


@pytest.mark.parametrize("case", ["nom", "gen", "dat", "loc"])
def test_month_name_en_ignores_case(case):
    assert month_name(12, case, lang="en") == "December"


# --- weekdays ----------------------------------------------------------------------------

# 2027-12-06 is a Monday, 2027-12-11 a Saturday.
WEEKDAYS = [
    (date(2027, 12, 6), "pirmdiena", "pirmdien", "pirmdienas", "pirmdienai", "P", "Monday"),
    (date(2027, 12, 7), "otrdiena", "otrdien", "otrdienas", "otrdienai", "O", "Tuesday"),
    (date(2027, 12, 8), "trešdiena", "trešdien", "trešdienas", "trešdienai", "T", "Wednesday"),
    (
        date(2027, 12, 9),
        "ceturtdiena",
        "ceturtdien",
        "ceturtdienas",
        "ceturtdienai",
        "C",
        "Thursday",
    ),
    (date(2027, 12, 10), "piektdiena", "piektdien", "piektdienas", "piektdienai", "Pk", "Friday"),
    (date(2027, 12, 11), "sestdiena", "sestdien", "sestdienas", "sestdienai", "S", "Saturday"),
    (date(2027, 12, 12), "svētdiena", "svētdien", "svētdienas", "svētdienai", "Sv", "Sunday"),
]


@pytest.mark.parametrize(("d", "nom", "on", "gen", "dat", "short", "en"), WEEKDAYS)
def test_every_weekday_form(d, nom, on, gen, dat, short, en):
    assert weekday_name(d) == nom
    assert weekday_name(d, "on") == on
    assert weekday_name(d, "gen") == gen
    assert weekday_name(d, "dat") == dat
    assert weekday_name(d, "short") == short
    assert weekday_name(d, lang="en") == en


def test_weekday_on_form_for_real_dates():
    assert weekday_name(date(2027, 6, 23), "on") == "trešdien"
    assert weekday_name(date(2027, 7, 30), "on") == "piektdien"
    assert weekday_name(date(2028, 1, 1), "on") == "sestdien"


def test_weekday_short_en():
    assert weekday_name(date(2027, 12, 11), "short", "en") == "Sat"


# --- format_date -------------------------------------------------------------------------

SAT = date(2027, 12, 11)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, "2027. gada 11. decembrī"),
        ({"weekday": True}, "sestdien, 2027. gada 11. decembrī"),
        ({"year": False}, "11. decembrī"),
        ({"weekday": True, "year": False}, "sestdien, 11. decembrī"),
        ({"case": "nom"}, "2027. gada 11. decembris"),
        ({"case": "gen", "weekday": True}, "sestdienas, 2027. gada 11. decembra"),
        ({"case": "dat", "weekday": True, "year": False}, "sestdienai, 11. decembrim"),
    ],
)
def test_format_date_lv(kwargs, expected):
    assert format_date(SAT, **kwargs) == expected


def test_format_date_lv_key_phrases():
    assert format_date(date(2027, 1, 1)) == "2027. gada 1. janvārī"
    assert format_date(date(2027, 5, 8), case="gen") == "2027. gada 8. maija"
    assert format_date(date(2027, 5, 8), case="gen", year=False) == "8. maija"
    assert format_date(date(2027, 7, 13), case="dat", year=False) == "13. jūlijam"


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, "11 December 2027"),
        ({"weekday": True}, "Saturday, 11 December 2027"),
        ({"year": False}, "11 December"),
        ({"weekday": True, "year": False}, "Saturday, 11 December"),
        ({"case": "gen"}, "11 December 2027"),
    ],
)
def test_format_date_en(kwargs, expected):
    assert format_date(SAT, "en", **kwargs) == expected


# --- times -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_format_time(lang):
    assert format_time(time(18, 0), lang) == "18:00"
    assert format_time(riga(2027, 12, 11, 9, 5), lang) == "09:05"


def test_format_time_range():
    assert format_time_range(time(14), time(15)) == "no 14:00 līdz 15:00"
    assert format_time_range(time(14), time(15), "en") == "from 14:00 to 15:00"
    sentence = f"Abi pasākumi notiek Baložu kultūras namā {format_date(SAT, year=False)} "
    sentence += format_time_range(riga(2027, 12, 11, 14), riga(2027, 12, 11, 15))
    assert sentence == "Abi pasākumi notiek Baložu kultūras namā 11. decembrī no 14:00 līdz 15:00"


# --- format_when -------------------------------------------------------------------------


def test_when_timed_same_day():
    start, end = riga(2027, 12, 11, 10), riga(2027, 12, 11, 15)
    lv = "sestdien, 2027. gada 11. decembrī, plkst. 10:00–15:00"
    assert format_when(start, end, all_day=False) == lv
    assert (
        format_when(start, end, all_day=False, lang="en")
        == "Saturday, 11 December 2027, 10:00–15:00"
    )
    assert (
        format_when(start, end, all_day=False, year=False)
        == "sestdien, 11. decembrī, plkst. 10:00–15:00"
    )


def test_when_timed_without_end():
    start = riga(2027, 12, 11, 18)
    assert (
        format_when(start, None, all_day=False) == "sestdien, 2027. gada 11. decembrī, plkst. 18:00"
    )
    assert (
        format_when(start, start, all_day=False, lang="en") == "Saturday, 11 December 2027, 18:00"
    )


def test_when_timed_across_days():
    start, end = riga(2027, 7, 30, 22), riga(2027, 7, 31, 2)
    assert format_when(start, end, all_day=False) == (
        "no piektdienas, 2027. gada 30. jūlija, plkst. 22:00 "
        "līdz sestdienai, 31. jūlijam, plkst. 02:00"
    )
    assert format_when(start, end, all_day=False, lang="en") == (
        "from Friday, 30 July 2027, 22:00 to Saturday, 31 July 2027, 02:00"
    )
    assert format_when(start, end, all_day=False, year=False) == (
        "no piektdienas, 30. jūlija, plkst. 22:00 līdz sestdienai, 31. jūlijam, plkst. 02:00"
    )


def test_when_timed_across_years_repeats_year():
    start, end = riga(2027, 12, 31, 22), riga(2028, 1, 1, 2)
    assert format_when(start, end, all_day=False) == (
        "no piektdienas, 2027. gada 31. decembra, plkst. 22:00 "
        "līdz sestdienai, 2028. gada 1. janvārim, plkst. 02:00"
    )
    assert format_when(start, end, all_day=False, lang="en") == (
        "from Friday, 31 December 2027, 22:00 to Saturday, 1 January 2028, 02:00"
    )


def test_when_timed_end_in_other_zone_is_shown_on_event_clock():
    start = riga(2027, 12, 11, 10)
    end = datetime(2027, 12, 11, 13, tzinfo=UTC)  # 15:00 in Riga
    assert (
        format_when(start, end, all_day=False, lang="en")
        == "Saturday, 11 December 2027, 10:00–15:00"
    )


def test_when_all_day_single():
    day = date(2027, 6, 23)
    assert format_when(day, day, all_day=True) == "trešdien, 2027. gada 23. jūnijā"
    assert format_when(day, None, all_day=True) == "trešdien, 2027. gada 23. jūnijā"
    assert format_when(day, day, all_day=True, lang="en") == "Wednesday, 23 June 2027"
    assert format_when(day, day, all_day=True, year=False) == "trešdien, 23. jūnijā"


@pytest.mark.parametrize(
    ("start", "end", "lv", "en"),
    [
        (
            date(2027, 6, 23),
            date(2027, 6, 24),
            "no 2027. gada 23. jūnija līdz 24. jūnijam",
            "23–24 June 2027",
        ),
        (
            date(2027, 6, 28),
            date(2027, 7, 3),
            "no 2027. gada 28. jūnija līdz 3. jūlijam",
            "28 June – 3 July 2027",
        ),
        (
            date(2026, 12, 28),
            date(2027, 1, 2),
            "no 2026. gada 28. decembra līdz 2027. gada 2. janvārim",
            "28 December 2026 – 2 January 2027",
        ),
    ],
)
def test_when_all_day_multi_day(start, end, lv, en):
    assert format_when(start, end, all_day=True) == lv
    assert format_when(start, end, all_day=True, lang="en") == en


def test_when_all_day_multi_day_without_year():
    start, end = date(2027, 6, 28), date(2027, 7, 3)
    assert format_when(start, end, all_day=True, year=False) == "no 28. jūnija līdz 3. jūlijam"
    assert format_when(start, end, all_day=True, lang="en", year=False) == "28 June – 3 July"
    same_month = format_when(
        date(2027, 6, 23), date(2027, 6, 24), all_day=True, lang="en", year=False
    )
    assert same_month == "23–24 June"


# --- daylight saving time in Riga --------------------------------------------------------


def test_dst_spring_forward_shows_wall_times():
    # On 2027-03-28 Riga's clocks jump from 03:00 to 04:00: 02:00–05:00 lasts two hours.
    start, end = riga(2027, 3, 28, 2), riga(2027, 3, 28, 5)
    assert end - start == timedelta(hours=3)  # wall-clock difference, as Python sees it
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=2)
    assert (
        format_when(start, end, all_day=False)
        == "svētdien, 2027. gada 28. martā, plkst. 02:00–05:00"
    )
    assert time_element_value(start) == "2027-03-28T02:00+02:00"
    assert time_element_value(end) == "2027-03-28T05:00+03:00"


def test_dst_spring_forward_from_utc_instants():
    # A feed that stores UTC instants gets local wall times once converted to Riga.
    start = datetime(2027, 3, 28, 0, tzinfo=UTC).astimezone(RIGA)
    end = datetime(2027, 3, 28, 3, tzinfo=UTC).astimezone(RIGA)
    assert format_when(start, end, all_day=False, lang="en") == "Sunday, 28 March 2027, 02:00–06:00"


def test_dst_fall_back_shows_wall_times():
    # On 2027-10-31 Riga's clocks go back from 04:00 to 03:00, so 03:30 happens twice.
    first, second = riga(2027, 10, 31, 3, 30), riga(2027, 10, 31, 3, 30, fold=1)
    assert format_time(first) == format_time(second) == "03:30"
    assert time_element_value(first) == "2027-10-31T03:30+03:00"
    assert time_element_value(second) == "2027-10-31T03:30+02:00"
    start, end = riga(2027, 10, 30, 22), riga(2027, 10, 31, 5)
    assert format_when(start, end, all_day=False) == (
        "no sestdienas, 2027. gada 30. oktobra, plkst. 22:00 "
        "līdz svētdienai, 31. oktobrim, plkst. 05:00"
    )


# --- headings, cards, <time> -------------------------------------------------------------


def test_month_heading():
    assert format_month_heading(2027, 12) == "2027. gada decembris"
    assert format_month_heading(2027, 12, year_shown=False) == "decembris"
    assert format_month_heading(2027, 12, "en") == "December 2027"
    assert format_month_heading(2027, 12, "en", year_shown=False) == "December"


def test_format_short():
    assert format_short(SAT) == "11. dec."
    assert format_short(SAT, weekday=True) == "sestd., 11. dec."
    assert format_short(SAT, "en") == "11 Dec"
    assert format_short(SAT, "en", weekday=True) == "Sat 11 Dec"
    assert format_short(date(2027, 9, 3)) == "3. sept."


def test_time_element_value():
    assert time_element_value(SAT) == "2027-12-11"
    assert time_element_value(riga(2027, 12, 11, 10)) == "2027-12-11T10:00+02:00"
    assert time_element_value(riga(2027, 7, 30, 22)) == "2027-07-30T22:00+03:00"
    assert (
        time_element_value(datetime(2027, 12, 11, 10, 0, 30, tzinfo=UTC))
        == "2027-12-11T10:00:30+00:00"
    )
    assert time_element_value(datetime(2027, 12, 11, 10)) == "2027-12-11T10:00"
    assert time_element_value(time(18)) == "18:00"
    with pytest.raises(TypeError):
        time_element_value("2027-12-11")


# --- errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: month_name(12, lang="de"),
        lambda: weekday_name(SAT, lang="de"),
        lambda: format_date(SAT, "de"),
        lambda: format_time(time(18), "de"),
        lambda: format_time_range(time(14), time(15), "de"),
        lambda: format_when(SAT, SAT, all_day=True, lang="de"),
        lambda: format_month_heading(2027, 12, "de"),
        lambda: format_short(SAT, "de"),
    ],
)
def test_unsupported_language(call):
    with pytest.raises(ValueError, match="unsupported language"):
        call()


@pytest.mark.parametrize(
    "call",
    [
        lambda: month_name(13),
        lambda: month_name(0, lang="en"),
        lambda: month_name(1, "abl"),
        lambda: weekday_name(SAT, "loc"),
        lambda: format_date(SAT, case="on"),
        lambda: format_month_heading(2027, 13, "en"),
        # all-day events take dates, timed events take datetimes
        lambda: format_when(riga(2027, 12, 11, 10), riga(2027, 12, 11, 12), all_day=True),
        lambda: format_when(SAT, SAT, all_day=False),
        # the end may not come before the start
        lambda: format_when(date(2027, 6, 24), date(2027, 6, 23), all_day=True),
        lambda: format_when(riga(2027, 12, 11, 15), riga(2027, 12, 11, 10), all_day=False),
    ],
)
def test_bad_arguments(call):
    with pytest.raises(ValueError):
        call()


# --- lists of days -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "lv", "en"),
    [
        ([date(2027, 3, 9)], "9. martā", "9 March"),
        ([date(2027, 3, 9), date(2027, 3, 16)], "9. un 16. martā", "9 and 16 March"),
        (
            [date(2027, 3, 30), date(2027, 3, 9), date(2027, 3, 16)],
            "9., 16. un 30. martā",
            "9, 16 and 30 March",
        ),
        (
            [date(2027, 3, 30), date(2027, 4, 6), date(2027, 4, 13)],
            "30. martā, 6. un 13. aprīlī",
            "30 March, 6 and 13 April",
        ),
        (
            [date(2027, 12, 28), date(2028, 1, 4)],
            "28. decembrī, 4. janvārī",
            "28 December, 4 January",
        ),
    ],
)
def test_day_list(days, lv, en):
    for lang, expected in (("lv", lv), ("en", en)):
        pieces = day_list(days, lang)
        assert "".join(text for _, text in pieces) == expected
        assert [d for d, _ in pieces if d] == sorted(days)  # every day is its own piece
