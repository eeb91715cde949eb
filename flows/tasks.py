"""Prefect tasks: thin wrappers over `pledgewatch.pipeline`, each with its retry policy on the decorator.

Tasks take the database URL, not a session: each opens its own short session, because the task runner
may run them in threads (or, with Dask, in other processes). Anything holding a client or a feed
configuration uses NO_CACHE: caching on such inputs is meaningless and Prefect logs an error trying.
"""
from __future__ import annotations

from typing import Any

from flows import _env  # noqa: F401
from prefect import task
from prefect.cache_policies import NO_CACHE

from pledgewatch import pipeline
from pledgewatch.pipeline import ArticleOutcome, FeedOutcome

NETWORK_RETRIES = 2
NETWORK_RETRY_DELAYS = [1, 5]


@task(name="prepare-ledger", cache_policy=NO_CACHE)
def prepare_ledger(url: str) -> None:
    """Create or upgrade the ledger schema before anything touches it."""
    pipeline.ledger_engine(url)


@task(name="seed-baseline", cache_policy=NO_CACHE)
def seed_baseline(url: str) -> list[ArticleOutcome]:
    """Ingest the seed articles as the baseline, the first time only."""
    return pipeline.seed_once(url)


@task(name="read-feeds", cache_policy=NO_CACHE)
def read_feeds(path: str | None = None) -> list[Any]:
    """The enabled feeds of config/feeds.toml (or `path`)."""
    from pledgewatch.feeds.config import load_feeds

    return load_feeds(path)


@task(name="poll-feeds", retries=NETWORK_RETRIES, retry_delay_seconds=NETWORK_RETRY_DELAYS,
      cache_policy=NO_CACHE, task_run_name="poll-feeds: {feeds[0].name} +{extra}")
def poll_feeds(url: str, feeds: list[Any], client: Any, force: bool = False, timeout: float | None = None,
               extra: int = 0) -> list[tuple[FeedOutcome, list[Any]]]:
    """Poll a group of feeds (conditional GET, back-off) and return each one's entries never seen before.

    Feeds are polled in groups because a Prefect task run costs about 20 ms of bookkeeping, as much as a
    304 poll itself. A feed that fails is recorded with its reason and its back-off, not retried within
    the run (a 429 or 503 asks for patience); the retries cover the unexpected, e.g. a locked database.
    """
    return [pipeline.poll_one(url, feed, client, force=force, timeout=timeout) for feed in feeds]


@task(name="fetch-article", retries=NETWORK_RETRIES, retry_delay_seconds=NETWORK_RETRY_DELAYS,
      cache_policy=NO_CACHE)
def fetch_article(entry: Any, client: Any, timeout: float | None = None) -> Any:
    """Fetch the page a feed entry links to: an Article, or the reason it was skipped.

    A passing failure (network, 5xx, 429) is raised as RetryableFetch so that the retries apply."""
    fetched = pipeline.fetch_one(entry, client, timeout=timeout)
    if getattr(fetched, "status", None) == "failed":
        raise pipeline.RetryableFetch(fetched)
    return fetched


@task(name="ingest-article", cache_policy=NO_CACHE)
def ingest_article(url: str, entry: Any, fetched: Any) -> ArticleOutcome:
    """Extract and store one fetched article; mark its feed item."""
    return pipeline.ingest_entry(url, entry, fetched)


@task(name="backfill-batch", retries=NETWORK_RETRIES, retry_delay_seconds=NETWORK_RETRY_DELAYS,
      cache_policy=NO_CACHE)
def backfill_batch(url: str, inputs: list[str]) -> list[ArticleOutcome]:
    """Backfill a batch of files or URLs; a bad input is recorded, never raised (a retry after an
    unexpected error is harmless: re-ingesting a stored article changes nothing)."""
    client = pipeline.http_client()
    return [pipeline.backfill_path(url, item, client) for item in inputs]


@task(name="count-events", cache_policy=NO_CACHE)
def count_events(url: str, event_ids: list[int]) -> dict[str, int]:
    """The run's events by kind (NEW, CHANGED, CONFLICT, CORROBORATED) for the summary."""
    return pipeline.count_events(url, event_ids)


@task(name="send-alerts", retries=NETWORK_RETRIES, retry_delay_seconds=NETWORK_RETRY_DELAYS,
      cache_policy=NO_CACHE)
def send_alerts(url: str) -> Any:
    """Send the alerts of every unsent event through the outbox (exactly once per event and target)."""
    return pipeline.send_alerts(url)
