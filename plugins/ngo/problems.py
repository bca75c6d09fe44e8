"""Errors as data: every problem a volunteer must fix, reported all at once."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, at the line of the offending field."""

    path: str  # relative to the content folder, with forward slashes
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        # Always one line that tools can split, whatever a file name, a field name or a value
        # quoted in the message holds: line breaks and control characters are shown escaped,
        # a colon in a field name is percent-encoded and a huge quoted value is cut.
        message = _visible(self.message)
        if len(message) > MAX_MESSAGE:
            message = message[: MAX_MESSAGE - 1] + "…"
        field = _visible(self.field).replace(":", "%3A") or "-"
        return f"{_visible(self.path)}:{self.line}: {field}: {message}"


MAX_MESSAGE = 400


def _visible(text: str) -> str:
    return "".join(
        repr(c)[1:-1] if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Cs") else c
        for c in text
    )


class ContentError(Exception):
    """Raised when content is invalid; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(f"{len(self.problems)} problem(s) in the content")

    def report(self) -> str:
        return "\n".join(str(p) for p in self.problems)
