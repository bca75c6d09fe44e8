"""Paths: content can name only files inside the content folder, and a build writes only
inside the output folder and never changes or deletes the content.

A pull request can hold symbolic links and any file name or field value, so every way of
naming a path is tried: `image` and `logo`, links in the content folder, Pelican's
{static}/{attach}/{filename} links in pages, slugs.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from conftest import EPOCH, ROOT, SPEC_CONTENT
from pelican import Pelican
from pelican.settings import read_settings

from ngo.config import Config
from ngo.content import collect

SECRET = "SLEPENS-CI-NOSLEPUMS"
EVENT = "events/2027/ziemas-koncerts.md"
ORG = "organizations/koris-balss.md"


@pytest.fixture
def work(tmp_path) -> Path:
    """tmp_path/content (the spec fixture and an image), tmp_path/secret.txt outside it."""
    content = tmp_path / "content"
    shutil.copytree(SPEC_CONTENT, content)
    (content / "images").mkdir()
    (content / "images" / "koris.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    return tmp_path


def add_field(content: Path, rel: str, line: str) -> None:
    path = content / rel
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n---\n", f"\n{line}\n---\n", 1), encoding="utf-8")


def problems_of(content: Path):
    return collect(content, Config())[1]


def tree(folder: Path, skip: Path | None = None) -> dict[str, str]:
    """Every file under ``folder`` (links not followed) and a hash of it."""
    found = {}
    for base, dirs, files in os.walk(folder):
        if skip is not None and Path(base) == skip.parent:
            dirs[:] = [d for d in dirs if Path(base, d) != skip]
        for name in files:
            path = Path(base, name)
            data = os.readlink(path).encode() if path.is_symlink() else path.read_bytes()
            found[path.relative_to(folder).as_posix()] = hashlib.sha256(data).hexdigest()
    return found


def build(content: Path, output: Path, monkeypatch) -> int:
    """Build in this process; the exit code (0, or 1 when the content is invalid)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    settings = read_settings(
        str(ROOT / "pelican.conf.py"), override={"PATH": str(content), "OUTPUT_PATH": str(output)}
    )
    try:
        Pelican(settings).run()
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


# --------------------------------------------------------------------------- image and logo

OUTSIDE = [
    "../secret.txt",
    "images/../../secret.txt",
    "/etc/hostname",
    "images/../images/../../secret.txt",
    "./../secret.txt",
]


@pytest.mark.parametrize("value", OUTSIDE)
@pytest.mark.parametrize(("rel", "field"), [(EVENT, "image"), (ORG, "logo")])
def test_image_and_logo_cannot_leave_the_content_folder(work, rel, field, value):
    add_field(work / "content", rel, f"{field}: {value}")
    problems = problems_of(work / "content")
    assert [(p.path, p.field) for p in problems] == [(rel, field)]
    assert "satura mapē" in problems[0].message


@pytest.mark.parametrize(("rel", "field"), [(EVENT, "image"), (ORG, "logo")])
def test_image_and_logo_inside_the_content_folder_are_fine(work, rel, field):
    add_field(work / "content", rel, f"{field}: images/koris.png")
    assert problems_of(work / "content") == []


@pytest.mark.parametrize(("rel", "field"), [(EVENT, "image"), (ORG, "logo")])
def test_image_that_is_a_link_out_of_the_folder_is_refused(work, rel, field):
    content = work / "content"
    (content / "images" / "leak.png").symlink_to(work / "secret.txt")
    add_field(content, rel, f"{field}: images/leak.png")
    found = {(p.path, p.field) for p in problems_of(content)}
    assert found == {(rel, field), ("images/leak.png", "-")}


def test_image_that_is_a_link_loop_or_a_folder_is_an_error_not_a_crash(work):
    content = work / "content"
    (content / "images" / "loop.png").symlink_to("loop.png")
    add_field(content, EVENT, "image: images/loop.png")
    add_field(content, ORG, "logo: images")
    found = {(p.path, p.field) for p in problems_of(content)}
    assert found == {(EVENT, "image"), (ORG, "logo")}


# --------------------------------------------------------------------------- links


def test_content_files_that_link_out_of_the_folder_are_not_read(work):
    content = work / "content"
    outside = work / "elsewhere.md"
    # A perfectly valid event, but outside: it must not be published through a link.
    shutil.copy(content / EVENT, outside)
    (content / "events/2027/slepens.md").symlink_to(outside)
    (content / "places/slepena.yaml").symlink_to(work / "secret.txt")
    (content / "vocabularies/areas.yaml").unlink()
    (content / "vocabularies/areas.yaml").symlink_to(SPEC_CONTENT / "vocabularies/areas.yaml")
    loaded, problems = collect(content, Config())
    assert {p.path for p in problems if "ārpus satura mapes" in p.message} == {
        "events/2027/slepens.md",
        "places/slepena.yaml",
        "vocabularies/areas.yaml",
    }
    assert "slepens" not in loaded.events and "slepena" not in loaded.places
    assert loaded.vocabularies.areas == {}
    assert not any(SECRET in str(p) for p in problems)


