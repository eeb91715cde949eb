"""fetch_url against a real local server: deadline, size cap, redirects, statuses, secrets."""
from __future__ import annotations

import time

import httpx
import pytest

from pledgewatch.fetch import (
    MAX_REDIRECTS,
    USER_AGENT,
    FetchError,
    fetch_url,
    make_client,
    raise_for_status,
    redact_url,
)
from tests.inputs.conftest import ARTICLE_HTML


def test_fetches_page_with_headers_and_metadata(http_server: str) -> None:
    page = fetch_url(f"{http_server}/article.html")
    assert page.status_code == 200 and page.ok
    assert page.content == ARTICLE_HTML
    assert page.content_type == "text/html; charset=utf-8"
    assert page.media_type == "text/html" and page.charset == "utf-8"
    assert page.headers["content-length"] == str(len(ARTICLE_HTML))
    assert all(k == k.lower() for k in page.headers)
    assert page.final_url == page.url == f"{http_server}/article.html"
    assert 0 < page.elapsed < 5


def test_sends_pledgewatch_user_agent_with_or_without_client(http_server: str) -> None:
    assert f"user-agent: {USER_AGENT}" in fetch_url(f"{http_server}/headers").content.decode()
    with httpx.Client() as plain:  # a caller's client with httpx's default agent
        assert f"user-agent: {USER_AGENT}" in fetch_url(f"{http_server}/headers", client=plain).content.decode()
    custom = fetch_url(f"{http_server}/headers", headers={"User-Agent": "other/1", "If-None-Match": '"v1"'})
    assert "user-agent: other/1" in custom.content.decode()
    assert 'if-none-match: "v1"' in custom.content.decode()


def test_shared_client_is_reused_and_left_open(http_server: str) -> None:
    with make_client() as client:
        first = fetch_url(f"{http_server}/article.html", client=client)
        second = fetch_url(f"{http_server}/text.txt", client=client)
        assert not client.is_closed
    assert first.ok and second.ok


def test_gzip_body_is_decoded(http_server: str) -> None:
    assert fetch_url(f"{http_server}/article.gz").content == ARTICLE_HTML


def test_non_2xx_comes_back_as_page_with_headers(http_server: str) -> None:
    busy = fetch_url(f"{http_server}/busy")
    assert busy.status_code == 503 and not busy.ok
    assert busy.headers["retry-after"] == "120"
    not_modified = fetch_url(f"{http_server}/not-modified")
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified.headers["etag"] == '"v1"'


def test_raise_for_status_gives_one_line_error(http_server: str) -> None:
    page = fetch_url(f"{http_server}/missing")
    assert page.status_code == 404
    with pytest.raises(FetchError) as info:
        raise_for_status(page)
    assert info.value.reason == "HTTP 404 Not Found"
    assert info.value.status_code == 404
    assert "\n" not in str(info.value)
    ok = fetch_url(f"{http_server}/text.txt")
    assert raise_for_status(ok) is ok


def test_follows_redirects_and_reports_final_url(http_server: str) -> None:
    page = fetch_url(f"{http_server}/moved")
    assert page.final_url == f"{http_server}/article.html"
    assert page.url == f"{http_server}/moved"
    assert page.content == ARTICLE_HTML
    assert fetch_url(f"{http_server}/moved-absolute").final_url == f"{http_server}/text.txt"


def test_redirect_chain_up_to_the_limit_is_followed(http_server: str) -> None:
    start = 8 - MAX_REDIRECTS
    assert fetch_url(f"{http_server}/chain-{start}").final_url == f"{http_server}/chain-8"
    with pytest.raises(FetchError, match=f"more than {MAX_REDIRECTS} redirects"):
        fetch_url(f"{http_server}/chain-{start - 1}")


@pytest.mark.parametrize("path", ["/loop-a", "/self-loop"])
def test_redirect_loop_is_a_clear_error(http_server: str, path: str) -> None:
    with pytest.raises(FetchError, match="redirect loop"):
        fetch_url(f"{http_server}{path}")


def test_redirect_to_other_scheme_is_refused(http_server: str) -> None:
    with pytest.raises(FetchError, match="non-http"):
        fetch_url(f"{http_server}/to-ftp")


def test_declared_size_over_cap_is_refused(http_server: str) -> None:
    with pytest.raises(FetchError, match="over the 100,000-byte limit"):
        fetch_url(f"{http_server}/huge-declared", max_bytes=100_000)
    assert len(fetch_url(f"{http_server}/huge-declared", max_bytes=400_000).content) > 300_000


