#!/usr/bin/env python3
"""The pull-request check's words for people: line annotations and the PR comment.

    python scripts/pr_comment.py annotations validate.txt
    python scripts/pr_comment.py comment --input DIR --repo OWNER/NAME --sha HEAD_SHA \\
        --output comment.md --pr-output pr-number.txt [--run-url URL]

``annotations`` runs in the pull request's own (read-only) job and turns the validator's
``PATH:LINE: FIELD: message`` lines into ``::error`` workflow commands, so every problem
also shows on its line under "Files changed".

``comment`` runs in the trusted ``workflow_run`` job over the artifact the pull request's job
uploaded. That artifact was made by the contributor's code, so it is untrusted data: every
file is size-limited, ``result.json`` must hold plain integers, validator lines are parsed
with a regular expression and escaped, links are built only from safe paths and the head
SHA that GitHub reported, and nothing is ever executed.

Standard library only: the trusted job runs this with the runner's python3.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from urllib.parse import quote

MARKER = "<!-- nvo-platforma:pr-check -->"
MAX_INPUT = 256 * 1024  # bytes read from any one artifact file
MAX_CLASHES = 20_000  # characters of the clash report kept in the comment
MAX_COMMENT = 60_000  # GitHub refuses comments over 65,536 characters
MAX_ROWS = 100
GUIDE = "CONTRIBUTING.md#" + quote(
    "5-pārbaudes-pull-request"
)  # the heading "5. Pārbaudes pull request"

PROBLEM = re.compile(
    r"^(?P<path>[^:\n]+):(?P<line>[0-9]{1,7}): (?P<field>[^:\n]{1,80}): (?P<message>.+)$"
)
SAFE_PATH = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./-]{0,300}$")
SHA = re.compile(r"^[0-9a-f]{40}$")
REPO = re.compile(r"^[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}$")
SERVER = re.compile(r"^https://[A-Za-z0-9.-]+(:[0-9]+)?$")
PR_NUMBER = re.compile(r"^[1-9][0-9]{0,8}$")


class BadArtifact(ValueError):
    """The artifact is not what the pull request's job writes: no comment is made."""


# -- escaping -------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~#])")


def md_text(text: str) -> str:
    """Text shown as is in Markdown: no HTML, emphasis, links, code or @mentions."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = re.sub(r"@(?=[A-Za-z0-9])", "@\u2060", text)  # a word joiner: no notification
    return " ".join(text.split())


def sanitize_markdown(text: str, limit: int = MAX_CLASHES) -> str:
    """Markdown from the clash report, kept as Markdown but without raw HTML or mentions."""
    cut = len(text) > limit
    text = text[:limit]
    text = re.sub(r"<!--.*?(-->|$)", "", text, flags=re.DOTALL)
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"@(?=[A-Za-z0-9])", "@\u2060", text)
    text = text.strip()
    if cut:
        text += "\n\n… (saīsināts / shortened)"
    return text


def plural(n: int, one: str, many: str) -> str:
    """Latvian agreement: 1, 21, 101 kļūda; 2, 11, 12 kļūdas."""
    return f"{n} {one if n % 10 == 1 and n % 100 != 11 else many}"


# -- reading the artifact -------------------------------------------------------------------


def read_limited(path: Path, limit: int = MAX_INPUT) -> tuple[str, bool]:
    """A file's text, at most ``limit`` bytes of it, and whether it was longer."""
    if not path.is_file():
        return "", False
    with open(path, "rb") as f:
        data = f.read(limit + 1)
    return data[:limit].decode("utf-8", errors="replace"), len(data) > limit


