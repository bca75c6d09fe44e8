#!/usr/bin/env python3
"""Create a new event file, events/<year>/<slug>.md, that validates.

    python scripts/new_event.py                      # asks for every field, in Latvian
    python scripts/new_event.py --title "..." --start "2027-05-15 18:00" \\
        --organizers nvo-platforma --place kekavas-kulturas-nams   # asks nothing

Every schema field has a flag (``--help``); an existing file is never overwritten.
"""

from __future__ import annotations

from _common import run
from _scaffold import main

if __name__ == "__main__":
    run(lambda: main("event"))
