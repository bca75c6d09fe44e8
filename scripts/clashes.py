#!/usr/bin/env python3
"""Print the clash report of a content folder (SPEC sections 2 and 5).

    python scripts/clashes.py [CONTENT_DIR] [--format text|json|markdown]
                              [--changed-since GIT_REF] [--strict]

--format json       the same document as the build's clashes.json
--format markdown   a pull-request comment in Latvian with a short English line; nothing at
                    all when there is no clash to report (the PR check says so itself)
--changed-since REF only clashes that involve an event whose file changed since REF: the
                    commits since the branch left REF (git merge-base), plus staged,
                    unstaged and untracked files, i.e. what a pull request adds
--strict            exit 1 when any reported clash has severity "high"

Exit 0 otherwise; 2 when the content is invalid or git can't answer (one line each).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from _common import config, run, settings
from ngo import clashes as core
from ngo.content import Content, collect
from ngo.problems import ContentError
from ngo.urls import Urls

SEVERITY_LV = {"high": "ļoti svarīga", "medium": "svarīga", "low": "vērts zināt"}
KIND_LV = {
    "venue": "tā pati vieta",
    "duplicate": "iespējams dublikāts",
    "organizer": "tas pats rīkotājs",
    "major": "divi novada nozīmes pasākumi",
    "locality": "novada nozīmes pasākums tajā pašā apdzīvotajā vietā",
}
KIND_EN = {
    "venue": "same venue",
    "duplicate": "possible duplicate",
    "organizer": "same organiser",
    "major": "two major events",
    "locality": "major event in the same locality",
}


class GitError(RuntimeError):
    """git could not tell what changed."""


# -- what changed --------------------------------------------------------------------------


def _git(cwd: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise GitError("git nav atrasts / git is not installed") from None
    if done.returncode != 0:
        message = done.stderr.strip().splitlines()[-1:] or ["?"]
        raise GitError(f"git {args[0]}: {message[0]}")
    return done.stdout


def changed_files(content_root: Path, ref: str) -> set[Path]:
    """Files changed since ``ref`` as a pull request sees them, as resolved paths."""
    if ref.startswith("-"):
        raise GitError(f"“{ref}” nav git atsauce / is not a git ref")
    top = Path(_git(content_root, "rev-parse", "--show-toplevel").strip())
    _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    try:
        # What the branch added since it left REF: REF may have moved on since.
        base = _git(top, "merge-base", ref, "HEAD").strip()
    except GitError:
        base = ref
    names = _git(top, "diff", "--name-only", "-z", base, "--").split("\0")
    names += _git(top, "ls-files", "--others", "--exclude-standard", "-z").split("\0")
    return {(top / name).resolve() for name in names if name}


def event_files(event, content: Content) -> list[Path]:
    """The files that define an event: its own, or an external calendar's .ics and .yaml."""
    path = (content.root / event.path).resolve()
    if event.external:
        return [path, path.with_suffix(".yaml")]
    return [path]


def touching(clashes, content: Content, changed: set[Path]) -> list:
    return [
        c
        for c in clashes
        if any(f in changed for event in c.events for f in event_files(event, content))
    ]


# -- text ----------------------------------------------------------------------------------


def counts_text(clashes, lang: str) -> str:
    counts = Counter(c.severity for c in clashes)
    names = SEVERITY_LV if lang == "lv" else {s: s for s in core.SEVERITIES}
    return ", ".join(f"{names[s]}: {counts[s]}" for s in core.SEVERITIES if counts[s])


def render_text(report, clashes) -> str:
    explain = core.Explainer(report, "lv", year=True)
    tz = report.config.tz
    period = core.report_period(report, "lv")
    lines = [
        f"Pārklāšanās {period}: {len(clashes)}"
        + (f" ({counts_text(clashes, 'lv')})" if clashes else "")
    ]
    lines.append(
        f"Clashes: {len(clashes)}" + (f" ({counts_text(clashes, 'en')})" if clashes else "")
    )
    for clash in clashes:
        start = clash.overlap_start.astimezone(tz)
        end = clash.overlap_end.astimezone(tz)
        lines += [
            "",
            f"[{clash.severity}] {', '.join(clash.kinds)}: {start:%Y-%m-%d %H:%M} – {end:%Y-%m-%d %H:%M}",
        ]
        for event in clash.events:
            flags = [
                w
                for w, yes in (
                    ("tentative", event.status == "tentative"),
                    ("external", event.external),
                )
                if yes
            ]
            note = f" [{', '.join(flags)}]" if flags else ""
            lines.append(f"  {event.slug}: {event.title} ({event.path}){note}")
        for sentence in explain.sentences(clash):
            lines.append(f"  {sentence}")
        if free := explain.free_time(clash):
            lines.append(f"  {free}")
    return "\n".join(lines) + "\n"


