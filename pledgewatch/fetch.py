"""The one HTTP fetcher pledgewatch uses for articles and feeds.

httpx timeouts apply to each socket operation, so a server that drips a byte a second is never stopped
by them. `fetch_url` therefore enforces a TOTAL deadline across redirects and the whole body, and a
size cap on the decoded body. Non-2xx answers come back as pages (feeds need 304/429/503 and their
headers); callers that want an error call `raise_for_status`. Every failure is a `FetchError` whose
message is one line and never carries the URL's user, password or query string.
"""
from __future__ import annotations

import socket
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import urlsplit, urlunsplit

import httpx

__all__ = [
    "DEFAULT_MAX_BYTES",
    "RETRYABLE_STATUSES",
    "DEFAULT_TIMEOUT",
    "MAX_REDIRECTS",
    "USER_AGENT",
    "FetchError",
    "FetchedPage",
    "fetch_url",
    "make_client",
    "raise_for_status",
    "redact_url",
]

USER_AGENT = "pledgewatch/0.1 (+news monitor)"
DEFAULT_TIMEOUT = 15.0
DEFAULT_MAX_BYTES = 5_000_000
MAX_REDIRECTS = 5
_REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})


# FetchError.kind values. Callers decide on retries from the kind, never from the message wording.
KIND_BAD_URL = "bad_url"  # not http(s), unparseable
KIND_TIMEOUT = "timeout"  # total deadline passed, or the server stopped answering
KIND_CONNECT = "connect"  # DNS failure, connection refused or reset while connecting
KIND_TOO_LARGE = "too_large"  # body over max_bytes
KIND_REDIRECT = "redirect"  # loop, too many hops, redirect to a non-http(s) URL
KIND_PROTOCOL = "protocol"  # the server broke HTTP, or the body could not be decoded
KIND_NETWORK = "network"  # another socket error
KIND_STATUS = "status"  # raise_for_status on a non-2xx answer
_TRANSIENT_KINDS = frozenset({KIND_TIMEOUT, KIND_CONNECT, KIND_PROTOCOL, KIND_NETWORK})
RETRYABLE_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})


class FetchError(Exception):
    """A fetch failed. `str()` is one line: "<redacted url>: <reason>"; `reason` alone is kept too.

    `kind` is one of the KIND_* names above; `retryable` says whether trying again later may help.
    """

    def __init__(
        self, reason: str, url: str | None = None, status_code: int | None = None, *, kind: str = KIND_NETWORK
    ) -> None:
        self.reason = " ".join(reason.split())
        self.url = redact_url(url) if url else None
        self.status_code = status_code
        self.kind = kind
        super().__init__(f"{self.url}: {self.reason}" if self.url else self.reason)

    @property
    def retryable(self) -> bool:
        if self.kind == KIND_STATUS:
            return self.status_code in RETRYABLE_STATUSES
        return self.kind in _TRANSIENT_KINDS


@dataclass(frozen=True)
class FetchedPage:
    """What a server answered. `content_type` is the raw Content-Type header ("" if none), so that
    its charset parameter reaches the decoder; `headers` has lower-case names."""

    url: str  # as requested
    final_url: str  # after redirects, without any user:password (it may be stored and shown)
    status_code: int
    headers: dict[str, str] = field(repr=False)
    content: bytes = field(repr=False)
    content_type: str
    elapsed: float  # seconds, whole fetch including redirects

    @property
    def ok(self) -> bool:
        return 200 <= self.status_code < 300

    @property
    def media_type(self) -> str:
        """"text/html" from "text/html; charset=utf-8" (lower case, "" if unknown)."""
        return self.content_type.split(";", 1)[0].strip().lower()

    @property
    def charset(self) -> str | None:
        """The charset parameter of the Content-Type header, if any."""
        return charset_from_content_type(self.content_type)


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type value ("text/html; charset=ISO-8859-1" -> "iso-8859-1")."""
    if not content_type:
        return None
    msg = Message()
    msg["content-type"] = content_type
    value = msg.get_param("charset")
    if isinstance(value, tuple):  # RFC 2231 form
        value = value[2]
    if not value:
        return None
    return str(value).strip().strip("'\"").lower() or None


def redact_url(url: str) -> str:
    """The URL fit for a log or an error: no user or password, no query string, no fragment.

    Query strings often carry API tokens; the scheme, host, port and path are enough to tell which
    page failed.
    """
    try:
        parts = urlsplit(str(url).strip())
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return "<unparseable URL>"
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = f"{host}:{port}" if port else host
    query = "…" if parts.query else ""
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def _secrets_of(url: str) -> list[str]:
    """The fragments of a URL that must not appear in a message: "user:pw@", the query string, and
    the user name and password alone when they are long enough not to be an ordinary word part."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return [url]
    found = [parts.query, parts.fragment]
    if "@" in parts.netloc:
        found.append(parts.netloc.rsplit("@", 1)[0] + "@")
    found += [s for s in (parts.username, parts.password) if s and len(s) >= 4]
    return sorted((s for s in found if s), key=len, reverse=True)


