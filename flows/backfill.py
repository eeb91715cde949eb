"""The backfill flow: files or URLs given by hand → extract → ledger → alerts.

Backfilled articles are stored with origin "backfill". Inputs go to tasks in batches (one task run per
article would cost more in Prefect bookkeeping than the extraction itself); the flow's task runner runs
the batches side by side: threads by default, Dask workers with `with_dask()` for large backfills.
"""
from __future__ import annotations

from typing import Any

from flows import _env  # noqa: F401
from prefect import Flow, flow, get_run_logger, unmapped
from prefect.task_runners import ThreadPoolTaskRunner

from flows.monitor import alert, tally_events
from flows.tasks import backfill_batch, prepare_ledger
from pledgewatch import pipeline
from pledgewatch.pipeline import ArticleOutcome, RunSummary

BACKFILL_WORKERS = 2
BATCH_SIZE = 25


def batches(items: list[str], size: int) -> list[list[str]]:
    """`items` cut into consecutive lists of at most `size`."""
    return [items[i : i + size] for i in range(0, len(items), size)]


@flow(name="pledgewatch-backfill", task_runner=ThreadPoolTaskRunner(max_workers=BACKFILL_WORKERS),
      log_prints=False)
def backfill(inputs: list[str], database_url: str | None = None, send: bool = True,
             batch_size: int = BATCH_SIZE) -> RunSummary:
    """Backfill each path or URL in `inputs`; `send=False` stores without sending alerts.

    `database_url` defaults to PLEDGEWATCH_DATABASE_URL or config; Prefect stores and shows flow
    parameters, so leave it unset for a URL with a password.
    """
    from pledgewatch.settings import database_url as configured_url

    url = database_url or configured_url()
    prepare_ledger(url)
    summary = RunSummary()
    groups = batches(list(inputs), max(1, batch_size))
    pipeline.report_progress("inputs", 0, len(inputs))
    for group, future in zip(groups, backfill_batch.map(unmapped(url), groups)):
        outcomes = future.result(raise_on_failure=False)
        if isinstance(outcomes, BaseException):  # the whole batch broke: name each input
            outcomes = [ArticleOutcome(pipeline.safe_label(item), "failed", pipeline.one_line(outcomes)) for item in group]
        summary.articles.extend(outcomes)
        pipeline.report_progress("inputs", len(summary.articles), len(inputs))
    tally_events(url, summary)
    if send:
        alert(url, summary)
    get_run_logger().info(
        "backfill finished: %d input(s), %d new, %d skipped, %d failed, %d alert(s) sent",
        len(summary.articles), summary.articles_new, summary.articles_skipped, summary.articles_failed,
        summary.alerts_sent,
    )
    return summary


def with_dask(address: str | None = None, **cluster_kwargs: Any) -> Flow[..., RunSummary]:
    """The backfill flow on a Dask task runner: a local cluster, or the scheduler at `address`.

    Needs the optional extra: `pip install -e '.[scale]'` (prefect-dask).
    """
    try:
        from prefect_dask import DaskTaskRunner
    except ImportError:
        raise ImportError("the Dask task runner needs the scale extra: pip install -e '.[scale]'") from None
    runner = DaskTaskRunner(address=address) if address else DaskTaskRunner(cluster_kwargs=cluster_kwargs or None)
    return backfill.with_options(task_runner=runner)
