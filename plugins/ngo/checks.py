"""Rules of SPEC section 3 that a JSON Schema can't express on its own."""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

from stdnum.exceptions import ValidationError
from stdnum.lv import pvn


def register_number_problem(number: str) -> str | None:
    """Why a Latvian register number is wrong, or None.

    Legal entities' numbers start with 4 to 9; one that starts with 0 to 3 is a person's
    identity code, which must never be published.
    """
    if len(number) != 11 or not number.isdigit():
        return f"reģistrācijas numuram jābūt 11 cipariem, nevis “{number}”"
    if number[0] < "4":
        return "šis izskatās pēc personas koda, nevis organizācijas reģistrācijas numura"
    try:
        pvn.validate(number)
    except ValidationError:
        return f"reģistrācijas numura “{number}” kontrolcipars nesakrīt: pārbaudiet ciparus"
    return None


def url_problem(url: str) -> str | None:
    """Only absolute http(s) URLs with a host: no javascript:, data: or relative links."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return f"“{url}” nav derīga adrese"
    if parts.scheme not in ("http", "https"):
        return f"drīkst būt tikai http:// vai https:// adrese, nevis “{url}”"
    if not parts.hostname or any(c in url for c in " <>\"'`"):
        return f"“{url}” nav derīga adrese"
    return None


def slugify(text: str) -> str:
    """A suggestion for a file name: "Ķekavas Bērnu Svētki.md" -> "kekavas-bernu-svetki"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = "".join(c if c.isalnum() else " " for c in ascii_text.lower()).split()
    return "-".join(words)
