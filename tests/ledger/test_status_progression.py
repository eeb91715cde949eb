"""A pledge's status only moves forward, unless a source says it was cut or withdrawn."""
from __future__ import annotations

from pledgewatch.ledger.queries import list_pledges
from tests.ledger.factories import article, commit, events, ingest


def _status(session) -> str:  # type: ignore[no-untyped-def]
    [p] = list_pledges(session)
    return p["status"]


def test_status_moves_forward_and_never_back(session) -> None:  # type: ignore[no-untyped-def]
    steps = [("considering", "considering"), ("pledged", "pledged"), ("considering", "pledged"),
             ("allocated", "allocated"), ("delivered", "delivered"), ("pledged", "delivered")]
    seen = []
    for i, (reported, expected) in enumerate(steps):
        r = ingest(session, article(date=f"2025-0{i + 1}-15"), [commit(amount=2.5e8, purpose="air defence", status=reported)])
        assert _status(session) == expected, f"after a report of {reported!r}"
        seen += [(e.kind, e.field, e.before, e.after) for e in events(session, r.event_ids) if e.kind == "CHANGED"]
    assert seen == [("CHANGED", "status", "considering", "pledged"), ("CHANGED", "status", "pledged", "allocated"),
                    ("CHANGED", "status", "allocated", "delivered")]


def test_later_withdrawal_moves_status_back(session) -> None:  # type: ignore[no-untyped-def]
    ingest(session, article(date="2025-03-01"), [commit(amount=2.5e8, purpose="air defence", status="pledged")])
    r = ingest(session, article(date="2025-06-01"), [commit(amount=2.5e8, purpose="air defence", status="withdrawn")])
    assert _status(session) == "withdrawn"
    changed = [(e.before, e.after) for e in events(session, r.event_ids) if e.kind == "CHANGED"]
    assert changed == [("pledged", "withdrawn")]


def test_older_withdrawal_does_not_override_newer_reports(session) -> None:  # type: ignore[no-untyped-def]
    """Status comes from dates, not arrival order: a stale 'cut' report arriving late changes nothing."""
    ingest(session, article(date="2025-06-01"), [commit(amount=2.5e8, purpose="air defence", status="delivered")])
    ingest(session, article(date="2025-03-01"), [commit(amount=2.5e8, purpose="air defence", status="cut")])
    assert _status(session) == "delivered"


def test_withdrawn_pledge_is_left_out_of_totals(session) -> None:  # type: ignore[no-untyped-def]
    from pledgewatch.ledger.queries import ledger_totals

    ingest(session, article(date="2025-03-01"), [commit(amount=2.5e8, purpose="air defence")])
    ingest(session, article(date="2025-03-01"), [commit(amount=1e8, purpose="demining")])
    assert ledger_totals(list_pledges(session))["total_cad"] == 3.5e8
    ingest(session, article(date="2025-07-01"), [commit(amount=1e8, purpose="demining", status="withdrawn")])
    assert ledger_totals(list_pledges(session))["total_cad"] == 2.5e8
