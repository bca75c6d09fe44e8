"""The public site: what a visitor finds, built from a content folder into a temporary folder.

One build of the spec fixture plus a few files that exercise the rest (a past event, a
translated event, page and news item) serves the whole module; each test reads pages of it.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from conftest import SPEC_CONTENT, run_pelican

from ngo import content as content_core
from ngo.urls import DEFAULT_PATTERNS, Urls

REPOSITORY = "https://github.com/example/kekava-nvo"

EXTRA_FILES = {
    # A past event (the build's now is 2026-11-26): the archive, the organiser's past events.
    "events/2026/rudens-talka.md": """\
---
title: Rudens talka
start: 2026-10-03 10:00
end: "13:00"
organizers: [dabas-draugi]
locality: jurmala
categories: [walk]
---
Sakopām kāpas.
""",
    # A translated event.
    "events/2027/ziemas-koncerts.en.md": """\
---
title: Winter concert
summary: The choir sings winter songs.
---
Winter songs.
""",
    "pages/par-mums.en.md": """\
---
title: About us
summary: Who we are.
---
Text.
""",
    "pages/kontakti.md": """\
---
title: Kontakti
---
Rakstiet mums.
""",
    "news/vecas-zinas.md": """\
---
title: Vecas ziņas
date: 2026-06-01
summary: Sen bija.
---
Sen bija.
""",
    "news/vecas-zinas.en.md": """\
---
title: Old news
summary: Long ago.
---
Long ago.
""",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("site")
    content = root / "content"
    shutil.copytree(SPEC_CONTENT, content)
    for rel, text in EXTRA_FILES.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
    out = root / "output"
    run_pelican(content, out)
    return out


def read(site: Path, url: str) -> str:
    path = site / url.lstrip("/")
    if url.endswith("/"):
        path = path / "index.html"
    return path.read_text(encoding="utf-8")


def text_of(html: str) -> str:
    """The page's text with tags removed and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.switch: list[str] = []
        self._in_switch = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "ul" and "language-switch" in (attrs.get("class") or ""):
            self._in_switch = True
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
            if self._in_switch:
                self.switch.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "ul":
            self._in_switch = False


def links(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def served(site: Path, url: str) -> Path | None:
    """The file a static host serves for a root-relative URL, or None."""
    path = urlsplit(url).path
    target = site / unquote(path).lstrip("/")
    if path.endswith("/"):
        target = target / "index.html"
    return target if target.is_file() else None


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# -- every page, both languages ------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/en/",
        "/pasakumi/",
        "/en/events/",
        "/kalendars/",
        "/en/calendar/",
        "/kalendars/2027-03/",
        "/en/calendar/2027-03/",
        "/arhivs/",
        "/en/archive/2026/",
        "/pasakumi/ziemas-koncerts/",
        "/en/events/ziemas-koncerts/",
        "/organizacijas/",
        "/en/organizations/koris-balss/",
        "/jomas/music/",
        "/en/organization-kinds/association/",
        "/partneri/",
        "/en/partners/",
        "/vietas/",
        "/en/places/zale/",
        "/apdzivotas-vietas/",
        "/en/localities/jurmala/",
        "/kategorijas/concert/",
        "/en/audiences/children/",
        "/zinas/",
        "/en/news/",
        "/zinas/jauna-sezona/",
        "/en/news/jauna-sezona/",
        "/par-mums/",
        "/en/par-mums/",
        "/en/kontakti/",
        "/404.html",
        "/en/404.html",
        "/zinas/atom.xml",
        "/en/news/atom.xml",
    ],
)
def test_page_exists(site, url):
    assert served(site, url), url


def test_every_page_has_one_h1_lang_and_landmarks(site):
    for path in html_pages(site):
        html = path.read_text(encoding="utf-8")
        name = path.relative_to(site).as_posix()
        assert len(re.findall(r"<h1[\s>]", html)) == 1, name
        expected = "en" if name.startswith("en/") else "lv"
        assert f'<html lang="{expected}">' in html, name
        assert '<main id="main"' in html and 'href="#main"' in html, name
        assert "<header" in html and "<footer" in html and "<nav" in html, name