def test_links_inside_the_content_folder_are_fine(work):
    content = work / "content"
    (content / "images" / "logo.png").symlink_to("koris.png")
    (content / "events" / "vecie").symlink_to("2027", target_is_directory=True)
    add_field(content, ORG, "logo: images/logo.png")
    loaded, problems = collect(content, Config())
    # The folder link lists each event twice: that is a duplicate slug, not a leak.
    assert {p.field for p in problems} <= {"-"}
    assert all("jau izmantots" in p.message for p in problems)
    assert loaded.organizations["koris-balss"].logo == "images/logo.png"


def test_a_linked_folder_out_of_the_content_stops_the_build_before_anything_is_copied(
    work, monkeypatch
):
    content, output = work / "content", work / "output"
    secrets = work / "secrets"
    secrets.mkdir()
    (secrets / "token.png").write_text(SECRET, encoding="utf-8")
    (content / "images" / "ci").symlink_to(secrets, target_is_directory=True)
    (content / "images" / "passwd.png").symlink_to("/etc/passwd")
    problems = problems_of(content)
    assert {(p.path, p.field) for p in problems} == {
        ("images/ci", "-"),
        ("images/passwd.png", "-"),
    }
    assert build(content, output, monkeypatch) == 1
    assert not (output / "images").exists()


# --------------------------------------------------------------------------- Pelican's links

ESCAPING = [
    "[a]({static}/../secret.txt)",
    "[a]({attach}../../secret.txt)",
    "[a]({filename}../../secret.txt)",
    '<a href="{attach}/../secret.txt">a</a>',
    "[a](|static|../../secret.txt)",
    "![a]({static}/%2E%2E/secret.txt)",
    "[a]({static}/images/../../secret.txt)",
]


@pytest.mark.parametrize("link", ESCAPING)
def test_page_links_out_of_the_content_folder_are_refused(work, monkeypatch, link):
    content, output = work / "deep" / "content", work / "deep" / "er" / "output"
    content.parent.mkdir()
    shutil.move(work / "content", content)
    (work / "deep" / "secret.txt").write_text(SECRET, encoding="utf-8")
    page = content / "pages" / "par-mums.md"
    page.write_text(page.read_text(encoding="utf-8") + f"{link}\n", encoding="utf-8")
    problems = problems_of(content)
    assert [(p.path, p.line, p.field) for p in problems] == [("pages/par-mums.md", 6, "-")]
    assert "ārpus satura mapes" in problems[0].message
    # Unchecked, Pelican copied CONTENT/../secret.txt to OUTPUT/../secret.txt.
    before = tree(work, skip=output)
    assert build(content, output, monkeypatch) == 1
    assert tree(work, skip=output) == before


def test_page_links_inside_the_content_folder_still_work(work, monkeypatch):
    content, output = work / "content", work / "output"
    page = content / "pages" / "par-mums.md"
    text = "\n[Bilde]({static}/images/koris.png) un [ziņa]({filename}../news/jauna-sezona.md)\n"
    page.write_text(page.read_text(encoding="utf-8") + text, encoding="utf-8")
    assert problems_of(content) == []
    assert build(content, output, monkeypatch) == 0
    html = (output / "par-mums" / "index.html").read_text(encoding="utf-8")
    assert 'href="/images/koris.png"' in html
    assert 'href="/zinas/jauna-sezona/"' in html


# --------------------------------------------------------------------------- slugs and output

NAMES = ["-x.md", "Ziemas Koncerts.md", "a..b.md", "%2e%2e.md", "x\ny.md", "ā.md", "x:1: y.md"]


@pytest.mark.parametrize("name", NAMES)
def test_file_names_that_are_not_slugs_are_refused(work, name):
    content = work / "content"
    target = content / "events" / "2027" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(content / EVENT, target)
    problems = problems_of(content)
    assert [p.field for p in problems] == ["-"]
    assert "pārdēvējiet" in problems[0].message


@pytest.mark.parametrize("slug", ["../../../escape", "/tmp/escape", "..", "a/../../b", "%2e%2e"])
def test_a_page_slug_cannot_name_a_path(work, monkeypatch, slug):
    content, output = work / "content", work / "output"
    add_field(content, "pages/par-mums.md", f'slug: "{slug}"')
    assert [p.field for p in problems_of(content)] == ["slug"]
    before = tree(work, skip=output)
    assert build(content, output, monkeypatch) == 1
    assert tree(work, skip=output) == before


def test_a_build_writes_only_into_the_output_and_never_changes_the_content(work, monkeypatch):
    content, output = work / "content", work / "output"
    before = tree(work, skip=output)
    assert build(content, output, monkeypatch) == 0
    assert (output / "index.html").is_file()
    assert tree(work, skip=output) == before
    # Built again into the same folder, as `make site` does: still nothing else changed.
    assert build(content, output, monkeypatch) == 0
    assert tree(work, skip=output) == before


def test_a_failed_build_changes_nothing_outside_its_output(work, monkeypatch):
    content, output = work / "content", work / "output"
    (content / "events/2027/salauzts.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    before = tree(work, skip=output)
    assert build(content, output, monkeypatch) == 1
    assert tree(work, skip=output) == before
