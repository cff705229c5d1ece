"""When a step may happen: delays in the person's time zone, quiet hours and the best hour.

All times given and returned are aware UTC datetimes. Local times use the profile's IANA time
zone (`Europe/Moscow`), else the settings' `default_timezone`; an unknown zone name counts as
the default too. Quiet hours are the local interval [start, end), across midnight when start >
end. A `best_hour` message goes at the next start of the profile's best UTC send hour for its
channel (`personalize.send_hour`); with none, at `default_send_hour` local. A send time inside
quiet hours moves to the end of the quiet hours.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from journeymap.orchestrate.chain import WEEKDAYS, Delay
from journeymap.orchestrate.settings import QuietHours

DEFAULT_WEEKDAY_TIME = time(10, 0)


def zone(name: str | None, default: str) -> tzinfo:
    for candidate in (name, default):
        if candidate:
            try:
                return ZoneInfo(candidate)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return UTC


def _next_local(now: datetime, tz: tzinfo, at: time, weekday: int | None = None) -> datetime:
    """The first local `at` (on `weekday`, 0 = Monday) strictly after `now`, in UTC."""
    local = now.astimezone(tz)
    day = local.date()
    for offset in range(9):
        candidate_day = day + timedelta(days=offset)
        if weekday is not None and candidate_day.weekday() != weekday:
            continue
        candidate = datetime.combine(candidate_day, at, tzinfo=tz).astimezone(UTC)
        if candidate > now:
            return candidate
    raise AssertionError("a week always holds the day")  # pragma: no cover


def delay_until(now: datetime, delay: Delay, tz: tzinfo) -> datetime:
    """When a delay that starts `now` ends."""
    if delay.duration is not None:
        return now + delay.duration
    at = delay.until or DEFAULT_WEEKDAY_TIME
    weekday = WEEKDAYS.index(delay.weekday) if delay.weekday is not None else None
    return _next_local(now, tz, at, weekday)


def in_quiet_hours(moment: datetime, quiet: QuietHours | None, tz: tzinfo) -> bool:
    if quiet is None or quiet.start == quiet.end:
        return False
    local = moment.astimezone(tz).time().replace(tzinfo=None)
    if quiet.start < quiet.end:
        return quiet.start <= local < quiet.end
    return local >= quiet.start or local < quiet.end


def after_quiet_hours(moment: datetime, quiet: QuietHours | None, tz: tzinfo) -> datetime:
    """`moment`, or the end of the quiet hours it falls in."""
    if not in_quiet_hours(moment, quiet, tz):
        return moment
    assert quiet is not None  # in_quiet_hours is False without quiet hours
    return _next_local(moment, tz, quiet.end)


def best_hour_time(
    now: datetime, utc_hour: int | None, tz: tzinfo, default_local_hour: int
) -> datetime:
    """`now` when it is within the best hour, else the next start of it."""
    if utc_hour is not None:
        if now.hour == utc_hour:
            return now
        start = now.replace(hour=utc_hour, minute=0, second=0, microsecond=0)
        return start if start > now else start + timedelta(days=1)
    local = now.astimezone(tz)
    if local.hour == default_local_hour:
        return now
    return _next_local(now, tz, time(default_local_hour, 0))
