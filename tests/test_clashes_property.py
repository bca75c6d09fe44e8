"""The sweep finds exactly what comparing every pair finds, on random calendars.

The oracle below is written from SPEC section 5 alone, as slowly and plainly as possible:
every pair of occurrences, the overlap test ``max(start) < min(end)``, each kind from its
table row. Calendars are small and crowded (a few hours, few venues, organisers and
titles) so that ties, touching intervals and every kind come up often.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime, timedelta
from itertools import combinations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ngo.clashes import KINDS, SEVERITY, find_clashes, title_key
from ngo.model import Event

WINDOW = (datetime(2027, 3, 1, tzinfo=UTC), datetime(2027, 4, 15, tzinfo=UTC))
# Around the change to summer time in Riga (28 March 2027), where wall-clock mistakes show.
BASE = datetime(2027, 3, 26, 20, 0)
TITLES = ["Koncerts", "koncerts!", "KONCĒRTS", "Talka", "Tālka.", "Lekcija", "Ta lka"]
REGISTRATIONS = [None, None, "https://r.example/1", "https://r.example/2"]


def oracle_title(title: str) -> str:
    """SPEC: case folding, then no diacritics, punctuation or extra spaces (per character)."""
    text = unicodedata.normalize("NFKD", title.casefold())
    kept = [
        c
        for c in text
        if not unicodedata.combining(c) and not unicodedata.category(c).startswith("P")
    ]
    return " ".join("".join(kept).split())


def oracle(occurrences, locality_of) -> set:
    found = set()
    live = [o for o in occurrences if o.event.status != "cancelled"]
    for a, b in combinations(live, 2):
        ea, eb = a.event, b.event
        if (ea.external, ea.slug) == (eb.external, eb.slug) or (ea.external and eb.external):
            continue
        if not max(a.start, b.start, key=_ts).timestamp() < min(a.end, b.end, key=_ts).timestamp():
            continue
        la, lb = locality_of(ea), locality_of(eb)
        applies = {
            "venue": bool(ea.place) and ea.place == eb.place,
            "duplicate": (oracle_title(ea.title) != "" and oracle_title(ea.title) == oracle_title(eb.title))
            or (ea.registration is not None and ea.registration == eb.registration),
            "organizer": bool(set(ea.organizers) & set(eb.organizers)),
            "major": ea.major and eb.major,
            "locality": (ea.major or eb.major) and la is not None and la == lb,
        }  # fmt: skip
        kinds = tuple(k for k in KINDS if applies[k])
        if kinds:
            found.add((frozenset([_key(a), _key(b)]), kinds))
    return found


def _ts(value: datetime) -> float:
    return value.timestamp()


def _key(occ) -> tuple:
    return (occ.event.external, occ.event.slug, occ.start.timestamp())


@st.composite
def calendars(draw):
    events = []
    for n in range(draw(st.integers(1, 10))):
        external = draw(st.booleans()) and n % 3 == 0
        all_day = draw(st.integers(0, 5)) == 0
        start = BASE + timedelta(minutes=30 * draw(st.integers(0, 16 * 2)))
        if all_day:
            first = start.date()
            last = first + timedelta(days=draw(st.integers(0, 1)))
        else:
            first = start
            last = start + timedelta(minutes=30 * draw(st.integers(1, 8)))
        recurrence = draw(st.sampled_from([None, None, "FREQ=DAILY;COUNT=3", "FREQ=DAILY;COUNT=2"]))
        events.append(
            Event(
                slug=f"e{n}",
                path=f"events/e{n}.md",
                title=draw(st.sampled_from(TITLES)),
                start_local=first,
                end_local=last,
                timezone=draw(st.sampled_from(["Europe/Riga", "Europe/Riga", "UTC"])),
                organizers=[] if external else draw(st.lists(st.sampled_from("abc"), min_size=1, max_size=2, unique=True)),
                place=None if external else draw(st.sampled_from([None, "zale", "parks"])),
                locality=draw(st.sampled_from([None, "kekava", "baldone"])),
                major=draw(st.booleans()),
                status=draw(st.sampled_from(["confirmed", "confirmed", "tentative", "cancelled"])),
                recurrence=recurrence,
                registration=None if external else draw(st.sampled_from(REGISTRATIONS)),
                external=external,
            )
        )  # fmt: skip
    return events


PLACE_LOCALITY = {"zale": "kekava", "parks": "baldone"}


def locality_of(event: Event) -> str | None:
    return PLACE_LOCALITY.get(event.place, event.locality)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(calendars())
def test_sweep_finds_exactly_what_comparing_every_pair_finds(events):
    occurrences = [o for e in events for o in e.occurrences(*WINDOW)]
    clashes = find_clashes(occurrences, locality_of)
    got = {(frozenset([_key(c.first), _key(c.second)]), c.kinds) for c in clashes}
    assert len(got) == len(clashes), "a pair of occurrences was reported twice"
    assert got == oracle(occurrences, locality_of)
    for clash in clashes:
        first, second = clash.first, clash.second
        assert (first.start.timestamp(), first.event.slug) <= (
            second.start.timestamp(),
            second.event.slug,
        )
        assert clash.severity == min(
            (SEVERITY[k] for k in clash.kinds), key=["high", "medium", "low"].index
        )
    starts = [
        (c.overlap_start.timestamp(), c.first.event.slug, c.second.event.slug) for c in clashes
    ]
    assert starts == sorted(starts)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30))
def test_title_key_matches_the_per_character_definition(title):
    assert title_key(title) == oracle_title(title)


@settings(max_examples=50, deadline=None)
@given(st.dates(min_value=date(2027, 1, 1), max_value=date(2027, 12, 31)))
def test_an_all_day_event_clashes_with_every_timed_event_inside_its_day(day):
    whole_day = Event("d", "d.md", "A", day, day, "Europe/Riga", ["a"], place="zale")
    # Not at 00:00-00:00 of the next day: an all-day event ends at the next local midnight.
    inside = [
        Event(f"t{h}", "t.md", f"T{h}", datetime(day.year, day.month, day.day, h), datetime(day.year, day.month, day.day, h) + timedelta(minutes=30), "Europe/Riga", ["b"], place="zale")
        for h in (0, 12, 23)
    ]  # fmt: skip
    window = (datetime(2026, 12, 1, tzinfo=UTC), datetime(2028, 1, 2, tzinfo=UTC))
    occurrences = [o for e in (whole_day, *inside) for o in e.occurrences(*window)]
    pairs = {(c.first.event.slug, c.second.event.slug) for c in find_clashes(occurrences)}
    assert pairs == {("d", "t0"), ("d", "t12"), ("d", "t23")}
