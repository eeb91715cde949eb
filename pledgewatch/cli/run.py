"""`pledgewatch run`, `backfill`, `serve` and `deploy`: the commands that start Prefect flows.

Prefect is imported inside each command (after its offline defaults are set), so the other commands
stay fast. `run` and `backfill` hide Prefect's own log lines unless --verbose: their summary tables say
what happened and why, and the Prefect UI has the full logs when a server is used.
"""
from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from pledgewatch.cli._common import console, error, event_change, pledge_text, print_table

# A large backfill creates thousands of events: the terminal shows the first ones.
MAX_EVENT_ROWS = 30
# File types a directory given to `backfill` is expanded to.
BACKFILL_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm")


def _quiet_prefect(verbose: bool) -> None:
    """Offline defaults, and Prefect's console logging off unless asked (set before importing Prefect).

    Every failure a run meets is handled and shown in the summary with a one-line reason; Prefect
    would also print each one with a traceback (a fetch that used up its retries, say). --verbose
    restores Prefect's own log lines.
    """
    from flows import _env  # noqa: F401

    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "CRITICAL")
        # The embedded server may log a lost bookkeeping event while it shuts down at the end of the
        # command (its task-run recorder is cancelled mid-flush): noise for a one-shot command.
        os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "CRITICAL")


@contextmanager
def _progress(enabled: bool) -> Iterator[None]:
    """A rich progress display fed by the pipeline's progress reports (feeds, articles, inputs)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from pledgewatch import pipeline

    if not enabled or not console.is_terminal:
        yield
        return
    labels = {"feeds": "polling feeds", "articles": "fetching articles", "inputs": "backfilling"}
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=True) as progress:
        start = progress.add_task("starting Prefect", total=None)
        bars: dict[str, Any] = {}

        def listener(stage: str, done: int, total: int) -> None:
            if not progress.tasks[start].finished:
                progress.update(start, total=1, completed=1, visible=False)
            if stage not in bars:
                bars[stage] = progress.add_task(labels.get(stage, stage), total=total)
            progress.update(bars[stage], completed=done, total=total)

        pipeline.add_progress_listener(listener)
        try:
            yield
        finally:
            pipeline.remove_progress_listener(listener)


def print_summary(summary: Any, url: str) -> None:
    """The run's figures, its problems with reasons, and the new events, as rich tables."""
    data = summary.as_dict()
    feeds, arts, alerts = data["feeds"], data["articles"], data["alerts"]
    kinds = data["events_by_kind"]
    rows = [
        ("seeds", f"{data['seeds_ingested']} ingested as baseline ({data['seed_events']} baseline events, not alerted)"
                  if data["seeds_ingested"] else "already in the ledger"),
        ("feeds", f"{feeds['polled']} polled: {feeds['ok']} ok, {feeds['not_modified']} not modified, "
                  f"{feeds['deferred']} deferred, {feeds['failed']} failed"),
        ("articles", f"{arts['new']} new, {arts['skipped']} skipped, {arts['failed']} failed"),
        ("events", ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) or "none"),
        ("alerts", f"{alerts['sent']} sent, {alerts['pending']} pending, {alerts['failed']} failed"
                   + (f", {alerts['printed']} printed" if alerts["printed"] else "")
                   + (f" ({alerts['error']})" if alerts["error"] else "")),
    ]
    print_table("pledgewatch run", ["", "result"], rows)
    if data["problems"]:
        print_table("Problems (the run went on)", ["what", "outcome", "reason"],
                    [(p["what"], p["outcome"], p["reason"]) for p in data["problems"]])
    _print_events(url, summary.event_ids)


