"""Broken and hostile files: the reader and the validator never crash, hang or lose a file.

Property-based (hypothesis): random and mutated files are put beside the valid spec fixture
and read by ``ngo.content.collect`` and ``scripts/validate.py``. Whatever the file holds,
there is no uncaught exception, every problem is one ``PATH:LINE: FIELD: message`` line about
that file, the exit code is 1 exactly when there is a problem, and every valid file beside it
is still read and valid. Known attacks and limits are pinned by the examples below.

The runs are derandomised and bounded (about 20 s in all) so that ``make test`` is stable;
``HYPOTHESIS_PROFILE=fuzz`` explores with fresh random data and ten times more examples.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import EPOCH, ROOT, SPEC_CONTENT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import validate
from ngo import frontmatter, schema, timing
from ngo.config import Config
from ngo.content import collect

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "fuzz", parent=settings.get_profile("ci"), max_examples=600, derandomize=False
)
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

NOW = datetime.fromtimestamp(EPOCH, UTC)
CONFIG = Config(now=NOW)
LINE = re.compile(r"^(?P<path>[^\n]+?):(?P<line>[1-9]\d*): (?P<field>[^:\n]+): (?P<message>\S.*)$")

# Where a fuzzed file goes, by kind; nothing valid refers to it, so only it may be blamed.
TARGETS = {
    "event": "events/2027/zz-fuzz.md",
    "organization": "organizations/zz-fuzz.md",
    "place": "places/zz-fuzz.yaml",
    "page": "pages/zz-fuzz.md",
    "translation": "organizations/koris-balss.en.md",  # replaced, and put back after
}
SEEDS = {
    "event": SPEC_CONTENT / "events/2027/ziemas-koncerts.md",
    "organization": SPEC_CONTENT / "organizations/koris-balss.md",
    "place": SPEC_CONTENT / "places/zale.yaml",
    "page": SPEC_CONTENT / "pages/par-mums.md",
    "translation": SPEC_CONTENT / "organizations/koris-balss.en.md",
}


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    """The valid spec fixture; each example writes one more file into it and removes it."""
    target = tmp_path_factory.mktemp("fuzz") / "content"
    shutil.copytree(SPEC_CONTENT, target)
    return target


@pytest.fixture(scope="module")
def valid(root) -> dict[str, set[str]]:
    """What the untouched fixture holds: it must still be there beside any broken file."""
    content, problems = collect(root, CONFIG)
    assert problems == []
    return {
        "events": set(content.events),
        "organizations": set(content.organizations),
        "places": set(content.places),
    }


def check(root: Path, valid: dict, rel: str, raw: bytes) -> list[str]:
    """Put ``raw`` at ``rel`` beside the valid files; assert the contract; return the lines."""
    path = root / rel
    original = path.read_bytes() if path.exists() else None
    path.write_bytes(raw)
    try:
        content, problems = collect(root, CONFIG)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = validate.main([str(root)])
    finally:
        if original is None:
            path.unlink()
        else:
            path.write_bytes(original)
    lines = out.getvalue().splitlines()
    assert code == (1 if problems else 0)
    assert len(lines) == len(problems)
    # Line breaks as YAML counts them: editors differ on U+2028 and NEL, the reader does not.
    breaks = (b"\n", b"\r", "\u2028".encode(), "\u2029".encode(), "\u0085".encode())
    n_lines = sum(raw.count(b) for b in breaks) + 1
    for line in lines:
        m = LINE.match(line)
        assert m, f"not PATH:LINE: FIELD: message: {line!r}"
        assert m["path"] == rel, line  # nothing else is blamed
        assert int(m["line"]) <= n_lines, line
    # Every valid file beside it is still read, and (above) has no problem.
    assert valid["events"] <= set(content.events)
    assert valid["organizations"] <= set(content.organizations)
    assert valid["places"] <= set(content.places)
    return lines


# --------------------------------------------------------------------------- strategies

NASTY = [
    "\t", "  ", ": ", "- ", "-", "[", "]", "{", "}", ",", "#", "&a ", "*a", "&a [*a]", "<<: *a",
    "!!python/object/apply:os.system ['true']", "!!binary ", "? ", "|", ">", "'", '"', "\\",
    "\ufeff", "\r", "\r\n", "\n", "\u2028", "\u0085", "\x00", "\x1b[31m", "\x7f", "%YAML 1.1\n",
    "---\n", "...\n", "null", "~", "yes", "no", "0x1F", "1e400", "-.inf", ".nan", "9999-12-31",
    "0001-01-01 00:00", "2027-02-30", "25:61", "FREQ=DAILY", "FREQ=DAILY;COUNT=99999999999",
    "FREQ=MONTHLY;BYDAY=+99MO", "FREQ=DAILY;INTERVAL=0", "Etc/../../../etc/passwd", "../" * 8,
    '"\\ud800"', '"\\U00110000"', '"\\e"', "ā" * 300, "x" * 5000, "[" * 300,
    "javascript:alert(1)", "<script>alert(1)</script>", "{{ 7*7 }}",
]  # fmt: skip


@st.composite
def mutated(draw, kind: str) -> bytes:
    """A valid file of ``kind`` with a few random edits."""
    data = SEEDS[kind].read_bytes()
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["nasty", "byte", "delete", "line", "swap"]))
        if action == "nasty":
            data = (
                data[:at]
                + draw(st.sampled_from(NASTY)).encode("utf-8", "surrogatepass")
                + data[at:]
            )
        elif action == "byte":
            data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
        elif action == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 20)) :]
        else:
            lines = data.split(b"\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            if action == "line":
                lines.insert(j, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            data = b"\n".join(lines)
    return data


FIELD_NAMES = {kind: schema.fields(kind) for kind in ("event", "organization", "place", "page")}
YEARS = st.sampled_from([1, 1899, 1900, 1970, 2026, 2027, 2100, 2101, 9999])
DATES = st.builds(
    lambda y, m, d, t: f"{y:04d}-{m:02d}-{d:02d}{t}",
    YEARS,
    st.integers(0, 13),
    st.integers(0, 32),
    st.sampled_from(["", " 00:00", " 18:00", " 23:59", " 24:00", " 3:7"]),
)
RULES = st.builds(
    lambda parts: ";".join(parts),
    st.lists(
        st.sampled_from(
            [
                "FREQ=WEEKLY", "FREQ=MONTHLY", "FREQ=YEARLY", "FREQ=DAILY", "FREQ=HOURLY",
                "COUNT=3", "COUNT=0", "COUNT=2001", "INTERVAL=2", "INTERVAL=-1",
                "UNTIL=2027-05-25", "UNTIL=99991231", "UNTIL=20270101T000000Z", "BYDAY=TU",
                "BYDAY=+1MO,-1FR", "BYDAY=+53MO", "BYMONTHDAY=31", "BYMONTHDAY=-1",
                "BYMONTH=2", "BYMONTH=13", "BYSETPOS=1", "BYWEEKNO=53", "BYYEARDAY=366",
                "WKST=SU", "FOO=1", "=",
            ]
        ),
        max_size=5,
    ),
)  # fmt: skip
SCALARS = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    DATES,
    RULES,
    st.sampled_from(["Europe/Riga", "Mars/Olympus", "UTC", "localtime", "koris-balss", "zale"]),
    st.sampled_from(["true", "no", "5 EUR", "https://a.example/x", "javascript:alert(1)"]),
    st.integers(-(10**30), 10**30).map(str),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def structured(draw, kind: str) -> bytes:
    """Front matter with the schema's fields (and others) set to values of any type."""
    names = st.one_of(st.sampled_from(FIELD_NAMES[kind]), st.text(min_size=1, max_size=12))
    fields = draw(st.dictionaries(names, VALUES, max_size=10))
    # JSON is YAML: \\u escapes reach the reader as YAML escapes, lone surrogates included.
    front = json.dumps(fields, ensure_ascii=draw(st.booleans()))
    if draw(st.booleans()):  # block style, values as YAML reads plain text
        front = "\n".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in fields.items())
    body = draw(st.text(max_size=200))
    return f"---\n{front}\n---\n{body}".encode("utf-8", "surrogatepass")


