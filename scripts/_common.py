"""Shared start-up for the command-line scripts: import path, settings, clean errors."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from ngo.config import Config  # noqa: E402 - needs the path above


def settings() -> dict:
    """The upper-case settings of pelican.conf.py, read by path as Pelican does."""
    values = runpy.run_path(str(ROOT / "pelican.conf.py"))
    return {k: v for k, v in values.items() if k.isupper()}


def config() -> Config:
    return Config.from_settings(settings())


def run(main) -> None:
    """Run a script's main(); a volunteer never sees a traceback, only what went wrong."""
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(1)
    except Exception as exc:
        print(f"kļūda / error: {type(exc).__name__}: {exc}", file=sys.stderr)
        sys.exit(2)
