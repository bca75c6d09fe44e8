"""Quality-gate harness for the test suite: serve a built site, validate its HTML with the Nu HTML
Checker, run axe-core in real headless Chromium, and catch script execution (for XSS tests).

Plain functions and classes, no pytest fixtures, so any test module can build its own fixtures on
top. Every tool is a local install made by scripts/install_test_tools.sh (Debian's chromium and
chromium-driver, a Java runtime, the npm packages pinned in scripts/qa/); nothing is downloaded
at run time, because the machines that run the tests reach no network but package registries.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import http.server
import json
import math
import shutil
import socketserver
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

from selenium import webdriver
from selenium.common.exceptions import (
    NoAlertPresentException,
    UnexpectedAlertPresentException,
)
from selenium.webdriver.chrome.service import Service

REPO_ROOT = Path(__file__).resolve().parents[2]
QA_MODULES = REPO_ROOT / "scripts" / "qa" / "node_modules"
VNU_JAR = QA_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = QA_MODULES / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

WCAG_AA_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


def _tool(path: Path) -> Path:
    # A missing tool must fail loudly (the gate never skips); say how to get it.
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: run scripts/install_test_tools.sh")
    return path


# --------------------------------------------------------------------------- static server


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    # Fixed types instead of mimetypes' guesses, which read /etc/mime.types and so differ between
    # machines; charset as a static host sends it.
    extensions_map = {  # noqa: RUF012 (the base class declares it as a plain class dict)
        ".html": "text/html; charset=utf-8",
        ".htm": "text/html; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".js": "text/javascript; charset=utf-8",
        ".mjs": "text/javascript; charset=utf-8",
        ".json": "application/json",
        ".xml": "application/xml",
        ".ics": "text/calendar; charset=utf-8",
        ".svg": "image/svg+xml",
        ".png": "image/png",
        ".jpg": "image/jpeg",
        ".jpeg": "image/jpeg",
        ".webp": "image/webp",
        ".ico": "image/vnd.microsoft.icon",
        ".woff2": "font/woff2",
        ".txt": "text/plain; charset=utf-8",
        ".webmanifest": "application/manifest+json",
    }
    extra_headers: dict[str, str] = {}  # noqa: RUF012 (replaced per server by serve())

    def list_directory(self, path: str) -> None:
        # A static host answers a folder without index.html with 404, not a listing; a listing
        # here would hide a page that the build forgot to write.
        self.send_error(404, "No index.html in this folder")

    def end_headers(self) -> None:
        # no-store: a test that rewrites a page within the same second must not get a 304 for it.
        self.send_header("Cache-Control", "no-store")
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        # One line per request on stderr would bury the test output.
        pass


class _SiteServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls socket.getfqdn(), a reverse DNS look-up that can stall for
        # seconds on a machine without DNS; the name is never used here.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]


@contextlib.contextmanager
def serve(directory: str | Path, *, headers: dict[str, str] | None = None) -> Iterator[str]:
    """Serve a built site folder on 127.0.0.1 at a free port; yield its base URL ('http://…/').

    Root-relative links resolve as on the real host, a folder URL serves its index.html, anything
    else is 404. `headers` are added to every response, e.g. the Content-Security-Policy that the
    production host sends, so that pages are tested under the same policy.
    """
    root = Path(directory)
    if not root.is_dir():
        raise NotADirectoryError(f"not a folder to serve: {root}")
    handler = type("_Handler", (_SiteHandler,), {"extra_headers": dict(headers or {})})
    server = _SiteServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, name=f"serve {root}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# --------------------------------------------------------------------------- Nu HTML Checker

# Kinds vnu knows by file name when told to; any other file it would check as HTML and report
# nonsense for (a .css file gets "no doctype" errors), so other names are refused up front.
_NU_SUFFIXES = {".html", ".htm", ".xhtml", ".css", ".svg"}


def nu_check(paths: Sequence[str | Path], *, timeout: float = 600) -> list[str]:
    """Validate files with the Nu HTML Checker in one Java process; one line per error.

    Lines read 'file:line:col: message' with `file` as the caller gave it; [] means valid. Only
    errors are reported (warnings and info are not), and every one of them: no filter. CSS in
    <style> elements and style attributes is checked as part of each page (vnu does that by
    default); .css and .svg files given here are checked as CSS and SVG.
    """
    files = [Path(p) for p in paths]
    if not files:
        # An empty list would pass without checking anything, e.g. after a glob that matched
        # nothing because the build wrote its pages elsewhere.
        raise ValueError("nu_check() got no files to check")
    missing = [str(p) for p in files if not p.is_file()]
    if missing:
        # vnu says nothing at all about a path that does not exist: it must not count as valid.
        raise FileNotFoundError(f"nu_check(): no such file: {', '.join(missing)}")
    odd = [str(p) for p in files if p.suffix.lower() not in _NU_SUFFIXES]
    if odd:
        raise ValueError(f"nu_check() checks only {sorted(_NU_SUFFIXES)} files, not: {odd}")
    java = shutil.which("java")
    if java is None:
        raise FileNotFoundError("java is not on PATH: run scripts/install_test_tools.sh")

    shown = {p.resolve(): str(p) for p in files}
    command = [
        java,
        # vnu's README: deeply nested documents can overflow the default thread stack.
        "-Xss16m",
        # The quick JIT only: on two busy cores the optimising one costs more than it saves in a
        # run this short (measured: 10 pages 6 s instead of 11-15 s, all 98 of a build 9-11 s
        # instead of 20 s).
        "-XX:TieredStopAtLevel=1",
        "-jar",
        str(_tool(VNU_JAR)),
        "--format",
        "json",
        "--errors-only",
        # JSON on stdout, so that anything the JVM itself prints on stderr cannot corrupt it.
        "--stdout",
        "--also-check-css",
        "--also-check-svg",
        # Language detection yields only warnings, which --errors-only drops anyway, and costs
        # seconds of start-up; a missing html[lang] is still an axe violation (html-has-lang).
        "--no-langdetect",
        # Absolute paths: a relative one starting with '-' would be read as an option.
        *(str(p.resolve()) for p in files),
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, encoding="utf-8", timeout=timeout, check=False
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise RuntimeError(
            f"vnu gave no JSON report (exit {result.returncode}):\n{result.stderr[-4000:]}"
        ) from None

    errors: list[str] = []
    for message in report.get("messages", []):
        if message.get("type") == "info":  # warnings arrive as info; --errors-only drops them
            continue
        url = message.get("url", "")
        shown_file = shown.get(Path(unquote(urlsplit(url).path)).resolve(), url or "?")
        text = " ".join(str(message.get("message", "")).split())
        if message.get("type") == "non-document-error":
            errors.append(f"{shown_file}: vnu could not check it: {text}")
            continue
        line = message.get("firstLine", message.get("lastLine"))
        column = message.get("firstColumn", message.get("lastColumn"))
        where = ":".join(str(n) for n in (line, column) if n is not None)
        errors.append(f"{shown_file}:{where}: {text}" if where else f"{shown_file}: {text}")
    if result.returncode not in (0, 1) or (result.returncode == 1 and not errors):
        # Exit 1 means "errors found"; anything else, or 1 without any error, is vnu failing.
        raise RuntimeError(f"vnu failed (exit {result.returncode}):\n{result.stderr[-4000:]}")
    return errors


# --------------------------------------------------------------------------- headless Chromium

_CHROMIUM_FLAGS = (
    "--headless",
    # CI and the developers' machines run as root, where Chromium's sandbox refuses to start.
    "--no-sandbox",
    "--disable-gpu",
    # The closed network refuses Chromium's own background connections, many at a time: these
    # keep it from trying (and from stalling page loads on them).
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    # Containers often have a small /dev/shm, where Chromium's renderers crash.
    "--disable-dev-shm-usage",
    # Keep every frame in the page's own process, cross-site or sandboxed ones included: the
    # hook below is installed per process target, and a dialog in an out-of-process frame would
    # escape it and hang ChromeDriver's page load. Harmless here: only local test pages load.
    "--disable-site-isolation-trials",
    "--disable-features=IsolateOrigins,site-per-process,IsolateSandboxedIframes",
    # Same colours on every machine for screenshots.
    "--force-color-profile=srgb",
)

# Runs in every frame before any page script (Page.addScriptToEvaluateOnNewDocument). Replaces
# the functions that open dialogs or windows with recorders, so that injected script is caught
# without a real dialog blocking the page, and records CSP violations. Frames report to the top
# window by postMessage, which works across origins (data: and sandboxed frames included).
_HOOK_JS = r"""
(() => {
  if (Object.prototype.hasOwnProperty.call(window, "__qualityGate")) return;
  const log = [];
  Object.defineProperty(window, "__qualityGate", { value: log });
  const here = () => { try { return String(location.href); } catch (e) { return "?"; } };
  const show = (v) => { try { return JSON.stringify(String(v)); } catch (e) { return "?"; } };
  const record = (entry) => {
    log.push(entry);
    if (window.top !== window) {
      try { window.top.postMessage({ __qualityGate: entry }, "*"); } catch (e) {}
    }
  };
  const answers = { alert: undefined, confirm: false, prompt: null, print: undefined, open: null };
  for (const name of Object.keys(answers)) {
    window[name] = function (...args) {
      record({ kind: "call", text: `${name}(${args.map(show).join(", ")}) in ${here()}` });
      return answers[name];
    };
  }
  window.addEventListener("message", (event) => {
    const entry = event.data && event.data.__qualityGate;
    if (window.top === window && entry && typeof entry.text === "string") log.push(entry);
  });
  document.addEventListener("securitypolicyviolation", (e) => {
    const at = `${e.sourceFile || here()}:${e.lineNumber}`;
    const blocked = e.blockedURI || "?";
    record({ kind: "csp", text: `CSP blocked ${blocked} (${e.effectiveDirective}) at ${at}` });
  });
})();
"""

# Run before axe.min.js is put in a page loaded with JavaScript off. Chromium then runs no timer
# callbacks, and axe yields through setTimeout (keeping the function it finds at load time), so
# it would never finish. Promise reactions still run (queueMicrotask callbacks do not), so short
# timers become promise callbacks; long ones (only axe's give-up timeouts, for frames that never
# answer) never fire, which is why frames are skipped then.
_AXE_PRELUDE_NO_JS = r"""
window.__qualityGateTimers = { setTimeout: window.setTimeout, clearTimeout: window.clearTimeout };
window.setTimeout = (fn, ms, ...args) => {
  if (!(ms > 100)) Promise.resolve().then(() => fn(...args));
  return 0;
};
window.clearTimeout = () => {};
// axe takes <noscript> for hidden, as it must be where axe itself runs as a page script; with
// JavaScript off its content is what the visitor sees, so it is swapped for a stand-in element
// laid out the same way.
for (const old of document.body.querySelectorAll("noscript")) {
  const standIn = document.createElement("qa-noscript");
  for (const attribute of old.attributes) standIn.setAttribute(attribute.name, attribute.value);
  standIn.style.display = getComputedStyle(old).display;
  standIn.append(...old.childNodes);
  old.replaceWith(standIn);
}
"""

# Run with execute_async_script once axe.min.js is in the page.
_AXE_RUN_JS = r"""
const [tags, scripting, done] = arguments;
const restore = () => {
  if (window.__qualityGateTimers) Object.assign(window, window.__qualityGateTimers);
};
axe.run(document, {
  runOnly: { type: "tag", values: tags },
  resultTypes: ["violations"],
  iframes: scripting,
}).then((results) => {
  restore();
  done({ violations: results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target, impact: n.impact })),
  })) });
}, (error) => {
  restore();
  done({ error: String((error && error.stack) || error) });
});
"""


def _selector(target: list[Any]) -> str:
    # axe gives one entry per frame level; an entry that is itself a list is a path through
    # shadow roots.
    parts = [" >>> ".join(t) if isinstance(t, list) else str(t) for t in target]
    return " >> ".join(parts)


class Browser:
    """Headless Debian Chromium driven by Debian's ChromeDriver through Selenium.

    Use as a context manager; one browser serves many pages (starting one takes ~2 s). With
    `javascript=False` page scripts never run (and <noscript> content shows), for checking what
    a visitor without JavaScript gets; axe still runs then.
    """

    # The dialog hook, a class attribute so that a test can prove that real dialogs are still
    # caught when a page gets past it.
    _hook_source = _HOOK_JS

    def __init__(self, *, javascript: bool = True, width: int = 1280, height: int = 900) -> None:
        self.javascript = javascript
        self.width = width
        self.height = height
        self._driver: webdriver.Chrome | None = None
        self._profile: str | None = None
        self._emulated_width: int | None = None
        self._axe_source: str | None = None

    # -- lifecycle

    def __enter__(self) -> Browser:
        _tool(CHROMIUM)
        _tool(CHROMEDRIVER)
        # A fresh profile each time: no cache, cookies or service workers from an earlier run.
        self._profile = tempfile.mkdtemp(prefix="qa-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for flag in _CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={self._profile}")
        options.add_argument(f"--window-size={self.width},{self.height}")
        # Leave a real dialog open instead of auto-dismissing it, so hostile_activity() can read
        # it: it is the evidence.
        options.unhandled_prompt_behavior = "ignore"
        if not self.javascript:
            # The content setting, as a visitor's own "JavaScript off", also makes <noscript> show.
            options.add_experimental_option(
                "prefs", {"profile.managed_default_content_settings.javascript": 2}
            )
        # An explicit driver path makes Selenium skip Selenium Manager, which would otherwise try
        # to download a driver or browser from the internet.
        service = Service(executable_path=str(CHROMEDRIVER), log_output=subprocess.DEVNULL)
        try:
            self._driver = webdriver.Chrome(options=options, service=service)
            self._driver.set_page_load_timeout(30)
            self._driver.set_script_timeout(60)
            if self._hook_source:
                self._driver.execute_cdp_cmd(
                    "Page.addScriptToEvaluateOnNewDocument", {"source": self._hook_source}
                )
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._driver is not None:
            with contextlib.suppress(Exception):  # the browser may already be gone
                self._driver.quit()
            self._driver = None
        if self._profile is not None:
            shutil.rmtree(self._profile, ignore_errors=True)
            self._profile = None

    @property
    def driver(self) -> webdriver.Chrome:
        """The Selenium driver, for tests that need more than these helpers (keyboard, clicks)."""
        if self._driver is None:
            raise RuntimeError("Browser is not started: use it as `with Browser() as b:`")
        return self._driver

    # -- helpers

    def _set_width(self, width: int | None) -> None:
        driver = self.driver
        if width is None or width == self.width:
            if self._emulated_width is not None:
                driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
                self._emulated_width = None
            return
        if width != self._emulated_width:
            # A narrow width is a phone: mobile emulation applies <meta name=viewport> as a phone
            # would; the height is an ordinary phone's.
            mobile = width < 600
            driver.execute_cdp_cmd(
                "Emulation.setDeviceMetricsOverride",
                {
                    "width": width,
                    "height": 844 if mobile else self.height,
                    "deviceScaleFactor": 1,
                    "mobile": mobile,
                },
            )
            self._emulated_width = width

    def _load(self, url: str, width: int | None = None) -> None:
        # The width is set before loading, so media queries and scripts see it from the start.
        self._set_width(width)
        self.driver.get(url)

    # -- checks

    def axe(
        self, url: str, *, tags: Sequence[str] = WCAG_AA_TAGS, width: int | None = None
    ) -> list[str]:
        """Run axe-core on the page; one line per failing element: 'rule: impact: selector: help'.

        [] means no violation of the rules with those tags. Items that axe cannot decide
        ("incomplete", e.g. contrast over a background image) are not reported.
        """
        if not tags:
            raise ValueError("axe() needs at least one rule tag")
        if self._axe_source is None:
            self._axe_source = _tool(AXE_JS).read_text(encoding="utf-8")
        self._load(url, width)
        driver = self.driver
        # Shadowed so that a page's AMD or CommonJS loader cannot capture axe as a module.
        prelude = "" if self.javascript else _AXE_PRELUDE_NO_JS
        driver.execute_script(f"var define, module, exports;\n{prelude}\n{self._axe_source}")
        outcome = driver.execute_async_script(_AXE_RUN_JS, list(tags), self.javascript)
        if "error" in outcome:
            raise RuntimeError(f"axe failed on {url}: {outcome['error']}")
        lines = []
        for rule in outcome["violations"]:
            for node in rule["nodes"]:
                impact = node.get("impact") or rule.get("impact") or "unknown"
                lines.append(f"{rule['id']}: {impact}: {_selector(node['target'])}: {rule['help']}")
        return lines

    def hostile_activity(self, url: str, *, settle: float = 0.5, csp: bool = True) -> list[str]:
        """Load the page and report any sign that script ran which should not have.

        Reports alert/confirm/prompt/print/open calls from the page or any of its frames, any
        real JavaScript dialog that opened anyway, and (with `csp`) every Content-Security-Policy
        violation, since a blocked inline script means markup got through unescaped. The page is
        left alone for `settle` seconds first, for timers and late event handlers. [] = clean.
        """
        driver = self.driver
        with contextlib.suppress(UnexpectedAlertPresentException):
            # A dialog opened during the load ends it early; it is collected below.
            self._load(url)
        time.sleep(settle)
        found = self._real_dialogs()
        entries = driver.execute_script("return (window.__qualityGate || []).slice();") or []
        for entry in entries:
            if entry.get("kind") == "call" or (csp and entry.get("kind") == "csp"):
                found.append(str(entry.get("text")))
        return found

    def _real_dialogs(self) -> list[str]:
        # Dialogs the hook did not catch: read and accept each; accepting may let the page open
        # the next one, so look again briefly, with a bound against a page that loops forever.
        found = []
        for _ in range(20):
            try:
                alert = self.driver.switch_to.alert
                text = alert.text
                alert.accept()
            except NoAlertPresentException:
                break
            found.append(f"real dialog opened: {text!r}")
            time.sleep(0.1)
        return found

    def screenshot(self, url: str, path: str | Path, *, width: int = 1280) -> Path:
        """Save a PNG of the whole page as laid out `width` CSS pixels wide (390 = a phone)."""
        self._load(url, width)
        driver = self.driver
        metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        # Capped: a runaway page must not make a gigapixel file.
        height = min(max(1, math.ceil(metrics["cssContentSize"]["height"])), 16384)
        shot = driver.execute_cdp_cmd(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
            },
        )
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(base64.b64decode(shot["data"]))
        return target
