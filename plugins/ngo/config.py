"""Build settings the domain core needs, validated once, independent of Pelican."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo


def build_now(environ=os.environ) -> datetime:
    """The build's "now": SOURCE_DATE_EPOCH when set (reproducible builds), else the clock."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC)
        except (ValueError, OverflowError) as exc:
            raise SystemExit(
                f"SOURCE_DATE_EPOCH must be whole seconds since 1970: {epoch!r}"
            ) from exc
    return datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True)
class Config:
    timezone: str = "Europe/Riga"
    default_duration: timedelta = timedelta(hours=2)
    horizon_days: int = 365
    ics_past_days: int = 365
    now: datetime = field(default_factory=build_now)
    site_url: str = ""
    languages: tuple[str, ...] = ("lv", "en")

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @cached_property  # asked for per event and occurrence
    def horizon_end(self) -> datetime:
        return self.now + timedelta(days=self.horizon_days)

    @classmethod
    def from_settings(cls, settings: dict) -> Config:
        """Read the relevant (upper-case) Pelican-style settings."""
        hours = settings.get("DEFAULT_EVENT_DURATION", 2)
        duration = hours if isinstance(hours, timedelta) else timedelta(hours=float(hours))
        return cls(
            timezone=settings.get("TIMEZONE", "Europe/Riga"),
            default_duration=duration,
            horizon_days=int(settings.get("CLASH_HORIZON_DAYS", 365)),
            ics_past_days=int(settings.get("ICS_PAST_DAYS", 365)),
            now=settings.get("BUILD_NOW") or build_now(),
            site_url=settings.get("SITEURL", ""),
        )
