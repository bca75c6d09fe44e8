"""Hostile content builds, and its pages are shown safe: nothing a contributor writes runs.

A site is built from the spec fixture plus, for every vector of tests/fixtures/xss_vectors.py,
an event, an organisation (both with an English translation), a place, vocabulary terms, a
page and a news item carrying that vector in every text field and in the Markdown body. The
output is then inspected (HTML, JSON, calendar and news feeds) and opened in headless
Chromium, which must see no dialog, no call of a dialog function and no CSP violation.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import icalendar
import pytest
from conftest import EPOCH, ROOT, SPEC_CONTENT
from fixtures.xss_vectors import MARKDOWN_VECTORS, VECTORS
from pelican import Pelican
from pelican.settings import read_settings

from ngo import markup
from ngo.urls import Urls

# --------------------------------------------------------------------------- the corpus

N = len(VECTORS)
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}  # what a body may link to
PAGE_SCHEMES = {*SAFE_SCHEMES, "webcal"}  # and the theme's own subscription links
# Valid by the schema, yet hostile wherever a template would forget to escape or quote.
HOSTILE_EMAIL = '"><svg/onload=alert(1)>@example.lv'
HOSTILE_URL = "https://evil.example/?q=%22%3E%3Cscript%3E&next=javascript:alert(1)#x"
# An external calendar is a copy of someone else's feed: its URL property is anything at all.
EXTERNAL_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "https://evil.example/ok",
]
MAJOR = range(0, len(VECTORS), 5)  # major events, each clashing with an external one


def slug(i: int) -> str:
    return f"v{i:02d}"


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's; ASCII keeps U+2028 escaped)."""
    return json.dumps(text)


def body(i: int) -> str:
    v = VECTORS[i]
    return (
        f"{v}\n\nTeksts pirms {v} un pēc tā.\n\n- {v}\n\n> {v}\n\n"
        f"{MARKDOWN_VECTORS[i % len(MARKDOWN_VECTORS)]}\n"
    )