# --------------------------------------------------------------------------- properties


@PROFILE
@given(kind=st.sampled_from(sorted(TARGETS)), data=st.data())
def test_mutated_files_give_clear_errors_and_lose_nothing(root, valid, kind, data):
    raw = data.draw(mutated(kind))
    check(root, valid, TARGETS[kind], raw)


@PROFILE
@given(kind=st.sampled_from(["event", "organization", "place", "page"]), data=st.data())
def test_any_values_of_any_type_give_clear_errors(root, valid, kind, data):
    raw = data.draw(structured(kind))
    if kind == "place":  # a plain YAML file: no front matter lines
        raw = raw.split(b"\n---\n")[0].removeprefix(b"---\n")
    check(root, valid, TARGETS[kind], raw)


@PROFILE
@given(raw=st.binary(max_size=600), kind=st.sampled_from(["event", "place"]))
def test_random_bytes_give_clear_errors(root, valid, raw, kind):
    check(root, valid, TARGETS[kind], raw)


@PROFILE
@given(text=st.text(max_size=400))
def test_random_text_after_front_matter_never_crashes(root, valid, text):
    head = SEEDS["event"].read_text(encoding="utf-8")
    check(root, valid, TARGETS["event"], (head + text).encode("utf-8", "surrogatepass"))


