"""Human-readable dates and times in Latvian (first) and English.

Latvian puts the month and weekday in a grammatical case that depends on the phrase:
"11. decembrī" (on), "no 8. maija" (from), "līdz 13. jūlijam" (until). CLDR, and so Babel,
only knows the nominative ("2027. gada 11. decembris"), so the case forms live in the two
tables below. Everything CLDR gets right (English, times, the short card form) comes from
Babel, so it stays consistent with the rest of the Babel-based site.

English uses the British day-month order: "Saturday, 11 December 2027".
Timed values are shown as the wall-clock time they carry; callers pass datetimes already in
the event's own time zone.
"""

from __future__ import annotations

from datetime import date, datetime, time
from functools import lru_cache

from babel import Locale
from babel import dates as babel_dates

LANGS = ("lv", "en")
CASES = ("nom", "gen", "dat", "loc")
WEEKDAY_FORMS = ("nom", "gen", "dat", "on", "short")

_LOCALES = {"lv": Locale.parse("lv"), "en": Locale.parse("en_GB")}

# Month -> (nominative, genitive, dative, locative); the order of CASES.
_LV_MONTHS = {
    1: ("janvāris", "janvāra", "janvārim", "janvārī"),
    2: ("februāris", "februāra", "februārim", "februārī"),
    3: ("marts", "marta", "martam", "martā"),
    4: ("aprīlis", "aprīļa", "aprīlim", "aprīlī"),  # genitive softens l -> ļ
    5: ("maijs", "maija", "maijam", "maijā"),
    6: ("jūnijs", "jūnija", "jūnijam", "jūnijā"),
    7: ("jūlijs", "jūlija", "jūlijam", "jūlijā"),
    8: ("augusts", "augusta", "augustam", "augustā"),
    9: ("septembris", "septembra", "septembrim", "septembrī"),
    10: ("oktobris", "oktobra", "oktobrim", "oktobrī"),
    11: ("novembris", "novembra", "novembrim", "novembrī"),
    12: ("decembris", "decembra", "decembrim", "decembrī"),
}

# date.weekday() -> (nominative, genitive, dative, "on that day", calendar header); the
# order of WEEKDAY_FORMS. The headers are our own: CLDR's narrow forms repeat P and S.
_LV_WEEKDAYS = {
    0: ("pirmdiena", "pirmdienas", "pirmdienai", "pirmdien", "P"),
    1: ("otrdiena", "otrdienas", "otrdienai", "otrdien", "O"),
    2: ("trešdiena", "trešdienas", "trešdienai", "trešdien", "T"),
    3: ("ceturtdiena", "ceturtdienas", "ceturtdienai", "ceturtdien", "C"),
    4: ("piektdiena", "piektdienas", "piektdienai", "piektdien", "Pk"),
    5: ("sestdiena", "sestdienas", "sestdienai", "sestdien", "S"),
    6: ("svētdiena", "svētdienas", "svētdienai", "svētdien", "Sv"),
}

# A weekday in front of a date takes the date's case, except that "on" (locative) uses the
# adverb: "sestdien, 11. decembrī", "no sestdienas, 11. decembra", "līdz sestdienai, ...".
_WEEKDAY_FORM_FOR_CASE = {"nom": "nom", "gen": "gen", "dat": "dat", "loc": "on"}

_DASH = "\u2013"  # en dash, for ranges


def _locale(lang: str) -> Locale:
    try:
        return _LOCALES[lang]
    except KeyError:
        raise ValueError(f"unsupported language {lang!r}; expected one of {LANGS}") from None


def _check(value: str, allowed: tuple[str, ...], what: str) -> None:
    if value not in allowed:
        raise ValueError(f"unknown {what} {value!r}; expected one of {allowed}")


def month_name(month: int, case: str = "nom", lang: str = "lv") -> str:
    """The month's name, e.g. "decembrī" for (12, "loc"); English ignores the case."""
    locale = _locale(lang)
    _check(case, CASES, "case")
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, not {month!r}")
    if lang == "lv":
        return _LV_MONTHS[month][CASES.index(case)]
    return locale.months["format"]["wide"][month]


