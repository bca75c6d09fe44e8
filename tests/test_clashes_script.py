"""scripts/clashes.py and the build's clash report, on the fixture calendar written from the spec.

The pull-request case is played out in a temporary git repository: the content committed on
main, one new event file committed on a branch, reported with ``--changed-since main``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import run_pelican

import clashes as script

FIXTURE = Path(__file__).parent / "fixtures" / "clashes" / "content"
EPOCH = "1796083200"  # 2026-12-01 00:00 UTC

# A new event in the pull request, at Baložu kultūras nams (venue) from 14:30 to 16:30: with
# the workshop's title (duplicate) until 15:00, by the concert's organiser (organizer) until
# 16:00, then beside the lecture.
NEW_EVENT = """---
title: "ADVENTES DARBNĪCA!"
start: 2026-12-11 14:30
end: "16:30"
place: balozu-kulturas-nams
organizers: [dziesmu-biedriba]
---
Jauns pasākums.
"""


@pytest.fixture(autouse=True)
def build_now(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.delenv("SITEURL", raising=False)


def run(capsys, *argv) -> tuple[int, str, str]:
    code = script.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path) -> Path:
    """A repository whose main branch holds the fixture content."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root / "content")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "content")
    return root


# -- the build -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("clash_site") / "output"
    run_pelican(FIXTURE, out, epoch=int(EPOCH))
    return out


def test_build_writes_clashes_json_as_the_script_prints_it(site, capsys):
    code, out, _err = run(capsys, FIXTURE, "--format", "json")
    assert code == 0
    assert (site / "clashes.json").read_text(encoding="utf-8") == out
    data = json.loads(out)
    assert len(data["clashes"]) == 9


def test_build_writes_the_report_in_both_languages(site):
    lv = (site / "saskanosana" / "index.html").read_text(encoding="utf-8")
    en = (site / "en" / "coordination" / "index.html").read_text(encoding="utf-8")
    assert "Abi pasākumi notiek Baložu kultūras namā 11. decembrī no 14:00 līdz 15:00." in lv
    assert "Both events take place at Baložu kultūras nams on 11 December" in en
    # Both events linked, in the page's language.
    assert 'href="/pasakumi/ziemas-koncerts/"' in lv
    assert 'href="/en/events/ziemas-koncerts/"' in en
    assert "Brīvs laiks Baložu kultūras namā šajā dienā: 08:00–13:00, 17:00–22:00." in lv
    assert "Vēl nav apstiprināts" in lv or "Not yet confirmed" in en
    # Grouped by month, the months in order.
    assert lv.index("2026. gada decembris") < lv.index("2027. gada janvāris")
    # Linked from every page's footer.
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="/saskanosana/"' in home


# -- formats and exit codes ------------------------------------------------------------------


def test_text_report(capsys):
    code, out, _err = run(capsys, FIXTURE)
    assert code == 0
    assert out.startswith("Pārklāšanās no 2026. gada 1. decembra līdz 2027. gada 1. decembrim: 9")
    assert "[high] venue: 2026-12-11 14:00 – 2026-12-11 15:00" in out
    assert "  pavasara-tirgus: Pavasara tirgus (events/2027/pavasara-tirgus.md) [tentative]" in out


def test_strict_exits_1_when_a_high_clash_is_reported(capsys):
    assert run(capsys, FIXTURE, "--strict")[0] == 1


def test_strict_exits_0_when_the_reported_clashes_are_not_high(repo, capsys):
    # A pull request that only adds a medium clash: same organiser as the yoga class.
    (repo / "content" / "events" / "2026" / "sapulce.md").write_text(
        "---\ntitle: Biedru sapulce\nstart: 2026-12-08 19:00\nend: '20:00'\n"
        "online: https://meet.example.lv/b\norganizers: [kopienas-centrs]\n---\n",
        encoding="utf-8",
    )
    code, out, _err = run(
        capsys, repo / "content", "--format", "json", "--changed-since", "main", "--strict"
    )
    assert code == 0
    assert [c["severity"] for c in json.loads(out)["clashes"]] == ["medium"]


