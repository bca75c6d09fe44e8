"""What one language's pages show (ngo.site.LanguageView), without Pelican or templates."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from conftest import ROOT, SPEC_CONTENT
from jinja2 import Environment
from markupsafe import escape

from ngo import content as content_core
from ngo import i18n, lvdates, site
from ngo.config import Config
from ngo.urls import Urls

NOW = datetime(2026, 11, 26, tzinfo=UTC)
TRANSLATIONS = str(ROOT / "theme" / "translations")


@pytest.fixture(scope="module")
def index() -> site.SiteIndex:
    return site.SiteIndex(content_core.load(SPEC_CONTENT, Config(now=NOW)))


@pytest.fixture(scope="module")
def views(index) -> dict[str, site.LanguageView]:
    return {
        lang: site.LanguageView(
            index, Urls(), lang, f"site-{lang}", i18n.gettext_for(TRANSLATIONS, lang)
        )
        for lang in ("lv", "en")
    }


def test_text_shows_escaped_and_marked_when_in_another_language():
    env = Environment(autoescape=True)
    page = env.from_string('<p>{{ text }}</p><p title="{{ text.text }}">')
    own = site.Text('Kora "Balss" <koncerts> & citi')
    other = site.Text('Kora "Balss" <koncerts> & citi', "lv")
    assert escape(own) == escape(own.text)  # as Jinja would escape the bare text
    assert page.render(text=own) == (
        "<p>Kora &#34;Balss&#34; &lt;koncerts&gt; &amp; citi</p>"
        '<p title="Kora &#34;Balss&#34; &lt;koncerts&gt; &amp; citi">'
    )
    assert page.render(text=other) == (
        '<p><span lang="lv">Kora &#34;Balss&#34; &lt;koncerts&gt; &amp; citi</span></p>'
        '<p title="Kora &#34;Balss&#34; &lt;koncerts&gt; &amp; citi">'
    )


def test_an_untranslated_event_is_marked_on_the_english_site(views, index):
    event = index.content.events["ziemas-koncerts"]
    lv, en = views["lv"].event(event), views["en"].event(event)
    assert lv.title == site.Text("Ziemas koncerts")
    assert en.title == site.Text("Ziemas koncerts", "lv")
    assert en.summary == site.Text("Koris dzied ziemas dziesmas.", "lv")
    assert lv.url == "/pasakumi/ziemas-koncerts/" and en.url == "/en/events/ziemas-koncerts/"
    # A translated organisation name is not marked; the Latvian address is, in English.
    assert [o.name for o in en.organizers] == [site.Text('Choir "Balss"')]
    assert en.organizers[0].url == "/en/organizations/koris-balss/"
    assert en.place.address == site.Text("Ielas iela 1, Rīga", "lv")
    assert lv.place.address == site.Text("Ielas iela 1, Rīga")
    assert en.place.map_url == site.map_url(index.content.places["zale"])
    assert en.locality == site.Link("/en/localities/riga/", "Riga")
    assert [link.url for link in en.categories] == ["/en/categories/concert/"]
    assert en.price == site.Text("5 EUR", "lv") and en.location is None


def test_dates_come_ready(views, index):
    rehearsal = index.content.events["meginajums"]
    view = views["lv"].event(rehearsal)
    upcoming = index.upcoming_of["meginajums"]
    assert view.when == site.When(site.when_value(upcoming[0]), site.when(upcoming[0], "lv"))
    assert view.next_dates == [views["lv"].when(o) for o in upcoming[1 : 1 + site.NEXT_DATES]]
    assert view.more_dates == max(0, len(upcoming) - 1 - site.NEXT_DATES)
    assert views["en"].when(upcoming[0], year=False).text == site.when(
        upcoming[0], "en", year=False
    )


def test_each_item_is_prepared_once_per_language(views, index):
    event = index.content.events["meginajums"]
    assert views["lv"].event(event) is views["lv"].event(event)
    assert views["lv"].event(event) is not views["en"].event(event)
    assert views["lv"].event(event).place is views["lv"].place(index.content.places["zale"])


def test_navigation_and_weekdays_in_the_language(views):
    assert views["lv"].nav[0] == ("events", "/pasakumi/", "Pasākumi")
    assert views["en"].nav[-1] == ("news", "/en/news/", "News")
    assert [kind for kind, _url, _label in views["en"].nav] == list(site.SECTIONS)
    assert views["lv"].weekdays[0] == ("pirmdiena", "P")
    assert views["en"].weekdays[6] == ("Sunday", "Sun")


def test_calendar_weeks(views, index):
    march = index.calendar_month(date(2027, 3, 1))
    weeks = views["en"].calendar_weeks(march)
    days = [day for week in weeks for day in week]
    assert [d.day for d in days] == [cell.day for week in march.weeks for cell in week]
    tuesday = next(d for d in days if d.day == date(2027, 3, 2))
    assert tuesday.value == "2027-03-02" and tuesday.in_month and not tuesday.today
    assert tuesday.label == lvdates.format_date(
        date(2027, 3, 2), "en", case="nom", weekday=True, year=False
    )
    (entry,) = tuesday.entries
    assert entry.event is views["en"].event(index.content.events["meginajums"])
    assert entry.time == "18:00" and not entry.continued
    # An all-day event has no time; its later days are marked as continued.
    camp = views["lv"].calendar_weeks(index.calendar_month(date(2027, 6, 1)))
    by_day = {d.day: d for week in camp for d in week}
    assert [(e.time, e.continued) for e in by_day[date(2027, 6, 22)].entries] == [(None, False)]
    assert [(e.time, e.continued) for e in by_day[date(2027, 6, 23)].entries] == [(None, True)]
