"""Calendar feeds, read back by an independent parser and compared with events.json.

The feeds are parsed with icalendar and expanded with recurring-ical-events (not the code
that wrote them: icalendar resolves TZIDs by name from tzdata, and recurring-ical-events
applies RRULE and EXDATE itself). The expansions must give exactly the occurrences the
open data (events.json) lists, across the DST weekends of 2027 (28 March, 31 October),
for all-day and multi-day events, cancellations and long Latvian titles.

The fixture content (tests/fixtures/feeds/content) is written from the spec; "now" is
2026-11-26 00:00 UTC, as in the other build tests.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import recurring_ical_events
from conftest import EPOCH, ROOT, run_pelican
from icalendar import Calendar

from ngo import history, opendata
from ngo.config import Config
from ngo.content import load
from ngo.feeds import (
    FeedBuilder,
    feed_path,
    google_calendar_link,
    outlook_link,
    webcal,
)
from ngo.i18n import gettext_for
from ngo.urls import Urls

CONTENT = Path(__file__).resolve().parent / "fixtures" / "feeds" / "content"
NOW = datetime.fromtimestamp(EPOCH, UTC)
BASE = "https://nvo.example.lv"
DOMAIN = "nvo.example.lv"
SITE_NAMES = {"lv": "Ķekavas novada NVO platforma", "en": "Ķekava Municipality NGO Platform"}
TRANSLATIONS = str(ROOT / "theme" / "translations")


def make_builder(root: Path = CONTENT, **kw) -> FeedBuilder:
    content = load(root, Config(now=NOW))
    return FeedBuilder(
        content,
        base_url=BASE,
        uid_domain=DOMAIN,
        site_names=SITE_NAMES,
        gettext={lang: gettext_for(TRANSLATIONS, lang) for lang in ("lv", "en")},
        **kw,
    )


@pytest.fixture(scope="module")
def builder() -> FeedBuilder:
    return make_builder()


def ics(builder: FeedBuilder, lang: str = "lv", kind: str = "all", slug: str | None = None):
    feeds = builder.event_feeds() if kind == "event" else builder.feeds()
    (feed,) = [f for f in feeds if (f.lang, f.kind, f.slug) == (lang, kind, slug)]
    return builder.calendar(feed)


def vevents(data: bytes) -> dict[str, object]:
    """Master VEVENTs (not RECURRENCE-ID overrides) by slug, the UID's local part."""
    cal = Calendar.from_ical(data)
    return {str(e["UID"]).split("@")[0]: e for e in cal.walk("VEVENT") if "RECURRENCE-ID" not in e}


def unfolded(data: bytes) -> list[str]:
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")


def lines_of(data: bytes, slug: str) -> list[str]:
    """The unfolded content lines of one VEVENT, as written."""
    block: list[str] = []
    for line in unfolded(data):
        if line == "BEGIN:VEVENT":
            block = []
        elif line == "END:VEVENT":
            if f"UID:{slug}@{DOMAIN}" in block:
                return block
        else:
            block.append(line)
    raise AssertionError(f"no VEVENT {slug}")


# --- expansions against events.json -------------------------------------------------------


def expand(data: bytes, start: datetime, end: datetime) -> set[tuple]:
    """(slug, start, end, status) of every occurrence in [start, end), by recurring-ical-events.

    Timed occurrences as UTC instants; all-day ones as (first day, last day inclusive), which
    is how events.json writes them.
    """
    cal = Calendar.from_ical(data)
    result = set()
    for occ in recurring_ical_events.of(cal).between(start, end):
        slug = str(occ["UID"]).split("@")[0]
        s, e = occ["DTSTART"].dt, occ["DTEND"].dt
        if isinstance(s, datetime):
            assert s.tzinfo is not None, f"{slug}: floating time"
            key = (slug, s.astimezone(UTC), e.astimezone(UTC))
        else:
            key = (slug, s, e - timedelta(days=1))
        result.add((*key, str(occ.get("STATUS", "")).lower()))
    return result


def from_events_json(data: dict) -> set[tuple]:
    result = set()
    for event in data["events"]:
        for occ in event["occurrences"]:
            if event["all_day"]:
                key = (date.fromisoformat(occ["start"]), date.fromisoformat(occ["end"]))
            else:
                key = tuple(
                    datetime.fromisoformat(occ[k]).astimezone(UTC) for k in ("start", "end")
                )
            result.add((event["slug"], *key, event["status"]))
    return result


