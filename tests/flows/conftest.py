"""Fixtures for the flow tests: one Prefect test server per session (only for tests that ask for it),
a local feed server, a local alert receiver, and helpers that write a feeds.toml for them."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.feeds.server import FeedServer
from tests.flows.receiver import AlertReceiver


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """A temporary Prefect API for flow-level tests (about 9 s once per session)."""
    import flows  # noqa: F401  (offline defaults first)
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    with FeedServer() as srv:
        yield srv


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[AlertReceiver]:
    """An alert receiver that PLEDGEWATCH_NOTIFY points at for the test."""
    with AlertReceiver() as rcv:
        monkeypatch.setenv("PLEDGEWATCH_NOTIFY", rcv.apprise_url)
        yield rcv


@pytest.fixture(autouse=True)
def _fresh_pipeline_state() -> Iterator[None]:
    """Engines and the HTTP client are cached per process: drop them between tests."""
    yield
    from pledgewatch import pipeline

    pipeline.dispose_engines()
    pipeline.close_http_client()


def write_feeds(path: Path, feeds: dict[str, str]) -> Path:
    """A feeds.toml with one [[feed]] per name → URL, no keyword filter."""
    lines = []
    for name, url in feeds.items():
        lines += ["[[feed]]", f'name = "{name}"', f'url = "{url}"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
