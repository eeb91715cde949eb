"""Exactly-once delivery through the outbox, against a real HTTP receiver, on SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from pledgewatch.alerts import outbox
from pledgewatch.alerts.dispatch import dispatch
from pledgewatch.alerts.models import Delivery
from pledgewatch.alerts.send import send
from pledgewatch.alerts.targets import OutboxSettings, load_targets
from tests.alerts.conftest import NOW, add_event

SETTINGS = OutboxSettings()


def _target(url: str):  # type: ignore[no-untyped-def]
    (target,) = load_targets(environ={"PLEDGEWATCH_NOTIFY": url})
    return target


def _rows(session):  # type: ignore[no-untyped-def]
    return session.execute(select(Delivery).execution_options(populate_existing=True)).scalars().all()


def test_each_event_delivered_once_and_rerun_sends_nothing(session, http_receiver):
    ids = [add_event(session, purpose=f"aid package {i}") for i in range(3)]
    target = _target(http_receiver.url())
    first = dispatch(session, targets=[target], now=NOW)
    assert (first.queued, first.sent, first.failed, first.pending) == (3, 3, 0, 0)
    assert len(http_receiver.posts) == 3
    assert http_receiver.titles[0].startswith("NEW pledge: C$31 million aid package 0")

    second = dispatch(session, targets=[target], now=NOW + timedelta(hours=1))
    assert (second.queued, second.sent) == (0, 0)
    assert len(http_receiver.posts) == 3
    assert sorted(r.event_id for r in _rows(session)) == sorted(ids)
    assert {r.status for r in _rows(session)} == {"sent"}


def test_baseline_and_corroborated_events_are_not_alerted(session, http_receiver):
    add_event(session, baseline=True)
    add_event(session, "CORROBORATED")
    report = dispatch(session, targets=[_target(http_receiver.url())], now=NOW)
    assert report.queued == 0 and http_receiver.posts == []


def test_target_down_then_up_gets_each_alert_once(session, http_receiver):
    add_event(session, purpose="winter clothing")
    add_event(session, purpose="demining")
    target = _target(http_receiver.url())
    http_receiver.stop()

    down = dispatch(session, targets=[target], now=NOW)
    assert down.sent == 0 and down.failed == 1 and down.pending == 2  # stops at the first failure
    failed = [r for r in _rows(session) if r.attempts == 1]
    assert len(failed) == 1 and failed[0].status == "pending" and failed[0].last_error
    assert outbox.as_utc(failed[0].next_attempt_at) == NOW + timedelta(seconds=60)

    http_receiver.start()
    too_early = dispatch(session, targets=[target], now=NOW + timedelta(seconds=30))
    assert too_early.sent == 1  # the untried one goes; the failed one waits for its back-off
    later = dispatch(session, targets=[target], now=NOW + timedelta(seconds=61))
    assert later.sent == 1 and later.pending == 0
    dispatch(session, targets=[target], now=NOW + timedelta(hours=2))
    assert sorted(http_receiver.titles) == sorted(
        ["NEW pledge: C$31 million winter clothing to Ukraine", "NEW pledge: C$31 million demining to Ukraine"]
    )


def test_server_error_backs_off_exponentially(session, http_receiver):
    add_event(session)
    target = _target(http_receiver.url())
    http_receiver.status = 500
    moment = NOW
    waits = []
    for _ in range(4):
        dispatch(session, targets=[target], now=moment)
        (row,) = _rows(session)
        waits.append(outbox.as_utc(row.next_attempt_at) - moment)
        moment = outbox.as_utc(row.next_attempt_at)
    assert waits == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert "500" in (row.last_error or "")
    http_receiver.status = 200
    assert dispatch(session, targets=[target], now=moment).sent == 1
    assert len(http_receiver.posts) == 1


def test_backoff_is_capped():
    assert outbox.backoff(30, SETTINGS) == timedelta(hours=6)


def test_interrupted_after_send_repeats_at_most_the_one_in_flight(session, http_receiver):
    first, second = add_event(session, purpose="first"), add_event(session, purpose="second")
    target = _target(http_receiver.url())
    outbox.queue(session, target, NOW, SETTINGS)
    rows = outbox.due(session, target.key, NOW, SETTINGS)
    in_flight = next(r for r in rows if r.event_id == first)
    # A run claims and sends one alert, then dies before recording it.
    assert outbox.claim(session, [in_flight.id], NOW, SETTINGS) == [in_flight.id]
    assert send(target, "NEW pledge: first (in flight)", "body").ok

    # A run inside the lease leaves the in-flight row alone and sends the other one.
    inside = dispatch(session, targets=[target], now=NOW + timedelta(minutes=5))
    assert inside.sent == 1
    # After the lease the in-flight row is sent again: the one possible duplicate.
    after = dispatch(session, targets=[target], now=NOW + timedelta(minutes=11))
    assert after.sent == 1
    dispatch(session, targets=[target], now=NOW + timedelta(hours=3))
    titles = http_receiver.titles
    assert len(titles) == 3
    assert sum("first" in t for t in titles) == 2 and sum("second" in t for t in titles) == 1
    assert {(r.event_id, r.status) for r in _rows(session)} == {(first, "sent"), (second, "sent")}


def test_a_claimed_row_cannot_be_claimed_twice(session, http_receiver):
    add_event(session)
    target = _target(http_receiver.url())
    outbox.queue(session, target, NOW, SETTINGS)
    (row,) = outbox.due(session, target.key, NOW, SETTINGS)
    assert outbox.claim(session, [row.id], NOW, SETTINGS) == [row.id]
    assert outbox.claim(session, [row.id], NOW, SETTINGS) == []
    assert dispatch(session, targets=[target], now=NOW + timedelta(minutes=1)).sent == 0


def test_events_older_than_backlog_are_not_queued_for_a_new_target(session, http_receiver):
    add_event(session, created_at=NOW - timedelta(days=30), purpose="old news")
    add_event(session, purpose="fresh")
    report = dispatch(session, targets=[_target(http_receiver.url())], now=NOW)
    assert report.queued == 1 and http_receiver.titles == ["NEW pledge: C$31 million fresh to Ukraine"]


def test_no_target_prints_once_and_keeps_events_for_later_targets(session, http_receiver, no_env):
    from rich.console import Console

    add_event(session, purpose="field hospitals")
    console = Console(record=True, width=120)
    report = dispatch(session, targets=[], now=NOW, console=console)
    assert report.printed == 1 and report.sent == 0
    output = console.export_text()
    assert "NEW pledge: C$31 million field hospitals to Ukraine" in output
    assert "Canada will provide $31 million" in output

    again = Console(record=True)
    assert dispatch(session, targets=[], now=NOW, console=again).printed == 0
    assert again.export_text() == ""
    # A target configured later still receives the alert.
    assert dispatch(session, targets=[_target(http_receiver.url())], now=NOW).sent == 1
    assert http_receiver.titles == ["NEW pledge: C$31 million field hospitals to Ukraine"]


def test_two_dispatchers_at_once_send_each_alert_once(engine, http_receiver):
    """Two runs racing on the same outbox (two connections): every alert arrives exactly once."""
    import threading

    from pledgewatch.db import session_factory

    make = session_factory(engine)
    with make() as setup:
        for i in range(6):
            add_event(setup, purpose=f"package {i}")
    target = _target(http_receiver.url())
    with make() as setup:
        outbox.queue(setup, target, NOW, SETTINGS)
    reports = []

    def run() -> None:
        with make() as s:
            reports.append(dispatch(s, targets=[target], now=NOW))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(http_receiver.titles) == sorted(f"NEW pledge: C$31 million package {i} to Ukraine" for i in range(6))
    assert sum(r.sent for r in reports) == 6
