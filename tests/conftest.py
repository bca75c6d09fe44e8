"""Shared helpers: build a content folder with Pelican into a temporary folder."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SPEC_CONTENT = FIXTURES / "spec_content"
# 2026-11-26 00:00 UTC: the spec fixture's events all lie in the year after it.
EPOCH = 1795651200


def run_pelican(content: Path, output: Path, epoch: int = EPOCH, env_extra=None, check=True):
    """Build as a user does, in a separate process: `pelican CONTENT -s pelican.conf.py -o OUT`."""
    env = {"PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": str(epoch), "HOME": str(output.parent)}
    env.update(env_extra or {})
    result = subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-s", "pelican.conf.py", "-o", str(output)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"build failed:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture
def spec_copy(tmp_path: Path) -> Path:
    """A writable copy of the content folder written from the spec alone."""
    target = tmp_path / "content"
    shutil.copytree(SPEC_CONTENT, target)
    return target


@pytest.fixture(scope="session")
def spec_site(tmp_path_factory) -> Path:
    """The spec fixture built once for the whole session."""
    out = tmp_path_factory.mktemp("spec_site") / "output"
    run_pelican(SPEC_CONTENT, out)
    return out
