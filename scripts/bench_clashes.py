#!/usr/bin/env python3
"""How long clash detection takes on a large random calendar.

    python scripts/bench_clashes.py [--occurrences 100000] [--profile typical|dense]
                                    [--repeat 5] [--seed 1]

The budget is under a second for 100,000 occurrences (comparing every pair would be
5 * 10^9 comparisons). ``bench()`` is what a shared benchmark script can call: it returns
the best wall time in seconds and the number of clashes found.

Profiles:
- ``typical``: a whole region's year at 100,000 occurrences: 300 venues, 800 organisers,
  16 localities; most occurrences belong to weekly series (clubs, classes), 2 % are major,
  a tenth come from external calendars, half of their events major. About three
  occurrences in ten are in a clash (30,927 at 100,000), more than half of them of low
  severity: a major event and another in the same locality.
- ``dense``: the same number of occurrences crowded into 40 venues and 80 organisers, so
  that there are more clashes than occurrences: the sweep's time grows with its output.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, datetime, timedelta

from _common import run
from ngo.clashes import find_clashes
from ngo.model import Event, Occurrence

START = datetime(2027, 1, 1, tzinfo=UTC)
PROFILES = {
    # venues, organisers, localities, weekly share, major share, external share
    "typical": (300, 800, 16, 0.7, 0.02, 0.1),
    "dense": (40, 80, 16, 0.2, 0.05, 0.1),
}


def calendar(count: int, profile: str = "typical", seed: int = 1) -> list[Occurrence]:
    """``count`` random occurrences over a year, shaped as the profile says."""
    venues, organisers, localities, weekly, majors, externals = PROFILES[profile]
    rng = random.Random(seed)
    occurrences: list[Occurrence] = []
    n = 0
    while len(occurrences) < count:
        n += 1
        external = rng.random() < externals
        series = rng.random() < weekly
        event = Event(
            slug=f"pasakums-{n}",
            path=f"events/pasakums-{n}.md",
            # One title in ten is shared: a few real duplicates among them.
            title=f"Pasākums {rng.randrange(count // 40) if rng.random() < 0.1 else n}",
            start_local=datetime(2027, 1, 1),
            end_local=datetime(2027, 1, 1, 2),
            timezone="Europe/Riga",
            organizers=[] if external else [f"org-{rng.randrange(organisers)}"],
            place=None if external or rng.random() < 0.1 else f"vieta-{rng.randrange(venues)}",
            locality=f"vieta-{rng.randrange(localities)}",
            major=(external and n % 2 == 0) or rng.random() < majors,
            registration=(
                f"https://r.example/{rng.randrange(count)}" if rng.random() < 0.2 else None
            ),
            external=external,
        )
        first = START + timedelta(days=rng.randrange(365), hours=8 + rng.randrange(13))
        length = timedelta(minutes=rng.choice((60, 90, 120, 180)))
        for week in range(rng.randint(10, 40) if series else 1):
            start = first + timedelta(weeks=week)
            occurrences.append(Occurrence(event, start, start + length))
    return occurrences[:count]


def bench(
    count: int = 100_000, profile: str = "typical", repeat: int = 5, seed: int = 1
) -> tuple[float, int]:
    """Best wall time of ``find_clashes`` over ``repeat`` runs, and the clashes found."""
    seconds, _cpu, found = measure(count, profile, repeat, seed)
    return seconds, found


def measure(count: int, profile: str, repeat: int, seed: int) -> tuple[float, float, int]:
    """Best wall time, best CPU time of this process, and the clashes found.

    The CPU time shows what the machine's other work took away: on a shared machine the
    wall time can be several times the CPU time.
    """
    occurrences = calendar(count, profile, seed)
    best_wall = best_cpu = float("inf")
    found = 0
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        found = len(find_clashes(occurrences))
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    return best_wall, best_cpu, found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Clash detection benchmark")
    parser.add_argument("--occurrences", type=int, default=100_000)
    parser.add_argument("--profile", choices=sorted(PROFILES), default="typical")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    seconds, cpu, found = measure(args.occurrences, args.profile, args.repeat, args.seed)
    print(
        f"{args.occurrences} occurrences ({args.profile}), {found} clashes: "
        f"{seconds:.3f} s wall, {cpu:.3f} s CPU (best of {args.repeat})"
    )
    return 0


if __name__ == "__main__":
    run(main)