def test_expanded_feed_equals_the_occurrences_of_events_json(builder):
    config = builder.content.config
    expected = from_events_json(opendata.events_json(builder.content, Urls(BASE)))
    for lang in ("lv", "en"):
        got = expand(ics(builder, lang), config.now, config.horizon_end)
        assert got == expected
    # What the comparison covers: the 2027 DST weekends, all-day, recurring all-day.
    slugs = {occ[0] for occ in expected}
    assert {"meginajumi", "nujosana", "garaka-nakts", "isaka-nakts", "jani", "tirdzins"} <= slugs


def test_a_weekly_event_keeps_its_local_time_across_both_dst_weekends(builder):
    got = expand(ics(builder), NOW, NOW + timedelta(days=365))
    rehearsals = sorted(o[1] for o in got if o[0] == "meginajumi")
    assert rehearsals == [
        datetime(2027, 3, 2, 16, tzinfo=UTC),
        datetime(2027, 3, 9, 16, tzinfo=UTC),
        datetime(2027, 3, 16, 16, tzinfo=UTC),
        # 23 March excluded; 18:00 summer time from 28 March
        datetime(2027, 3, 30, 15, tzinfo=UTC),
        datetime(2027, 4, 6, 15, tzinfo=UTC),
        datetime(2027, 4, 13, 15, tzinfo=UTC),  # UNTIL=2027-04-13: through that local day
    ]
    walks = sorted(o[1] for o in got if o[0] == "nujosana")
    assert datetime(2027, 10, 24, 7, tzinfo=UTC) in walks  # 10:00 EEST
    assert datetime(2027, 10, 31, 8, tzinfo=UTC) in walks  # 10:00 EET, the day clocks go back


def test_until_is_utc_and_exdate_is_the_occurrences_local_time(builder):
    lines = lines_of(ics(builder), "meginajumi")
    assert "DTSTART;TZID=Europe/Riga:20270302T180000" in lines
    assert "DTEND;TZID=Europe/Riga:20270302T200000" in lines
    (rrule,) = [line for line in lines if line.startswith("RRULE:")]
    # "UNTIL=2027-04-13" means through that local day: 23:59:59 EEST is 20:59:59 UTC.
    assert "UNTIL=20270413T205959Z" in rrule
    assert "EXDATE;TZID=Europe/Riga:20270323T180000" in lines


def test_all_day_events_are_dates_with_an_exclusive_end(builder):
    data = ics(builder)
    jani = lines_of(data, "jani")
    assert "DTSTART;VALUE=DATE:20270623" in jani
    assert "DTEND;VALUE=DATE:20270625" in jani  # 23 and 24 June
    talka = lines_of(data, "talka")
    assert "DTSTART;VALUE=DATE:20270424" in talka
    assert "DTEND;VALUE=DATE:20270425" in talka  # one day, not zero
    market = lines_of(data, "tirdzins")
    (rrule,) = [line for line in market if line.startswith("RRULE:")]
    assert "UNTIL=20270904;" in rrule + ";"  # a DATE, because DTSTART is a DATE
    assert "EXDATE;VALUE=DATE:20270807" in market


def test_events_across_midnight_and_dst_changes_keep_their_real_length(builder):
    got = {o[0]: o for o in expand(ics(builder), NOW, NOW + timedelta(days=365))}
    assert got["forums"][1:3] == (
        datetime(2027, 2, 13, 20, tzinfo=UTC),
        datetime(2027, 2, 13, 23, tzinfo=UTC),  # 01:00 on the 14th, local
    )
    # 23:00 -> 05:00 the night clocks go forward: five hours, not six.
    start, end = got["isaka-nakts"][1:3]
    assert end - start == timedelta(hours=5)
    # 21:00 -> 03:30 the night clocks go back. 03:30 happens twice; the model (and RFC
    # 5545) take the first, in summer time. ical.js takes the second, so it is in UTC.
    start, end = got["garaka-nakts"][1:3]
    assert (start, end) == (
        datetime(2027, 10, 30, 18, tzinfo=UTC),
        datetime(2027, 10, 31, 0, 30, tzinfo=UTC),
    )
    assert "DTEND:20271031T003000Z" in lines_of(ics(builder), "garaka-nakts")


