"""Interface strings: gettext catalogues per language, English msgids.

Every ``*.po`` file under ``theme/translations/<lang>/LC_MESSAGES/`` is merged, so each part
of the site (pages, feeds, clash report) keeps its own catalogue file. Catalogues are read
from .po directly (no compiled .mo in git to go stale).
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations


@cache
def translations(folder: str, lang: str) -> NullTranslations:
    """Merged translations for ``lang``; English msgids fall back to themselves."""
    files = sorted(Path(folder, lang, "LC_MESSAGES").glob("*.po"))
    merged: NullTranslations = NullTranslations()
    for po in files:
        with open(po, "rb") as f:
            catalog = read_po(f, locale=lang)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        part = Translations(buffer)
        if isinstance(merged, Translations):
            merged.merge(part)
        else:
            merged = part
    return merged


def gettext_for(folder: str, lang: str):
    return translations(folder, lang).gettext
