"""ngo.folding.fold gives exactly icalendar's own folding, and icalendar uses it; its TEXT
escaping is exactly icalendar's; the feeds' content lines (head and value joined and folded
as octets) are exactly icalendar's."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import dateutil.tz
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from icalendar import Event, Parameters, vDate, vDatetime, vDDDLists, vGeo, vText, vUri
from icalendar.parser import Contentline, content_line, string

from ngo import feeds, folding  # feeds installs the folding

# Characters of one to four UTF-8 octets and the two escapes icalendar keeps together.
ALPHABET = st.sampled_from([*"a ,;\\^ēĶšž€𝄞😀\t", "\\n", "\\,"])
LINES = st.lists(ALPHABET, max_size=400).map("".join)


@settings(max_examples=3000, deadline=None)
@given(line=LINES, prefix=st.text(alphabet="ABC:;=", max_size=80))
@example(line="\\" * 200, prefix="")
@example(line="^" * 75, prefix="X")
@example(line="😀" * 40, prefix="DESCRIPTION:")
@example(line="a" * 73 + "\\n", prefix="")
def test_fold_matches_icalendar(line, prefix):
    text = prefix + line
    assert folding.fold(text) == string._foldline(text)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=600))
def test_fold_matches_icalendar_on_any_text_without_newlines(text):
    text = text.replace("\n", " ").replace("\r", " ")
    assert folding.fold(text) == string._foldline(text)


def test_icalendar_folds_with_it_and_lines_stay_within_75_octets():
    assert feeds is not None and content_line._foldline is folding.fold
    event = Event()
    event.add("description", "Ķekavas kultūras nams, 2. stāvs; ieeja no pagalma. " * 40)
    lines = event.to_ical().split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert len(lines) > 20
    assert Event.from_ical(event.to_ical())["DESCRIPTION"] == event["DESCRIPTION"]


def test_install_leaves_a_changed_icalendar_alone(monkeypatch):
    def other(line, limit=75, fold_sep="\r\n "):
        return line

    monkeypatch.setattr(content_line, "_foldline", other)
    assert folding.install() is False
    assert content_line._foldline is other


@settings(max_examples=3000, deadline=None)
@given(
    text=st.one_of(
        LINES, st.text(max_size=300), st.lists(st.sampled_from([*"\\\r\nN;,aĶ"])).map("".join)
    )
)
def test_text_octets_are_icalendars_escaping(text):
    assert folding.text_octets(vText(text)) == vText(text).to_ical()
    assert folding.text_octets(text) == vText(text).to_ical()


def test_text_octets_leave_other_encodings_to_icalendar():
    value = vText("Ķekava; ceļš", "utf-16")
    assert folding.text_octets(value) == value.to_ical()


def _icalendars_line(name, value) -> bytes:
    return Contentline.from_parts(name, value.params, value, sorted=False).to_ical() + b"\r\n"


ZONES = st.sampled_from(["Europe/Riga", "America/Argentina/Buenos_Aires", "Etc/GMT+12", "UTC"])
TEXTS = st.one_of(LINES, st.text(max_size=300), LINES.map(lambda t: "\ufeff" + t))


@settings(max_examples=1500, deadline=None)
@given(name=st.sampled_from(["SUMMARY", "DESCRIPTION", "X-WR-CALNAME", "LOCATION"]), text=TEXTS)
def test_text_lines_are_icalendars(name, text):
    value = vText(text)
    assert feeds._line(feeds._Property(name, value)) == _icalendars_line(name, value)
    assert feeds._line(feeds._Property(name, text)) == _icalendars_line(name, value)  # TEXT


@settings(max_examples=300, deadline=None)
@given(
    when=st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)),
    zone=ZONES,
    kind=st.sampled_from(["datetime", "date", "exdate", "exdate-date"]),
)
def test_time_lines_are_icalendars(when, zone, kind):
    aware = when.replace(tzinfo=UTC if zone == "UTC" else ZoneInfo(zone))
    value = {
        "datetime": lambda: vDatetime(aware),
        "date": lambda: feeds._when(when.date()),
        "exdate": lambda: feeds._date_list(aware),
        "exdate-date": lambda: feeds._date_list(when.date()),
    }[kind]()
    for name in ("DTSTART", "EXDATE"):
        assert feeds._line(feeds._Property(name, value)) == _icalendars_line(name, value)


# Zones of every kind a datetime may carry: zoneinfo's, the fixed ones of datetime (UTC too)
# and dateutil's, whose TZID icalendar takes from the date's offset name ("EET", "EEST").
ANY_ZONES = st.sampled_from(
    [
        ZoneInfo("Europe/Riga"),
        ZoneInfo("UTC"),
        ZoneInfo("Etc/GMT+12"),
        UTC,
        timezone(timedelta(hours=2)),
        timezone(timedelta(0), "GMT"),
        timezone(timedelta(hours=2), "EET"),
        dateutil.tz.gettz("Europe/Riga"),
        None,
    ]
)


@settings(max_examples=500, deadline=None)
@given(
    when=st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 1, 1)),
    zone=ANY_ZONES,
    fold=st.sampled_from([0, 1]),
    name=st.sampled_from(["DTSTART", "DTEND", "RECURRENCE-ID", "LAST-MODIFIED"]),
)
def test_plain_time_values_give_icalendars_lines(when, zone, fold, name):
    # The feeds keep DTSTART and the like as plain datetimes and dates, and write their
    # digits without making icalendar's objects: the lines must be what those give.
    moment = when.replace(tzinfo=zone, fold=fold)
    for value in (moment, when.date()):
        typed = feeds._Property(name, value).typed()
        assert type(typed) is (vDatetime if value is moment else vDate)
        assert feeds._line(feeds._Property(name, value)) == _icalendars_line(name, typed)


def test_other_values_and_unusual_parameters_are_icalendars():
    quoted = vText("Ķekava")
    quoted.params["ALTREP"] = "https://nvo.kekava.example/a,b;c"
    listed = vText("x")
    listed.params["MEMBER"] = ["mailto:a@example.org", "mailto:b@example.org"]  # not hashable
    values = [
        ("GEO", vGeo((56.8267, 24.2325))),  # to_ical gives str, not octets
        ("URL", vUri("https://nvo.kekava.example/pasakumi/" + "ļoti-garš-" * 20)),
        ("DESCRIPTION", quoted),
        ("ATTENDEE", listed),
        ("EXDATE", vDDDLists([date(2027, 1, 1), date(2027, 1, 8)])),
    ]
    for name, value in values:
        assert feeds._line(feeds._Property(name, value)) == _icalendars_line(name, value), name


def test_a_raw_newline_fails_as_in_icalendar_instead_of_breaking_the_line():
    class Raw:  # no icalendar type lets one through; a value of another kind might
        params = Parameters()

        def to_ical(self) -> bytes:
            return b"https://nvo.kekava.example/\nBEGIN:VEVENT"

    with pytest.raises(AssertionError):
        _icalendars_line("URL", Raw())
    with pytest.raises(AssertionError):
        feeds._line(feeds._Property("URL", Raw()))


@settings(max_examples=300, deadline=None)
@given(path=st.one_of(st.text(max_size=200), LINES))
def test_plain_uris_give_icalendars_lines(path):
    uri = "https://nvo.kekava.example/pasakumi/" + path
    if "\n" in uri or "\r" in uri:  # icalendar refuses these, and so do the feeds
        with pytest.raises(ValueError, match="CR or LF"):
            vUri(uri)
        with pytest.raises(ValueError, match="CR or LF"):
            feeds._line(feeds._Property("URL", feeds._Uri(uri)))
        return
    assert feeds._line(feeds._Property("URL", feeds._Uri(uri))) == _icalendars_line(
        "URL", vUri(uri)
    )


WEEKDAYS = st.sampled_from(["MO", "TU", "WE", "TH", "FR", "SA", "SU"])
RULE_PARTS = st.fixed_dictionaries(
    {"FREQ": st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"])},
    optional={
        "INTERVAL": st.integers(1, 12).map(str),
        "BYDAY": st.lists(
            st.tuples(st.sampled_from(["", "1", "2", "-1"]), WEEKDAYS).map("".join),
            min_size=1,
            max_size=3,
            unique=True,
        ).map(",".join),
        "BYMONTHDAY": st.sampled_from(["1", "15", "28", "-1", "1,15"]),
        "BYMONTH": st.sampled_from(["1", "6", "12", "3,9"]),
        "BYSETPOS": st.sampled_from(["1", "-1"]),
        "WKST": WEEKDAYS,
        "END": st.one_of(
            st.integers(1, 40).map(lambda n: ("COUNT", str(n))),
            st.tuples(
                st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
                st.sampled_from(["%Y-%m-%d", "%Y%m%d", "%Y%m%dT%H%M%S", "%Y%m%dT235959Z"]),
            ).map(lambda d: ("UNTIL", d[0].strftime(d[1]))),
        ),
    },
)


@settings(max_examples=500, deadline=None)
@given(parts=RULE_PARTS, order=st.randoms(use_true_random=False), zone=ZONES, all_day=st.booleans())
def test_rrule_values_and_lines_are_icalendars(parts, order, zone, all_day):
    # The RRULE's UNTIL is put into icalendar's writing of the rest of the rule, which many
    # events share: it must come out as icalendar writes the whole rule, parts in any order.
    parts = dict(parts)
    if "END" in parts:
        key, value = parts.pop("END")
        parts[key] = value
    items = list(parts.items())
    order.shuffle(items)
    recurrence = ";".join(f"{key}={value}" for key, value in items)
    tz = UTC if zone == "UTC" else ZoneInfo(zone)
    rule = feeds._rule(recurrence, tz, all_day)
    assert ("UNTIL" in rule) == ("UNTIL" in parts)
    assert feeds._rule_octets(recurrence, tz, all_day) == rule.to_ical()
    line = feeds._line(feeds._Property("RRULE", rule))
    assert feeds._rule_property(recurrence, tz, all_day).line == line
    assert feeds._rule_text(recurrence, tz, all_day) == rule.to_ical().decode()