def event_rows(session: Any, event_ids: list[int]) -> list[tuple[Any, ...]]:
    """The run's events as table rows (id, kind, pledge, what changed, source), oldest first, amounts
    worded as in the alerts and `pledgewatch ledger` ("C$325 million"); baseline events left out."""
    from pledgewatch.ledger.queries import list_events

    if not event_ids:
        return []
    wanted = set(event_ids)
    rows = []
    for event in list_events(session, after_id=min(wanted) - 1, include_baseline=False):
        if event["id"] not in wanted:
            continue
        source = event.get("source") or {}
        rows.append((event["id"], event["kind"], f"#{event['pledge_id']} {pledge_text(event.get('pledge'))}".strip(),
                     event_change(event) or event.get("evidence") or "", source.get("url") or source.get("source") or ""))
    return rows


def _print_events(url: str, event_ids: list[int]) -> None:
    """The run's events (baseline ones are not shown: they are the starting point, not news)."""
    from pledgewatch import pipeline
    from pledgewatch.db import session_scope

    if not event_ids:
        return
    with session_scope(pipeline.ledger_engine(url)) as session:
        rows = event_rows(session, event_ids)
    if rows:
        shown = rows[:MAX_EVENT_ROWS]
        print_table("New events", ["id", "kind", "pledge", "what changed", "source"], shown)
        if len(rows) > len(shown):
            console.print(f"... and {len(rows) - len(shown)} more: `pledgewatch events` lists them all.",
                          highlight=False)


def _open_ledger(url: str) -> None:
    """Open (and migrate) the ledger, or exit with a one-line error naming it without its password."""
    from pledgewatch import pipeline

    try:
        pipeline.ledger_engine(url)
    except Exception as exc:  # noqa: BLE001
        error(f"cannot open the ledger at {pipeline.safe_label(url)}: {_reason(exc)}")
        sys.exit(1)


def _reason(exc: BaseException) -> str:
    """One line for a failed command; SQLAlchemy's pointer to its web page is dropped."""
    from pledgewatch.pipeline import one_line

    return one_line(exc).split(" (Background on this error at:")[0]


def _finish(summary: Any, url: str, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps(summary.as_dict(), default=str) + "\n")
    else:
        print_summary(summary, url)


@click.command()
@click.option("--feeds", "feeds_file", type=click.Path(dir_okay=False), default=None,
              help="A feeds TOML other than config/feeds.toml.")
@click.option("--force", is_flag=True, help="Poll every feed now, even those backing off or not due yet.")
@click.option("--timeout", type=float, default=None, metavar="SECONDS", help="Limit for each feed or article fetch.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@click.option("--verbose", is_flag=True, help="Show Prefect's log lines.")
def run(feeds_file: str | None, force: bool, timeout: float | None, as_json: bool, verbose: bool) -> None:
    """Run one monitor pass now: seeds (first time), feeds, new articles, ledger, alerts."""
    _quiet_prefect(verbose)
    from pledgewatch import pipeline
    from pledgewatch.settings import ConfigError, database_url

    try:
        url = database_url()
        _open_ledger(url)  # a ledger that cannot be opened fails here, in one line, before Prefect starts
        with _progress(not as_json):
            from flows.monitor import monitor

            # The URL is not passed: flow parameters are stored and shown by Prefect, and a database
            # URL may carry a password. The flow reads PLEDGEWATCH_DATABASE_URL / config itself.
            summary = monitor(feeds_file=feeds_file, force=force, timeout=timeout)
        _finish(summary, url, as_json)
    except ConfigError as exc:
        error(str(exc))
        sys.exit(2)
    except Exception as exc:  # noqa: BLE001 - one line, no traceback, no secrets
        error(f"the run failed: {_reason(exc)}")
        sys.exit(1)
    finally:
        pipeline.close_http_client()


def expand_inputs(items: tuple[str, ...]) -> list[str]:
    """URLs and files as given; a directory stands for its text and HTML files (sorted, recursive)."""
    from pledgewatch.inputs import is_url

    out: list[str] = []
    for item in items:
        path = Path(item)
        if not is_url(item) and path.is_dir():
            out.extend(str(p) for p in sorted(path.rglob("*")) if p.is_file() and p.suffix.lower() in BACKFILL_SUFFIXES)
        else:
            out.append(item)
    return out


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="PATH_OR_URL...")
@click.option("--no-alerts", is_flag=True, help="Store the articles without sending alerts for them.")
@click.option("--dask", "use_dask", is_flag=True, help="Run on a Dask task runner (pip install -e '.[scale]').")
@click.option("--dask-address", default=None, metavar="ADDRESS", help="An existing Dask scheduler (tcp://host:8786).")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=None, help="Inputs per task (default 25).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@click.option("--verbose", is_flag=True, help="Show Prefect's log lines.")
def backfill(inputs: tuple[str, ...], no_alerts: bool, use_dask: bool, dask_address: str | None,
             batch_size: int | None, as_json: bool, verbose: bool) -> None:
    """Backfill articles from files, directories or URLs (stored with origin "backfill")."""
    _quiet_prefect(verbose)
    from pledgewatch import pipeline
    from pledgewatch.settings import ConfigError, database_url

    items = expand_inputs(inputs)
    if not items:
        error("no input files found")
        sys.exit(2)
    try:
        url = database_url()
        _open_ledger(url)
        with _progress(not as_json):
            from flows.backfill import backfill as backfill_flow
            from flows.backfill import with_dask

            flow_fn = with_dask(dask_address) if use_dask else backfill_flow
            params: dict[str, Any] = {"inputs": items, "send": not no_alerts}  # no URL: see `run`
            if batch_size:
                params["batch_size"] = batch_size
            summary = flow_fn(**params)
        _finish(summary, url, as_json)
    except (ConfigError, ImportError) as exc:
        error(str(exc))
        sys.exit(2)
    except Exception as exc:  # noqa: BLE001
        error(f"the backfill failed: {_reason(exc)}")
        sys.exit(1)
    finally:
        pipeline.close_http_client()
    if summary.articles_failed and summary.articles_failed == len(summary.articles):
        sys.exit(1)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Where the local Prefect server listens.")
