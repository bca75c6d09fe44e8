"""The quality-gate harness itself (tests/support/quality.py), on small pages written here.

Each check is shown to pass a good page and to catch a bad one: a gate that can only say "pass"
would be worse than none. Nothing here is skipped: a missing tool fails the run, with a hint to
run scripts/install_test_tools.sh.
"""

from __future__ import annotations

import struct
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.quality import Browser, nu_check, serve


def page(title: str, body: str, head: str = "") -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n{head}</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


# Valid HTML and accessible by WCAG 2.1 AA: the baseline that every check must pass.
GOOD = page(
    "Good page",
    '<header><a href="/">Home</a></header>\n'
    '<main>\n<h1>Events</h1>\n<p style="color: #222; margin: 0 0 1em">Readable text.</p>\n'
    '<form action="/search/">\n<label for="q">Search</label>\n<input id="q" name="q">\n'
    "<button>Find</button>\n</form>\n</main>",
    head='<link rel="stylesheet" href="/css/site.css">\n',
)
SITE_CSS = "body { font-family: sans-serif; color: #111; background: #fff; }\n"

PAGES = {
    "index.html": GOOD,
    "events/index.html": GOOD.replace("Good page", "Events"),
    # Accessibility faults: an input without a label, and #aaa text on white (2.3:1 < 4.5:1).
    "inaccessible.html": page(
        "Inaccessible",
        '<main><h1>Join</h1><p style="color: #aaa">Faint text</p>'
        '<input type="text" name="email"></main>',
    ),
    # The <input> exists only for visitors without JavaScript; with it, script adds a labelled
    # one. axe must see whichever the browser really shows.
    "noscript.html": page(
        "No script",
        '<main><h1>Form</h1><noscript><input type="text" name="nojs"></noscript>\n'
        "<script>document.querySelector('main').insertAdjacentHTML('beforeend',"
        " '<label>With JS <input name=\"js\"></label>');</script></main>",
    ),
    "script-added-fault.html": page(
        "Script fault",
        "<main><h1>Form</h1><script>document.querySelector('main')"
        ".insertAdjacentHTML('beforeend', '<input name=\"added\">');</script></main>",
    ),
    "xss-script.html": page("XSS", "<main><h1>Hi</h1><script>alert(1)</script></main>"),
    "xss-onerror.html": page(
        "XSS", '<main><h1>Hi</h1><img src="/missing.png" alt="" onerror="alert(\'img\')"></main>'
    ),
    "xss-timer.html": page(
        "XSS", "<main><h1>Hi</h1><script>setTimeout(() => confirm('late'), 150)</script></main>"
    ),
    # Script inside a sandboxed srcdoc frame: the hook must reach frames, not only the top page.
    "xss-frame.html": page(
        "XSS",
        '<main><h1>Hi</h1><iframe title="t" sandbox="allow-scripts allow-modals" '
        "srcdoc=\"<script>prompt('framed')</script>\"></iframe></main>",
    ),
    "quiet-script.html": page(
        "Quiet", "<main><h1>Hi</h1><script>document.title = 'Changed';</script></main>"
    ),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    for name, html in PAGES.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    (root / "css").mkdir()
    (root / "css" / "site.css").write_text(SITE_CSS, encoding="utf-8")
    (root / "no-index").mkdir()
    (root / "no-index" / "notes.txt").write_text("x", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with Browser() as b:
        yield b


@pytest.fixture(scope="module")
def browser_no_js() -> Iterator[Browser]:
    with Browser(javascript=False) as b:
        yield b


def fetch(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], ""


# --------------------------------------------------------------------------- serve()


def test_serve_resolves_root_relative_paths_folders_and_404(base: str) -> None:
    assert base.startswith("http://127.0.0.1:") and base.endswith("/")
    status, kind, body = fetch(base)
    assert (status, kind) == (200, "text/html; charset=utf-8") and "<h1>Events</h1>" in body
    assert fetch(base + "css/site.css")[:2] == (200, "text/css; charset=utf-8")
    status, _, body = fetch(base + "events/")
    assert status == 200 and "<title>Events</title>" in body
    assert fetch(base + "nothing-here.html")[0] == 404
    # A folder without index.html is a 404 as on a static host, not a directory listing.
    assert fetch(base + "no-index/")[0] == 404


def test_serve_adds_headers_and_stops_afterwards(site: Path) -> None:
    csp = {"Content-Security-Policy": "default-src 'self'"}
    with serve(site, headers=csp) as url, urllib.request.urlopen(url, timeout=10) as response:
        assert response.headers["Content-Security-Policy"] == "default-src 'self'"
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url, timeout=2)


# --------------------------------------------------------------------------- nu_check()


def test_nu_check_passes_valid_pages_and_reports_each_error_with_position(tmp_path: Path) -> None:
    good = tmp_path / "good.html"
    good.write_text(GOOD, encoding="utf-8")
    bad = tmp_path / "bad page.html"  # a space: vnu reports it URL-encoded, shown as given
    bad.write_text(
        page(
            "Bad",
            '<main>\n<h1 id="x">Title</h1>\n<p id="x">Twice the same id</p>\n'
            "<p><div>block in paragraph</div></p>\n"
            '<p style="color: notacolor">Bad inline CSS</p>\n</main>',
        ),
        encoding="utf-8",
    )
    css = tmp_path / "site.css"
    css.write_text("p { colr: red; }\n", encoding="utf-8")

    # One Java process for all files (its start-up is most of the time). Every line names a bad
    # file as given: none is for the valid page.
    errors = nu_check([good, bad, css])
    assert errors and all(e.startswith((f"{bad}:", f"{css}:")) for e in errors), errors
    assert f"{bad}:10:1: Duplicate ID “x”." in errors
    assert any(e.startswith(f"{bad}:11:") and "No “p” element in scope" in e for e in errors)
    # CSS is checked inside style attributes of pages and in .css files.
    assert any(
        e.startswith(f"{bad}:12:") and "“notacolor” is not a “color” value" in e for e in errors
    )
    assert any(e.startswith(f"{css}:1:") and "Property “colr” doesn't exist" in e for e in errors)


def test_nu_check_refuses_inputs_it_would_not_really_check(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no files"):
        nu_check([])
    # vnu is silent about a path that does not exist: that must not read as "valid".
    with pytest.raises(FileNotFoundError, match=r"gone\.html"):
        nu_check([tmp_path / "gone.html"])
    notes = tmp_path / "notes.txt"
    notes.write_text("plain text", encoding="utf-8")
    with pytest.raises(ValueError, match=r"notes\.txt"):
        nu_check([notes])


# --------------------------------------------------------------------------- Browser.axe()


def test_axe_passes_an_accessible_page(browser: Browser, base: str) -> None:
    assert browser.axe(base) == []


def test_axe_reports_missing_label_and_low_contrast(browser: Browser, base: str) -> None:
    violations = browser.axe(base + "inaccessible.html")
    assert (
        "color-contrast: serious: p: Elements must meet minimum color contrast ratio thresholds"
        in violations
    ), violations
    assert any(v.startswith("label: critical: input") for v in violations), violations
    # Also at a phone's width, where the same faults remain.
    assert {v.split(":")[0] for v in browser.axe(base + "inaccessible.html", width=390)} == {
        "color-contrast",
        "label",
    }


def test_axe_sees_what_the_browser_shows_with_and_without_javascript(
    browser: Browser, browser_no_js: Browser, base: str
) -> None:
    # With JavaScript: the script-added unlabelled input is caught; <noscript> content is not
    # part of the page.
    assert browser.axe(base + "noscript.html") == []
    assert [v.split(":")[0] for v in browser.axe(base + "script-added-fault.html")] == ["label"]
    # Without: the <noscript> input appears and is caught; the script never adds its input.
    assert [v.split(":")[0] for v in browser_no_js.axe(base + "noscript.html")] == ["label"]
    assert browser_no_js.axe(base + "script-added-fault.html") == []
    assert browser_no_js.axe(base) == []


# --------------------------------------------------------------------------- hostile_activity()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("xss-script.html", 'alert("1") in '),
        ("xss-onerror.html", 'alert("img") in '),
        ("xss-timer.html", 'confirm("late") in '),
        ("xss-frame.html", 'prompt("framed") in about:srcdoc'),
    ],
)
def test_hostile_activity_reports_dialogs(
    browser: Browser, base: str, name: str, expected: str
) -> None:
    found = browser.hostile_activity(base + name)
    assert len(found) == 1 and found[0].startswith(expected), found