def _scrub(text: str, *urls: str) -> str:
    """Remove every URL secret from a message, on one line. Callers build messages without the URL
    in the first place; this is the safety net for library messages that may quote it."""
    for url in urls:
        if url:
            text = text.replace(url, redact_url(url))
            for secret in _secrets_of(url):
                text = text.replace(secret, "***")
    return " ".join(text.split())


def make_client(
    *, timeout: float = DEFAULT_TIMEOUT, max_connections: int = 10, headers: Mapping[str, str] | None = None
) -> httpx.Client:
    """A pooled client with pledgewatch's User-Agent; share one across many fetches, close it after."""
    return httpx.Client(
        headers={"User-Agent": USER_AGENT, **(headers or {})},
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,  # fetch_url follows them itself, within its deadline and loop check
        limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
    )


class _Deadline:
    """The time left for the whole fetch, and a watchdog that cuts a stalled socket when it runs out."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.expired = False

    def left(self) -> float:
        return self.end - time.monotonic()

    def check(self, url: str) -> None:
        if self.expired or self.left() <= 0:
            self.expired = True
            raise FetchError(f"took longer than the {self.seconds:g} s limit", url, kind=KIND_TIMEOUT)

    def watch(self, response: httpx.Response) -> threading.Timer | None:
        """Shut the response's socket down at the deadline, so that a read blocked on a server that
        stopped sending returns at once instead of after another full read timeout."""
        stream = response.extensions.get("network_stream")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if not isinstance(sock, socket.socket):
            return None

        def cut() -> None:
            self.expired = True
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

        timer = threading.Timer(max(self.left(), 0.0), cut)
        timer.daemon = True
        timer.start()
        return timer


def _request_headers(client: httpx.Client, headers: Mapping[str, str] | None) -> dict[str, str]:
    """Caller headers, plus pledgewatch's User-Agent unless the caller or its client set their own."""
    out = dict(headers or {})
    has_ua = any(k.lower() == "user-agent" for k in out)
    client_ua = client.headers.get("user-agent", "")
    if not has_ua and (not client_ua or client_ua.startswith("python-httpx")):
        out["User-Agent"] = USER_AGENT
    return out