# --------------------------------------------------------------------------- known attacks

BILLION_LAUGHS = "\n".join(
    ['lol0: &l0 "lol"']
    + [f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 10)]
)


def event(extra: str, body: str = "") -> bytes:
    text = "---\ntitle: T\nstart: 2027-03-01 18:00\norganizers: [koris-balss]\nplace: zale\n"
    return f"{text}{extra}---\n{body}".encode("utf-8", "surrogatepass")


CASES = [
    # (kind, file, the field and words of the one problem it must give)
    ("event", event(BILLION_LAUGHS + "\n"), "lol1", "enkuri"),
    ("place", BILLION_LAUGHS.encode(), "lol1", "enkuri"),
    ("event", event("summary: &a [*a]\n"), "summary", "enkuri"),
    ("event", event("summary: " + "[" * 50_000 + "\n"), "-", "pārāk dziļa"),
    (
        "event",
        event("summary:\n" + "".join(" " * i + "- \n" for i in range(1, 60))),
        "summary",
        "dziļa",
    ),
    ("event", event("summary: " + "x" * 200_000 + "\n"), "summary", "pārāk garš"),
    ("event", b"---\ntitle: " + b"x" * (300 * 1024) + b"\n---\n", "-", "pārāk liels"),
    ("event", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "-", "nav teksts"),
    ("event", b"---\ntitle: \xc0\xaf\n---\n", "-", "UTF-8"),
    ("event", b"", "-", "trūkst priekšvārda"),
    ("event", b"---\n---\n", "-", "tukšs"),
    ("event", event("\tsummary: x\n"), "-", "tabulācijas"),
    ("event", event('summary: "\\e[2J"\n'), "summary", "U+001B"),
    ("event", event('summary: "\\ud800"\n'), "summary", "U+D800"),
    ("event", event('summary: "\\U00110000"\n'), "-", "YAML sintakses kļūda"),
    ("event", event("", body="Teksts \x1b]8;;https://evil.example\x07 x\n"), "-", "U+001B"),
    ("event", event("", body="[" * 2000), "-", "zīmju “[”"),
    ("event", event("", body="<a " * 2000), "-", "zīmju “<”"),
    ("event", event("", body="-\n" * 20_000), "-", "apraksts ir pārāk garš"),
    ("event", event('"bad\\nfield: x": 1\n'), "bad\\nfield%3A x", "nezināms lauks"),
    ("event", event("pric: 5 EUR\n"), "pric", "vai domājāt “price”"),
    ("event", event("end: 9999-12-31 23:00\n"), "end", "no 1900 līdz 2100"),
    ("event", event("", "").replace(b"2027-03-01 18:00", b"0001-01-01"), "start", "1900"),
    ("event", event("recurrence: FREQ=DAILY;COUNT=100000000\n"), "recurrence", "COUNT"),
    ("event", event("recurrence: FREQ=DAILY;UNTIL=99991231\n"), "recurrence", "2100"),
    ("event", event("recurrence: FREQ=DAILY;INTERVAL=0\n"), "recurrence", "INTERVAL"),
    ("event", event("recurrence: FREQ=WEEKLY;INTERVAL=" + "9" * 20 + "\n"), "recurrence", "1000"),
    ("event", event("recurrence: FREQ=MONTHLY;BYDAY=+99MO\n"), "recurrence", "nederīgs"),
    ("event", event("recurrence: FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30\n"), "recurrence", "nekad"),
]


