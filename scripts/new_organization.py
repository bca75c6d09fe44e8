#!/usr/bin/env python3
"""Create a new organisation profile, organizations/<slug>.md, that validates.

    python scripts/new_organization.py               # asks for every field, in Latvian
    python scripts/new_organization.py --name "..." --kind association --summary "..." \\
        --localities kekava --areas culture          # asks nothing

Every schema field has a flag (``--help``); an existing file is never overwritten.
"""

from __future__ import annotations

from _common import run
from _scaffold import main

if __name__ == "__main__":
    run(lambda: main("organization"))
