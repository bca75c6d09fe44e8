"""scripts/fetch_calendars.py against calendars served from 127.0.0.1.

The last good copy must survive every kind of failure: a server error, an HTML error page
served with 200, an empty calendar, a redirect away from HTTP, a timeout, a refused
connection, and a crash while writing.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

import fetch_calendars as script

GOOD = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Pasvaldiba//LV\r\n"
    b"BEGIN:VEVENT\r\nUID:a@x\r\nDTSTAMP:20261101T000000Z\r\nSUMMARY:Koncerts\r\n"
    b"DTSTART;TZID=Europe/Riga:20270306T180000\r\nDTEND;TZID=Europe/Riga:20270306T200000\r\n"
    b"END:VEVENT\r\nEND:VCALENDAR\r\n"
)
NEWER = GOOD.replace(b"SUMMARY:Koncerts", b"SUMMARY:Lielais koncerts")
EMPTY = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Pasvaldiba//LV\r\nEND:VCALENDAR\r\n"
BROKEN = GOOD.replace(b"DTEND;TZID=Europe/Riga:20270306T200000", b"DTEND:20270306T100000Z")
HTML = b"<!DOCTYPE html><html><body>Lapa nav atrasta</body></html>"


class Handler(BaseHTTPRequestHandler):
    routes: ClassVar[dict] = {}  # path -> (status, headers, body), set by the fixture

    def do_GET(self):
        status, headers, body = self.routes.get(self.path, (404, {}, b"not found"))
        if status == "slow":
            time.sleep(1.5)
            status = 200
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture
def server() -> Iterator[str]:
    Handler.routes = {
        "/good.ics": (200, {"Content-Type": "text/calendar"}, GOOD),
        "/newer.ics": (200, {"Content-Type": "text/calendar"}, NEWER),
        "/empty.ics": (200, {}, EMPTY),
        "/broken.ics": (200, {}, BROKEN),
        "/html.ics": (200, {"Content-Type": "text/html"}, HTML),
        "/error.ics": (500, {}, b"server error"),
        "/moved.ics": (302, {"Location": "/newer.ics"}, b""),
        "/file.ics": (302, {"Location": "file:///etc/passwd"}, b""),
        "/slow.ics": ("slow", {}, NEWER),
    }
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(autouse=True)
def build_now(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")  # 2026-12-01


def calendar(root: Path, slug: str, url: str | None, copy: bytes | None = GOOD) -> Path:
    folder = root / "external"
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f"name: Kalendārs {slug}", "major: true"] + ([f"url: {url}"] if url else [])
    (folder / f"{slug}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ics = folder / f"{slug}.ics"
    if copy is not None:
        ics.write_bytes(copy)
    return ics


def fetch(root: Path, capsys, *extra: str) -> tuple[int, str, str]:
    code = script.main([str(root), "--timeout", "1", *extra])
    out, err = capsys.readouterr()
    return code, out, err


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "external").iterdir() if p.name.startswith("."))


def test_a_newer_calendar_replaces_the_copy(tmp_path, server, capsys):
    ics = calendar(tmp_path, "pasvaldiba", f"{server}/newer.ics")
    code, out, err = fetch(tmp_path, capsys)
    assert (code, err) == (0, "")
    assert out == "external/pasvaldiba.ics: atjaunots / refreshed\n"
    assert ics.read_bytes() == NEWER
    assert oct(ics.stat().st_mode & 0o777) == "0o644"
    assert leftovers(tmp_path) == []


def test_a_first_download_creates_the_copy(tmp_path, server, capsys):
    ics = calendar(tmp_path, "jauns", f"{server}/good.ics", copy=None)
    assert fetch(tmp_path, capsys)[0] == 0
    assert ics.read_bytes() == GOOD


def test_an_unchanged_calendar_is_not_rewritten(tmp_path, server, capsys):
    ics = calendar(tmp_path, "pasvaldiba", f"{server}/good.ics")
    os.utime(ics, (1_000_000, 1_000_000))
    code, out, _err = fetch(tmp_path, capsys)
    assert code == 0
    assert "nav mainījies / unchanged" in out
    assert ics.stat().st_mtime == 1_000_000


def test_redirects_to_http_are_followed(tmp_path, server, capsys):
    ics = calendar(tmp_path, "pasvaldiba", f"{server}/moved.ics")
    assert fetch(tmp_path, capsys)[0] == 0
    assert ics.read_bytes() == NEWER


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        ("/error.ics", "serveris atbildēja 500"),
        ("/missing.ics", "serveris atbildēja 404"),
        ("/html.ics", "HTML lapa"),
        ("/broken.ics", "DTEND: beigas (DTEND) ir pirms sākuma"),
        ("/empty.ics", "nav neviena pasākuma"),
        ("/file.ics", "pāradresē uz ne-HTTP adresi"),
        ("/slow.ics", "lejupielāde neizdevās"),
    ],
)
def test_the_last_good_copy_is_kept(tmp_path, server, capsys, route, reason):
    ics = calendar(tmp_path, "pasvaldiba", f"{server}{route}")
    code, out, err = fetch(tmp_path, capsys)
    assert code == 1
    assert out == ""
    assert err.startswith("external/pasvaldiba.ics: ")
    assert reason in err
    assert err.rstrip().endswith("iepriekšējā kopija saglabāta / last copy kept")
    assert ics.read_bytes() == GOOD
    assert leftovers(tmp_path) == []


def test_a_refused_connection_keeps_the_copy(tmp_path, capsys):
    # Port 9 (discard) on localhost: nothing listens there in a test environment.
    ics = calendar(tmp_path, "pasvaldiba", "http://127.0.0.1:9/kalendars.ics")
    code, _out, err = fetch(tmp_path, capsys)
    assert code == 1
    assert "lejupielāde neizdevās / download failed" in err
    assert ics.read_bytes() == GOOD


def test_one_failure_does_not_stop_the_others(tmp_path, server, capsys):
    failing = calendar(tmp_path, "a-pasvaldiba", f"{server}/error.ics")
    refreshed = calendar(tmp_path, "b-biblioteka", f"{server}/newer.ics")
    without_url = calendar(tmp_path, "c-bez-adreses", None)
    code, out, err = fetch(tmp_path, capsys)
    assert code == 1
    assert out.splitlines() == [
        "external/b-biblioteka.ics: atjaunots / refreshed",
        "external/c-bez-adreses.ics: nav url, izlaists / no url, skipped",
    ]
    assert err.startswith("external/a-pasvaldiba.ics: serveris atbildēja 500")
    assert (failing.read_bytes(), refreshed.read_bytes(), without_url.read_bytes()) == (
        GOOD,
        NEWER,
        GOOD,
    )


def test_an_invalid_yaml_is_reported_not_fetched(tmp_path, server, capsys):
    ics = calendar(tmp_path, "pasvaldiba", f"{server}/newer.ics")
    (tmp_path / "external" / "pasvaldiba.yaml").write_text(
        f"name: X\nurl: {server}/newer.ics\nmajr: true\n", encoding="utf-8"
    )
    code, _out, err = fetch(tmp_path, capsys)
    assert code == 1
    assert "external/pasvaldiba.yaml:3: majr: nezināms lauks" in err
    assert ics.read_bytes() == GOOD


def test_a_crash_while_writing_leaves_the_old_copy_and_no_temporary_file(tmp_path, monkeypatch):
    ics = calendar(tmp_path, "pasvaldiba", None)

    def fail(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(script.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        script.write_atomically(ics, NEWER)
    assert ics.read_bytes() == GOOD
    assert leftovers(tmp_path) == []


def test_a_missing_content_folder(tmp_path, capsys):
    code, _out, err = fetch(tmp_path / "nav", capsys)
    assert code == 2
    assert "satura mape nav atrasta" in err
