"""`pledgewatch feeds status`: each feed's health as the database knows it, without touching the network.

The configured feeds (config/feeds.toml, or --feeds) are listed in file order, those never polled as
"never polled"; feeds the database remembers but the config no longer lists (removed, disabled or
renamed) follow, marked "not in config". URLs are shown without user, password or query string, in
every format, since private feeds can carry a token there.
"""
from __future__ import annotations

import sys
from datetime import datetime, timezone
from typing import Any

import click

from pledgewatch.cli._common import FORMATS, dump_json, error, ledger_session, print_table, write_csv

STATUS_COLUMNS = ["name", "url", "configured", "state", "interval_minutes", "last_polled_at", "last_ok_at",
                  "last_status", "last_error", "consecutive_errors", "next_poll_at", "items_seen",
                  "items_new", "items_fetched", "items_skipped", "items_failed", "items_filtered"]
JSON_KEYS = [*STATUS_COLUMNS[:12], "items"]  # JSON: the counts by status once, as "items"
ERROR_WIDTH = 120  # the last error is cut to one line of about this length in the table


def _utc(value: datetime | None) -> str | None:
    """A naive-UTC database time as ISO 8601 with its offset, for JSON and CSV."""
    return value.replace(tzinfo=timezone.utc).isoformat() if value is not None else None


def _when(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if value is not None else ""


def _one_line(text: str | None, width: int = ERROR_WIDTH) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _state(status: Any) -> str:
    """never polled / ok / not modified / warning / failing, from the stored poll state."""
    if status is None or status.last_polled_at is None:
        return "never polled"
    if status.consecutive_errors:
        return "failing"
    if status.last_error:
        return "warning"  # a malformed feed read as far as it went: the poll counted as a success
    return "not modified" if status.last_status == 304 else "ok"


def feed_records(session: Any, feeds: list[Any]) -> list[dict[str, Any]]:
    """One record per feed (configured ones in file order, then those only the database knows); the
    FeedStatus, or None for a feed never polled, is kept under "_status" for the table."""
    from pledgewatch.feeds.models import ITEM_STATUSES
    from pledgewatch.feeds.status import feed_statuses
    from pledgewatch.fetch import redact_url

    stored = {s.name: s for s in feed_statuses(session)}
    names = [f.name for f in feeds] + [n for n in stored if n not in {f.name for f in feeds}]
    configs = {f.name: f for f in feeds}
    records = []
    for name in names:
        status, config = stored.get(name), configs.get(name)
        items = dict(status.items) if status is not None else {}
        record: dict[str, Any] = {
            "name": name,
            "url": redact_url(config.url if config is not None else status.url),  # type: ignore[union-attr]
            "configured": config is not None,
            "state": _state(status),
            "interval_minutes": config.interval_minutes if config is not None else None,
            "last_polled_at": _utc(status.last_polled_at) if status else None,
            "last_ok_at": _utc(status.last_ok_at) if status else None,
            "last_status": status.last_status if status else None,
            "last_error": status.last_error if status else None,
            "consecutive_errors": status.consecutive_errors if status else 0,
            "next_poll_at": _utc(status.next_poll_at) if status else None,
            "items_seen": sum(items.values()),
            "items": items,
        }
        record.update({f"items_{s}": items.get(s, 0) for s in ITEM_STATUSES})
        record["_status"] = status
        records.append(record)
    return records


def _result_cell(rec: dict[str, Any]) -> str:
    status = rec["_status"]
    if rec["state"] == "never polled":
        return "never polled"
    code = f"HTTP {status.last_status}" if status.last_status is not None else ""
    if rec["state"] == "failing":
        reason = _one_line(status.last_error) or code or "failed"
        return f"failed ({status.consecutive_errors}× in a row): {reason}"
    head = "not modified" if rec["state"] == "not modified" else "ok"
    text = f"{head} ({code})" if code else head
    if status.last_error:
        text += f"; {_one_line(status.last_error)}"
    return text


def _items_cell(rec: dict[str, Any]) -> str:
    if not rec["items_seen"]:
        return "0"
    parts = ", ".join(f"{n} {s}" for s, n in sorted(rec["items"].items(), key=lambda kv: (-kv[1], kv[0])))
    return f"{rec['items_seen']} ({parts})"


def _next_cell(rec: dict[str, Any], now: datetime) -> str:
    status = rec["_status"]
    if not rec["configured"]:
        return "not polled (not in config)"
    if status is None or status.next_poll_at is None or status.next_poll_at <= now:
        return "due now"
    if status.consecutive_errors:
        return f"backing off until {_when(status.next_poll_at)}"
    return _when(status.next_poll_at)


@click.group("feeds", invoke_without_command=True)
@click.pass_context
def feeds(ctx: click.Context) -> None:
    """The RSS/Atom feeds: `pledgewatch feeds status` (the default) shows how each one is doing."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(status_cmd)


@feeds.command("status")
@click.option("--feeds", "feeds_file", type=click.Path(dir_okay=False), default=None,
              help="A feeds TOML other than config/feeds.toml.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True, help="Output format.")
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
def status_cmd(feeds_file: str | None = None, fmt: str = "table", as_json: bool = False) -> None:
    """Each feed: URL (redacted), last poll, last result or error, items seen, back-off and next poll.

    Reads the ledger database (PLEDGEWATCH_DATABASE_URL, else config/pledgewatch.toml); polls nothing.
    """
    from pledgewatch.feeds.config import load_feeds
    from pledgewatch.settings import ConfigError

    if as_json:
        fmt = "json"
    try:
        configured = load_feeds(feeds_file)
    except ConfigError as exc:
        error(str(exc))
        sys.exit(2)
    now = datetime.now(timezone.utc).replace(tzinfo=None)  # the database keeps naive UTC
    with ledger_session() as session:
        records = feed_records(session, configured)
    if fmt == "json":
        dump_json([{k: v for k, v in r.items() if k in JSON_KEYS} for r in records])
        return
    if fmt == "csv":
        write_csv(STATUS_COLUMNS, records)
        return
    rows = [
        (r["name"] + ("" if r["configured"] else " (not in config)"), r["url"],
         _when(r["_status"].last_polled_at) if r["_status"] else "", _result_cell(r), _items_cell(r),
         _next_cell(r, now))
        for r in records
    ]
    failing = sum(1 for r in records if r["state"] == "failing")
    never = sum(1 for r in records if r["state"] == "never polled")
    print_table(
        f"Feeds: {len(records)}, {failing} failing, {never} never polled (times in UTC)",
        ["feed", "url", "last poll", "last result", "items seen", "next poll"], rows,
    )
