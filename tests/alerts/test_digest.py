"""Digest mode: one message per run and target, grouping its due events, each recorded as sent."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from pledgewatch.alerts.dispatch import dispatch
from pledgewatch.alerts.targets import load_targets
from tests.alerts.conftest import NOW, add_event


def test_one_message_per_run_with_every_event(session, http_receiver):
    (target,) = load_targets(environ={"PLEDGEWATCH_NOTIFY": http_receiver.url()})
    target = replace(target, digest=True)
    add_event(session, purpose="winter clothing")
    add_event(session, "CHANGED", category="military", purpose="PURL", amount=500e6,
              field="status", before="pledged", after="delivered",
              evidence="Canada has delivered the C$500 million PURL package.")
    add_event(session, "CONFLICT", category="military", purpose="air defence", amount=680e6, currency="USD",
              other={"category": "military", "purpose": "drone co-production", "amount": 680e6, "currency": "USD"})

    report = dispatch(session, targets=[target], now=NOW)
    assert report.sent == 3 and len(http_receiver.posts) == 1
    body = http_receiver.posts[0]["body"]
    assert body["title"] == "pledgewatch: 3 updates (1 NEW, 1 CHANGED, 1 CONFLICT)"
    assert "NEW pledge: C$31 million winter clothing to Ukraine" in body["message"]
    assert "CHANGED pledge: C$500 million PURL — status pledged → delivered" in body["message"]
    assert "CONFLICT: US$680 million — drone co-production vs air defence" in body["message"]
    assert "Canada has delivered the C$500 million PURL package." in body["message"]

    # The next run has nothing new: no message at all. A later event makes a digest of one.
    assert dispatch(session, targets=[target], now=NOW + timedelta(minutes=30)).sent == 0
    add_event(session, purpose="demining", created_at=NOW + timedelta(minutes=40))
    assert dispatch(session, targets=[target], now=NOW + timedelta(hours=1)).sent == 1
    assert [p["body"]["title"] for p in http_receiver.posts][1] == "pledgewatch: 1 update (1 NEW)"


def test_failed_digest_is_retried_whole_and_sent_once(session, http_receiver):
    (target,) = load_targets(environ={"PLEDGEWATCH_NOTIFY": http_receiver.url()})
    target = replace(target, digest=True)
    add_event(session, purpose="a")
    add_event(session, purpose="b")
    http_receiver.status = 500
    down = dispatch(session, targets=[target], now=NOW)
    assert down.failed == 2 and down.pending == 2 and http_receiver.posts == []
    http_receiver.status = 200
    up = dispatch(session, targets=[target], now=NOW + timedelta(minutes=2))
    assert up.sent == 2 and len(http_receiver.posts) == 1
    assert dispatch(session, targets=[target], now=NOW + timedelta(hours=1)).sent == 0
