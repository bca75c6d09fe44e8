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
    """The committed history of one file."""

    last_modified: datetime  # committer time of the last commit that touched it, UTC
    commits: int  # how many commits touched it (at least 1)

    @property
    def sequence(self) -> int:
        """RFC 5545 SEQUENCE: 0 as created, +1 for every later change."""
        return self.commits - 1


def parse_log(output: str) -> dict[str, Revision]:
    """Read ``git log --reverse --name-status -z --format=%x00commit %ct`` output.

    Oldest commit first; a rename carries the old path's history to the new one.
    """
    history: dict[str, Revision] = {}
    tokens = output.split("\0")
    when: datetime | None = None
    i = 0
    while i < len(tokens):
        token = tokens[i].lstrip("\n")
        i += 1
        if not token:
            continue
        if token.startswith(_MARK):
            when = datetime.fromtimestamp(int(token[len(_MARK) :]), UTC)
            continue
        if not _STATUS.match(token) or when is None:
            continue  # not a status token: nothing git -z writes, but never crash a build
        status = token[0]
        if status in "RC":
            old, new = tokens[i], tokens[i + 1]
            i += 2
            previous = history.pop(old, None) if status == "R" else None
            history[new] = _touch(previous, when)
        else:
            path = tokens[i]
            i += 1
            if status == "D":
                history.pop(path, None)
            else:
                history[path] = _touch(history.get(path), when)
    return history


def _touch(previous: Revision | None, when: datetime) -> Revision:
    if previous is None:
        return Revision(when, 1)
    return Revision(max(previous.last_modified, when), previous.commits + 1)


def read(root: Path | str) -> dict[str, Revision]:
    """History of every committed file under ``root``, keyed by path relative to it.

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
        f"--format=%x00{_MARK}%ct",
        "--",
        ".",
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as exc:  # no git at all
        log.info("ngo_feeds: no git (%s): feeds without LAST-MODIFIED and SEQUENCE", exc)
        return {}
    if done.returncode != 0:
        first_line = (done.stderr.strip().splitlines() or ["?"])[0]
        log.info("ngo_feeds: no git history for %s (%s)", root, first_line)
        return {}
    return parse_log(done.stdout)
