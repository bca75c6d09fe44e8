#!/usr/bin/env python3
"""Check a content folder without building it.

    python scripts/validate.py [CONTENT_DIR]

Exit 0 when the content is valid; 1 with one line per problem, `PATH:LINE: FIELD: message`.
"""

from __future__ import annotations

import argparse
import sys

from _common import config, run
from ngo.content import collect


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Pārbauda satura mapi / checks a content folder")
    parser.add_argument("content_dir", nargs="?", default="content")
    args = parser.parse_args(argv)
    content, problems = collect(args.content_dir, config())
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} kļūda(s) / problem(s)", file=sys.stderr)
        return 1
    print(
        f"{args.content_dir}: viss kārtībā / all valid — {len(content.events)} pasākumi, "
        f"{len(content.organizations)} organizācijas, {len(content.places)} vietas",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    run(main)
