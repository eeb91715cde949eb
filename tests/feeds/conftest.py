"""Fixtures of the feed tests: a real local feed server, a real HTTP client, a migrated session."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import httpx
import pytest

from pledgewatch.fetch import make_client
from tests.feeds.server import FeedServer

T0 = datetime(2026, 11, 21, 12, 0, 0)  # naive UTC: the clock every stateful test starts from


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as srv:
        yield srv


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with make_client(timeout=5.0) as c:
        yield c


