"""Keep apprise secrets out of everything people see or store.

Apprise URLs carry passwords, API keys and webhook tokens in the user part, the host (Telegram),
the path (Slack, Discord) or the query (`?token=`). Two tools:

* `redact_url(url)` turns a URL into a label safe to print or store: ``mailto://***@smtp.example.com``.
* `Scrubber` remembers the secret fragments of the configured URLs and removes them from any free
  text (apprise's error messages, exception strings, log records) before it leaves this package.
"""
from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from urllib.parse import parse_qsl, unquote

MASK = "***"

# Query parameters whose values are harmless and help a person tell targets apart.
SAFE_QUERY_KEYS = frozenset(
    {"format", "cto", "rto", "method", "qos", "retain", "version", "priority", "mode", "verify", "overflow"}
)
# Path segments that look like words ("hooks", "alerts", "topic-ops") are kept; anything with the
# look of an identifier or a token is masked.
_WORDLIKE = re.compile(r"^[A-Za-z][A-Za-z0-9._-]{0,23}$")
_HOSTLIKE = re.compile(
    r"^(localhost|\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]|[A-Za-z0-9-]*[A-Za-z][A-Za-z0-9-]*(\.[A-Za-z0-9-]+)+)$"
)


def _tokenish(segment: str) -> bool:
    """True for a path segment or host that may be a credential (ids, keys, mixed case soup)."""
    if not segment:
        return False
    if not _WORDLIKE.match(segment):
        return True
    # Long camel-case soup such as "TIiajkdnlazkcOXrIdevi" reads like a key, not a word.
    upper_inside = sum(1 for c in segment[1:] if c.isupper())
    digits = sum(1 for c in segment if c.isdigit())
    return len(segment) >= 16 or upper_inside >= 3 or digits >= 4


def _harmless_value(value: str) -> bool:
    """Numbers and plain words ("html", "1.5", "POST") are shown; anything else is not."""
    return bool(re.fullmatch(r"[0-9.]{1,8}|[A-Za-z]{1,12}", value))


def _split(url: str) -> tuple[str, str, str, str, str]:
    """(scheme, userinfo, hostport, path, query) without trusting urlsplit's port parsing, which
    breaks on Telegram-style ``tgram://123:ABC/...`` hosts."""
    scheme, sep, rest = url.strip().partition("://")
    if not sep:
        return "", "", "", url.strip(), ""
    rest, _, _fragment = rest.partition("#")
    rest, _, query = rest.partition("?")
    netloc, slash, path = rest.partition("/")
    userinfo, at, hostport = netloc.rpartition("@")
    if not at:
        userinfo, hostport = "", netloc
    return scheme.lower(), userinfo, hostport, slash + path, query


def redact_url(url: str, *, query: bool = True) -> str:
    """A printable label for an apprise URL: scheme, host (unless it is a token), word-like path
    segments and harmless query options (none when `query` is false); everything else becomes ``***``.

    >>> redact_url("mailto://user:pw@smtp.example.com?to=a@b.org")
    'mailto://***@smtp.example.com?…'
    """
    scheme, userinfo, hostport, path, params = _split(url)
    if not scheme:
        return MASK
    host, _, port = hostport.partition(":") if not hostport.startswith("[") else (hostport, "", "")
    if _HOSTLIKE.match(host) and not (port and not port.isdigit()):
        shown_host = hostport
    else:
        shown_host = MASK
    out = f"{scheme}://"
    if userinfo:
        out += f"{MASK}@"
    out += shown_host
    segments = [s for s in path.split("/") if s]
    if segments:
        out += "/" + "/".join(MASK if _tokenish(unquote(s)) else s for s in segments)
    if params and query:
        pairs = parse_qsl(params, keep_blank_values=True)
        safe = [f"{k}={v}" for k, v in pairs if k.lower() in SAFE_QUERY_KEYS and _harmless_value(v)]
        hidden = len(pairs) - len(safe)
        out += "?" + "&".join(safe + (["…"] if hidden else []))
    return out


def secret_fragments(url: str) -> set[str]:
    """Every part of `url` that might be a credential, in raw and decoded form, for `Scrubber`."""
    scheme, userinfo, hostport, path, query = _split(url)
    found: set[str] = {url.strip()}
    if userinfo:
        user, _, password = userinfo.partition(":")
        found.update({userinfo, user, password})
    host = hostport.split(":")[0] if not hostport.startswith("[") else hostport
    if not _HOSTLIKE.match(host):
        found.update({hostport, *hostport.split(":")})
    elif ":" in hostport and not hostport.rsplit(":", 1)[1].isdigit():
        found.add(hostport.rsplit(":", 1)[1])
    found.update(s for s in path.split("/") if _tokenish(unquote(s)))
    for key, value in parse_qsl(query, keep_blank_values=True):
        if key.lower() not in SAFE_QUERY_KEYS:
            found.add(value)
    decoded = {unquote(f) for f in found}
    # Very short fragments ("a", "ok") would mangle ordinary words and are not worth guarding.
    return {f for f in found | decoded if len(f) >= 4}


class Scrubber:
    """Removes known secret fragments from text. One process-wide instance (`SCRUBBER`) learns the
    fragments of every target that `load_targets` builds."""

    def __init__(self) -> None:
        self._fragments: set[str] = set()
        self._lock = threading.Lock()
        self._pattern: re.Pattern[str] | None = None

    def learn(self, urls: Iterable[str]) -> None:
        with self._lock:
            for url in urls:
                self._fragments |= secret_fragments(url)
            ordered = sorted(self._fragments, key=len, reverse=True)  # longest first
            self._pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def scrub(self, text: str) -> str:
        """`text` with every known fragment, and any URL-looking credential, replaced by ***."""
        if not text:
            return text
        pattern = self._pattern
        if pattern is not None:
            text = pattern.sub(MASK, text)
        # Belt and braces for URLs we were never told about: user:password@ in any scheme://.
        return re.sub(r"(\b[a-z][a-z0-9+.-]*://)[^/\s@]+@", rf"\1{MASK}@", text)


SCRUBBER = Scrubber()


class ScrubFilter(logging.Filter):
    """A logging filter that scrubs the rendered message of every record passing through it."""

    def __init__(self, scrubber: Scrubber = SCRUBBER) -> None:
        super().__init__()
        self.scrubber = scrubber

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = self.scrubber.scrub(message)
        if clean != message:
            record.msg, record.args = clean, None
        return True


def scrubbed_logger(name: str) -> logging.Logger:
    """A logger whose records are scrubbed before any handler sees them."""
    log = logging.getLogger(name)
    if not any(isinstance(f, ScrubFilter) for f in log.filters):
        log.addFilter(ScrubFilter())
    return log