def _read_body(response: httpx.Response, url: str, max_bytes: int, deadline: _Deadline) -> bytes:
    """The decoded body, refused when over `max_bytes` (declared or actual) or past the deadline."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(
            f"body is {int(declared):,} bytes, over the {max_bytes:,}-byte limit", url, kind=KIND_TOO_LARGE
        )
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"body is over the {max_bytes:,}-byte limit", url, kind=KIND_TOO_LARGE)
        chunks.append(chunk)
        deadline.check(url)
    return b"".join(chunks)


def _describe(exc: httpx.HTTPError) -> tuple[str, str]:
    """A short reason and a kind for an httpx failure (its own message may quote the URL; the caller
    scrubs it)."""
    kinds: list[tuple[type[Exception], str, str]] = [
        (httpx.ConnectTimeout, "connection timed out", KIND_TIMEOUT),
        (httpx.ReadTimeout, "server stopped answering (read timed out)", KIND_TIMEOUT),
        (httpx.TimeoutException, "timed out", KIND_TIMEOUT),
        (httpx.ConnectError, "could not connect", KIND_CONNECT),
        (httpx.RemoteProtocolError, "server broke the HTTP exchange", KIND_PROTOCOL),
        (httpx.DecodingError, "body could not be decoded", KIND_PROTOCOL),
        (httpx.UnsupportedProtocol, "not an http(s) URL", KIND_BAD_URL),
    ]
    for exc_type, label, kind in kinds:
        if isinstance(exc, exc_type):
            detail = str(exc).strip()
            return (f"{label} ({detail})" if detail and exc_type is httpx.ConnectError else label), kind
    return f"{type(exc).__name__}: {exc}", KIND_NETWORK


def fetch_url(
    url: str,
    *,
    client: httpx.Client | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    headers: dict[str, str] | None = None,
) -> FetchedPage:
    """GET a URL within a total deadline and a size cap, following up to MAX_REDIRECTS redirects.

    Args:
        url: an http(s) URL.
        client: a shared client (see `make_client`); a private one is made and closed otherwise.
        timeout: seconds for the whole fetch (connect, redirects, body).
        max_bytes: largest decoded body accepted.
        headers: extra request headers (e.g. If-None-Match for a conditional GET).

    Returns:
        The final answer, whatever its status code (see `raise_for_status`).

    Raises:
        FetchError: bad URL, connection failure, deadline passed, body over the cap, redirect loop or
            too many redirects. The message is one line without secrets.
    """
    scheme = urlsplit(url.strip()).scheme.lower() if isinstance(url, str) else ""
    if scheme not in ("http", "https"):
        raise FetchError(f"not an http(s) URL (scheme {scheme or 'missing'!r})", url, kind=KIND_BAD_URL)
    own_client = client is None
    active = client if client is not None else make_client(timeout=timeout)
    deadline = _Deadline(timeout)
    started = time.monotonic()
    current = url.strip()
    seen: set[str] = set()
    try:
        request = active.build_request("GET", current, headers=_request_headers(active, headers))
        for _hop in range(MAX_REDIRECTS + 1):
            current = str(request.url)
            seen.add(current)
            deadline.check(url)
            request.extensions["timeout"] = httpx.Timeout(max(deadline.left(), 0.001)).as_dict()
            response = active.send(request, stream=True, follow_redirects=False)
            watchdog = deadline.watch(response)
            try:
                if response.status_code in _REDIRECT_CODES and response.next_request is not None:
                    nxt = response.next_request
                    target = str(nxt.url)
                    if nxt.url.scheme not in ("http", "https"):
                        raise FetchError(
                            f"redirected to a non-http(s) URL ({redact_url(target)})", url, kind=KIND_REDIRECT
                        )
                    if target in seen:
                        raise FetchError(f"redirect loop at {redact_url(target)}", url, kind=KIND_REDIRECT)
                    request = nxt
                    continue
                body = _read_body(response, url, max_bytes, deadline)
                return FetchedPage(
                    url=url,
                    final_url=str(request.url.copy_with(username=None, password=None)),
                    status_code=response.status_code,
                    headers={k.lower(): v for k, v in response.headers.items()},
                    content=body,
                    content_type=response.headers.get("content-type", "").strip(),
                    elapsed=time.monotonic() - started,
                )
            finally:
                if watchdog is not None:
                    watchdog.cancel()
                response.close()
        raise FetchError(f"more than {MAX_REDIRECTS} redirects", url, kind=KIND_REDIRECT)
    except FetchError:
        raise
    except httpx.HTTPError as exc:
        if deadline.expired or deadline.left() <= 0:
            raise FetchError(f"took longer than the {timeout:g} s limit", url, kind=KIND_TIMEOUT) from None
        label, kind = _describe(exc)
        raise FetchError(_scrub(label, url, current), url, kind=kind) from None
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchError(_scrub(f"invalid URL ({exc})", url), url, kind=KIND_BAD_URL) from None
    except OSError as exc:  # a socket error httpx did not wrap
        raise FetchError(_scrub(f"network error ({exc})", url), url, kind=KIND_NETWORK) from None
    finally:
        if own_client:
            active.close()


def raise_for_status(page: FetchedPage) -> FetchedPage:
    """Return the page when its status is 2xx; otherwise raise a one-line FetchError ("HTTP 404 Not Found")."""
    if page.ok:
        return page
    try:
        phrase = httpx.codes.get_reason_phrase(page.status_code)
    except ValueError:
        phrase = ""
    reason = f"HTTP {page.status_code} {phrase}".strip()
    raise FetchError(reason, page.url, status_code=page.status_code, kind=KIND_STATUS)
