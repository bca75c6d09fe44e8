"""The JSON Schemas of the front matter: the single source of the field list.

``check(doc, kind)`` turns a document's raw text values into typed values as the schema
says (so ``15:00`` is a time string, ``no`` a word, ``40008114442`` a register number,
quoted or not) and reports every schema violation at the line of its field.
"""

from __future__ import annotations

import difflib
import json
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .frontmatter import Document
from .problems import Problem

if TYPE_CHECKING:
    import jsonschema

SCHEMA_DIR = Path(__file__).parent / "schemas"
KINDS = ("organization", "place", "event", "page", "external", "vocabulary")

_INT = re.compile(r"^[+-]?\d+$")
_NUM = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


@cache
def load(kind: str) -> dict:
    """The schema of a kind of file; ``<kind>-translation`` for ``<slug>.en.md`` files."""
    if kind.endswith("-translation"):
        base = load(kind.removesuffix("-translation"))
        props = {k: v for k, v in base["properties"].items() if v.get("x-translatable")}
        return {**base, "$id": f"{kind}.schema.json", "required": [], "properties": props}
    with open(SCHEMA_DIR / f"{kind}.schema.json", encoding="utf-8") as f:
        return json.load(f)


@cache
def _validator(kind: str) -> jsonschema.Draft202012Validator:
    # Imported on first use: a tenth of a second, and most builds find every file valid
    # without it (see ``_valid``).
    import jsonschema

    return jsonschema.Draft202012Validator(load(kind))


def fields(kind: str) -> list[str]:
    return list(load(kind)["properties"])


_TYPE_WORDS = {
    "string": "tekstam",
    "integer": "veselam skaitlim",
    "number": "skaitlim",
    "boolean": "true vai false",
    "array": "sarakstam, piemēram, [a, b]",
    "object": "laukiem formā `lauks: vērtība`",
}


class _Coercer:
    def __init__(self, doc: Document, problems: list[Problem]):
        self.doc, self.problems = doc, problems

    def fail(self, path: tuple, message: str) -> None:
        field = ".".join(str(p) for p in path[:1]) or "-"
        self.problems.append(Problem(self.doc.path, self.doc.line(*path), field, message))

    def coerce(self, raw, schema: dict, path: tuple):
        """Return the typed value, or None after reporting why it can't be read."""
        if raw is None or schema is True or not isinstance(schema, dict):
            return raw
        types = schema.get("type")
        if isinstance(types, list):  # e.g. reg_no: written as a number or as text, read as text
            types = types[0]
        if types in ("string", "integer", "number", "boolean") and not isinstance(raw, str):
            self.fail(path, f"jābūt {_TYPE_WORDS[types]}, nevis sarakstam vai laukiem")
            return None
        if types == "string":
            return raw
        if types == "integer":
            if _INT.match(raw.strip()):
                return int(raw)
            self.fail(path, f"jābūt veselam skaitlim, nevis “{raw}”")
            return None
        if types == "number":
            if _NUM.match(raw.strip()):
                return float(raw)
            self.fail(path, f"jābūt skaitlim (ar punktu, piemēram, 56.97), nevis “{raw}”")
            return None
        if types == "boolean":
            word = raw.strip().lower()
            if word in ("true", "false"):
                return word == "true"
            self.fail(path, f"jābūt true vai false, nevis “{raw}”")
            return None
        if types == "array":
            if not isinstance(raw, list):
                self.fail(path, f"jābūt sarakstam, piemēram, [{raw}]")
                return None
            prefix = schema.get("prefixItems", [])
            out = []
            for i, item in enumerate(raw):
                item_schema = prefix[i] if i < len(prefix) else schema.get("items", {})
                out.append(self.coerce(item, item_schema, (*path, i)))
            return out
        if types == "object":
            if not isinstance(raw, dict):
                self.fail(path, "jābūt laukiem formā `lauks: vērtība`")
                return None
            props = schema.get("properties", {})
            extra = schema.get("additionalProperties", {})
            return {
                k: self.coerce(
                    v, props.get(k, extra if isinstance(extra, dict) else {}), (*path, k)
                )
                for k, v in raw.items()
            }
        return raw


