"""The monitor flow: seeds (first time) → feeds → new articles → extract → ledger → alerts.

Reads like a table of contents; the work is in `flows.tasks` and `pledgewatch.pipeline`. A feed or an
article that fails (after its task's retries) is recorded in the summary with its reason and the run
goes on: the flow itself fails only if the ledger cannot be opened.
"""
from __future__ import annotations

from typing import Any

from flows import _env  # noqa: F401
from prefect import flow, get_run_logger, unmapped
from prefect.task_runners import ThreadPoolTaskRunner

from flows.tasks import fetch_article, ingest_article, poll_feeds, prepare_ledger, read_feeds, seed_baseline, send_alerts
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
    logger = get_run_logger()
    prepare_ledger(url)
    summary = RunSummary()
    seeds = seed_baseline(url, return_state=True).result(raise_on_failure=False)
    if isinstance(seeds, BaseException):  # e.g. a seed file missing: say so, watch the feeds anyway
        seeds = [ArticleOutcome("seeds/manifest.toml", "failed", pipeline.one_line(seeds))]
    summary.add_seeds(seeds)

    feeds_state = read_feeds(feeds_file, return_state=True)
    feeds = feeds_state.result(raise_on_failure=False)
    if isinstance(feeds, BaseException):  # a broken feeds.toml: say so, still alert on what is stored
        summary.feeds.append(FeedOutcome(feeds_file or "config/feeds.toml", "failed", pipeline.one_line(feeds)))
        feeds = []
    client = pipeline.http_client()
    poll, fetch = poll_feeds, fetch_article
    if retry_delays is not None:
        poll = poll_feeds.with_options(retry_delay_seconds=retry_delays)
        fetch = fetch_article.with_options(retry_delay_seconds=retry_delays)
    pipeline.report_progress("feeds", 0, len(feeds))
    entries: list[Any] = []
    groups = spread(feeds, FETCH_WORKERS)
    futures = poll.map(unmapped(url), groups, unmapped(client), unmapped(force), unmapped(timeout),
                       [len(g) - 1 for g in groups])
    for group, future in zip(groups, futures):
        outcomes = future.result(raise_on_failure=False)
        if isinstance(outcomes, BaseException):  # the group broke after its retries: name each feed
            reason = pipeline.one_line(outcomes)
            outcomes = [(FeedOutcome(feed.name, "failed", reason), []) for feed in group]
        for feed_outcome, new_entries in outcomes:
            summary.feeds.append(feed_outcome)
            entries.extend(new_entries)
        pipeline.report_progress("feeds", len(summary.feeds), len(feeds))

    pipeline.report_progress("articles", 0, len(entries))
    fetches = fetch.map(entries, unmapped(client), unmapped(timeout))
    for done, (entry, future) in enumerate(zip(entries, fetches), start=1):
        fetched = future.result(raise_on_failure=False)  # an exception here is recorded as the reason
        summary.articles.append(_ingest(url, entry, fetched))
        pipeline.report_progress("articles", done, len(entries))

    _alerts(url, summary)
    logger.info(
        "monitor finished: %d feed(s) polled, %d new article(s), %d event(s), %d alert(s) sent, %d pending",
        summary.feeds_polled, summary.articles_new, len(summary.event_ids), summary.alerts_sent,
        summary.alerts_pending,
    )
    return summary


def spread(items: list[Any], n: int) -> list[list[Any]]:
    """`items` dealt into at most `n` non-empty groups of nearly equal size, order kept within each."""
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


def _ingest(url: str, entry: Any, fetched: Any) -> ArticleOutcome:
    """Ingest in the flow's order (one at a time: the ledger serialises writers anyway)."""
    result = ingest_article(url, entry, fetched, return_state=True)
    value = result.result(raise_on_failure=False)
    if isinstance(value, BaseException):
        label = pipeline.safe_label(getattr(entry, "url", None) or "?")
        return ArticleOutcome(label, "failed", pipeline.one_line(value))
    return value


def _alerts(url: str, summary: RunSummary) -> None:
    state = send_alerts(url, return_state=True)
    report = state.result(raise_on_failure=False)
    if isinstance(report, BaseException):
        summary.alert_error = pipeline.one_line(report)
    else:
        pipeline.apply_report(summary, report)