@pytest.mark.parametrize(("kind", "raw", "field", "words"), CASES)
def test_known_attacks_and_limits_give_one_clear_error_quickly(
    root, valid, kind, raw, field, words
):
    started = time.monotonic()
    lines = check(root, valid, TARGETS[kind], raw)
    assert time.monotonic() - started < 10
    fields = [LINE.match(line)["field"] for line in lines]
    assert field in fields, lines
    assert any(words in line for line in lines), lines


def test_bom_crlf_and_tabs_in_text_are_read_as_written(root, valid):
    raw = event('summary: "a\\tb"\n', body="Teksts\tar tabulāciju.\n").replace(b"\n", b"\r\n")
    assert check(root, valid, TARGETS["event"], b"\xef\xbb\xbf" + raw) == []
    doc, problems = frontmatter.read_markdown("x.md", b"\xef\xbb\xbf" + raw)
    assert problems == []
    assert doc.data["summary"] == "a\tb"
    assert doc.body == "Teksts\tar tabulāciju.\n"


def test_a_rule_without_end_is_cut_at_the_horizon(root):
    (root / TARGETS["event"]).write_bytes(event("recurrence: FREQ=DAILY\n"))
    try:
        content, problems = collect(root, CONFIG)
    finally:
        (root / TARGETS["event"]).unlink()
    assert problems == []
    occurrences = content.events["zz-fuzz"].occurrences(CONFIG.now, CONFIG.horizon_end)
    assert occurrences[0].start == content.events["zz-fuzz"].start  # 2027-03-01 18:00
    assert occurrences[-1].start < CONFIG.horizon_end <= occurrences[-1].start + timedelta(days=1)
    # A window longer than the cap gives no more than the cap.
    far = content.events["zz-fuzz"].occurrences(NOW, NOW + timedelta(days=20 * 365))
    assert len(far) == timing.MAX_OCCURRENCES


def test_a_file_name_that_is_not_utf8_is_reported_on_one_line(root, valid):
    name = os.path.join(os.fsencode(root / "events" / "2027"), b"\xff\xfe.md")
    with open(name, "wb") as f:
        f.write(event(""))
    try:
        content, problems = collect(root, CONFIG)
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            assert validate.main([str(root)]) == 1
    finally:
        os.remove(name)
    assert [p.field for p in problems] == ["-"]
    assert re.fullmatch(r"events/2027/\\udcff\\udcfe\.md:1: -: .*pārdēvējiet.*\n", out.getvalue())
    assert valid["events"] <= set(content.events)


# --------------------------------------------------------------------------- the commands