def suggest(word: str, choices) -> str:
    """A "did you mean" hint, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; vai domājāt “{close[0]}”?" if close else ""


def _message(error: jsonschema.ValidationError, kind: str) -> tuple[tuple, str]:
    path = tuple(error.absolute_path)
    v, schema = error.validator, error.schema
    if v == "required":
        missing = re.search(r"'([^']+)' is a required property", error.message)
        name = missing.group(1) if missing else "?"
        return (name,), "obligāts lauks nav norādīts"
    if v == "pattern":
        value = error.instance
        if "https?" in schema["pattern"]:
            return path, f"drīkst būt tikai pilna http:// vai https:// adrese, nevis “{value}”"
        if schema["pattern"].startswith("^[a-z0-9]+"):
            return path, (
                f"“{value}” nav derīgs identifikators: tikai mazie burti a-z, cipari un “-”"
            )
        if path and path[0] in ("start", "end", "date", "modified", "exclude_dates", "joined"):
            return path, (
                f"“{value}” nav derīgs datums vai laiks: rakstiet GGGG-MM-DD vai "
                "GGGG-MM-DD SS:MM, piemēram, 2027-12-11 18:00"
            )
        if path and path[0] == "reg_no":
            return path, f"reģistrācijas numuram jābūt 11 cipariem, nevis “{value}”"
        if path and path[0] == "timezone":
            return path, f"nezināma laika josla “{value}”; piemēram, Europe/Riga"
        if path and path[0] == "recurrence":
            return path, "atkārtojumam jāsākas ar FREQ=, piemēram, FREQ=WEEKLY;BYDAY=TU"
        return path, f"“{value}” neatbilst pieļautajam pierakstam"
    if v == "enum":
        allowed = ", ".join(schema["enum"])
        return (
            path,
            f"“{error.instance}” nav atļauta vērtība{suggest(str(error.instance), schema['enum'])} (atļautās: {allowed})",
        )
    if v == "maxLength":
        return path, f"pārāk garš: {len(error.instance)} rakstzīmes, atļautas {schema['maxLength']}"
    if v == "minLength":
        return path, "nedrīkst būt tukšs"
    if v == "minItems" and path[:1] == ("geo",):
        return path, "koordinātām jābūt divām: [platums, garums]"
    if v == "minItems":
        return path, "sarakstā jābūt vismaz vienai vērtībai"
    if v == "uniqueItems":
        return path, "sarakstā vērtības atkārtojas"
    if v in ("minimum", "maximum"):
        if path[:1] == ("geo",):
            which = "platumam" if path[1:] == (0,) else "garumam"
            lo, hi = (-90, 90) if path[1:] == (0,) else (-180, 180)
            return path, f"{which} jābūt no {lo} līdz {hi}, nevis {error.instance}"
        return path, f"vērtība {error.instance} ir ārpus pieļaujamā diapazona"
    if v == "type":
        expected = schema["type"][0] if isinstance(schema["type"], list) else schema["type"]
        return path, f"jābūt {_TYPE_WORDS.get(expected, expected)}"
    if v in ("items", "prefixItems") and path[:1] == ("geo",):
        return path, "koordinātām jābūt divām: [platums, garums]"
    if v == "minItems" or (v == "items" and schema.get("items") is False):
        return path, "nepareizs vērtību skaits"
    if v == "propertyNames":
        return path, f"“{error.instance}” nav derīgs identifikators: tikai a-z, 0-9 un “-”"
    return path, error.message


# -- a quick check of valid data ------------------------------------------------------------
# jsonschema takes most of the time a file takes to read, to find nothing wrong in nearly
# every file. ``_valid`` says quickly that data is certainly valid, for the keywords these
# schemas use, as jsonschema means them; whenever it is not sure (another keyword, an unusual
# type), it says no, and jsonschema looks again and words the problems.

_IS = {
    "string": lambda v: type(v) is str,
    "integer": lambda v: type(v) is int,  # jsonschema also takes 1.0: left to it
    "number": lambda v: type(v) in (int, float),
    "boolean": lambda v: type(v) is bool,
    "array": lambda v: type(v) is list,
    "object": lambda v: type(v) is dict,
    "null": lambda v: v is None,
}
_ANNOTATIONS = {"$schema", "$id", "title", "description", "format"}  # format: not asserted


def _type(value, types, schema) -> bool:
    names = types if isinstance(types, list) else [types]
    return any(t in _IS and _IS[t](value) for t in names)


def _properties(value, properties, schema) -> bool:
    if type(value) is not dict:
        return True
    return all(k not in value or _valid(value[k], sub) for k, sub in properties.items())


def _additional(value, additional, schema) -> bool:
    if type(value) is not dict:
        return True
    known = schema.get("properties", {})
    return all(_valid(v, additional) for k, v in value.items() if k not in known)


def _items(value, items, schema) -> bool:
    if type(value) is not list:
        return True
    return all(_valid(v, items) for v in value[len(schema.get("prefixItems", [])) :])


def _unique(value, unique, schema) -> bool:
    if not unique or type(value) is not list:
        return True
    return all(type(v) is str for v in value) and len(set(value)) == len(value)


def _number(check):
    # Booleans are left to jsonschema; other types are not numbers, which the keyword ignores.
    return lambda value, limit, schema: (
        type(value) is not bool and (type(value) not in (int, float) or check(value, limit))
    )


def _string(check):
    return lambda value, arg, schema: type(value) is not str or check(value, arg)


@cache
def _pattern(text: str) -> re.Pattern:
    return re.compile(text)


_KEYWORDS = {
    "type": _type,
    "properties": _properties,
    "additionalProperties": _additional,
    "required": lambda v, names, s: type(v) is not dict or all(n in v for n in names),
    "propertyNames": lambda v, sub, s: type(v) is not dict or all(_valid(k, sub) for k in v),
    "items": _items,
    "prefixItems": lambda v, subs, s: type(v) is not list or all(map(_valid, v, subs)),
    "minItems": lambda v, n, s: type(v) is not list or len(v) >= n,
    "uniqueItems": _unique,
    "enum": lambda v, options, s: type(v) is str and v in options,
    "pattern": _string(lambda v, p: _pattern(p).search(v) is not None),
    "minLength": _string(lambda v, n: len(v) >= n),
    "maxLength": _string(lambda v, n: len(v) <= n),
    "minimum": _number(lambda v, n: v >= n),
    "maximum": _number(lambda v, n: v <= n),
}


def _valid(value, schema) -> bool:
    """True only if ``value`` satisfies ``schema`` (False: maybe not, ask jsonschema)."""
    if schema is True or schema is False:
        return schema
    for key, arg in schema.items():
        check = _KEYWORDS.get(key)
        if check is None:
            if key in _ANNOTATIONS or key.startswith("x-"):
                continue
            return False
        if not check(value, arg, schema):
            return False
    return True


def check(doc: Document, kind: str) -> tuple[dict, list[Problem]]:
    """Coerce ``doc.data`` by the schema of ``kind`` and validate it; return typed data."""
    problems: list[Problem] = []
    schema = load(kind)
    data = _Coercer(doc, problems).coerce(doc.data, schema, ())
    data = {k: v for k, v in (data or {}).items() if v is not None}
    # Values that could not be read were already reported; don't report them again as missing.
    unreadable = {p.field for p in problems}
    for error in [] if _valid(data, schema) else _validator(kind).iter_errors(data):
        if error.validator == "additionalProperties" and not error.absolute_path:
            allowed = schema["properties"]
            for name in [k for k in error.instance if k not in allowed]:
                hint = suggest(name, allowed) or "; atļautie lauki: " + ", ".join(allowed)
                problems.append(Problem(doc.path, doc.line(name), name, "nezināms lauks" + hint))
            continue
        path, message = _message(error, kind)
        field = str(path[0]) if path else "-"
        if error.validator == "required" and field in doc.data and field in unreadable:
            continue
        if error.validator == "required" and field in doc.data:
            message = "obligāts lauks ir tukšs"
        problems.append(Problem(doc.path, doc.line(*path), field, message))
    if schema.get("additionalProperties") is False:
        # Unknown fields are reported above and kept out of the typed data: passed on, a typo
        # such as `pric:` crashed the build with a TypeError in Event(**data).
        data = {k: v for k, v in data.items() if k in schema["properties"]}
    return data, problems
