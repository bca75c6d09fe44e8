#!/usr/bin/env python3
"""Benchmark: the full build against bare Pelican on the same number of Markdown files.

    python scripts/bench.py [--events N] [--reps R] [--json] [--quick] [--keep DIR]
                            [--builds-only]

Generates N synthetic events (``_benchdata``) and the same N bodies as plain Pelican
articles, then times, alternating in one run, whole `pelican` processes: bare Pelican on
the articles (the anchor: default theme, no plugins, caching off) and the project's full
build of the content (both languages, feeds, clash report, JSON). Reports the medians,
their ratio, CPU time and peak memory (the process and its workers, shared pages counted
once). Also times, inside a fresh process each: clash detection on 100,000 occurrences
(``bench_clashes.bench``), building calendar.ics for the N events, a rebuild after one
event file is edited in a running Pelican (what `make serve` does), and where one build's
time goes, generator by generator. ``--quick`` is a smoke test: tiny sizes, one
repetition. See docs/performance.md for the targets and the measured table.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from _benchdata import write_articles, write_content
from _common import ROOT, run

BIN = Path(sys.executable).parent
EPOCH = 1798761600  # 2027-01-01 00:00 UTC: the build's "now"; events span 2025-2027
SITEURL = "https://nvo.kekava.example"
SAMPLE_EVERY = 1.0  # seconds between two memory samples of a running build
BARE_SETTINGS = """\
SITENAME = "Bare Pelican"
TIMEZONE = "Europe/Riga"
DEFAULT_LANG = "lv"
PLUGINS = []
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
"""


# -- whole processes -------------------------------------------------------------------------


def _tree_memory_kib(pid: int) -> int:
    """Memory of a process and all its descendants, in KiB (0 once it is gone).

    Proportional set size: a page that forked workers share with their parent counts once
    in all, not once in each, as resident size would.
    """
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                total += next((int(line.split()[1]) for line in f if line.startswith("Pss:")), 0)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except (OSError, ValueError):
            continue
    return total


class Run(NamedTuple):
    seconds: float  # wall
    cpu: float  # user and system, the process and its workers
    system: float  # of which in the kernel (creating files, page faults)
    peak_mb: float  # of the process tree


def timed(cmd: list[str], env: dict, log: Path) -> Run:
    """Run a command to the end and measure it."""
    with open(log, "w") as out:
        began = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        peak = [0]

        def sample() -> None:
            while proc.returncode is None:
                peak[0] = max(peak[0], _tree_memory_kib(proc.pid))
                # Reading smaps_rollup of a 400 MB process costs the kernel about 20 ms:
                # sampled often, it would take a core from the build it measures.
                time.sleep(SAMPLE_EVERY)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - began
        proc.returncode = os.waitstatus_to_exitcode(status)
        sampler.join()
    if proc.returncode != 0:
        tail = log.read_text(errors="replace").splitlines()[-30:]
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n" + "\n".join(tail))
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, cpu, usage.ru_stime, (peak[0] or usage.ru_maxrss) / 1024)


def build_env() -> dict:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")}
    env["SOURCE_DATE_EPOCH"] = str(EPOCH)
    return env


def whole_builds(work: Path, reps: int) -> dict:
    """Alternate bare Pelican and the full build, ``reps`` times each."""
    bare_conf = work / "bare.conf.py"
    bare_conf.write_text(BARE_SETTINGS)
    pelican = str(BIN / "pelican")
    env = build_env()
    full_env = {**env, "SITEURL": SITEURL}
    runs = {"bare": [], "full": []}
    commands = {
        "bare": ([pelican, str(work / "articles"), "-s", str(bare_conf)], env),
        "full": ([pelican, str(work / "content"), "-s", "pelican.conf.py"], full_env),
    }

    made = {"bare": 0, "full": 0}

    def build(name: str) -> Run:
        # Untimed: the kernel writes back the previous build's files now, not during this one.
        os.sync()
        made[name] += 1
        out = work / f"out-{name}-{made[name]}"
        cmd, cmd_env = commands[name]
        return timed([*cmd, "-o", str(out)], cmd_env, work / f"{name}.log")

    # Every build writes into a new, empty folder, as a first `make site` or a fresh clone
    # does; the folders go when the bench ends. Nothing is deleted or overwritten while it
    # measures: on ext4 without a journal the kernel scans past every inode freed in the
    # last half minute for each file it creates, and with online discard overwriting a file
    # waits for its old blocks to be discarded, so either would time the file system's
    # bookkeeping of the previous build (docs/performance.md, "The file system"). A first,
    # untimed build of each lets any deletion before the bench pass.
    for name in ("bare", "full"):
        build(name)
    for rep in range(reps):
        for name in ("bare", "full") if rep % 2 == 0 else ("full", "bare"):
            runs[name].append(build(name))
    return runs


# -- inside one process ------------------------------------------------------------------------
# Each runs in a fresh interpreter (``--inner``) so that one measurement's caches and memory
# do not leak into another's.


def _config():
    from ngo.config import Config

    return Config(now=datetime.fromtimestamp(EPOCH, UTC), site_url=SITEURL)


def inner_clashes(count: int) -> dict:
    try:
        from bench_clashes import bench
    except ImportError:  # the clash module is optional to this script
        return {"clashes_s": None, "clashes_found": None}
    seconds, found = bench(count, repeat=3)
    return {"clashes_s": seconds, "clashes_found": found}


def inner_ics(content_dir: str) -> dict:
    """calendar.ics over every event of the folder. As in the build, the content is loaded
    and the Markdown converted beforehand: neither is part of the time. Each round starts
    from the events as loading leaves them (their times and the dates of their recurrence
    rules are worked out then, when they are checked): what a round computes and keeps on
    an event, in the feeds module or in its zone scans is dropped."""
    from ngo import markup
    from ngo.content import load

    try:
        from ngo.feeds import Feed, FeedBuilder, clear_caches
    except ImportError:
        return {"ics_s": None, "ics_events": None}
    content = load(content_dir, _config())
    markup.prerender(e.body for e in content.events.values())
    as_loaded = {slug: dict(vars(event)) for slug, event in content.events.items()}
    times = []
    for _ in range(3):
        for slug, event in content.events.items():  # nothing kept from the previous round
            vars(event).clear()
            vars(event).update(as_loaded[slug])
        clear_caches()  # nor what the module keeps for a next build
        began = time.perf_counter()
        builder = FeedBuilder(content, SITEURL, "nvo.kekava.example")
        events = tuple(sorted(content.events.values(), key=lambda e: (e.start, e.slug)))
        ics = builder.calendar(Feed("lv", "all", None, "NVO", "NVO", events, "home"))
        times.append(time.perf_counter() - began)
    return {"ics_s": statistics.median(times), "ics_events": ics.count(b"BEGIN:VEVENT")}


def _pelican(content_dir: str, output_dir: str):
    """The project's Pelican, in this process, as `pelican CONTENT -s pelican.conf.py` makes it."""
    import logging

    from pelican import Pelican
    from pelican.settings import read_settings

    logging.disable(logging.WARNING)
    os.environ["SOURCE_DATE_EPOCH"] = str(EPOCH)
    os.environ["SITEURL"] = SITEURL
    settings = read_settings(
        str(ROOT / "pelican.conf.py"), override={"PATH": content_dir, "OUTPUT_PATH": output_dir}
    )
    return Pelican(settings)