def external_calendar() -> bytes:
    """A municipality's feed gone bad: hostile text and URLs, on the days of major events."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//evil.example//hostile//EN")
    calendar.add("version", "2.0")
    for n, i in enumerate(MAJOR):
        event = icalendar.Event()
        event.add("uid", f"{i}@evil.example")
        event.add("dtstamp", datetime(2026, 11, 1, tzinfo=UTC))
        event.add("dtstart", date(2027, 2, 1 + i % 28))
        event.add("dtend", date(2027, 2, 1 + i % 28) + timedelta(days=1))
        for name in ("summary", "location", "description"):
            event.add(name, VECTORS[i])
        event.add("url", EXTERNAL_URLS[n % len(EXTERNAL_URLS)])
        calendar.add_component(event)
    return calendar.to_ical()


def write_corpus(root: Path) -> None:
    """The spec fixture plus one event, organisation, place, term, page and news per vector,
    and an external calendar whose events clash with the major ones."""

    def put(rel: str, text: str) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    for name in ("localities", "areas", "categories", "audiences"):
        with (root / "vocabularies" / f"{name}.yaml").open("a", encoding="utf-8") as f:
            for i, v in enumerate(VECTORS):
                f.write(f"{slug(i)}: {{lv: {q(v)}, en: {q(v)}}}\n")
    for i, v in enumerate(VECTORS):
        s = slug(i)
        put(
            f"organizations/{s}.md",
            f"---\nname: {q(v)}\nkind: other\nsummary: {q(v)}\nlocalities: [{s}]\n"
            f"areas: [{s}]\naddress: {q(v)}\nseeking_partners: {q(v)}\noffers: [{q(v)}]\n"
            f"email: {q(HOSTILE_EMAIL)}\nwebsite: {q(HOSTILE_URL)}\nsocial: [{q(HOSTILE_URL)}]\n"
            f"---\n{body(i)}",
        )
        put(
            f"organizations/{s}.en.md",
            f"---\nname: {q(v)}\nsummary: {q(v)}\nseeking_partners: {q(v)}\noffers: [{q(v)}]\n"
            f"---\n{body(i)}",
        )
        put(f"places/{s}.yaml", f"name: {q(v)}\nlocality: {s}\naddress: {q(v)}\nnotes: {q(v)}\n")
        start = f"2027-02-{1 + i % 28:02d}" + ("" if i % 3 == 0 else " 18:00")
        rule = "recurrence: FREQ=WEEKLY;COUNT=3\n" if i % 4 == 0 else ""
        rule += "major: true\n" if i in MAJOR else ""
        put(
            f"events/2027/{s}.md",
            f"---\ntitle: {q(v)}\nstart: {start}\norganizers: [{s}]\nplace: {s}\n"
            f"location: {q(v)}\ncategories: [{s}]\naudiences: [{s}]\nprice: {q(v)}\n"
            f"summary: {q(v)}\nonline: {q(HOSTILE_URL)}\nregistration: {q(HOSTILE_URL)}\n{rule}"
            f"---\n{body(i)}",
        )
        put(
            f"events/2027/{s}.en.md",
            f"---\ntitle: {q(v)}\nsummary: {q(v)}\nlocation: {q(v)}\nprice: {q(v)}\n---\n{body(i)}",
        )
        put(f"pages/lapa-{s}.md", f"---\ntitle: {q(v)}\nsummary: {q(v)}\n---\n{body(i)}")
        put(
            f"news/zina-{s}.md",
            f"---\ntitle: {q(v)}\nsummary: {q(v)}\ndate: 2026-11-{1 + i % 25:02d}\n---\n{body(i)}",
        )
    put("external/pasvaldiba.yaml", f"name: {q(VECTORS[2])}\nmajor: true\nlocality: v00\n")
    (root / "external" / "pasvaldiba.ics").write_bytes(external_calendar())


def build(content: Path, output: Path) -> None:
    """Build in this process, as the issue asks (SOURCE_DATE_EPOCH set by the caller)."""
    settings = read_settings(
        str(ROOT / "pelican.conf.py"), override={"PATH": str(content), "OUTPUT_PATH": str(output)}
    )
    try:
        Pelican(settings).run()
    except SystemExit as exc:  # ngo_content stops the build on invalid content
        pytest.fail(f"the hostile corpus must build, but the build stopped ({exc.code})")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("hostile")
    content, output = base / "content", base / "output"
    shutil.copytree(SPEC_CONTENT, content)
    write_corpus(content)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        mp.setenv("SITEURL", "")
        build(content, output)
    return output


# --------------------------------------------------------------------------- the inspector

# Elements that no page of this site has and content must never bring in.
FORBIDDEN_TAGS = {
    "iframe", "frame", "frameset", "object", "embed", "applet", "base", "style", "math",
    "foreignobject", "animate", "set", "handler", "portal", "fencedframe", "isindex",
    "template", "xmp", "plaintext", "listing",
}  # fmt: skip
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "data", "poster", "background", "cite", "longdesc",
    "xlink:href", "ping", "manifest", "codebase", "archive", "usemap", "icon", "lowsrc",
    "dynsrc", "classid", "profile",
}  # fmt: skip


def scheme(url: str) -> str | None:
    """A URL's scheme as a browser reads it: tabs and newlines dropped, C0 and spaces trimmed."""
    url = re.sub(r"[\t\n\r]", "", url).strip("".join(map(chr, range(0x21))))
    m = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", url)
    return m[1].lower() if m else None


def same_site(url: str) -> bool:
    """Root-relative ("/theme/js/x.js"), the only form the theme uses for its own files."""
    return url.startswith("/") and not url.startswith("//") and "\\" not in url