def test_every_internal_link_resolves(site):
    broken = []
    for path in html_pages(site):
        for href in links(path.read_text(encoding="utf-8")).hrefs:
            if href.startswith("/") and not href.startswith("//") and not served(site, href):
                broken.append(f"{path.relative_to(site)} -> {href}")
    assert broken == []


def test_every_event_and_organisation_is_reached_from_the_home_pages(site):
    """Following links from / and /en/ finds every event, organisation and place page."""
    seen, todo = set(), ["/", "/en/"]
    while todo:
        url = todo.pop()
        path = served(site, url)
        if url in seen or path is None or path.suffix != ".html":
            continue
        seen.add(url)
        for href in links(path.read_text(encoding="utf-8")).hrefs:
            href = urlsplit(href)._replace(query="", fragment="").geturl()
            if href.startswith("/") and href not in seen:
                todo.append(href)
    urls = Urls()
    c = content_core.load(SPEC_CONTENT)
    for lang in ("lv", "en"):
        for kind, slugs in (
            ("event", c.events),
            ("organization", c.organizations),
            ("place", c.places),
        ):
            for slug in slugs:
                assert urls.url(kind, lang, slug) in seen, (kind, lang, slug)
    assert "/pasakumi/rudens-talka/" in seen  # the past one, through the archive


# -- language switch and untranslated text --------------------------------------------------


def test_language_switch_leads_to_the_same_page_and_back(site):
    for path in html_pages(site):
        name = "/" + path.relative_to(site).as_posix()
        html = path.read_text(encoding="utf-8")
        (other,) = links(html).switch
        target = served(site, other)
        assert target, f"{name}: switch to {other} has no page"
        back = links(target.read_text(encoding="utf-8")).switch
        own = name.removesuffix("index.html")
        assert back == [own], f"{name} -> {other} -> {back}"


def test_switch_examples(site):
    assert links(read(site, "/pasakumi/meginajums/")).switch == ["/en/events/meginajums/"]
    assert links(read(site, "/en/calendar/2027-03/")).switch == ["/kalendars/2027-03/"]
    assert links(read(site, "/par-mums/")).switch == ["/en/par-mums/"]
    assert links(read(site, "/404.html")).switch == ["/en/404.html"]


def test_untranslated_latvian_text_is_marked_on_the_english_site(site):
    english = read(site, "/en/events/meginajums/")
    assert '<h1><span lang="lv">Kora mēģinājums</span></h1>' in english
    assert '<span lang="lv">Kultūras nama lielā zāle</span>' in english  # place name
    assert '<span lang="lv">Ielas iela 1, Rīga</span>' in english  # address
    # The translation is used and not marked.
    concert = read(site, "/en/events/ziemas-koncerts/")
    assert "<h1>Winter concert</h1>" in concert
    assert '<div class="prose">\n<p>Winter songs.</p>' in concert
    choir = read(site, "/en/organizations/koris-balss/")
    assert "<h1>Choir &#34;Balss&#34;</h1>" in choir
    assert 'lang="lv">Meklējam telpas mēģinājumiem.' in choir  # not translated
    # Latvian pages mark nothing as Latvian.
    assert 'lang="lv"' not in read(site, "/pasakumi/meginajums/").split("<body>")[1]


def test_pages_and_news_without_translation_appear_in_latvian_on_the_english_site(site):
    page = read(site, "/en/kontakti/")
    assert '<article class="page" lang="lv">' in page and "<h1>Kontakti</h1>" in page
    assert "<h1>About us</h1>" in read(site, "/en/par-mums/")
    news = read(site, "/en/news/")
    assert 'lang="lv">Jauna sezona</a>' in news  # untranslated
    assert ">Old news</a>" in news  # translated
    assert news.index("Jauna sezona") < news.index("Old news")  # newest first


