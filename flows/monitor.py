"""The monitor flow: seeds (first time) → feeds → new articles → extract → ledger → alerts.

The flow reads like a table of contents; each stage below calls tasks from `flows.tasks`, whose work
is in `pledgewatch.pipeline`. A feed or an article that fails (after its task's retries) is recorded
in the summary with its reason and the run goes on: the flow itself fails only if the ledger cannot be
opened.
"""
from __future__ import annotations

from typing import Any

from flows import _env  # noqa: F401
from prefect import Task, flow, get_run_logger, unmapped
from prefect.task_runners import ThreadPoolTaskRunner

from flows.tasks import (
    count_events, fetch_article, ingest_article, poll_feeds, prepare_ledger, read_feeds, seed_baseline, send_alerts,
)
from pledgewatch import pipeline
from pledgewatch.pipeline import ArticleOutcome, FeedOutcome, RunSummary

# Feeds and article pages are fetched four at a time: polite to outlets, enough to hide latency.
FETCH_WORKERS = 4


@flow(name="pledgewatch-monitor", task_runner=ThreadPoolTaskRunner(max_workers=FETCH_WORKERS),
      log_prints=False, validate_parameters=True)
def monitor(
    database_url: str | None = None,
    feeds_file: str | None = None,
    force: bool = False,
    timeout: float | None = None,
    retry_delays: list[float] | None = None,
) -> RunSummary:
    """One monitoring pass.

    Args:
        database_url: the ledger (default: PLEDGEWATCH_DATABASE_URL or config). Prefect stores and
            shows flow parameters: leave it unset for a URL with a password.
        feeds_file: a feeds TOML other than config/feeds.toml.
        force: poll feeds even when they are backing off or not due yet.
        timeout: seconds allowed for each feed or article fetch (default: the fetchers' own).
        retry_delays: override the network tasks' retry delays (seconds).
    """
    from pledgewatch.settings import database_url as configured_url

    url = database_url or configured_url()
    poll, fetch = _network_tasks(retry_delays)
    summary = RunSummary()

    prepare_ledger(url)
    store_seeds(url, summary)
    feeds = feed_list(feeds_file, summary)
    entries = poll_all(poll, url, feeds, force, timeout, summary)
    fetch_and_ingest(fetch, url, entries, timeout, summary)
    tally_events(url, summary)
    alert(url, summary)

    get_run_logger().info(
        "monitor finished: %d feed(s) polled, %d new article(s), %d event(s), %d alert(s) sent, %d pending",
        summary.feeds_polled, summary.articles_new, len(summary.event_ids), summary.alerts_sent,
        summary.alerts_pending,
    )
    return summary


def _network_tasks(retry_delays: list[float] | None) -> tuple[Task[..., Any], Task[..., Any]]:
    """The poll and fetch tasks, with other retry delays if asked (tests use zero)."""
    if retry_delays is None:
        return poll_feeds, fetch_article
    return (poll_feeds.with_options(retry_delay_seconds=retry_delays),
            fetch_article.with_options(retry_delay_seconds=retry_delays))


def _value(state: Any) -> Any:
    """A task's result, or the exception it ended with (recorded, never raised)."""
    return state.result(raise_on_failure=False)


def store_seeds(url: str, summary: RunSummary) -> None:
    """Seeds the ledger lacks go in as baseline; a broken seed set is reported, the run goes on."""
    seeds = _value(seed_baseline(url, return_state=True))
    if isinstance(seeds, BaseException):
        seeds = [ArticleOutcome("seeds/manifest.toml", "failed", pipeline.one_line(seeds))]
    summary.add_seeds(seeds)


def feed_list(feeds_file: str | None, summary: RunSummary) -> list[Any]:
    """The configured feeds; a broken feeds.toml is reported and the run still sends pending alerts."""
    feeds = _value(read_feeds(feeds_file, return_state=True))
    if isinstance(feeds, BaseException):
        summary.feeds.append(FeedOutcome(feeds_file or "config/feeds.toml", "failed", pipeline.one_line(feeds)))
        return []
    return feeds


def poll_all(poll: Task[..., Any], url: str, feeds: list[Any], force: bool, timeout: float | None,
             summary: RunSummary) -> list[Any]:
    """Poll the feeds in FETCH_WORKERS groups side by side; returns the entries never seen before."""
    pipeline.report_progress("feeds", 0, len(feeds))
    client = pipeline.http_client()
    groups = spread(feeds, FETCH_WORKERS)
    futures = poll.map(unmapped(url), groups, unmapped(client), unmapped(force), unmapped(timeout),
                       [len(g) - 1 for g in groups])
    entries: list[Any] = []
    for group, future in zip(groups, futures):
        outcomes = future.result(raise_on_failure=False)
        if isinstance(outcomes, BaseException):  # the group broke after its retries: name each feed
            reason = pipeline.one_line(outcomes)
            outcomes = [(FeedOutcome(feed.name, "failed", reason), []) for feed in group]
        for feed_outcome, new_entries in outcomes:
            summary.feeds.append(feed_outcome)
            entries.extend(new_entries)
        pipeline.report_progress("feeds", len(summary.feeds), len(feeds))
    return entries


def fetch_and_ingest(fetch: Task[..., Any], url: str, entries: list[Any], timeout: float | None,
                     summary: RunSummary) -> None:
    """Fetch the new articles FETCH_WORKERS at a time; store each in the feeds' order as it arrives
    (one at a time: the ledger serialises writers anyway)."""
    pipeline.report_progress("articles", 0, len(entries))
    fetches = fetch.map(entries, unmapped(pipeline.http_client()), unmapped(timeout))
    for done, (entry, future) in enumerate(zip(entries, fetches), start=1):
        fetched = future.result(raise_on_failure=False)  # an exception becomes the recorded reason
        outcome = _value(ingest_article(url, entry, fetched, return_state=True))
        if isinstance(outcome, BaseException):
            label = pipeline.safe_label(getattr(entry, "url", None) or "?")
            outcome = ArticleOutcome(label, "failed", pipeline.one_line(outcome))
        summary.articles.append(outcome)
        pipeline.report_progress("articles", done, len(entries))


def tally_events(url: str, summary: RunSummary) -> None:
    """Count the run's events by kind for the summary (a failed count is left empty, not fatal)."""
    counts = _value(count_events(url, summary.event_ids, return_state=True))
    summary.events_by_kind = {} if isinstance(counts, BaseException) else counts


def alert(url: str, summary: RunSummary) -> None:
    """Send what the outbox holds; a failure is reported in the summary (the alerts stay queued)."""
    report = _value(send_alerts(url, return_state=True))
    if isinstance(report, BaseException):
        summary.alert_error = pipeline.one_line(report)
    else:
        pipeline.apply_report(summary, report)


def spread(items: list[Any], n: int) -> list[list[Any]]:
    """`items` cut into at most `n` consecutive groups whose sizes differ by at most one."""
    count = min(n, len(items))
    if count == 0:
        return []
    base, extra = divmod(len(items), count)
    groups, start = [], 0
    for i in range(count):
        end = start + base + (1 if i < extra else 0)
        groups.append(items[start:end])
        start = end
    return groups