class Inspector(HTMLParser):
    """Collects what in a page could run script or send a visitor elsewhere unasked."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.faults: list[str] = []
        self.text: list[str] = []
        self.stack: list[str] = []
        self.script: list[str] | None = None
        self.script_type = ""
        self.in_head = False
        self.head_order: list[tuple[str, dict]] = []
        self.links: list[dict] = []

    def fault(self, message: str) -> None:
        self.faults.append(f"line {self.getpos()[0]}: {message}")

    def handle_starttag(self, tag: str, attrs) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "head":
            self.in_head = True
        if self.in_head:
            self.head_order.append((tag, a))
        if tag in FORBIDDEN_TAGS:
            self.fault(f"<{tag}> element")
        for name, value in a.items():
            if name.startswith("on"):
                self.fault(f"event handler {name}={value!r} on <{tag}>")
            elif name == "srcdoc":
                self.fault(f"srcdoc on <{tag}>")
            elif name in URL_ATTRIBUTES and scheme(value) not in (None, *PAGE_SCHEMES):
                self.fault(f"{name}={value!r} on <{tag}>")
            elif name in ("srcset", "imagesrcset"):
                for part in value.split(","):
                    if scheme(part.strip().split(" ")[0]) not in (None, *PAGE_SCHEMES):
                        self.fault(f"{name}={value!r} on <{tag}>")
            elif name == "style" and re.search(r"url\(|expression|javascript|@import", value, re.I):
                self.fault(f"style={value!r} on <{tag}>")
        if tag == "script":
            self.script, self.script_type = [], a.get("type", "").lower()
            if "src" in a and not same_site(a["src"]):
                self.fault(f"<script src={a['src']!r}> from another site")
        elif tag == "link" and "href" in a and "stylesheet" in a.get("rel", "").lower():
            if not same_site(a["href"]):
                self.fault(f"stylesheet from another site: {a['href']!r}")
        elif tag == "link" and not self.in_head:
            self.fault(f"<link> outside <head>: {a}")
        elif tag == "meta" and "http-equiv" in a:
            if a["http-equiv"].lower() != "content-security-policy" or not self.in_head:
                self.fault(f"<meta http-equiv={a['http-equiv']!r}>")
        elif tag == "form" and "action" in a and not same_site(a["action"]):
            self.fault(f"<form action={a['action']!r}>")
        elif tag == "input" and a.get("type", "").lower() == "password":
            self.fault("password field")
        elif tag == "a":
            self.links.append(a)
        if tag not in ("br", "img", "hr", "meta", "link", "input", "wbr", "source", "col"):
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
        if tag == "script":
            self.handle_endtag("script")

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False
        if tag == "script" and self.script is not None:
            code = "".join(self.script)
            if self.script_type == "application/ld+json":
                if re.search(r"</script|<!--", code, re.I):
                    self.fault(f"JSON-LD that HTML parsing can leave: {code[:80]!r}")
                try:
                    json.loads(code)
                except ValueError:
                    self.fault(f"JSON-LD that is not JSON: {code[:80]!r}")
            elif code.strip():
                self.fault(f"inline script: {code[:80]!r}")
            self.script = None
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script.append(data)
        elif "title" in self.stack or "head" not in self.stack:
            self.text.append(data)


def inspect(html: str) -> Inspector:
    inspector = Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector


def plain(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def pages(site) -> dict[str, tuple[str, Inspector]]:
    """Every HTML file of the site, by path: its source and what the inspector found."""
    found = {}
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        found[path.relative_to(site).as_posix()] = (html, inspect(html))
    return found


def item_pages() -> dict[int, dict[str, str]]:
    """Every vector's pages (paths in the output) by the vector's index, then "kind lang"."""
    urls, settings = Urls(), read_settings(str(ROOT / "pelican.conf.py"))
    pages: dict[int, dict[str, str]] = {}
    for i in range(N):
        s = slug(i)
        found = {
            f"{kind} {lang}": urls.save_as(kind, lang, s)
            for kind in ("event", "organization", "place")
            for lang in ("lv", "en")
        }
        found["page lv"] = settings["PAGE_SAVE_AS"].format(slug=f"lapa-{s}")
        found["page en"] = settings["PAGE_LANG_SAVE_AS"].format(lang="en", slug=f"lapa-{s}")
        found["news lv"] = settings["ARTICLE_SAVE_AS"].format(slug=f"zina-{s}")
        found["news en"] = settings["ARTICLE_LANG_SAVE_AS"].format(lang="en", slug=f"zina-{s}")
        pages[i] = found
    return pages


# --------------------------------------------------------------------------- the tests


def test_the_corpus_is_large_and_fits_every_field():
    assert len(VECTORS) >= 50
    assert len(set(VECTORS)) == len(VECTORS)
    assert max(len(v) for v in VECTORS) <= 100  # `price`, the shortest field, takes 100


@pytest.mark.parametrize("vector", VECTORS + MARKDOWN_VECTORS)
def test_a_markdown_body_is_sanitised_to_a_safe_subset(vector):
    html = markup.to_html(f"Teksts {vector} teksts.\n\n{vector}\n")
    found = inspect(html)
    assert found.faults == []
    for link in found.links:
        assert "noopener" in link.get("rel", "").split(), link
        assert scheme(link.get("href", "")) in (None, *SAFE_SCHEMES)
    # The calendar description is plain text made from the same safe HTML: a link in it is
    # "text (URL)", and only to http(s), mailto and tel.
    for url in re.findall(r"\(([A-Za-z]+:[^)\s]*)", markup.to_text(vector)):
        assert scheme(url) in SAFE_SCHEMES


def test_every_hostile_item_builds_and_its_page_shows_the_text(pages):
    missing, lost = [], []
    for i, paths in item_pages().items():
        for path in paths.values():
            if path not in pages:
                missing.append(path)
            elif plain(VECTORS[i]) not in plain("".join(pages[path][1].text)):
                lost.append(path)
    assert missing == []
    assert lost == [], "the hostile text must be shown as text, escaped, not lost"


def test_no_page_carries_markup_or_script_from_content(pages):
    faults = {}
    # Unescaped, a vector with "<" would stand in the source as written (sanitised bodies
    # escape "<" too; quotes they may leave as text, so those vectors can't be told apart).
    raw_vectors = [v for v in VECTORS if "<" in v]
    for path, (html, found) in pages.items():
        wrong = found.faults + [f"unescaped vector {v!r}" for v in raw_vectors if v in html]
        if wrong:
            faults[path] = wrong[:5]
    assert faults == {}


CSP_REQUIRED = {
    "default-src": {"'none'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
}


def csp_directives(policy: str) -> dict[str, set[str]]:
    out = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            out[words[0].lower()] = set(words[1:])
    return out


def test_every_page_has_a_strict_content_security_policy_first_in_head(pages):
    wrong = {}
    for rel, (_html, found) in pages.items():
        head = found.head_order
        at = [i for i, (tag, a) in enumerate(head) if tag == "meta" and "http-equiv" in a]
        if len(at) != 1:
            wrong[rel] = f"{len(at)} CSP meta elements"
            continue
        content = head[at[0]][1].get("content", "")
        policy = csp_directives(content)
        loads = [i for i, (tag, _) in enumerate(head) if tag in ("link", "script", "style", "base")]
        if loads and at[0] > loads[0]:
            # A policy applies only to what follows it in the document.
            wrong[rel] = "the policy must stand before any link, script or style"
        elif any(policy.get(k) != v for k, v in CSP_REQUIRED.items()):
            wrong[rel] = f"policy {content!r}"
        elif any("unsafe" in word for words in policy.values() for word in words):
            wrong[rel] = f"policy allows unsafe sources: {content!r}"
    assert wrong == {}


def test_links_to_other_sites_open_without_access_to_this_one(pages):
    settings = read_settings(str(ROOT / "pelican.conf.py"))
    own = {urlsplit(settings["SITEURL"]).hostname, settings["UID_DOMAIN"]}  # feeds' own host
    bare = set()
    for path, (_html, found) in pages.items():
        for link in found.links:
            href = link.get("href", "")
            host = urlsplit(href).hostname
            if host and host not in own and "noopener" not in link.get("rel", "").split():
                bare.add(f"{path}: <a href={href[:60]!r}>")
    assert sorted(bare)[:10] == []


def test_open_data_keeps_the_hostile_text_exactly(site):
    events = {e["slug"]: e for e in json.loads((site / "events.json").read_text("utf-8"))["events"]}
    orgs = json.loads((site / "organizations.json").read_text("utf-8"))["organizations"]
    orgs = {o["slug"]: o for o in orgs}
    for i, v in enumerate(VECTORS):
        assert events[slug(i)]["title"] == v
        assert orgs[slug(i)]["name"] == v
        assert orgs[slug(i)]["summary"] == v
        assert orgs[slug(i)]["email"] == HOSTILE_EMAIL


def test_clash_report_shows_external_text_as_text_and_links_only_to_the_web(site, pages):
    report = json.loads((site / "clashes.json").read_text("utf-8"))
    sides = [event for clash in report["clashes"] for event in clash["events"]]
    external = {event["title"] for event in sides if event["external"]}
    assert external == {VECTORS[i] for i in MAJOR}, "every external event clashes, as written"
    for event in sides:
        if event["external"]:
            assert event["url"] is None or scheme(event["url"]) in ("http", "https"), event
        else:  # our own pages: root-relative in a preview build (empty SITEURL)
            assert event["url"].startswith("/pasakumi/"), event
    for lang in ("lv", "en"):
        _html, found = pages[Urls().save_as("clashes", lang)]
        text = plain("".join(found.text))
        assert all(plain(VECTORS[i]) in text for i in MAJOR)
        assert found.faults == []


def test_calendar_feeds_hold_the_text_as_text(site):
    feeds = sorted(site.rglob("*.ics"))
    assert site / "calendar.ics" in feeds
    titles = set(VECTORS)
    seen = set()
    for feed in feeds:
        calendar = icalendar.Calendar.from_ical(feed.read_bytes())
        for component in calendar.walk():
            assert component.name in ("VCALENDAR", "VEVENT", "VTIMEZONE", "STANDARD", "DAYLIGHT")
            assert not any(key.startswith("X-INJECTED") for key in component), feed
            if component.name == "VEVENT":
                seen.add(str(component.get("SUMMARY")))
    assert titles <= seen, "every hostile title must be in a feed, exactly as written"


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_news_feed_escapes_titles_and_keeps_html_safe(site, lang):
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(site / Urls().save_as("news-feed", lang)).getroot()
    titles = set()
    for entry in feed.iter(f"{atom}entry"):
        titles.add(entry.findtext(f"{atom}title"))
        for part in ("summary", "content"):
            element = entry.find(f"{atom}{part}")
            if element is None:
                continue
            # type="html" is HTML that feed readers render: it must be as safe as a page.
            html = (element.text or "") if element.get("type") == "html" else ""
            assert inspect(html).faults == [], (part, html)
            assert not re.search(r"<script|onerror=|onload=", html, re.I), (part, html)
    assert set(VECTORS) <= titles, "news titles must reach the feed as written"


def chromium_paths() -> list[str]:
    """Pages to open: every vector in both ways a body is rendered, languages in turn.

    Every page is inspected above; the browser is there for what only a real parser shows
    (mutation XSS). A body reaches a page through the site's Markdown filter (events,
    organisations) or through Pelican (pages, news): each vector is opened once in each, and
    organisation and place pages (only more escaped text) for a third and a sixth of them.
    """
    urls, paths = Urls(), []
    for i, pages in item_pages().items():
        lang, other = ("lv", "en") if i % 2 == 0 else ("en", "lv")
        paths.append(pages[f"event {lang}"])
        paths.append(pages[f"page {lang}"] if i % 4 < 2 else pages[f"news {lang}"])
        if i % 3 == 0:
            paths.append(pages[f"organization {other}"])
        if i % 6 == 0:
            paths.append(pages[f"place {lang}"])
    # Listings show every hostile title, summary and term at once.
    kinds = ("home", "events", "organizations", "places", "partners", "news", "calendar", "clashes")
    for kind in kinds:
        paths += [urls.save_as(kind, "lv"), urls.save_as(kind, "en")]
    return paths


def test_no_script_from_content_runs_in_chromium(site, pages, tmp_path):
    from support.quality import Browser, serve

    paths = chromium_paths()
    assert set(paths) <= pages.keys()
    # The control: the same page with one vector left unescaped must be caught.
    html = pages[paths[0]][0]
    control = tmp_path / "index.html"
    control.write_text(html.replace("</h1>", "</h1><img src=x onerror=alert(1)>", 1), "utf-8")
    reports = {}
    with Browser() as browser:
        with serve(tmp_path) as base:
            assert browser.hostile_activity(base, settle=0.05) != []
        with serve(site) as base:
            for path in paths:
                url = base + path.removesuffix("index.html")
                if found := browser.hostile_activity(url, settle=0.05):
                    reports[path] = found[:3]
    assert reports == {}