def test_interface_is_translated(site):
    lv, en = read(site, "/pasakumi/"), read(site, "/en/events/")
    assert "Gaidāmie pasākumi" in lv and "Upcoming events" not in lv
    assert "Upcoming events" in en and "Gaidāmie pasākumi" not in en
    assert "Pāriet uz saturu" in lv and "Skip to content" in en


# -- events ---------------------------------------------------------------------------------


def test_event_page_says_when_in_correct_latvian(site):
    html = read(site, "/pasakumi/ziemas-koncerts/")
    assert (
        '<time datetime="2027-01-16T18:00+02:00">'
        "sestdien, 2027. gada 16. janvārī, plkst. 18:00–20:00</time>"
    ) in html
    english = read(site, "/en/events/ziemas-koncerts/")
    assert "Saturday, 16 January 2027, 18:00–20:00</time>" in english


def test_multi_day_and_overnight_events(site):
    camp = text_of(read(site, "/pasakumi/vasaras-nometne/"))
    assert "no 2027. gada 22. jūnija līdz 25. jūnijam" in camp
    night = text_of(read(site, "/pasakumi/nakts-pargajiens/"))
    assert (
        "no sestdienas, 2027. gada 30. oktobra, plkst. 22:00 "
        "līdz svētdienai, 31. oktobrim, plkst. 04:00"
    ) in night


def test_cancelled_and_tentative_banners(site):
    cancelled = read(site, "/pasakumi/nakts-pargajiens/")
    assert '<div class="banner banner-cancelled" role="note">' in cancelled
    assert "Pasākums ir atcelts." in cancelled
    tentative = read(site, "/en/events/meginajums/")
    assert '<div class="banner banner-tentative" role="note">' in tentative
    assert "Not yet confirmed." in tentative
    assert "banner" not in read(site, "/pasakumi/ziemas-koncerts/")


def test_event_page_details(site):
    html = read(site, "/pasakumi/ziemas-koncerts/")
    text = text_of(html)
    assert 'href="/vietas/zale/">Kultūras nama lielā zāle</a>, Ielas iela 1, Rīga' in html
    assert "https://www.openstreetmap.org/?mlat=56.95&amp;mlon=24.11" in html
    assert 'href="/organizacijas/koris-balss/">Koris &#34;Balss&#34;</a>' in html
    assert 'href="/kategorijas/concert/">Koncerts</a>' in html
    assert 'href="/auditorijas/everyone/">Visiem</a>' in html
    assert "Cena 5 EUR" in text
    assert (
        'href="https://koris.example.org/biletes" rel="noopener">Pieteikties pasākumam</a>' in html
    )
    assert "Novada nozīmes pasākums" in text
    online = read(site, "/pasakumi/tiessaiste/")
    assert 'href="https://meet.example.org/lekcija"' in online


def test_recurring_event_lists_its_dates(site):
    html = read(site, "/pasakumi/meginajums/")
    dates = re.findall(r'<time datetime="(2027-\d\d-\d\dT18:00\+0[23]:00)">', html)
    assert dates == [
        "2027-03-02T18:00+02:00",
        "2027-03-09T18:00+02:00",
        "2027-03-16T18:00+02:00",
        "2027-03-30T18:00+03:00",
        "2027-04-06T18:00+03:00",
        "2027-04-13T18:00+03:00",
    ]
    assert '<time datetime="2027-03-23">23. martā</time>' in html  # does not take place


def test_upcoming_events_grouped_by_month(site):
    html = read(site, "/pasakumi/")
    months = re.findall(
        r'<h2 id="g-[\d-]+" class="group-heading">\s*<time datetime="([\d-]+)">', html
    )
    assert months == ["2027-01", "2027-03", "2027-04", "2027-06", "2027-10", "2028-01"]
    # A recurring event once a month, with its other dates there.
    march = html[html.index('datetime="2027-03"') : html.index('datetime="2027-04"')]
    assert march.count('href="/pasakumi/meginajums/"') == 1
    assert (
        'Arī <time datetime="2027-03-09">9.</time>, <time datetime="2027-03-16">16.</time>' in march
    )
    assert "/pasakumi/rudens-talka/" not in html  # past


