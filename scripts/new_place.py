#!/usr/bin/env python3
"""Create a new venue, places/<slug>.yaml, that validates.

    python scripts/new_place.py                      # asks for every field, in Latvian
    python scripts/new_place.py --name "..." --locality kekava --address "..."   # asks nothing

Every schema field has a flag (``--help``); an existing file is never overwritten.
"""

from __future__ import annotations

from _common import run
from _scaffold import main

if __name__ == "__main__":
    run(lambda: main("place"))
