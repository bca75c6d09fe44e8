"""A rebuild in a running Pelican (`make serve`) gives exactly what a fresh build gives.

The driver below keeps one Pelican object, as `pelican --autoreload` does: it builds, lets
the test edit a file, and builds again. The rebuilt folder is then compared, file by file,
with a fresh build of the edited content in a new process. A body-only edit must also be
cheap: it may rewrite only the event's own pages and feeds, never the listings.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EPOCH, ROOT

DRIVER = """
import json, logging, os, sys
from pathlib import Path
from pelican import Pelican
from pelican.settings import read_settings

content, output, theme, edit = sys.argv[1:5]
logging.disable(logging.WARNING)
override = {"PATH": content, "OUTPUT_PATH": output, "THEME": theme}
pelican = Pelican(read_settings("pelican.conf.py", override=override))
pelican.run()

def stamps():
    return {str(p.relative_to(output)): p.stat().st_mtime_ns
            for p in Path(output).rglob("*") if p.is_file()}

before = stamps()
exec(Path(edit).read_text())  # the test's edit, as a volunteer would save it
pelican.run()
after = stamps()
print(json.dumps(sorted(p for p in after if before.get(p) != after[p])))
"""


def rebuild(content: Path, output: Path, theme: Path, edit: str) -> list[str]:
    """Build, apply ``edit`` (Python with ``content`` and ``theme`` as paths), rebuild in the
    same process; the files the rebuild wrote."""
    script = output.parent / "edit.py"
    script.write_text(f"content = Path({str(content)!r})\ntheme = Path({str(theme)!r})\n{edit}")
    env = {"PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": str(EPOCH), "HOME": str(output.parent)}
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, str(content), str(output), str(theme), str(script)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.splitlines()[-1])


def fresh_build(content: Path, output: Path, theme: Path) -> None:
    """`pelican CONTENT -s pelican.conf.py -o OUTPUT -t THEME` in a new process."""
    env = {"PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": str(EPOCH), "HOME": str(output.parent)}
    cmd = [sys.executable, "-m", "pelican", str(content), "-s", "pelican.conf.py"]
    result = subprocess.run(
        [*cmd, "-o", str(output), "-t", str(theme)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the repository's content and theme, to edit."""
    content, theme = tmp_path / "content", tmp_path / "theme"
    shutil.copytree(ROOT / "content", content)
    shutil.copytree(ROOT / "theme", theme)
    return content, theme


EVENT = "events/2026/ziemassvetku-tirdzins-balozos.md"
BODY_EDIT = f"""
path = content / {EVENT!r}
path.write_text(path.read_text(encoding="utf-8") + "\\nIeeja no pagalma.\\n", encoding="utf-8")
"""
EDITS = {
    "event body": BODY_EDIT,
    "event title": f"""
path = content / {EVENT!r}
text = path.read_text(encoding="utf-8")
path.write_text(text.replace("title:", "title: Jauns", 1).replace("Jauns ", "Jauns — ", 1),
                encoding="utf-8")
""",
    "organisation": """
path = next((content / "organizations").glob("*.md"))
text = path.read_text(encoding="utf-8")
path.write_text(text.replace("name:", "name: Biedrība", 1), encoding="utf-8")
""",
    "place": """
path = next((content / "places").glob("*.yaml"))
path.write_text(path.read_text(encoding="utf-8") + "\\n# labots\\n", encoding="utf-8")
""",
    "template": """
path = theme / "templates" / "base.html"
path.write_text(path.read_text(encoding="utf-8").replace("</footer>", "<p>Jauns</p></footer>", 1),
                encoding="utf-8")
""",
    "news": """
path = next((content / "news").glob("*.md"))
path.write_text(path.read_text(encoding="utf-8") + "\\nPapildināts.\\n", encoding="utf-8")
""",
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_rebuild_after_an_edit_equals_a_fresh_build(site, tmp_path, edit):
    content, theme = site
    assert (content / EVENT).exists()
    rebuilt = tmp_path / "rebuilt"
    rebuild(content, rebuilt, theme, EDITS[edit])
    fresh = tmp_path / "fresh"
    fresh_build(content, fresh, theme)
    expected, got = tree(fresh), tree(rebuilt)
    assert sorted(got) == sorted(expected)
    different = [path for path in expected if got[path] != expected[path]]
    assert different == []


def test_a_body_edit_rewrites_only_that_events_pages_and_feeds(site, tmp_path):
    content, theme = site
    written = rebuild(content, tmp_path / "rebuilt", theme, BODY_EDIT)
    pages = {p for p in written if p.endswith(".html")}
    slug = Path(EVENT).stem
    own = {f"pasakumi/{slug}/index.html", f"en/events/{slug}/index.html"}
    assert own <= pages
    # Besides them, only a few pages that do not grow with the number of events are written
    # again every time: Pelican's own pages and news items, the subscribe and clash pages.
    pelican = {f"{Path(p).stem.split('.')[0]}/index.html" for p in (content / "pages").iterdir()}
    news = {Path(p).stem.split(".")[0] for p in (content / "news").iterdir()}
    fixed = ("kalendari/", "en/calendars/", "saskanosana/", "en/coordination/")
    others = pages - own
    for page in others:
        parts = page.split("/")
        assert (
            page.startswith(fixed)
            or page.removeprefix("en/") in pelican
            or (parts[-3:-2] in (["zinas"], ["news"]) and parts[-2] in news)
        ), page
    assert len(others) <= 4 + 2 * (len(pelican) + len(news))
    feeds = [p for p in written if p.endswith(".ics")]
    assert "calendar.ics" in feeds and f"pasakumi/{slug}/{slug}.ics" in feeds
    # The feeds the event is not in stay as they were.
    all_feeds = list((tmp_path / "rebuilt").rglob("*.ics"))
    assert len(feeds) < len(all_feeds) / 4, (len(feeds), len(all_feeds))