def test_a_series_occurrence_across_a_clock_change_keeps_its_wall_clock_end(builder):
    data = ics(builder)
    got = expand(data, NOW, NOW + timedelta(days=365))
    walks = sorted((o[1], o[2]) for o in got if o[0] == "nakts-gajieni")
    # Every walk ends at 04:00 local; the night of 27/28 March is an hour shorter.
    assert [end - start for start, end in walks] == [timedelta(hours=h) for h in (6, 5, 6)]
    assert walks[1][1] == datetime(2027, 3, 28, 1, tzinfo=UTC)  # 04:00 EEST
    # RFC 5545 would give that night the series' exact six hours: an override says five.
    cal = Calendar.from_ical(data)
    overrides = [
        e for e in cal.walk("VEVENT") if "RECURRENCE-ID" in e and "nakts-gajieni" in str(e["UID"])
    ]
    assert [o["RECURRENCE-ID"].dt.isoformat() for o in overrides] == ["2027-03-27T22:00:00+02:00"]
    assert "DTEND" in vevents(data)["nakts-gajieni"]
    # When the first night is the irregular one, the series' length is a DURATION.
    autumn = vevents(data)["rudens-naktis"]
    assert "DTEND" not in autumn and autumn["DURATION"].dt == timedelta(hours=6)
    nights = sorted((o[1], o[2]) for o in got if o[0] == "rudens-naktis")
    assert [end - start for start, end in nights] == [timedelta(hours=h) for h in (7, 6, 6)]


def test_every_tzid_has_a_vtimezone_and_times_are_never_floating(builder):
    data = ics(builder)
    cal = Calendar.from_ical(data)
    defined = {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}
    used = set(re.findall(r";TZID=([^:;]+)", data.decode()))
    assert used == {"Europe/Riga", "America/Toronto"}
    assert defined == used
    for event in cal.walk("VEVENT"):
        start = event["DTSTART"].dt
        assert not isinstance(start, datetime) or start.tzinfo is not None


def test_the_toronto_webinar_is_at_torontos_noon(builder):
    got = {o[0]: o for o in expand(ics(builder), NOW, NOW + timedelta(days=365))}
    # 16 March 2027: Toronto already on summer time (UTC-4), Riga not yet.
    assert got["vebinars"][1] == datetime(2027, 3, 16, 16, tzinfo=UTC)


# --- properties clients read -----------------------------------------------------------------


def test_calendar_properties_in_each_language(builder):
    for lang, name in SITE_NAMES.items():
        lines = unfolded(ics(builder, lang))
        assert lines[0] == "BEGIN:VCALENDAR"
        assert "VERSION:2.0" in lines
        assert "METHOD:PUBLISH" in lines
        assert f"NAME:{name}" in lines
        assert f"X-WR-CALNAME:{name}" in lines
        assert "REFRESH-INTERVAL;VALUE=DURATION:PT6H" in lines
        assert "X-PUBLISHED-TTL:PT6H" in lines
        assert any(line.startswith("PRODID:") for line in lines)
    locality = unfolded(ics(builder, "lv", "locality", "balozi"))
    assert "X-WR-CALNAME:Baloži · Ķekavas novada NVO platforma" in locality
    assert "URL:https://nvo.example.lv/apdzivotas-vietas/balozi/" in locality


def test_uid_is_slug_at_domain_unique_and_the_same_in_both_languages(builder):
    lv, en = vevents(ics(builder, "lv")), vevents(ics(builder, "en"))
    assert set(lv) == set(en)
    uids = [str(e["UID"]) for e in lv.values()]
    assert len(uids) == len(set(uids))
    assert str(lv["meginajumi"]["UID"]) == "meginajumi@nvo.example.lv"
    assert str(en["meginajumi"]["UID"]) == "meginajumi@nvo.example.lv"


def test_editing_a_title_keeps_the_uid(tmp_path):
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    path = copy / "events" / "2027" / "jani.md"
    path.write_text(path.read_text().replace("Līgo un Jāņi", "Jāņu svētki Ķekavā"))
    before, after = vevents(ics(make_builder())), vevents(ics(make_builder(copy)))
    assert str(after["jani"]["SUMMARY"]) == "Jāņu svētki Ķekavā"
    assert after["jani"]["UID"] == before["jani"]["UID"]


def test_dtstamp_is_the_builds_now_in_utc(builder):
    for event in Calendar.from_ical(ics(builder)).walk("VEVENT"):
        assert event["DTSTAMP"].dt == NOW
    assert "DTSTAMP:20261126T000000Z" in lines_of(ics(builder), "jani")


def test_cancelled_stays_with_status_and_tentative_is_marked(builder):
    lv, en = vevents(ics(builder, "lv")), vevents(ics(builder, "en"))
    assert str(lv["talka"]["STATUS"]) == "CANCELLED"
    assert str(lv["talka"]["SUMMARY"]) == "Atcelts: Ezera talka"
    assert str(en["talka"]["SUMMARY"]) == "Cancelled: Ezera talka"
    assert str(lv["talka"]["TRANSP"]) == "TRANSPARENT"
    assert str(lv["garaka-nakts"]["STATUS"]) == "TENTATIVE"
    assert str(lv["jani"]["STATUS"]) == "CONFIRMED"