@click.option("--port", type=int, default=4200, show_default=True, help="Port of the local Prefect server.")
@click.option("--verbose", is_flag=True, help="Show Prefect's log lines.")
def serve(host: str, port: int, verbose: bool) -> None:
    """Run the monitor on the cron schedule of config/pledgewatch.toml until Ctrl-C.

    Without PREFECT_API_URL a local Prefect server is started on HOST:PORT (cron schedules do not fire
    on Prefect's ephemeral mode) and stopped on exit; open http://HOST:PORT to watch the runs.
    """
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO")
    from flows.serve import ServerError, local_prefect_server, serve_monitor
    from pledgewatch.settings import schedule

    sched = schedule()
    try:
        with local_prefect_server(host, port, on_status=lambda msg: console.print(msg, highlight=False)) as api:
            console.print(f"serving [bold]pledgewatch-monitor[/] on cron '{sched['cron']}' ({sched['timezone']}) "
                          f"via {api}; Ctrl-C stops it", highlight=False)
            serve_monitor()
    except ServerError as exc:
        error(str(exc))
        sys.exit(1)
    except KeyboardInterrupt:
        console.print("stopped")


@click.command()
@click.option("--pool", default="pledgewatch", show_default=True, help="The process work pool to deploy to.")
def deploy(pool: str) -> None:
    """Register the monitor deployment (cron from config, one run at a time) on a Prefect work pool.

    Needs PREFECT_API_URL pointing at a Prefect server where the pool exists
    (`prefect work-pool create --type process pledgewatch`); workers then run it.
    """
    _quiet_prefect(False)
    if not os.environ.get("PREFECT_API_URL"):
        error("set PREFECT_API_URL to the Prefect server the workers use (e.g. http://prefect-host:4200/api)")
        sys.exit(2)
    from flows.deployments import deploy_to_pool

    try:
        ids = deploy_to_pool(pool)
    except Exception as exc:  # noqa: BLE001
        from pledgewatch.pipeline import one_line

        error(f"deploy failed: {one_line(exc)}")
        sys.exit(1)
    console.print(f"deployed pledgewatch-monitor to work pool '{pool}' ({', '.join(map(str, ids))})")
