"""When to poll a feed next: its interval when healthy, longer after each consecutive error.

Same idea as Miniflux: a feed that keeps failing is polled less and less often (doubling, capped),
so one dead outlet costs little, and it recovers by itself on the first success. A server's
Retry-After (429/503) is honoured when it asks for more patience than the back-off gives.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

MAX_DOUBLINGS = 6  # 2**6 = 64 intervals at most, before the cap
MAX_DELAY = timedelta(hours=24)
MAX_RETRY_AFTER = timedelta(days=7)  # a larger Retry-After is treated as a server mistake


def utc_naive(moment: datetime | None = None) -> datetime:
    """`moment` (default: now) as a naive UTC datetime, the form stored in the database."""
    if moment is None:
        moment = datetime.now(timezone.utc)
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment


def poll_delay(interval_minutes: int, consecutive_errors: int) -> timedelta:
    """interval × 2^min(errors, MAX_DOUBLINGS), never more than MAX_DELAY (nor less than the interval)."""
    interval = timedelta(minutes=interval_minutes)
    factor = 2 ** min(max(consecutive_errors, 0), MAX_DOUBLINGS)
    return max(interval, min(interval * factor, MAX_DELAY))


def parse_retry_after(value: str | None, now: datetime) -> datetime | None:
    """The moment a Retry-After header (seconds or an HTTP date) points to, as naive UTC; None if absent
    or unreadable. `now` is naive UTC."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        delay = timedelta(seconds=int(value))
    else:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        if when.tzinfo is None:  # RFC 9110 dates are GMT
            when = when.replace(tzinfo=timezone.utc)
        delay = utc_naive(when) - now
    delay = min(max(delay, timedelta(0)), MAX_RETRY_AFTER)
    return now + delay


def next_poll_after_error(
    now: datetime, interval_minutes: int, consecutive_errors: int, retry_after: datetime | None = None
) -> datetime:
    """The next poll of a feed that has just failed for the `consecutive_errors`-th time in a row."""
    when = now + poll_delay(interval_minutes, consecutive_errors)
    if retry_after is not None and retry_after > when:
        when = retry_after
    return when