def test_no_organizer_anywhere(builder):
    for feed in builder.feeds() + builder.event_feeds():
        assert b"ORGANIZER" not in builder.calendar(feed)


def test_location_geo_and_absolute_urls(builder):
    lv, en = vevents(ics(builder, "lv")), vevents(ics(builder, "en"))
    rehearsal = lv["meginajumi"]
    assert str(rehearsal["LOCATION"]) == "Ķekavas kultūras nams, Gaismas iela 17, Ķekava, LV-2123"
    assert "GEO:56.8289;24.2341" in lines_of(ics(builder), "meginajumi")
    assert str(rehearsal["URL"]) == "https://nvo.example.lv/pasakumi/meginajumi/"
    assert str(en["meginajumi"]["URL"]) == "https://nvo.example.lv/en/events/meginajumi/"
    assert str(lv["nujosana"]["LOCATION"]) == "pie ezera, Baloži"  # no place: detail, locality
    assert "GEO" not in lv["nujosana"]
    assert str(lv["vebinars"]["LOCATION"]) == "https://meet.example.org/diaspora"  # online only
    assert [str(c) for c in lv["nujosana"]["CATEGORIES"].cats] == ["Sporta pasākums"]
    assert [str(c) for c in en["nujosana"]["CATEGORIES"].cats] == ["Sports event"]


def test_description_is_plain_text_with_the_page_url(builder):
    lv, en = vevents(ics(builder, "lv")), vevents(ics(builder, "en"))
    text = str(lv["forums"]["DESCRIPTION"])
    for markup in ("**", "<b>", "<", "##", "](", "*kori*"):
        assert markup not in text
    assert "• 22.00 – atklāšana ar kori;" in text
    assert "mūsu lapā (https://example.org/forums)" in text
    assert "Rīko: Jauktais koris „Balss”, Baložu kopiena" in text
    assert "Tiešsaistē: https://meet.example.org/forums" in text
    assert "Reģistrācija: https://forms.example.org/forums?a=1&b=2" in text
    assert text.endswith("Vairāk informācijas: https://nvo.example.lv/pasakumi/forums/")
    english = str(en["meginajumi"]["DESCRIPTION"])
    assert "We rehearse every Tuesday" in english
    assert "Organisers: Mixed choir “Balss”" in english
    assert "Where: in the small hall" in english
    assert str(en["meginajumi"]["SUMMARY"]) == "Choir rehearsal"
    assert "Pasākums ir atcelts." in str(lv["talka"]["DESCRIPTION"])


TEXT_PROPERTIES = ("SUMMARY", "DESCRIPTION", "LOCATION", "NAME", "X-WR-CALNAME", "CATEGORIES")


def unescaped(line: str) -> str | None:
    """The first "," or ";" of a TEXT value that is not escaped (CATEGORIES: "," separates)."""
    name, _, value = line.partition(":")
    name = name.split(";")[0]
    if name not in TEXT_PROPERTIES:
        return None
    i = 0
    while i < len(value):
        if value[i] == "\\":
            i += 2
            continue
        if value[i] == ";" or (value[i] == "," and name != "CATEGORIES"):
            return value
        i += 1
    return None


def test_every_text_value_is_escaped_in_every_feed(builder):
    for feed in builder.feeds() + builder.event_feeds():
        for line in unfolded(builder.calendar(feed)):
            assert unescaped(line) is None, (feed.path, line)
    # The calendar of one event is named after it, commas and all.
    name = next(
        line for line in unfolded(ics(builder, "lv", "event", "forums")) if line.startswith("NAME:")
    )
    assert name.startswith("NAME:Ķekavas novada nevalstisko organizāciju\\, iedzīvotāju kopienu\\;")


def test_text_escaping_and_folding_never_split_a_latvian_letter(builder):
    data = ics(builder)
    physical = data.split(b"\r\n")
    assert physical[-1] == b""  # ends with CRLF
    for line in physical:
        assert len(line) <= 75, line
        line.decode("utf-8")  # a fold inside "ļ" would leave half a letter on each line
    assert b"\n" not in data.replace(b"\r\n", b"")
    summary = next(line for line in lines_of(data, "forums") if line.startswith("SUMMARY:"))
    assert "organizāciju\\, iedzīvotāju kopienu\\; pašvaldības" in summary
    # Long enough to be folded several times; the parsed title is the volunteer's, intact.
    assert data.count(b"\r\n ") > 10
    title = builder.content.events["forums"].title
    assert str(vevents(data)["forums"]["SUMMARY"]) == title