def _time_generators(pelican) -> dict[str, float]:
    """Make the generators of ``pelican`` add up, per phase, the seconds they take."""
    phases: dict[str, float] = {}

    def timing(cls, name):
        original = cls.__dict__[name]

        def wrapper(self, *args, **kwargs):
            began = time.perf_counter()
            try:
                return original(self, *args, **kwargs)
            finally:
                key = f"{cls.__name__}.{name.strip('_')}"
                phases[key] = phases.get(key, 0) + time.perf_counter() - began

        setattr(cls, name, wrapper)

    for cls in pelican._get_generator_classes():
        for name in ("__init__", "generate_context", "generate_output"):
            if name in cls.__dict__:
                timing(cls, name)
    return phases


def inner_incremental(content_dir: str, output_dir: str, edits: int) -> dict:
    """A running Pelican (as `make serve` keeps one) rebuilds after one event file changes.

    Its first build also tells where the time goes, generator by generator.
    """
    pelican = _pelican(content_dir, output_dir)
    phases = _time_generators(pelican)
    began = time.perf_counter()
    pelican.run()
    first = time.perf_counter() - began
    by_phase = {k: round(v, 3) for k, v in sorted(phases.items(), key=lambda kv: -kv[1])}
    by_phase = {k: v for k, v in by_phase.items() if v >= 0.01}
    by_phase["other (signals, Pelican itself)"] = round(first - sum(phases.values()), 3)
    events = sorted(p for p in Path(content_dir, "events").glob("*/*.md") if ".en." not in p.name)
    event_file = events[len(events) // 2]
    times = []
    for i in range(edits):
        text = event_file.read_text(encoding="utf-8")
        event_file.write_text(text + f"\nLabojums nr. {i + 1}.\n", encoding="utf-8")
        began = time.perf_counter()
        pelican.run()
        times.append(time.perf_counter() - began)
    return {
        "first_build_s": first,
        "phases": by_phase,
        "incremental_s": statistics.median(times),
    }


def in_process(kind: str, *args) -> dict:
    os.sync()  # untimed, as before a whole build: the builds' files are written back now
    cmd = [sys.executable, __file__, "--inner", kind, *map(str, args)]
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH)}
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"--inner {kind} failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.splitlines()[-1])


# -- the report ----------------------------------------------------------------------------------


