"""Every interface string of the theme comes from the gettext catalogue, and is translated.

The templates (and the labels in ngo.site) are written with English msgids; the Latvian
catalogue is theme/translations/lv/LC_MESSAGES/messages.po. Catalogues of other parts of the
site (feeds.po, clashes.po) belong to their own templates.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from conftest import ROOT
from jinja2.ext import babel_extract

TEMPLATES = ROOT / "theme" / "templates"
OTHERS = {"subscribe.html", "clashes.html"}  # the feeds' and the clash report's own
OWN_TEMPLATES = sorted(p for p in TEMPLATES.glob("*.html") if p.name not in OTHERS)
PYTHON = [ROOT / "plugins" / "ngo" / "site.py", ROOT / "plugins" / "ngo_site.py"]
CATALOGUE = ROOT / "theme" / "translations" / "lv" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "other_": None}
# Names that are the same in every language.
PROPER_NAMES = {"OpenStreetMap"}


def used_messages() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    options = {"trim_blocks": "true", "lstrip_blocks": "true", "autoescape": "true"}
    for path in OWN_TEMPLATES:
        for line, message, _c, _x in extract_from_file(
            babel_extract, str(path), keywords=KEYWORDS, options=options
        ):
            key = message[0] if isinstance(message, tuple) else message
            found.setdefault(key, []).append(f"{path.name}:{line}")
    for path in PYTHON:
        for line, message, _c, _x in extract_from_file("python", str(path), keywords=KEYWORDS):
            found.setdefault(message, []).append(f"{path.name}:{line}")
    return found


@pytest.fixture(scope="module")
def catalogue():
    with open(CATALOGUE, "rb") as f:
        return read_po(f, locale="lv")


def test_every_string_has_a_latvian_translation(catalogue):
    used = used_messages()
    assert len(used) > 100
    missing = {
        m: where for m, where in used.items() if not (catalogue.get(m) and catalogue.get(m).string)
    }
    assert missing == {}


def test_no_translation_is_left_unused(catalogue):
    used = used_messages()
    stale = [m.id for m in catalogue if m.id and (m.id[0] if m.pluralizable else m.id) not in used]
    assert stale == []


def test_plurals_have_every_latvian_form(catalogue):
    assert catalogue.num_plurals == 3
    for message in catalogue:
        if message.pluralizable:
            assert len(message.string) == 3 and all(message.string), message.id


def test_placeholders_survive_translation(catalogue):
    pattern = re.compile(r"%\(\w+\)[sd]|\{\w+\}")
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if message.pluralizable else (message.id,)
        strings = message.string if message.pluralizable else (message.string,)
        expected = set(pattern.findall(ids[0]))
        for string in strings:
            assert set(pattern.findall(string)) == expected, message.id


@pytest.mark.parametrize("path", OWN_TEMPLATES, ids=lambda p: p.name)
def test_templates_hold_no_untranslated_words(path: Path):
    """Outside Jinja expressions, a template has markup and punctuation, not words."""
    source = path.read_text(encoding="utf-8")
    text = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", " ", source, flags=re.S)
    text = re.sub(r"<[^>]*>", " ", text)
    words = [w for w in re.findall(r"[^\W\d_]{2,}", text) if w not in PROPER_NAMES]
    assert words == []