def test_streamed_size_over_cap_is_cut_while_reading(http_server: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match="over the 200,000-byte limit"):
        fetch_url(f"{http_server}/huge-chunked", max_bytes=200_000)
    assert time.monotonic() - started < 5


def test_dripping_body_is_cut_at_the_total_deadline(http_server: str) -> None:
    # Each byte arrives well within any per-read timeout; only a total deadline stops this.
    started = time.monotonic()
    with pytest.raises(FetchError, match="longer than the 1 s limit"):
        fetch_url(f"{http_server}/drip", timeout=1.0)
    assert 0.9 < time.monotonic() - started < 2.5


def test_stalled_body_is_cut_at_the_deadline_not_a_read_timeout_later(http_server: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match="longer than the 1 s limit"):
        fetch_url(f"{http_server}/stall", timeout=1.0)
    assert time.monotonic() - started < 1.5  # per-read timeouts alone would give about 1.8 s


def test_deadline_with_shared_client_leaves_client_usable(http_server: str) -> None:
    with make_client() as client:
        with pytest.raises(FetchError):
            fetch_url(f"{http_server}/stall", client=client, timeout=0.5)
        assert fetch_url(f"{http_server}/article.html", client=client).content == ARTICLE_HTML


def test_connection_refused_is_one_line(closed_port_url: str) -> None:
    with pytest.raises(FetchError, match="could not connect") as info:
        fetch_url(closed_port_url, timeout=3)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("bad", ["ftp://example.org/x", "example.org/page", "", "http://"])
def test_bad_urls_are_fetch_errors(bad: str) -> None:
    with pytest.raises(FetchError):
        fetch_url(bad, timeout=2)


def test_errors_never_show_userinfo_or_query_tokens(http_server: str, closed_port_url: str) -> None:
    secret_urls = [
        http_server.replace("http://", "http://alice:hunter2pass@") + "/drip?token=tok3nvalue&page=2",
        closed_port_url.replace("http://", "http://alice:hunter2pass@") + "?api_key=tok3nvalue",
        http_server.replace("http://", "http://alice:hunter2pass@") + "/loop-a?sig=tok3nvalue",
    ]
    for url in secret_urls:
        with pytest.raises(FetchError) as info:
            fetch_url(url, timeout=0.5)
        message = str(info.value)
        assert "hunter2pass" not in message and "tok3nvalue" not in message and "alice" not in message
        assert "127.0.0.1" in message  # the host is kept so the user knows which site failed
    page = fetch_url(http_server.replace("http://", "http://bob:s3cretpw@") + "/missing?key=tok3nvalue")
    assert page.final_url == f"{http_server}/missing?key=tok3nvalue"  # stored and shown: no password
    with pytest.raises(FetchError) as info:
        raise_for_status(page)
    assert "s3cretpw" not in str(info.value) and "tok3nvalue" not in str(info.value)


def test_redact_url_keeps_host_and_path_only() -> None:
    assert redact_url("https://u:p@news.example:8443/a/b?token=x#frag") == "https://news.example:8443/a/b?…"
    assert redact_url("http://news.example/story") == "http://news.example/story"


def test_short_credentials_do_not_mangle_the_message(closed_port_url: str) -> None:
    url = closed_port_url.replace("http://", "http://u:p@") + "?t=1"
    with pytest.raises(FetchError) as info:
        fetch_url(url, timeout=3)
    assert "could not connect" in info.value.reason
    assert "u:p@" not in str(info.value) and "t=1" not in str(info.value)


def test_error_kinds_tell_callers_whether_to_retry(http_server: str, closed_port_url: str) -> None:
    cases = [
        (lambda: fetch_url(f"{http_server}/stall", timeout=0.5), "timeout", True),
        (lambda: fetch_url(closed_port_url, timeout=3), "connect", True),
        (lambda: fetch_url(f"{http_server}/huge-chunked", max_bytes=1000), "too_large", False),
        (lambda: fetch_url(f"{http_server}/loop-a"), "redirect", False),
        (lambda: fetch_url("ftp://example.org/"), "bad_url", False),
        (lambda: raise_for_status(fetch_url(f"{http_server}/busy")), "status", True),
        (lambda: raise_for_status(fetch_url(f"{http_server}/missing")), "status", False),
    ]
    for call, kind, retryable in cases:
        with pytest.raises(FetchError) as info:
            call()
        assert (info.value.kind, info.value.retryable) == (kind, retryable), info.value