@pytest.fixture
def broken_copy(tmp_path) -> Path:
    """The spec fixture with an alias bomb, a binary file and an unreadable rule beside it."""
    target = tmp_path / "content"
    shutil.copytree(SPEC_CONTENT, target)
    (target / "events/2027/bumba.md").write_bytes(event(BILLION_LAUGHS + "\n"))
    (target / "places/bildes.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (target / "events/2027/katru-dienu.md").write_bytes(
        event("recurrence: FREQ=DAILY;COUNT=99999999999\n")
    )
    return target


EXPECTED = [
    ("events/2027/bumba.md", "lol1"),
    ("events/2027/katru-dienu.md", "recurrence"),
    ("places/bildes.yaml", "-"),
]


def test_validate_script_exits_1_with_one_line_per_problem(broken_copy):
    result = subprocess.run(
        [sys.executable, "scripts/validate.py", str(broken_copy)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    found = [LINE.match(line) for line in result.stdout.splitlines()]
    assert all(found), result.stdout
    assert [(m["path"], m["field"]) for m in found] == EXPECTED
    assert "Traceback" not in result.stderr


def test_build_stops_with_the_same_lines_and_no_traceback(broken_copy, tmp_path):
    from conftest import run_pelican

    result = run_pelican(broken_copy, tmp_path / "output", check=False)
    assert result.returncode != 0
    found = [m for line in result.stderr.splitlines() if (m := LINE.match(line))]
    assert [(m["path"], m["field"]) for m in found] == EXPECTED
    assert "Traceback" not in result.stderr + result.stdout


# Valid, but at the edges: the build must take them as they are (INTERVAL=10**20 crashed the
# calendar feeds before the limit; a wall time in the DST gap, Feb 29, a zone at UTC+14...).
EXTREMES = [
    "start: 2100-12-31\n",
    "start: 2027-03-28 03:30\nend: 04:30\n",
    "start: 2027-10-31 03:30\nend: 03:45\n",
    "start: 2027-01-01 12:00\ntimezone: Pacific/Kiritimati\nrecurrence: FREQ=DAILY;COUNT=2000\n",
    "start: 2027-01-01 12:00\ntimezone: Etc/GMT+12\nrecurrence: FREQ=YEARLY;BYWEEKNO=53;BYDAY=MO\n",
    "start: 2027-01-01 12:00\ntimezone: America/St_Johns\n"
    "recurrence: FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR\n",
    "start: 2026-11-26 00:00\ntimezone: UTC\nrecurrence: FREQ=DAILY;UNTIL=2100-12-31\n",
    "start: 2027-02-28\nrecurrence: FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29\n",
    "start: 2028-02-29\nrecurrence: FREQ=YEARLY\n",
    "start: 2027-01-31 10:00\nrecurrence: FREQ=MONTHLY\n",
    "start: 2026-11-25 23:00\nend: 2026-11-26 01:00\n",
    "start: 2027-01-01 00:00\ntimezone: Antarctica/Troll\nrecurrence: FREQ=WEEKLY;INTERVAL=1000\n",
    "start: 2027-01-01 10:00\nrecurrence: FREQ=DAILY;BYYEARDAY=-366\n",
]


def test_extreme_but_valid_values_build(tmp_path, monkeypatch):
    from pelican import Pelican
    from pelican.settings import read_settings

    from ngo.urls import Urls

    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(SPEC_CONTENT, content)
    for i, fields in enumerate(EXTREMES):
        text = f"---\ntitle: Mala {i}\n{fields}organizers: [koris-balss]\nplace: zale\n---\n"
        (content / f"events/2027/mala-{i}.md").write_text(text, encoding="utf-8")
    assert collect(content, CONFIG)[1] == []
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    settings = read_settings(
        str(ROOT / "pelican.conf.py"), override={"PATH": str(content), "OUTPUT_PATH": str(output)}
    )
    Pelican(settings).run()
    for i in range(len(EXTREMES)):
        assert (output / Urls().save_as("event", "lv", f"mala-{i}")).is_file()
    assert b"Mala 3" in (output / "calendar.ics").read_bytes()
