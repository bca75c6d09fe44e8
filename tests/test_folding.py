"""ngo.folding.fold gives exactly icalendar's own folding, and icalendar uses it."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st
from icalendar import Event
from icalendar.parser import content_line, string

from ngo import feeds, folding  # feeds installs the folding

# Characters of one to four UTF-8 octets and the two escapes icalendar keeps together.
ALPHABET = st.sampled_from([*"a ,;\\^ēĶšž€𝄞😀\t", "\\n", "\\,"])
LINES = st.lists(ALPHABET, max_size=400).map("".join)


@settings(max_examples=3000, deadline=None)
@given(line=LINES, prefix=st.text(alphabet="ABC:;=", max_size=80))
@example(line="\\" * 200, prefix="")
@example(line="^" * 75, prefix="X")
@example(line="😀" * 40, prefix="DESCRIPTION:")
@example(line="a" * 73 + "\\n", prefix="")
def test_fold_matches_icalendar(line, prefix):
    text = prefix + line
    assert folding.fold(text) == string._foldline(text)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=600))
def test_fold_matches_icalendar_on_any_text_without_newlines(text):
    text = text.replace("\n", " ").replace("\r", " ")
    assert folding.fold(text) == string._foldline(text)


def test_icalendar_folds_with_it_and_lines_stay_within_75_octets():
    assert feeds is not None and content_line._foldline is folding.fold
    event = Event()
    event.add("description", "Ķekavas kultūras nams, 2. stāvs; ieeja no pagalma. " * 40)
    lines = event.to_ical().split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert len(lines) > 20
    assert Event.from_ical(event.to_ical())["DESCRIPTION"] == event["DESCRIPTION"]


def test_install_leaves_a_changed_icalendar_alone(monkeypatch):
    def other(line, limit=75, fold_sep="\r\n "):
        return line

    monkeypatch.setattr(content_line, "_foldline", other)
    assert folding.install() is False
    assert content_line._foldline is other
