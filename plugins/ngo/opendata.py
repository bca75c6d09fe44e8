"""Open data: events.json and organizations.json exactly as SPEC section 4 says.

All-day events give dates; their ``end`` is the last day, inclusive (as volunteers write it).
Timed events give ISO 8601 datetimes with the UTC offset of the event's own time zone.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime

from .content import Content
from .model import Event, Occurrence
from .urls import Urls


def _iso(value: date | datetime) -> str:
    return value.isoformat(timespec="minutes") if isinstance(value, datetime) else value.isoformat()


def occurrence_json(occ: Occurrence) -> dict:
    if occ.all_day:
        return {"start": occ.first_day.isoformat(), "end": occ.last_day.isoformat()}
    return {"start": _iso(occ.start), "end": _iso(occ.end)}


def event_json(event: Event, content: Content, urls: Urls) -> dict:
    config = content.config
    if event.all_day:
        start, end = event.start_local.isoformat(), event.end_local.isoformat()
    else:
        start, end = _iso(event.start), _iso(event.end)
    occurrences = event.occurrences(config.now, config.horizon_end)
    return {
        "slug": event.slug,
        "title": event.title,
        "url": urls.absolute("event", "lv", event.slug),
        "start": start,
        "end": end,
        "all_day": event.all_day,
        "timezone": event.timezone,
        "status": event.status,
        "organizers": list(event.organizers),
        "place": event.place,
        "locality": content.locality_of(event),
        "categories": list(event.categories),
        "audiences": list(event.audiences),
        "major": event.major,
        "recurrence": event.recurrence,
        "occurrences": [occurrence_json(o) for o in occurrences],
    }


def events_json(content: Content, urls: Urls) -> dict:
    events = sorted(content.events.values(), key=lambda e: (e.start, e.slug))
    return {"events": [event_json(e, content, urls) for e in events]}


# Each event's part of events.json as the last build in this process wrote it, with what it
# was made from besides the event: the loader gives the same Event object again only while
# the event's files and the config are the same, and the event's occurrences depend on "now".
_EVENT_TEXT: dict[Event, tuple[tuple, str]] = {}


def events_json_text(content: Content, urls: Urls) -> str:
    """``dumps(events_json(content, urls))``; a rebuild writes again only the changed events."""
    config = content.config
    kept, parts = {}, []
    for event in sorted(content.events.values(), key=lambda e: (e.start, e.slug)):
        made_of = (
            config.now,
            config.horizon_end,
            urls.absolute("event", "lv", event.slug),
            content.locality_of(event),
        )
        cached = _EVENT_TEXT.get(event)
        if cached is None or cached[0] != made_of:
            # Two levels down in the file: JSON text has no line breaks inside strings.
            text = json.dumps(event_json(event, content, urls), ensure_ascii=False, indent=1)
            cached = (made_of, text.replace("\n", "\n  "))
        kept[event] = cached
        parts.append(cached[1])
    _EVENT_TEXT.clear()
    _EVENT_TEXT.update(kept)
    if not parts:
        return dumps({"events": []})
    return '{\n "events": [\n  ' + ",\n  ".join(parts) + "\n ]\n}\n"


def dumps(data) -> str:
    """The text of an open data file."""
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


ORGANIZATION_FIELDS = (
    "name", "kind", "summary", "localities", "areas", "reg_no", "founded", "website", "email",
    "phone", "address", "social", "logo", "seeking_partners", "offers", "joined",
)  # fmt: skip


def organizations_json(
    content: Content, urls: Urls, ics_url: Callable[[str], str] | None = None
) -> dict:
    result = []
    for slug in sorted(content.organizations):
        org = content.organizations[slug]
        item = {"slug": slug}
        for name in ORGANIZATION_FIELDS:
            value = getattr(org, name)
            item[name] = value.isoformat() if isinstance(value, date) else value
        item["url"] = urls.absolute("organization", "lv", slug)
        item["ics"] = ics_url(slug) if ics_url else None
        result.append(item)
    return {"organizations": result}
