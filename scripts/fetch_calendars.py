#!/usr/bin/env python3
"""Refresh the copies of external calendars from their ``url``.

    python scripts/fetch_calendars.py [CONTENT_DIR] [--timeout SECONDS]

For every ``external/<slug>.yaml`` with a ``url``, downloads the calendar, checks it as the
build will (``ngo.external``), and only then replaces ``external/<slug>.ics``: written to a
temporary file beside it and renamed, so a failed or broken download never leaves a half
written or invalid copy. When the download fails, is not a valid calendar, or is suddenly
empty while the last copy had events, the last good copy stays.

The build itself never needs the network (SPEC section 5); this script is run on a
schedule and its changes go through a pull request like any other content.

Exit 0 when every calendar with a ``url`` was refreshed or unchanged; 1 when any kept its
last copy (one line each says why); 2 when the content folder can't be read.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from _common import config, run, settings
from ngo import external, schema
from ngo.frontmatter import read_yaml

USER_AGENT = "nvo-platforma-calendars/1"


class FetchError(Exception):
    """Why a calendar was not refreshed (shown to the person who runs the script)."""


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s): never to ftp: or anything else."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not newurl.lower().startswith(("http://", "https://")):
            raise FetchError(f"pāradresē uz ne-HTTP adresi / redirects away from HTTP: {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def download(url: str, timeout: float) -> bytes:
    opener = urllib.request.build_opener(_HttpOnlyRedirects)
    repository = settings().get("REPOSITORY_URL", "")
    request = urllib.request.Request(
        url, headers={"User-Agent": f"{USER_AGENT} (+{repository})".replace(" (+)", "")}
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            data = response.read(external.MAX_ICS_BYTES + 1)
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:  # urllib itself refuses a redirect to file: and the like
            raise FetchError(
                f"pāradresē uz ne-HTTP adresi / redirects away from HTTP: {exc.filename}"
            ) from None
        raise FetchError(
            f"serveris atbildēja {exc.code} / the server answered {exc.code}"
        ) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(f"lejupielāde neizdevās / download failed: {reason}") from None
    if len(data) > external.MAX_ICS_BYTES:
        raise FetchError("kalendārs ir pārāk liels / the calendar is too large")
    return data


def _has_events(data: bytes) -> bool:
    return b"BEGIN:VEVENT" in data.upper()


def write_atomically(target: Path, data: bytes) -> None:
    """Replace ``target`` in one step: readers see the old file or the new, never a part."""
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private; the copy is public content like its neighbours.
        os.chmod(temporary, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def refresh(yaml_path: Path, root: Path, cfg, timeout: float) -> str:
    """Refresh one calendar; returns what happened, raises FetchError when it kept the copy."""
    rel = yaml_path.relative_to(root).as_posix()
    doc, problems = read_yaml(rel, yaml_path.read_bytes())
    data, more = schema.check(doc, "external")
    problems += more
    if problems:
        raise FetchError("; ".join(str(p) for p in problems))
    url = data.get("url")
    if not url:
        return "nav url, izlaists / no url, skipped"
    ics = yaml_path.with_suffix(".ics")
    ics_rel = ics.relative_to(root).as_posix()
    body = download(url, timeout)
    problems = external.check_bytes(body, ics_rel, cfg)
    if problems:
        first = problems[0]
        more = f" (+{len(problems) - 1})" if len(problems) > 1 else ""
        raise FetchError(
            f"lejupielādētais nav derīgs kalendārs / not a valid calendar: "
            f"{first.line}: {first.field}: {first.message}{more}"
        )
    old = ics.read_bytes() if ics.is_file() else None
    if old is not None and _has_events(old) and not _has_events(body):
        # A feed that suddenly lists nothing is far more often a server fault than a
        # municipality that cancelled its whole year.
        raise FetchError("lejupielādētajā kalendārā nav neviena pasākuma / no events in it")
    if body == old:
        return "nav mainījies / unchanged"
    write_atomically(ics, body)
    return "atjaunots / refreshed"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Atjauno ārējo kalendāru kopijas / refreshes external calendars"
    )
    parser.add_argument("content_dir", nargs="?", default="content")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per download")
    args = parser.parse_args(argv)
    root = Path(args.content_dir)
    folder = root / "external"
    if not root.is_dir():
        print(f"{root}: satura mape nav atrasta / content folder not found", file=sys.stderr)
        return 2
    cfg = config()
    failed = 0
    for yaml_path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        ics_rel = yaml_path.with_suffix(".ics").relative_to(root).as_posix()
        try:
            outcome = refresh(yaml_path, root, cfg, args.timeout)
        except FetchError as exc:
            failed += 1
            print(
                f"{ics_rel}: {exc}; iepriekšējā kopija saglabāta / last copy kept", file=sys.stderr
            )
            continue
        print(f"{ics_rel}: {outcome}")
    return 1 if failed else 0


if __name__ == "__main__":
    run(main)