def test_archive_lists_past_events_by_year(site):
    index = read(site, "/arhivs/")
    assert 'href="/arhivs/2026/">2026</a>' in index
    year = read(site, "/en/archive/2026/")
    assert 'href="/en/events/rudens-talka/"' in year
    assert "Saturday, 3 October 2026" in year
    assert "rudens-talka" in read(site, "/organizacijas/dabas-draugi/")  # past events there


def test_month_calendar(site):
    html = read(site, "/kalendars/2027-03/")
    assert '<h1>Kalendārs: <time datetime="2027-03">2027. gada marts</time></h1>' in html
    cells = re.findall(
        r'<td class="in-month[^"]*">\s*<p class="day-number"><time datetime="([\d-]+)">(.*?)</td>',
        html,
        re.S,
    )
    with_rehearsal = [day for day, cell in cells if "/pasakumi/meginajums/" in cell]
    assert with_rehearsal == ["2027-03-02", "2027-03-09", "2027-03-16", "2027-03-30"]
    assert len(cells) == 31
    assert 'href="/kalendars/2027-02/" rel="prev"' in html
    assert 'href="/kalendars/2027-04/" rel="next"' in html
    # The index shows the build's current month; the first month has no "previous".
    first = read(site, "/kalendars/")
    assert 'datetime="2026-10">2026. gada oktobris' not in first
    assert '<time datetime="2026-11">2026. gada novembris</time></h1>' in first
    assert 'rel="prev"' in read(site, "/kalendars/2026-11/")  # October holds the past event
    assert 'rel="prev"' not in read(site, "/kalendars/2026-10/")
    assert 'rel="next"' not in read(site, "/en/calendar/2028-01/")


def test_multi_day_event_in_every_day_of_the_calendar(site):
    html = read(site, "/en/calendar/2027-06/")
    days = re.findall(r'<time datetime="(2027-06-\d\d)">(?:(?!</td>).)*vasaras-nometne', html, re.S)
    assert days == ["2027-06-22", "2027-06-23", "2027-06-24", "2027-06-25"]
    assert html.count("(continues)") == 3


# -- filters ---------------------------------------------------------------------------------


def event_links(html: str, lang: str = "lv") -> set[str]:
    prefix = "/pasakumi/" if lang == "lv" else "/en/events/"
    return {h for h in links(html).hrefs if h.startswith(prefix) and h != prefix}


def test_filter_pages_list_exactly_their_events(site):
    assert event_links(read(site, "/apdzivotas-vietas/riga/")) == {
        "/pasakumi/ziemas-koncerts/",
        "/pasakumi/meginajums/",
    }
    assert event_links(read(site, "/apdzivotas-vietas/jurmala/")) == {
        "/pasakumi/kapu-talka/",
        "/pasakumi/nakts-pargajiens/",
        "/pasakumi/vasaras-nometne/",
    }
    assert event_links(read(site, "/kategorijas/walk/")) == {"/pasakumi/kapu-talka/"}
    assert event_links(read(site, "/en/audiences/children/"), "en") == {
        "/en/events/vasaras-nometne/"
    }
    org = read(site, "/organizacijas/koris-balss/")
    upcoming = org[org.index('id="upcoming"') :]
    assert event_links(upcoming) == {
        "/pasakumi/ziemas-koncerts/",
        "/pasakumi/meginajums/",
        "/pasakumi/kapu-talka/",
    }
    assert event_links(read(site, "/vietas/zale/")) == {
        "/pasakumi/ziemas-koncerts/",
        "/pasakumi/meginajums/",
    }