def test_hostile_activity_is_empty_for_pages_whose_scripts_open_nothing(
    browser: Browser, base: str
) -> None:
    assert browser.hostile_activity(base) == []
    assert browser.hostile_activity(base + "quiet-script.html") == []
    # The page's own script did run: silence above is not a browser with scripts off.
    assert browser.driver.title == "Changed"


def test_hostile_activity_reports_script_blocked_by_csp(browser: Browser, site: Path) -> None:
    with serve(site, headers={"Content-Security-Policy": "script-src 'self'"}) as url:
        found = browser.hostile_activity(url + "xss-script.html")
        assert len(found) == 1 and found[0].startswith("CSP blocked inline (script-src-elem)")
        assert browser.hostile_activity(url + "xss-script.html", csp=False) == []


def test_hostile_activity_catches_a_real_dialog_that_escaped_the_hook(base: str) -> None:
    # Without the hook a real dialog opens, as it would if a payload got around it; it must still
    # be reported, and accepted so that the browser stays usable.
    class Unhooked(Browser):
        _hook_source = ""

    with Unhooked() as bare:
        assert bare.hostile_activity(base + "xss-script.html") == ["real dialog opened: '1'"]
        assert bare.hostile_activity(base) == []


def test_scripts_do_not_run_with_javascript_disabled(browser_no_js: Browser, base: str) -> None:
    assert browser_no_js.hostile_activity(base + "xss-script.html") == []
    browser_no_js.driver.get(base + "quiet-script.html")
    assert browser_no_js.driver.title == "Quiet"


# --------------------------------------------------------------------------- screenshot()


@pytest.mark.parametrize("width", [390, 1280])
def test_screenshot_writes_a_png_of_the_requested_width(
    browser: Browser, base: str, tmp_path: Path, width: int
) -> None:
    shot = browser.screenshot(base, tmp_path / "shots" / f"home-{width}.png", width=width)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    png_width, png_height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    assert png_width == width and png_height > 100
