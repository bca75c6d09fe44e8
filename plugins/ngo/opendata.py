"""Open data: events.json and organizations.json exactly as SPEC section 4 says.

All-day events give dates; their ``end`` is the last day, inclusive (as volunteers write it).
Timed events give ISO 8601 datetimes with the UTC offset of the event's own time zone.
"""

from __future__ import annotations

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