def weekday_name(d: date, form: str = "nom", lang: str = "lv") -> str:
    """The weekday of ``d``: "sestdiena", "sestdien" (on), "sestdienas", "sestdienai", "S"."""
    locale = _locale(lang)
    _check(form, WEEKDAY_FORMS, "weekday form")
    if lang == "lv":
        return _LV_WEEKDAYS[d.weekday()][WEEKDAY_FORMS.index(form)]
    width = "abbreviated" if form == "short" else "wide"
    return locale.days["format"][width][d.weekday()]  # Babel counts from Monday too


@lru_cache(maxsize=8192)  # a site shows the same few hundred days on many pages
def format_date(
    d: date, lang: str = "lv", *, case: str = "loc", weekday: bool = False, year: bool = True
) -> str:
    """ "sestdien, 2027. gada 11. decembrī" / "Saturday, 11 December 2027".

    ``case`` picks the Latvian phrase: "loc" on a date, "gen" after "no", "dat" after
    "līdz", "nom" for a bare label. English ignores it.
    """
    locale = _locale(lang)
    _check(case, CASES, "case")
    if lang == "lv":
        text = f"{d.day}. {month_name(d.month, case)}"
        if year:
            text = f"{d.year}. gada {text}"
        weekday_form = _WEEKDAY_FORM_FOR_CASE[case]
    else:
        if year:
            text = babel_dates.format_date(d, "long", locale=locale)
        else:
            text = babel_dates.format_skeleton("MMMMd", d, locale=locale)
        weekday_form = "nom"
    # Prefixed by hand rather than with CLDR's "full" pattern so that the comma is the same
    # with and without the year.
    if weekday:
        text = f"{weekday_name(d, weekday_form, lang)}, {text}"
    return text


def format_time(t: time | datetime, lang: str = "lv") -> str:
    """ "18:00" in both languages; an aware datetime shows its own wall-clock time."""
    return _format_wall_time(t.hour, t.minute, lang)


@lru_cache(maxsize=4096)
def _format_wall_time(hour: int, minute: int, lang: str) -> str:
    # The short pattern shows hours and minutes only, so they are all it depends on.
    return babel_dates.format_time(time(hour, minute), "short", locale=_locale(lang))


def format_time_range(start: time | datetime, end: time | datetime, lang: str = "lv") -> str:
    """ "no 14:00 līdz 15:00" / "from 14:00 to 15:00", for use inside a sentence."""
    first, last = format_time(start, lang), format_time(end, lang)
    return f"no {first} līdz {last}" if lang == "lv" else f"from {first} to {last}"


def format_when(
    start: date | datetime,
    end: date | datetime | None,
    *,
    all_day: bool,
    lang: str = "lv",
    year: bool = True,
) -> str:
    """The full "when" phrase of an event page.

    Timed events take aware datetimes in the event's time zone; all-day events take dates,
    with ``end`` the last day (inclusive). ``end`` may be None (or equal to ``start``) when
    only the start is known.
    """
    _locale(lang)
    if end is None:
        end = start
    if all_day:
        if isinstance(start, datetime) or isinstance(end, datetime):
            raise ValueError("an all-day event takes dates, not datetimes")
        if end < start:
            raise ValueError(f"end {end} is before start {start}")
        return _when_days(start, end, lang, year)
    if not (isinstance(start, datetime) and isinstance(end, datetime)):
        raise ValueError("a timed event takes datetimes")
    if start.tzinfo is not None and end.tzinfo is not None:
        # Both ends are read on the event's clock, even if the end came in another zone.
        end = end.astimezone(start.tzinfo)
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    return _when_timed(start, end, lang, year)


