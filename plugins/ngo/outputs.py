"""Skip the outputs whose inputs have not changed since the last build in this process.

`make serve` keeps one Pelican running and builds again after every saved file. Most of
a build is pages and feeds, and most of them are as they were: an edit to one event's text
changes its two pages and the feeds it is in, nothing else. So every page and feed is
written with a *key*, a digest of everything it is made from (the content it shows, the
theme, the settings), and a rebuild in the same process skips an output whose key is the
one it was last written with, as long as the file is still there.

The keys are deliberately coarse: anything but an event's Markdown body (a title, a date,
an organisation, a vocabulary, a news item, a template) changes the key of every page, and
the rebuild is a full one. Only a body-only edit, the common one, is incremental.
``tests/test_incremental.py`` checks that a rebuild after each kind of edit gives the same
files as a fresh build.

Nothing is kept on disk: a new process (``make site``, CI) builds everything.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path


def digest(*parts: object) -> str:
    """A short hex digest of ``parts`` (bytes as they are, anything else as ``str``)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode()
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def files_digest(paths: Iterable[str | Path]) -> str:
    """Digest of the named files' paths and bytes (a missing file counts as missing)."""
    parts: list[object] = []
    for path in sorted(str(p) for p in paths):
        parts.append(path)
        try:
            parts.append(Path(path).read_bytes())
        except OSError:
            parts.append(b"\0missing")
    return digest(*parts)


def tree_digest(folder: str | Path) -> str:
    """Digest of every file under ``folder`` (a theme: templates, translations, assets)."""
    root = Path(folder)
    return files_digest(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else ""


def settings_digest(settings: dict) -> str:
    """Digest of the build's settings. A value that is not plain data counts by its type
    only; settings are read again, and the keys with them, when the settings file changes."""

    def opaque(value: object) -> str:
        return f"<{type(value).__module__}.{type(value).__qualname__}>"

    plain = {k: v for k, v in settings.items() if k.isupper()}
    return digest(json.dumps(plain, sort_keys=True, default=opaque))


# The content folders the loader reads (their digest is the content's own fingerprint).
CONTENT_FOLDERS = ("events", "organizations", "places", "vocabularies", "external")


def shared_key(content, root: str | Path, theme: str | Path, settings: dict) -> str:
    """Digest of what every page is made from, except the bodies of event files: the
    content (``fingerprint_without_event_bodies``), the other files of the content folder
    (Pelican's pages and news, images), the theme and the settings. With it unchanged, a
    rebuild needs to rewrite only the pages and feeds of the events whose files changed."""
    root = Path(root)
    others = [
        path
        for top in root.iterdir()
        if top.name not in CONTENT_FOLDERS
        for path in ([top] if top.is_file() else top.rglob("*"))
        if path.is_file()
    ]
    return digest(
        content.fingerprint_without_event_bodies,
        files_digest(others),
        tree_digest(theme),
        settings_digest(settings),
    )


class Outputs:
    """The key each output file of one folder was last written with."""

    def __init__(self) -> None:
        self._keys: dict[str, str] = {}

    def fresh(self, path: str | Path, key: str) -> bool:
        """True if ``path`` was written with ``key`` and is still there."""
        return self._keys.get(str(path)) == key and os.path.exists(path)

    def written(self, path: str | Path, key: str) -> None:
        self._keys[str(path)] = key

    def forget(self) -> None:
        """After a failed build: its files may be half written, so rewrite all next time."""
        self._keys.clear()


_BY_FOLDER: dict[str, Outputs] = {}


def outputs(folder: str | Path) -> Outputs:
    """The record for one output folder, kept for the life of the process."""
    return _BY_FOLDER.setdefault(os.path.realpath(folder), Outputs())