def test_events_page_filters_work_without_javascript(site):
    html = read(site, "/pasakumi/")
    # The form is for the script; the links are for everyone.
    assert '<form class="filter-form" data-filter-target="event-list" hidden>' in html
    for href in ("/apdzivotas-vietas/riga/", "/kategorijas/concert/", "/auditorijas/children/"):
        assert f'href="{href}"' in html
    assert 'href="/organizacijas/dabas-draugi/#upcoming"' in html
    # Each listed event carries what the script filters by.
    assert (
        'data-locality="riga" data-category="concert" data-audience="everyone" '
        'data-organizer="koris-balss"'
    ) in html
    assert '<label for="filter-locality">Apdzīvotā vieta</label>' in html
    assert '<script src="/theme/js/filter.js" defer></script>' in html


def test_organisation_directory_and_its_filters(site):
    html = read(site, "/organizacijas/")
    assert 'data-kind="association" data-area="music" data-locality="riga"' in html
    assert 'href="/jomas/music/"' in html and 'href="/organizaciju-veidi/community/"' in html
    music = read(site, "/jomas/music/")
    assert 'href="/organizacijas/koris-balss/"' in music
    assert 'href="/organizacijas/dabas-draugi/"' not in music
    community = read(site, "/en/organization-kinds/community/")
    assert "Residents&#39; community" in community
    assert 'href="/en/organizations/dabas-draugi/"' in community


def test_partners_board(site):
    html = read(site, "/partneri/")
    assert "Meklējam telpas mēģinājumiem." in html
    assert "<li>dziedātāji pasākumiem</li>" in html


def test_organisation_profile(site):
    html = read(site, "/organizacijas/koris-balss/")
    text = text_of(html)
    assert 'href="mailto:info@koris.example.org"' in html
    assert 'href="tel:+37120000001"' in html
    assert "Reģistrācijas numurs 40008114442" in text
    assert "Platformā kopš 2026. gada 15. janvāris" in text
    assert 'href="/jomas/music/">Mūzika</a>' in html
    assert 'href="/apdzivotas-vietas/riga/">Rīga</a>' in html


# -- edit and add links ----------------------------------------------------------------------


def test_edit_links_point_to_the_source_files(site):
    for url, path in (
        ("/pasakumi/meginajums/", "events/2027/meginajums.md"),
        ("/en/organizations/koris-balss/", "organizations/koris-balss.md"),
        ("/vietas/zale/", "places/zale.yaml"),
        ("/par-mums/", "pages/par-mums.md"),
    ):
        html = read(site, url)
        assert f'<a href="{REPOSITORY}/blob/main/content/{path}" rel="noopener">' in html, url
    assert ">Labot šo lapu</a>" in read(site, "/vietas/zale/")
    assert ">Edit this page</a>" in read(site, "/en/places/zale/")


def test_edit_link_prefix_for_another_content_folder(tmp_path):
    out = tmp_path / "out"
    run_pelican(SPEC_CONTENT, out, env_extra={"CONTENT_EDIT_PREFIX": "tests/fixtures/spec/"})
    html = read(out, "/vietas/zale/")
    assert f'href="{REPOSITORY}/blob/main/tests/fixtures/spec/places/zale.yaml"' in html


def add_event_links(html: str) -> list[str]:
    return [h for h in links(html).hrefs if h.startswith(f"{REPOSITORY}/new/main/content/events")]


def test_add_event_link_prefills_a_valid_event(site, spec_copy):
    html = read(site, "/organizacijas/koris-balss/")
    prefilled = [h for h in add_event_links(html) if "koris-balss" in unquote(h)]
    assert prefilled, "the organisation page offers its own prefilled link"
    query = parse_qs(urlsplit(prefilled[0]).query)
    (filename,) = query["filename"]
    (value,) = query["value"]
    assert re.fullmatch(r"\d{4}/[a-z0-9-]+\.md", filename)
    assert "organizers: [koris-balss]" in value
    target = spec_copy / "events" / filename
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(value, encoding="utf-8")
    loaded, problems = content_core.collect(spec_copy)
    assert problems == []
    assert target.stem in loaded.events
    # The site-wide link is there on every page too ("Pievienot pasākumu").
    assert add_event_links(read(site, "/"))
    assert ">Pievienot pasākumu</a>" in read(site, "/")
    assert ">Add an event</a>" in read(site, "/en/")