def _when_days(start: date, end: date, lang: str, year: bool) -> str:
    if start == end:
        return format_date(start, lang, weekday=True, year=year)
    if lang == "lv":
        # The year after "līdz" is repeated only when it changes.
        last = format_date(end, lang, case="dat", year=year and end.year != start.year)
        return f"no {format_date(start, lang, case='gen', year=year)} līdz {last}"
    # English follows CLDR's interval style, but with full month names.
    last = format_date(end, lang, year=year)
    if start.year != end.year:
        first = format_date(start, lang, year=year)
    elif start.month != end.month:
        first = format_date(start, lang, year=False)
    else:
        return f"{start.day}{_DASH}{last}"
    return f"{first} {_DASH} {last}"


def _when_timed(start: datetime, end: datetime, lang: str, year: bool) -> str:
    first, last = format_time(start, lang), format_time(end, lang)
    if start.date() == end.date():
        hours = first if first == last else f"{first}{_DASH}{last}"
        day = format_date(start.date(), lang, weekday=True, year=year)
        return f"{day}, plkst. {hours}" if lang == "lv" else f"{day}, {hours}"
    if lang == "lv":
        since = format_date(start.date(), lang, case="gen", weekday=True, year=year)
        year_again = year and end.year != start.year
        until = format_date(end.date(), lang, case="dat", weekday=True, year=year_again)
        return f"no {since}, plkst. {first} līdz {until}, plkst. {last}"
    since = format_date(start.date(), lang, weekday=True, year=year)
    until = format_date(end.date(), lang, weekday=True, year=year)
    return f"from {since}, {first} to {until}, {last}"


@lru_cache(maxsize=1024)  # every listing and calendar page has month headings
def format_month_heading(
    year: int, month: int, lang: str = "lv", *, year_shown: bool = True
) -> str:
    """ "2027. gada decembris" / "December 2027"; without the year "decembris" / "December"."""
    locale = _locale(lang)
    if lang == "lv":
        name = month_name(month, "nom", lang)
        return f"{year}. gada {name}" if year_shown else name
    if not year_shown:
        return month_name(month, lang=lang)
    # CLDR's lv heading abbreviates "gada" to "g.", hence Babel only for English.
    return babel_dates.format_skeleton("yMMMM", date(year, month, 1), locale=locale)


def format_short(d: date, lang: str = "lv", *, weekday: bool = False) -> str:
    """Card form from CLDR: "11. dec." / "11 Dec"; with weekday "sestd., 11. dec."."""
    skeleton = "MMMEd" if weekday else "MMMd"
    return babel_dates.format_skeleton(skeleton, d, locale=_locale(lang))


def day_list(days: list[date], lang: str = "lv") -> list[tuple[date | None, str]]:
    """Several days as one phrase, cut into pieces so that each day can be a ``<time>``.

    "9., 16. un 30. martā, 6. aprīlī" / "9, 16 and 30 March, 6 April": the month is said once
    for its days (in the locative, "on"), years are not. Returns (day, text) pieces to
    show in order; a piece without a day is the words between days.
    """
    _locale(lang)
    groups: list[list[date]] = []
    for d in sorted(days):
        if groups and (groups[-1][0].year, groups[-1][0].month) == (d.year, d.month):
            groups[-1].append(d)
        else:
            groups.append([d])
    and_ = " un " if lang == "lv" else " and "
    pieces: list[tuple[date | None, str]] = []
    for g, group in enumerate(groups):
        if g:
            pieces.append((None, ", "))
        for i, d in enumerate(group):
            if i:
                pieces.append((None, and_ if i == len(group) - 1 else ", "))
            last = i == len(group) - 1
            if lang == "lv":
                text = f"{d.day}. {month_name(d.month, 'loc')}" if last else f"{d.day}."
            else:
                text = f"{d.day} {month_name(d.month, lang=lang)}" if last else f"{d.day}"
            pieces.append((d, text))
    return pieces


def time_element_value(value: date | datetime | time) -> str:
    """The ``datetime`` attribute of an HTML ``<time>``: "2027-12-11", "2027-12-11T10:00+02:00".

    A naive datetime gives a local date-time without offset, which HTML also accepts.
    """
    if isinstance(value, datetime | time):
        precise = value.second or value.microsecond
        return value.isoformat(timespec="seconds" if precise else "minutes")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"expected a date, datetime or time, not {type(value).__name__}")