# --- which events in which feed -------------------------------------------------------------


def test_feed_paths():
    assert feed_path("lv", "all") == "calendar.ics"
    assert feed_path("en", "all") == "en/calendar.ics"
    assert feed_path("lv", "organization", "koris") == "organizacijas/koris/calendar.ics"
    assert feed_path("en", "organization", "koris") == "en/organizations/koris/calendar.ics"
    assert feed_path("lv", "locality", "balozi") == "apdzivotas-vietas/balozi/calendar.ics"
    assert feed_path("en", "locality", "balozi") == "en/localities/balozi/calendar.ics"
    assert feed_path("lv", "category", "market") == "kategorijas/market/calendar.ics"
    assert feed_path("en", "category", "market") == "en/categories/market/calendar.ics"
    assert feed_path("lv", "event", "jani") == "pasakumi/jani/jani.ics"
    assert feed_path("en", "event", "jani") == "en/events/jani/jani.ics"
    with pytest.raises(ValueError):
        feed_path("lv", "place", "nams")
    with pytest.raises(ValueError):
        feed_path("lv", "organization")
    assert webcal("https://nvo.example.lv/calendar.ics") == "webcal://nvo.example.lv/calendar.ics"


def test_topic_feeds_hold_their_events(builder):
    assert set(vevents(ics(builder, "lv", "organization", "koris"))) == {
        "meginajumi", "jani", "forums", "vebinars", "izrades",
    }  # fmt: skip
    assert set(vevents(ics(builder, "lv", "locality", "kekava"))) == {
        "meginajumi", "jani", "forums", "izrades",
    }  # fmt: skip
    assert set(vevents(ics(builder, "en", "category", "sports"))) == {
        "nujosana", "garaka-nakts", "isaka-nakts", "volejbols", "nakts-gajieni", "rudens-naktis",
    }  # fmt: skip


def test_a_feed_without_events_is_still_a_valid_calendar(builder):
    data = ics(builder, "lv", "organization", "klusie")
    cal = Calendar.from_ical(data)
    assert cal.walk("VEVENT") == []
    # RFC 5545 wants at least one component: the site's time zone.
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Riga"]
    assert "X-WR-CALNAME:Klusā biedrība · Ķekavas novada NVO platforma" in unfolded(data)


def test_old_events_leave_the_feeds_but_keep_their_own_file(builder):
    assert "sena-sapulce" not in vevents(ics(builder))  # ended more than ICS_PAST_DAYS ago
    assert set(vevents(ics(builder, "lv", "event", "sena-sapulce"))) == {"sena-sapulce"}


def test_an_open_ended_rule_runs_on_to_the_horizon(builder):
    got = expand(ics(builder), NOW, NOW + timedelta(days=365))
    volleyball = sorted(o[1] for o in got if o[0] == "volejbols")
    assert volleyball[0] == datetime(2026, 12, 2, 17, tzinfo=UTC)
    assert datetime(2026, 12, 23, 17, tzinfo=UTC) not in volleyball  # excluded
    assert len(volleyball) == 52 - 2


# --- git history ------------------------------------------------------------------------------


def git(repo: Path, *args: str, when: str = "2026-10-01T12:00:00Z") -> None:
    env = {
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "PATH": "/usr/bin:/bin",
        "HOME": str(repo),
    }  # fmt: skip
    subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)


def test_last_modified_and_sequence_come_from_git(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(CONTENT, repo / "content")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "first", when="2026-10-01T12:00:00Z")
    jani = repo / "content" / "events" / "2027" / "jani.md"
    jani.write_text(jani.read_text() + "\nPapildināts.\n")
    git(repo, "commit", "-qam", "edit", when="2026-11-02T08:30:00Z")
    translation = repo / "content" / "events" / "2027" / "meginajumi.en.md"
    translation.write_text(translation.read_text() + "\nUpdated.\n")
    git(repo, "commit", "-qam", "translation", when="2026-11-03T09:00:00Z")
    # A move to another year folder keeps the history.
    git(repo, "mv", "content/events/2027/talka.md", "content/events/2026/talka.md")
    git(repo, "commit", "-qm", "move", when="2026-11-04T10:00:00Z")

    root = repo / "content"
    found = vevents(ics(make_builder(root, history=history.read(root))))
    assert found["jani"]["SEQUENCE"] == 1
    assert found["jani"]["LAST-MODIFIED"].dt == datetime(2026, 11, 2, 8, 30, tzinfo=UTC)
    assert found["meginajumi"]["SEQUENCE"] == 1  # its English text changed
    assert found["talka"]["SEQUENCE"] == 1
    assert found["nujosana"]["SEQUENCE"] == 0
    assert found["nujosana"]["LAST-MODIFIED"].dt == datetime(2026, 10, 1, 12, tzinfo=UTC)