# -- news, pages, 404 ----------------------------------------------------------------------


def test_news_feeds(site):
    atom = "{http://www.w3.org/2005/Atom}"
    for url, titles in (
        ("/zinas/atom.xml", ["Jauna sezona", "Vecas ziņas"]),
        ("/en/news/atom.xml", ["Jauna sezona", "Old news"]),
    ):
        feed = ET.parse(served(site, url)).getroot()
        entries = feed.findall(f"{atom}entry")
        assert [e.findtext(f"{atom}title") for e in entries] == titles
        ids = [e.findtext(f"{atom}id") for e in entries]
        assert all(i.startswith("tag:nvo.kekava.example,") for i in ids)
        assert len(set(ids)) == len(ids)
    assert 'href="/zinas/atom.xml"' in read(site, "/zinas/")


def test_home_page(site):
    html = read(site, "/")
    text = text_of(html)
    assert "Nākamās divas nedēļas" in text
    assert "Nozīmīgākie pasākumi" in text and 'href="/pasakumi/ziemas-koncerts/"' in html
    assert "Kā pievienoties" in text
    assert 'href="/zinas/jauna-sezona/"' in html


def test_not_found_page_in_both_languages(site):
    html = read(site, "/404.html")
    assert "<h1>Lapa nav atrasta</h1>" in html
    assert '<div lang="en" class="other-language">' in html and "Page not found" in html


def test_url_table_agrees_with_pelican_settings(site):
    """pelican.conf.py saves pages and news where the URL table (and the switch) says."""
    urls = Urls()
    assert served(site, urls.url("page", "lv", "par-mums"))
    assert served(site, urls.url("page", "en", "par-mums"))
    assert served(site, urls.url("article", "lv", "jauna-sezona"))
    assert served(site, urls.url("article", "en", "vecas-zinas"))


# -- the URL table -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["lv", "en"])
@pytest.mark.parametrize("kind", sorted(DEFAULT_PATTERNS["lv"]))
def test_url_table_round_trip(kind, lang):
    urls = Urls()
    slug = "2027-03" if "{slug}" in DEFAULT_PATTERNS[lang][kind] else ""
    path = urls.path(kind, lang, slug)
    assert urls.match(path) == (kind, lang, slug)
    assert urls.match(urls.save_as(kind, lang, slug)) == (kind, lang, slug)
    other = "en" if lang == "lv" else "lv"
    assert urls.counterpart(path, other) == urls.url(kind, other, slug)


def test_url_table_has_every_kind_in_every_language():
    assert DEFAULT_PATTERNS["lv"].keys() == DEFAULT_PATTERNS["en"].keys()


def test_listings_do_not_share_a_folder_with_free_slugs():
    """An event's or organisation's slug can never take a listing's address (pages can:
    the build refuses a page whose slug is taken, see below)."""
    for table in DEFAULT_PATTERNS.values():
        slugged = {p.split("{slug}")[0] for k, p in table.items() if "{slug}" in p and k != "page"}
        for kind, pattern in table.items():
            if "{slug}" in pattern:
                continue
            parent = pattern.rstrip("/").rpartition("/")[0]
            assert f"{parent}/" not in slugged or pattern.endswith(".xml"), (kind, pattern)


def test_a_page_cannot_take_a_listing_address(spec_copy, tmp_path):
    (spec_copy / "pages" / "pasakumi.md").write_text("---\ntitle: Pasākumi\n---\nX\n")
    result = run_pelican(spec_copy, tmp_path / "out", check=False)
    assert result.returncode == 1
    assert "pages/pasakumi.md:1: slug: " in result.stderr
    assert "Traceback" not in result.stderr
