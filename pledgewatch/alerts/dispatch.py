"""One alerting pass, as the monitor flow calls it: queue, send what is due, record, report.

`dispatch()` is plain Python (no Prefect) and commits as it goes: each claim is committed before
apprise is called and each outcome right after, which is what the exactly-once promise rests on
(see pledgewatch.alerts.outbox and docs/alerts.md).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from rich.console import Console
from sqlalchemy.orm import Session

from pledgewatch.alerts import outbox
from pledgewatch.alerts.console import print_alert
from pledgewatch.alerts.facts import load_facts
from pledgewatch.alerts.messages import digest_fields, event_fields
from pledgewatch.alerts.models import Delivery
from pledgewatch.alerts.redact import scrubbed_logger
from pledgewatch.alerts.send import send
from pledgewatch.alerts.targets import CONSOLE_KEY, DEFAULT_KINDS, OutboxSettings, Target, load_alert_config
from pledgewatch.alerts.templates import TemplateSet, load_templates

log = scrubbed_logger("pledgewatch.alerts")


@dataclass
class TargetLine:
    """What one run did for one target (label is redacted)."""

    label: str
    queued: int = 0
    sent: int = 0
    failed: int = 0
    pending: int = 0
    error: str | None = None

    def __str__(self) -> str:
        text = f"{self.label}: {self.sent} sent, {self.failed} failed, {self.pending} pending"
        return f"{text} ({self.error})" if self.error else text


@dataclass
class DispatchReport:
    """Totals of one pass: rows queued, messages delivered, deliveries that failed, deliveries still
    waiting afterwards, alerts printed to the console; and one line per target."""

    queued: int = 0
    sent: int = 0
    failed: int = 0
    pending: int = 0
    printed: int = 0
    lines: list[TargetLine] = field(default_factory=list)


def _console_target(templates: TemplateSet) -> Target:
    return Target(key=CONSOLE_KEY, label="console", format="text", kinds=DEFAULT_KINDS, templates=templates)


def _send_one_by_one(
    session: Session, target: Target, rows: list[Delivery], now: datetime, settings: OutboxSettings, line: TargetLine
) -> None:
    """Each due alert in its own message; stops at the first failure (the target is likely down)."""
    facts = load_facts(session, [r.event_id for r in rows])
    assert target.templates is not None
    for row in rows:
        ev = facts.get(row.event_id)
        if ev is None or not outbox.claim(session, [row.id], now, settings):
            continue  # the event is gone, or another process took the row
        try:
            title, body = target.templates.render_event(event_fields(ev), target.format)
        except Exception as exc:  # one odd event must not block the others
            reason = f"could not render event {ev.id}: {type(exc).__name__}: {exc}"
            outbox.mark_failed(session, [row.id], now, reason, settings)
            line.failed += 1
            line.error = reason
            log.warning("alert to %s: %s", target.label, reason)
            continue
        result = send(target, title, body)
        if result.ok:
            outbox.mark_sent(session, [row.id], now)
            line.sent += 1
            continue
        next_try = outbox.mark_failed(session, [row.id], now, result.reason or "failed", settings)
        line.failed += 1
        line.error = result.reason
        log.warning("alert to %s failed: %s (next try %s)", target.label, result.reason, next_try)
        break  # the target is down: leave its other alerts pending rather than wait on each


def _send_digest(
    session: Session, target: Target, rows: list[Delivery], now: datetime, settings: OutboxSettings, line: TargetLine
) -> None:
    """All due alerts of the target in one message, recorded together."""
    facts = load_facts(session, [r.event_id for r in rows])
    ids = outbox.claim(session, [r.id for r in rows if r.event_id in facts], now, settings)
    if not ids:
        return
    by_id = {r.id: r for r in rows}
    events = [facts[by_id[i].event_id] for i in ids]
    assert target.templates is not None
    title, body = target.templates.render_digest(
        digest_fields(events), [event_fields(ev) for ev in events], target.format
    )
    result = send(target, title, body)
    if result.ok:
        outbox.mark_sent(session, ids, now)
        line.sent += len(ids)
    else:
        next_try = outbox.mark_failed(session, ids, now, result.reason or "failed", settings)
        line.failed += len(ids)
        line.error = result.reason
        log.warning("digest to %s failed: %s (next try %s)", target.label, result.reason, next_try)


def _print_console(
    session: Session, target: Target, now: datetime, settings: OutboxSettings, console: Console, report: DispatchReport
) -> None:
    """No target configured: print each alert once and mark it 'printed'."""
    rows = outbox.due(session, target.key, now, settings)
    facts = load_facts(session, [r.event_id for r in rows])
    ids = outbox.claim(session, [r.id for r in rows if r.event_id in facts], now, settings)
    by_id = {r.id: r for r in rows}
    assert target.templates is not None
    for row_id in ids:
        print_alert(console, target.templates, event_fields(facts[by_id[row_id].event_id]))
    outbox.mark_sent(session, ids, now, status="printed")
    report.printed += len(ids)


def dispatch(
    session: Session,
    *,
    targets: list[Target] | None = None,
    now: datetime | None = None,
    console: Console | None = None,
    settings: OutboxSettings | None = None,
) -> DispatchReport:
    """Queue every alertable event for every matching target, send what is due, record the results.

    With no targets, alerts are printed to `console` once each and their events stay available to
    targets configured later (within the backlog window). Commits on `session`.
    """
    console_templates: TemplateSet | None = None
    if targets is None:
        targets, loaded_settings, console_templates = load_alert_config()
        settings = settings or loaded_settings
    settings = settings or OutboxSettings()
    moment = outbox.as_utc(now)
    report = DispatchReport()
    if not targets:
        target = _console_target(console_templates or load_templates())
        report.queued = outbox.queue(session, target, moment, settings)
        _print_console(session, target, moment, settings, console or Console(), report)
        return report
    for target in targets:
        line = TargetLine(target.label)
        line.queued = outbox.queue(session, target, moment, settings)
        rows = outbox.due(session, target.key, moment, settings)
        if rows and target.digest:
            _send_digest(session, target, rows, moment, settings, line)
        elif rows:
            _send_one_by_one(session, target, rows, moment, settings, line)
        line.pending = outbox.count_waiting(session, [target.key])
        report.queued += line.queued
        report.sent += line.sent
        report.failed += line.failed
        report.pending += line.pending
        report.lines.append(line)
        if line.sent:
            log.info("%d alert(s) delivered to %s", line.sent, target.label)
    return report