def test_without_a_repository_there_is_no_last_modified_or_sequence(builder, tmp_path):
    assert not history.read(tmp_path)  # tmp_path is in no repository
    event = vevents(ics(builder))["jani"]
    assert "LAST-MODIFIED" not in event and "SEQUENCE" not in event


def test_history_is_one_git_call_for_the_whole_folder(monkeypatch, tmp_path):
    shutil.copytree(CONTENT, tmp_path / "content")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "content")
    calls = []
    real = subprocess.run

    def counting(command, *args, **kwargs):
        calls.append(command)
        return real(command, *args, **kwargs)

    monkeypatch.setattr(history.subprocess, "run", counting)
    found = history.read(tmp_path / "content")
    assert len(calls) == 1
    assert calls[0][-2:] == ["--", "."]
    # Paths relative to the content folder, as Event.path has them.
    assert found.revision("events/2027/jani.md").commits == 1
    assert found.revision("places/nams.yaml") is not None


def test_parse_log_follows_renames_and_counts_shared_commits_once():
    log = (
        "\0commit a1 1790000000\0\nA\0events/x.md\0A\0events/x.en.md\0"
        "\0commit b2 1790000100\0\nM\0events/x.md\0M\0events/x.en.md\0"
        "\0commit c3 1790000200\0\nR100\0events/x.md\0events/2027/x.md\0"
    )
    parsed = history.parse_log(log)
    moved = parsed.revision("events/2027/x.md")
    assert moved.commits == 3 and moved.sequence == 2
    both = parsed.revision("events/2027/x.md", "events/x.en.md")
    assert both.commits == 3  # a1 and b2 touched both files: counted once
    assert both.last_modified == datetime.fromtimestamp(1790000200, UTC)
    assert parsed.revision("events/x.md") is None


# --- "add to calendar" links -----------------------------------------------------------------


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def test_google_link_times(builder):
    events = builder.content.events
    page = "https://nvo.example.lv/pasakumi/x/"
    forum = query(google_calendar_link(events["forums"], page, "lv", location="Nams"))
    assert forum["dates"] == "20270213T200000Z/20270213T230000Z"
    assert forum["location"] == "Nams"
    assert forum["details"].endswith(page)
    rehearsal = query(google_calendar_link(events["meginajumi"], page, "en"))
    # A series: wall times in its zone, and the rule with its UTC UNTIL.
    assert rehearsal["dates"] == "20270302T180000/20270302T200000"
    assert rehearsal["ctz"] == "Europe/Riga"
    assert rehearsal["recur"] == "RRULE:FREQ=WEEKLY;UNTIL=20270413T205959Z;BYDAY=TU"
    assert rehearsal["text"] == "Choir rehearsal"
    assert "Not on: 23 March 2027" in rehearsal["details"]
    jani = query(google_calendar_link(events["jani"], page, "lv"))
    assert jani["dates"] == "20270623/20270625"
    assert "ctz" not in jani


def test_outlook_link_times(builder):
    events = builder.content.events
    page = "https://nvo.example.lv/pasakumi/x/"
    night = query(outlook_link(events["isaka-nakts"], page, "lv"))
    assert (night["startdt"], night["enddt"]) == ("2027-03-27T21:00:00Z", "2027-03-28T02:00:00Z")
    assert night["allday"] == "false"
    jani = query(outlook_link(events["jani"], page, "en"))
    assert (jani["startdt"], jani["enddt"], jani["allday"]) == ("2027-06-23", "2027-06-25", "true")


def test_event_page_links_use_the_next_occurrence_and_the_place(builder):
    links = builder.links(builder.content.events["volejbols"], "lv")
    assert links["ics"] == "/pasakumi/volejbols/volejbols.ics"
    outlook = query(links["outlook"])
    assert outlook["startdt"] == "2026-12-02T17:00:00Z"  # the first after now
    assert outlook["location"] == "Baloži"
    assert query(links["google"])["text"] == "Trešdienu volejbols"
    cancelled = query(builder.links(builder.content.events["talka"], "lv")["google"])
    assert cancelled["text"] == "Atcelts: Ezera talka"


