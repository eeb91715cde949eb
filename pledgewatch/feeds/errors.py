"""One-line, secret-free error text for the feed tables and the run summary.

Private feed URLs can carry a token in the query string or a password in the user part; neither may
reach the database or the logs, so every message stored by the feeds goes through `clean_error`.
"""
from __future__ import annotations

import re

_URL = re.compile(r"\b(https?://)([^\s/'\"<>]*@)?([^\s?#'\"<>]*)(\?[^\s#'\"<>]*)?(#[^\s'\"<>]*)?", re.I)
MAX_LEN = 300


def _scrub(match: re.Match[str]) -> str:
    scheme, userinfo, rest, query, _fragment = match.groups()
    return f"{scheme}{'***@' if userinfo else ''}{rest}{'?***' if query else ''}"


def clean_error(message: object) -> str:
    """`message` on one line, URL credentials and query strings masked, at most MAX_LEN characters."""
    text = " ".join(str(message).split())
    text = _URL.sub(_scrub, text)
    if len(text) > MAX_LEN:
        text = text[: MAX_LEN - 1] + "…"
    return text or "unknown error"


def describe_fetch_error(exc: BaseException) -> str:
    """The reason of a `pledgewatch.fetch.FetchError` without the URL (the feed or item is named
    elsewhere), with a deadline overrun spelled "timed out" so summaries read the same for every kind
    of timeout."""
    reason = getattr(exc, "reason", None) or str(exc)
    if "took longer than" in reason and "timed out" not in reason:
        reason = f"timed out ({reason})"
    return clean_error(reason)