def measure(n: int, reps: int, quick: bool, work: Path, builds_only: bool = False) -> dict:
    now = datetime.fromtimestamp(EPOCH, UTC).date()
    counts = write_content(work / "content", n, now)
    write_articles(work / "articles", n, now)
    load_before = os.getloadavg()[0]
    runs = whole_builds(work, reps)

    def median(name: str, field: str) -> float:
        return statistics.median(getattr(run, field) for run in runs[name])

    bare, full = median("bare", "seconds"), median("full", "seconds")
    clash_count = 2_000 if quick else 100_000
    result = {
        "events": n,
        "organizations": counts["organizations"],
        "places": counts["places"],
        "event_kinds": {k: counts[k] for k in ("one-off", "all-day", "multi-day", "weekly")},
        "reps": reps,
        "bare_pelican_s": round(bare, 3),
        "build_s": round(full, 3),
        "ratio": round(full / bare, 3),
        "build_ms_per_event": round(1000 * full / n, 2),
        "bare_ms_per_file": round(1000 * bare / n, 2),
        "peak_mb": round(max(run.peak_mb for run in runs["full"]), 1),
        "bare_peak_mb": round(max(run.peak_mb for run in runs["bare"]), 1),
        "build_cpu_s": round(median("full", "cpu"), 3),
        "bare_cpu_s": round(median("bare", "cpu"), 3),
        "build_system_s": round(median("full", "system"), 3),
        "bare_system_s": round(median("bare", "system"), 3),
        "bare_runs_s": [round(run.seconds, 3) for run in runs["bare"]],
        "build_runs_s": [round(run.seconds, 3) for run in runs["full"]],
    }
    if builds_only:
        return {**result, "load_avg_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)]}
    clashes = in_process("clashes", clash_count)
    ics = in_process("ics", work / "content")
    incremental = in_process("incremental", work / "content", work / "out-serve", 1 if quick else 2)
    result.update(
        clash_occurrences=clash_count,
        clashes_100k_s=_round(clashes["clashes_s"]),
        clashes_found=clashes["clashes_found"],
        ics_s=_round(ics["ics_s"]),
        ics_events=ics["ics_events"],
        incremental_s=_round(incremental["incremental_s"]),
        serve_first_build_s=_round(incremental["first_build_s"]),
        phases_s=incremental["phases"],
        load_avg_1min=[round(load_before, 2), round(os.getloadavg()[0], 2)],
    )
    return result


def _round(value):
    return None if value is None else round(value, 3)


def report(r: dict) -> str:
    def s(value, unit=" s"):
        return "n/a" if value is None else f"{value:.2f}{unit}"

    kinds = ", ".join(f"{v} {k}" for k, v in r["event_kinds"].items())
    lines = [
        f"{r['events']} events ({kinds}), {r['organizations']} organisations, "
        f"{r['places']} places; medians of {r['reps']} alternating runs; "
        f"load average {r['load_avg_1min'][0]} -> {r['load_avg_1min'][1]} on {os.cpu_count()} CPUs",
        f"  bare Pelican, {r['events']} articles  {s(r['bare_pelican_s'])}  "
        f"({r['bare_ms_per_file']:.2f} ms/file, CPU {s(r['bare_cpu_s'])} "
        f"of which system {s(r['bare_system_s'])}, "
        f"peak {r['bare_peak_mb']:.0f} MB)",
        f"  full build                   {s(r['build_s'])}  "
        f"({r['build_ms_per_event']:.2f} ms/event, CPU {s(r['build_cpu_s'])} "
        f"of which system {s(r['build_system_s'])}, "
        f"peak {r['peak_mb']:.0f} MB)",
        f"  ratio full / bare            {r['ratio']:.2f}        (target <= 1.0)",
    ]
    if "phases_s" not in r:  # --builds-only
        return "\n".join(lines)
    return "\n".join(
        [
            *lines,
            f"  clash detection, {r['clash_occurrences']} occ.  {s(r['clashes_100k_s'])}  "
            f"({r['clashes_found']} clashes; target <= 1 s at 100,000)",
            f"  calendar.ics, {r['ics_events']} events     {s(r['ics_s'])}  (target <= 1 s at 5,000)",
            f"  rebuild after one edit       {s(r['incremental_s'])}  "
            f"(first build in that process {s(r['serve_first_build_s'])}; target <= 3 s at 5,000)",
            f"  where that first build's {s(r['serve_first_build_s'])} go:",
            *(f"    {name:<44} {s(value)}" for name, value in r["phases_s"].items()),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build benchmark against bare Pelican")
    parser.add_argument("--events", "-n", type=int, default=1000, help="events (default 1000)")
    parser.add_argument("--reps", type=int, default=5, help="whole builds of each (default 5)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--quick", action="store_true", help="smoke test: 30 events, 1 run")
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and keep it")
    parser.add_argument(
        "--builds-only", action="store_true", help="only the whole builds, nothing in-process"
    )
    parser.add_argument("--inner", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.inner:
        kind, *rest = args.inner
        if kind == "clashes":
            print(json.dumps(inner_clashes(int(rest[0]))))
        elif kind == "ics":
            print(json.dumps(inner_ics(rest[0])))
        else:
            print(json.dumps(inner_incremental(rest[0], rest[1], int(rest[2]))))
        return 0
    n, reps = (30, 1) if args.quick else (args.events, args.reps)
    if args.keep:
        work = Path(args.keep)
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
    else:
        work = Path(tempfile.mkdtemp(prefix="ngo-bench-"))
    try:
        result = measure(n, reps, args.quick, work, args.builds_only)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result) if args.json else report(result))
    return 0


if __name__ == "__main__":
    run(main)