def test_markdown_is_a_latvian_comment_with_an_english_line(capsys):
    code, out, _err = run(capsys, FIXTURE, "--format", "markdown")
    assert code == 0
    assert out.startswith("Pasākumi pārklājas ar citiem pasākumiem: **9**")
    assert "#### 1. Ļoti svarīga: tā pati vieta" in out
    assert "**Ko darīt:**" in out
    assert out.rstrip().splitlines()[-1].startswith("*English:* 9 clash(es) with other events")
    # Event titles are shown as written, never as Markdown: "!" and "*" are escaped.
    assert "**ziemassvetku TIRDZINS\\!**" in out


def test_markdown_is_empty_when_there_is_nothing_to_report(repo, capsys):
    code, out, _err = run(
        capsys, repo / "content", "--format", "markdown", "--changed-since", "main"
    )
    assert (code, out) == (0, "")


def test_invalid_content_exits_2_with_one_line_per_problem(tmp_path, capsys):
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    (root / "events" / "2026" / "lekcija.md").write_text(
        "---\ntitle: Lekcija\nstart: 2026-12-11 16:00\nplace: nav-tadas\n"
        "organizers: [kopienas-centrs]\n---\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, root)
    assert code == 2
    assert out == ""
    assert err.splitlines()[0].startswith(
        "events/2026/lekcija.md:4: place: “nav-tadas” nav atrasts"
    )


# -- --changed-since: what a pull request adds -----------------------------------------------


def test_changed_since_shows_only_the_clashes_the_new_file_brings(repo, capsys):
    git(repo, "switch", "-q", "-c", "jauns-pasakums")
    (repo / "content" / "events" / "2026" / "jauna-darbnica.md").write_text(
        NEW_EVENT, encoding="utf-8"
    )
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "new event")
    # Meanwhile main moves on with an unrelated clash that the pull request must not show.
    git(repo, "switch", "-q", "main")
    (repo / "content" / "events" / "2027" / "cits.md").write_text(
        "---\ntitle: Cits koncerts\nstart: 2027-03-06 11:00\nend: '12:00'\n"
        "place: kekavas-parka-estrade\norganizers: [kulturas-nams]\n---\n",
        encoding="utf-8",
    )
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "main moves on")
    git(repo, "switch", "-q", "jauns-pasakums")

    code, out, _err = run(
        capsys, repo / "content", "--format", "json", "--changed-since", "main", "--strict"
    )
    assert code == 1  # the new event brings high clashes
    got = [
        ([e["slug"] for e in c["events"]], c["kinds"], c["severity"])
        for c in json.loads(out)["clashes"]
    ]
    assert got == [
        (["adventes-darbnica", "jauna-darbnica"], ["venue", "duplicate"], "high"),
        (["ziemas-koncerts", "jauna-darbnica"], ["venue", "organizer"], "high"),
        (["jauna-darbnica", "lekcija"], ["venue"], "high"),
    ]


def test_changed_since_counts_uncommitted_and_untracked_files(repo, capsys):
    (repo / "content" / "events" / "2026" / "jauna-darbnica.md").write_text(
        NEW_EVENT, encoding="utf-8"
    )
    code, out, _err = run(
        capsys, repo / "content", "--format", "markdown", "--changed-since", "main"
    )
    assert code == 0
    assert out.startswith("Šīs izmaiņas pārklājas ar citiem pasākumiem: **3**")
    # The author's own event is named first.
    assert "**ADVENTES DARBNĪCA\\!** (`events/2026/jauna-darbnica.md`) pārklājas ar" in out


def test_changed_since_a_ref_that_does_not_exist(repo, capsys):
    code, out, err = run(capsys, repo / "content", "--changed-since", "nav-tada-zara")
    assert (code, out) == (2, "")
    assert err.startswith("kļūda / error: git rev-parse")


def test_changed_since_refuses_an_option_as_a_ref(repo, capsys):
    code, _out, err = run(capsys, repo / "content", "--changed-since=--output=/tmp/x")
    assert code == 2
    assert "nav git atsauce" in err


def test_markdown_shows_hostile_titles_as_text():
    # Entities for <, > and &: the PR check's sanitiser turns < and > into entities itself.
    assert script.md('<img src=x onerror="a()"> & [link](javascript:x) *b*') == (
        '&lt;img src=x onerror="a\\(\\)"&gt; &amp; \\[link\\]\\(javascript:x\\) \\*b\\*'
    )