def read_result(folder: Path) -> dict:
    text, cut = read_limited(folder / "result.json", 4096)
    if cut or not text:
        raise BadArtifact("result.json is missing or too large")
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise BadArtifact(f"result.json is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise BadArtifact("result.json is not an object")
    pr = data.get("pr")
    if type(pr) is not int or not PR_NUMBER.match(str(pr)):
        raise BadArtifact("result.json: pr must be a positive integer")
    result = {"pr": pr}
    for step in ("validate", "build", "clashes"):
        value = data.get(step)
        if value is not None and (type(value) is not int or not 0 <= value <= 255):
            raise BadArtifact(f"result.json: {step} must be an exit code or null")
        result[step] = value
    return result


def parse_problems(text: str) -> tuple[list[dict], list[str]]:
    """Validator lines as dicts, and the lines that are not in its format."""
    problems, other = [], []
    for line in text.splitlines():
        if not line.strip():
            continue
        m = PROBLEM.match(line)
        if m:
            problems.append({**m.groupdict(), "line": int(m["line"])})
        else:
            other.append(line)
    return problems, other


# -- links ----------------------------------------------------------------------------------


def blob_url(
    server: str, repo: str, sha: str, path: str, line: int, prefix: str = "content/"
) -> str | None:
    """The line on GitHub at the pull request's head commit, or None for a path not to link."""
    full = prefix + path
    if not SAFE_PATH.match(full) or ".." in full.split("/"):
        return None
    return f"{server}/{repo}/blob/{sha}/{full}#L{line}"


# -- the comment ----------------------------------------------------------------------------


def problem_rows(problems: list[dict], server: str, repo: str, sha: str, prefix: str) -> list[str]:
    rows = ["| Fails un rinda | Lauks | Kas jālabo |", "|---|---|---|"]
    for p in problems[:MAX_ROWS]:
        where = f"{md_text(p['path'])}, {p['line']}. rinda"
        url = blob_url(server, repo, sha, p["path"], p["line"], prefix)
        place = f"[{where}]({url})" if url else where
        field = (
            "—"
            if p["field"] == "-"
            else f"`{p['field']}`"
            if re.fullmatch(r"[a-z_.0-9]+", p["field"])
            else md_text(p["field"])
        )
        rows.append(f"| {place} | {field} | {md_text(p['message'])} |")
    if len(problems) > MAX_ROWS:
        rows.append(f"| … | | vēl {plural(len(problems) - MAX_ROWS, 'kļūda', 'kļūdas')} |")
    return rows


def build_comment(
    result: dict,
    validate_text: str,
    clashes_text: str,
    *,
    repo: str,
    sha: str,
    server: str = "https://github.com",
    run_url: str | None = None,
    prefix: str = "content/",
) -> str:
    if not REPO.match(repo) or not SHA.match(sha) or not SERVER.match(server):
        raise BadArtifact("repository, head SHA or server URL is malformed")
    problems, other = parse_problems(validate_text)
    validated, built, clashed = result["validate"], result["build"], result["clashes"]
    ok = validated == 0 and built == 0
    guide = f"{server}/{repo}/blob/HEAD/{GUIDE}"
    lines = [MARKER]
    lines.append("## ✅ Pārbaude izdevās" if ok else "## ❌ Pārbaude atrada kļūdas")
    lines.append("")

    if validated == 0:
        lines.append("- ✅ **Satura pārbaude**: kļūdu nav.")
    elif validated is None:
        lines.append("- ⚠️ **Satura pārbaude** netika pabeigta; skatiet darbības žurnālu.")
    else:
        count = plural(len(problems), "kļūda", "kļūdas") if problems else "kļūdas"
        lines.append(f"- ❌ **Satura pārbaude**: {count} (sīkāk tabulā).")
    if built == 0:
        lines.append("- ✅ **Vietnes būvēšana**: izdevās.")
    elif built is None:
        lines.append("- ⏸️ **Vietnes būvēšana** nenotika, jo saturā ir kļūdas.")
    else:
        lines.append("- ❌ **Vietnes būvēšana** neizdevās; skatiet darbības žurnālu.")
    clash_report = sanitize_markdown(clashes_text) if clashes_text.strip() else ""
    if clashed is None:
        lines.append("- ⏸️ **Pasākumu pārklāšanās** netika pārbaudīta, jo saturā ir kļūdas.")
    elif clashed != 0 and not clash_report:
        lines.append("- ⚠️ **Pasākumu pārklāšanās** pārbaude neizdevās; skatiet darbības žurnālu.")
    elif clash_report:
        lines.append("- ⚠️ **Pasākumu pārklāšanās**: skatiet zemāk.")
    else:
        lines.append("- ✅ **Pasākumu pārklāšanās**: jaunu pārklāšanos nav.")
    lines.append("")

    if problems:
        lines += ["### Kas jāizlabo", ""]
        lines += problem_rows(problems, server, repo, sha, prefix)
        lines += [
            "",
            "**Kā labot:** nospiediet saiti uz faila, tad zīmulīti ✏️ (*Edit*), izlabojiet norādīto "
            "rindu un saglabājiet (*Commit changes*) tajā pašā zarā. Pārbaude notiks vēlreiz, un "
            f"šis komentārs tiks atjaunināts. Kļūdu skaidrojumi: [CONTRIBUTING.md, “Pārbaudes”]({guide}).",
            "",
        ]
    if other and validated not in (0, None):
        shown = "\n".join(md_text(line) for line in other[:20])
        lines += [
            "<details><summary>Citi pārbaudes ziņojumi</summary>",
            "",
            shown,
            "",
            "</details>",
            "",
        ]
    if clash_report:
        lines += ["### Pasākumu pārklāšanās", "", clash_report, ""]

    summary = (
        "All checks passed."
        if ok
        else f"{len(problems)} content problem(s); see the table for the file, line and fix."
    )
    log = f" · [darbības žurnāls / run log]({run_url})" if run_url else ""
    lines += ["---", f"<sub>*English:* {summary}{log}</sub>", ""]
    text = "\n".join(lines)
    if len(text) > MAX_COMMENT:
        text = text[: MAX_COMMENT - 100] + "\n\n… (komentārs saīsināts / comment shortened)\n"
    return text


# -- annotations ----------------------------------------------------------------------------


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotations(validate_text: str, prefix: str = "content/") -> list[str]:
    """``::error`` workflow commands, one per problem, at the problem's file and line."""
    out = []
    problems, _other = parse_problems(validate_text)
    for p in problems[:MAX_ROWS]:
        path = prefix + p["path"]
        if not SAFE_PATH.match(path):
            continue
        title = f"Satura kļūda: {p['field']}"
        out.append(
            f"::error file={_escape_property(path)},line={p['line']},"
            f"title={_escape_property(title)}::{_escape_data(p['message'])}"
        )
    return out


# -- command line ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="PR komentārs / PR comment")
    sub = parser.add_subparsers(dest="command", required=True)
    a = sub.add_parser("annotations", help="::error lines from validator output")
    a.add_argument("validate_output", type=Path)
    a.add_argument("--prefix", default="content/")
    c = sub.add_parser("comment", help="the PR comment from the check's artifact")
    c.add_argument("--input", type=Path, required=True, help="the downloaded artifact folder")
    c.add_argument("--repo", required=True)
    c.add_argument("--sha", required=True, help="head SHA, as GitHub reported it")
    c.add_argument("--server-url", default="https://github.com")
    c.add_argument("--run-url")
    c.add_argument("--prefix", default="content/")
    c.add_argument("--output", type=Path, required=True)
    c.add_argument("--pr-output", type=Path, required=True)
    args = parser.parse_args(argv)

    if args.command == "annotations":
        text, _cut = read_limited(args.validate_output)
        for line in annotations(text, args.prefix):
            print(line)
        return 0

    try:
        result = read_result(args.input)
        validate_text, _ = read_limited(args.input / "validate.txt")
        clashes_text, _ = read_limited(args.input / "clashes.md", MAX_INPUT)
        run_url = (
            args.run_url
            if args.run_url and args.run_url.startswith(args.server_url + "/")
            else None
        )
        comment = build_comment(
            result,
            validate_text,
            clashes_text,
            repo=args.repo,
            sha=args.sha,
            server=args.server_url,
            run_url=run_url,
            prefix=args.prefix,
        )
    except BadArtifact as exc:
        print(f"pr_comment: untrusted artifact refused: {exc}", file=sys.stderr)
        return 1
    args.output.write_text(comment, encoding="utf-8")
    args.pr_output.write_text(f"{result['pr']}\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
