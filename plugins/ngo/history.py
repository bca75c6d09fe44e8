"""When each content file last changed, and how often: from git, in one call.

Calendar feeds use this for LAST-MODIFIED and SEQUENCE, so a client can tell that an event
it already has was edited. One ``git log`` for the whole content folder (not one per file:
a build with hundreds of events must not start hundreds of processes). Renames are
followed, so moving an event into another year folder keeps its count. Without git, or
outside a repository, there is no history and the feeds leave both properties out.
"""

from __future__ import annotations

import logging
import re
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

log = logging.getLogger(__name__)

_MARK = "commit "
_STATUS = re.compile(r"^[ACDMRTUXB]\d*$")


@dataclass(frozen=True)
class Revision:
    """The committed history of one file (or of a file and its translations)."""

    last_modified: datetime  # committer time of the last commit that touched it, UTC
    commits: int  # how many commits touched it (at least 1)

    @property
    def sequence(self) -> int:
        """RFC 5545 SEQUENCE: 0 as created, +1 for every later change."""
        return self.commits - 1


class History:
    """Commits per file, keyed by path relative to the content folder."""

    def __init__(self, commits: dict[str, dict[str, datetime]] | None = None):
        self.commits = commits or {}  # path -> {commit hash: committer time}

    def __bool__(self) -> bool:
        return bool(self.commits)

    def revision(self, *paths: str) -> Revision | None:
        """Last change and number of distinct commits over ``paths``; None if never committed.

        An event and its translation edited in one commit count once.
        """
        merged: dict[str, datetime] = {}
        for path in paths:
            merged.update(self.commits.get(path, {}))
        if not merged:
            return None
        return Revision(max(merged.values()), len(merged))


def parse_log(output: str) -> History:
    """Read ``git log --reverse --name-status -z --format=%x00commit %H %ct`` output.

    Oldest commit first; a rename carries the old path's history to the new one.
    """
    commits: dict[str, dict[str, datetime]] = {}
    tokens = output.split("\0")
    current: tuple[str, datetime] | None = None
    i = 0
    while i < len(tokens):
        token = tokens[i].lstrip("\n")
        i += 1
        if not token:
            continue
        if token.startswith(_MARK):
            sha, stamp = token[len(_MARK) :].split()
            current = (sha, datetime.fromtimestamp(int(stamp), UTC))
            continue
        if not _STATUS.match(token) or current is None:
            continue  # not a status token: git -z never writes one here, but never crash
        status = token[0]
        if status in "RC":
            old, new = tokens[i], tokens[i + 1]
            i += 2
            # A copy is a new file; a rename keeps the history of the old path.
            earlier = commits.pop(old, {}) if status == "R" else {}
            commits[new] = {**earlier, current[0]: current[1]}
        else:
            path = tokens[i]
            i += 1
            if status == "D":
                commits.pop(path, None)
            else:
                commits.setdefault(path, {})[current[0]] = current[1]
    return History(commits)


def read(root: Path | str) -> History:
    """History of every committed file under ``root``.

    Empty when git is missing, ``root`` is not in a repository, or git fails.
    """
    command = [
        "git",
        "-C",
        str(root),
        "-c",
        "log.showSignature=false",
        "log",
        "--reverse",
        "-M",  # follow renames whatever the user's diff.renames says
        "--relative",  # paths relative to root, like Event.path
        "--name-status",
        "-z",
        f"--format=%x00{_MARK}%H %ct",
        "--",
        ".",
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as exc:  # no git at all
        log.info("ngo_feeds: no git (%s): feeds without LAST-MODIFIED and SEQUENCE", exc)
        return History()
    if done.returncode != 0:
        first_line = (done.stderr.strip().splitlines() or ["?"])[0]
        log.info("ngo_feeds: no git history for %s (%s)", root, first_line)
        return History()
    return parse_log(done.stdout)