# -- Markdown (a pull-request comment) -------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}()#+!|~])")


def md(text: str) -> str:
    """Text shown as written: a title with * or [ must not turn into formatting or links.

    <, > and & become entities rather than backslash escapes: the PR check's own sanitiser
    turns every < and > into an entity, which would leave a visible backslash before it.
    """
    text = " ".join(str(text).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_event(event, urls: Urls) -> str:
    title = f"**{md(event.title)}**"
    url = getattr(event, "url", None) if event.external else None
    if not event.external and urls.site_url:
        url = urls.absolute("event", "lv", event.slug)  # a relative link is dead in a comment
    if url and url.startswith(("https://", "http://")) and " " not in url and ")" not in url:
        title = f"[{title}]({url})"
    if event.external:
        return f"{title} (ārējais kalendārs “{md(getattr(event, 'calendar_name', ''))}”)"
    return f"{title} (`{event.path}`)"


def render_markdown(report, clashes, urls: Urls, changed: set[Path] | None = None) -> str:
    if not clashes:
        return ""
    content = report.content
    explain = core.Explainer(report, "lv", year=True)

    def is_new(event) -> bool:
        return changed is not None and any(f in changed for f in event_files(event, content))

    scope = "Šīs izmaiņas pārklājas" if changed is not None else "Pasākumi pārklājas"
    lines = [
        f"{scope} ar citiem pasākumiem: **{len(clashes)}** "
        f"({counts_text(clashes, 'lv')}). Tā nav kļūda, bet iemesls saskaņot laiku.",
        "",
    ]
    for number, clash in enumerate(clashes, 1):
        mine, other = clash.events
        if changed is not None and is_new(other) and not is_new(mine):
            mine, other = other, mine
        kinds = ", ".join(KIND_LV[k] for k in clash.kinds)
        lines.append(f"#### {number}. {SEVERITY_LV[clash.severity].capitalize()}: {kinds}")
        lines.append("")
        lines.append(f"{md_event(mine, urls)} pārklājas ar {md_event(other, urls)}.")
        lines.append("")
        text = " ".join(explain.sentences(clash))
        if free := explain.free_time(clash):
            text += f" {free}"
        lines.append(md(text))
        lines.append("")
        lines.append(f"**Ko darīt:** {md(explain.advice(clash))}")
        lines.append("")
    kinds_en = Counter(k for c in clashes for k in c.kinds)
    what = ", ".join(f"{KIND_EN[k]} ({kinds_en[k]})" for k in core.KINDS if kinds_en[k])
    lines.append(
        f"*English:* {len(clashes)} clash(es) with other events ({counts_text(clashes, 'en')}): "
        f"{what}. Details above: what overlaps, when, and what to do (another time or "
        "venue, or agree with the other organiser)."
    )
    return "\n".join(lines) + "\n"


# -- the command ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Pasākumu pārklāšanās / clash report (SPEC 5)")
    parser.add_argument("content_dir", nargs="?", default="content")
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    parser.add_argument("--changed-since", metavar="GIT_REF")
    parser.add_argument("--strict", action="store_true", help="exit 1 on any high clash")
    args = parser.parse_args(argv)

    content, problems = collect(args.content_dir, config())
    if not problems:
        try:
            report = core.analyse(content)
        except ContentError as exc:
            problems = exc.problems
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{len(problems)} kļūda(s) saturā / problem(s) in the content", file=sys.stderr)
        return 2
    clashes = report.clashes
    changed = None
    if args.changed_since:
        try:
            changed = changed_files(Path(args.content_dir).resolve(), args.changed_since)
        except GitError as exc:
            print(f"kļūda / error: {exc}", file=sys.stderr)
            return 2
        clashes = touching(clashes, content, changed)

    urls = Urls(site_url=settings().get("SITEURL", ""))
    if args.format == "json":
        data = core.clashes_json(clashes, content.config, urls)
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    elif args.format == "markdown":
        sys.stdout.write(render_markdown(report, clashes, urls, changed))
    else:
        sys.stdout.write(render_text(report, clashes))
    if args.strict and any(c.severity == "high" for c in clashes):
        return 1
    return 0


if __name__ == "__main__":
    run(main)
