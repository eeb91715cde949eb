"""`pledgewatch notify-test` and `pledgewatch alerts send|pending|targets`.

Every line these commands print names a target by its redacted label; reasons for failures come
from apprise through the scrubber, so no password or token reaches the terminal.
"""
from __future__ import annotations

import sys
from datetime import datetime, timezone

import click
from rich.markup import escape

from pledgewatch.cli._common import amount_text, console, error, print_table
from pledgewatch.settings import ConfigError

TEST_TITLE = "pledgewatch test notification"
TEST_BODY = (
    "This is a test from pledgewatch. If you can read it, alerts about Canada's commitments to "
    "Ukraine will reach you here."
)


def _load():  # type: ignore[no-untyped-def]
    from pledgewatch.alerts.targets import load_alert_config

    try:
        return load_alert_config()
    except ConfigError as exc:
        error(str(exc))
        sys.exit(2)


@click.command("notify-test")
def notify_test() -> None:
    """Send a test message to every configured target and say, per target, whether it arrived."""
    from pledgewatch.alerts.send import send

    targets, _settings, _templates = _load()
    if not targets:
        console.print("No alert targets configured: alerts are printed to the console (see config/alerts.toml).")
        return
    failures = 0
    for target in targets:
        result = send(target, TEST_TITLE, TEST_BODY)
        if result.ok:
            console.print(f"[green]delivered[/]  {escape(target.label)}", highlight=False, soft_wrap=True)
        else:
            failures += 1
            console.print(f"[red]failed[/]     {escape(target.label)}: {escape(result.reason or '')}", highlight=False, soft_wrap=True)
    if failures:
        sys.exit(1)


@click.group("alerts")
def alerts() -> None:
    """The alert outbox: send what is due, list what is waiting, show the targets."""


@alerts.command("send")
def send_cmd() -> None:
    """Queue new events for every target and send what is due now (what each run does)."""
    from pledgewatch.alerts.dispatch import dispatch
    from pledgewatch.db import open_ledger, session_scope

    targets, settings, _templates = _load()
    engine = open_ledger()
    try:
        with session_scope(engine) as session:
            report = dispatch(session, targets=targets, settings=settings, console=console)
    finally:
        engine.dispose()
    if not targets:
        console.print(f"{report.printed} alert(s) printed (no target configured)")
        return
    for line in report.lines:
        console.print(escape(str(line)), highlight=False, soft_wrap=True)
    console.print(f"queued {report.queued}, sent {report.sent}, failed {report.failed}, waiting {report.pending}")


@alerts.command("pending")
@click.option("--all", "show_all", is_flag=True, help="Also list delivered and printed alerts.")
def pending_cmd(show_all: bool) -> None:
    """List deliveries not yet made, with their attempts, next try and last error."""
    from sqlalchemy import select

    from pledgewatch.alerts.models import Delivery
    from pledgewatch.alerts.outbox import as_utc
    from pledgewatch.db import open_ledger, session_scope

    engine = open_ledger()
    try:
        with session_scope(engine) as session:
            query = select(Delivery).order_by(Delivery.id)
            if not show_all:
                query = query.where(Delivery.status.in_(["pending", "sending"]))
            rows = session.scalars(query).all()
            now = datetime.now(timezone.utc)
            table = [
                (
                    r.id, r.event_id, r.target_label, r.status, r.attempts,
                    "now" if as_utc(r.next_attempt_at) <= now else as_utc(r.next_attempt_at).strftime("%Y-%m-%d %H:%M"),
                    r.last_error or "",
                )
                for r in rows
            ]
    finally:
        engine.dispose()
    if not table:
        console.print("Nothing waiting in the alert outbox.")
        return
    print_table("alert outbox", ["id", "event", "target", "status", "attempts", "next try (UTC)", "last error"], table)


@alerts.command("targets")
def targets_cmd() -> None:
    """Show the configured targets and their routing (URLs redacted)."""
    targets, _settings, _templates = _load()
    if not targets:
        console.print("No alert targets configured: alerts are printed to the console.")
        return
    rows = [
        (
            t.label, ", ".join(sorted(t.kinds)), ", ".join(sorted(t.categories)) if t.categories else "all",
            amount_text(t.min_amount_cad, "CAD"), t.format,
            "yes" if t.digest else "no",
        )
        for t in targets
    ]
    print_table("alert targets", ["target", "kinds", "categories", "min amount", "format", "digest"], rows)