# --- the Pelican build ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("feeds_site") / "output"
    run_pelican(CONTENT, out)
    return out


def feed_files(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*.ics")}


def test_the_build_writes_every_feed(built):
    files = feed_files(built)
    for lang in ("lv", "en"):
        assert feed_path(lang, "all") in files
        for slug in ("koris", "kopiena", "klusie"):
            assert feed_path(lang, "organization", slug) in files
        for slug in ("kekava", "balozi", "daugmale"):
            assert feed_path(lang, "locality", slug) in files
        for slug in ("concert", "sports", "market", "meeting", "theatre"):
            assert feed_path(lang, "category", slug) in files
        for path in CONTENT.glob("events/**/*.md"):
            if path.name.count(".") == 1:
                assert feed_path(lang, "event", path.stem) in files


def test_built_feeds_agree_with_the_built_events_json(built):
    config = Config(now=NOW)
    expected = from_events_json(json.loads((built / "events.json").read_text()))
    assert expand((built / "calendar.ics").read_bytes(), NOW, config.horizon_end) == expected
    # A preview build (empty SITEURL) still writes absolute URLs and site-wide UIDs.
    event = vevents((built / "calendar.ics").read_bytes())["jani"]
    assert str(event["URL"]) == "https://nvo.kekava.example/pasakumi/jani/"
    assert str(event["UID"]) == "jani@nvo.kekava.example"


def test_the_spec_contents_feed_agrees_with_its_events_json(spec_site):
    config = Config(now=NOW)
    expected = from_events_json(json.loads((spec_site / "events.json").read_text()))
    got = expand((spec_site / "calendar.ics").read_bytes(), NOW, config.horizon_end)
    assert got == expected
    assert {o[0] for o in got} >= {"meginajums", "vasaras-nometne", "nakts-pargajiens"}


def test_same_source_date_epoch_gives_byte_identical_feeds(built, tmp_path):
    again = tmp_path / "output"
    run_pelican(CONTENT, again)
    first, second = feed_files(built), feed_files(again)
    assert first.keys() == second.keys()
    assert all(first[name] == second[name] for name in first)
    for page in ("kalendari/index.html", "en/calendars/index.html"):
        assert (built / page).read_bytes() == (again / page).read_bytes()


def test_subscribe_pages_list_every_feed_with_https_and_webcal(built):
    for lang, page, heading in (
        ("lv", "kalendari/index.html", "Abonēt kalendārus"),
        ("en", "en/calendars/index.html", "Subscribe to calendars"),
    ):
        html = (built / page).read_text()
        assert f"<h1>{heading}</h1>" in html
        for feed in (
            ("all", None),
            ("organization", "klusie"),
            ("locality", "balozi"),
            ("category", "market"),
        ):
            path = feed_path(lang, *feed)
            assert f'value="https://nvo.kekava.example/{path}"' in html
            assert f'href="webcal://nvo.kekava.example/{path}"' in html
        for app in ("Google Calendar", "Apple Calendar", "Outlook", "Thunderbird"):
            assert f"<h3>{app}</h3>" in html
        assert "/theme/js/subscribe.js" in html
    assert "Ielīmējiet kalendāra adresi" in (built / "kalendari/index.html").read_text()
    assert (built / "theme/js/subscribe.js").is_file()


def test_a_rule_with_several_values_is_written_as_the_volunteer_wrote_it():
    content = load(CONTENT, Config(now=NOW))
    event = dataclasses.replace(
        content.events["meginajumi"],
        recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;UNTIL=2027-04-13",
        exclude_dates=[],
    )
    content.events["meginajumi"] = event
    builder = FeedBuilder(content, base_url=BASE, uid_domain=DOMAIN)
    data = ics(builder, "lv", "event", "meginajumi")
    (rrule,) = [line for line in lines_of(data, "meginajumi") if line.startswith("RRULE:")]
    assert rrule == "RRULE:FREQ=WEEKLY;UNTIL=20270413T205959Z;INTERVAL=2;BYDAY=TU,TH"
    got = sorted(o[1] for o in expand(data, NOW, NOW + timedelta(days=365)))
    model = [o.start for o in event.occurrences(NOW, NOW + timedelta(days=365))]
    assert got == model
    assert len(got) == 7  # Tuesdays 2, 16, 30 March, 13 April and the Thursdays between


def test_feed_settings_make_absolute_urls_and_need_a_uid_domain():
    from ngo_feeds import feed_settings

    preview = {"SITEURL": "", "UID_DOMAIN": "nvo.kekava.example"}
    assert feed_settings(preview) == ("https://nvo.kekava.example", "nvo.kekava.example")
    production = {"SITEURL": "https://nvo.kekava.lv/", "UID_DOMAIN": ""}
    assert feed_settings(production) == ("https://nvo.kekava.lv", "nvo.kekava.lv")
    with pytest.raises(ValueError, match="UID_DOMAIN"):
        feed_settings({"SITEURL": "", "UID_DOMAIN": ""})


# --- the three ics-check checkers, where they are set up ---------------------------------------


def checkers() -> Path | None:
    """An ics-check folder that setup.sh has prepared (ICS_CHECK, or ../shared/tools)."""
    for candidate in (os.environ.get("ICS_CHECK"), ROOT / "tests/ics-check"):
        if candidate:
            folder = Path(candidate)
            if (folder / "node_modules/ical.js").is_dir() and (
                folder / ".venv/bin/python"
            ).is_file():
                return folder
    return None


@pytest.mark.parametrize(
    "path",
    [
        "calendar.ics",
        "en/calendar.ics",
        "pasakumi/forums/forums.ics",
        "kategorijas/sports/calendar.ics",
    ],
)
def test_the_three_checkers_accept_the_built_feeds(built, path):
    folder, feed = checkers(), str(built / path)
    assert folder is not None, "run scripts/install_test_tools.sh (make test does) first"
    assert shutil.which("khal"), "khal missing: run scripts/install_test_tools.sh"
    window = ["--from", "2025-11-26", "--to", "2028-11-26"]
    runs = [
        ["node", str(folder / "icaljs_check.mjs"), feed, "--strict", "--quiet", *window],
        [
            str(folder / ".venv/bin/python"),
            str(folder / "py_check.py"),
            feed,
            "--strict",
            "--quiet",
            "--compare",
            *window,
        ],
    ]
    runs.append([str(folder / "khal_check.sh"), "--strict", feed, "2025-11-26", "2028-11-26"])
    for command in runs:
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr


def test_an_event_in_utc_is_written_in_utc_without_a_vtimezone():
    content = load(CONTENT, Config(now=NOW))
    content.events["volejbols"] = dataclasses.replace(content.events["volejbols"], timezone="UTC")
    builder = FeedBuilder(content, base_url=BASE, uid_domain=DOMAIN)
    data = ics(builder, "lv", "event", "volejbols")
    lines = lines_of(data, "volejbols")
    assert "DTSTART:20261202T190000Z" in lines
    assert "EXDATE:20261223T190000Z" in lines
    assert b"VTIMEZONE" not in data
    got = sorted(o[1] for o in expand(data, NOW, NOW + timedelta(days=30)))
    assert got[:2] == [datetime(2026, 12, 2, 19, tzinfo=UTC), datetime(2026, 12, 9, 19, tzinfo=UTC)]


def test_every_interface_string_of_the_feeds_is_in_feeds_po():
    from babel.messages.extract import extract_from_file
    from babel.messages.pofile import read_po
    from jinja2.ext import babel_extract

    used = {
        message
        for _line, message, _c, _x in extract_from_file(
            babel_extract,
            str(ROOT / "theme/templates/subscribe.html"),
            options={"trim_blocks": "true"},
        )
    }
    used |= {m for _l, m, _c, _x in extract_from_file("python", str(ROOT / "plugins/ngo/feeds.py"))}
    with open(Path(TRANSLATIONS) / "lv/LC_MESSAGES/feeds.po", "rb") as f:
        catalogue = {m.id: m.string for m in read_po(f, locale="lv") if m.id}
    assert {"Cancelled", "Organisers", "Copy", "How to subscribe"} <= used
    assert sorted(used - catalogue.keys()) == []  # every string translated
    assert sorted(catalogue.keys() - used) == []  # and none left over
    assert all(catalogue.values())


def test_feed_bytes_are_icalendars_serialisation_of_the_whole_calendar():
    """``calendar`` joins header, VEVENT and VTIMEZONE bytes serialised once per build; the
    result must be byte for byte what icalendar writes for the calendar built as one object, for
    every feed (recurring, overridden, cancelled, all-day, empty) in both languages."""
    builder = make_builder()
    fresh = make_builder()  # nothing cached: each feed below is serialised as a whole
    feeds = builder.feeds() + builder.event_feeds()
    assert any(not f.events for f in feeds) and any(len(f.events) > 3 for f in feeds)
    for feed in feeds:
        assert builder.calendar(feed) == fresh.calendar_object(feed).to_ical(sorted=False), (
            feed.path
        )
