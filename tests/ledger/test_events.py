"""Each ingest is diffed against the ledger before it: NEW, CHANGED, CONFLICT, CORROBORATED events."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from pledgewatch.ledger.queries import event_view, list_events, pledge_history
from pledgewatch.seeds import ingest_seeds
from tests.ledger.factories import article, commit, events, ingest


def test_kinds_of_events(session) -> None:  # type: ignore[no-untyped-def]
    first = ingest(session, article(), [commit(amount=5e8, purpose="PURL", evidence="$500 million for PURL")])
    [new] = events(session, first.event_ids)
    assert (new.kind, new.evidence, new.article_id, new.baseline) == ("NEW", "$500 million for PURL",
                                                                        first.article_id, False)
    assert new.after["amount"] == 5e8 and new.after["purpose"] == "PURL"

    second = ingest(session, article(), [commit(amount=5e8, purpose="PURL initiative", status="allocated")])
    kinds = [(e.kind, e.field) for e in events(session, second.event_ids)]
    assert kinds == [("CHANGED", "status"), ("CORROBORATED", "sources")]

    third = ingest(session, article(), [commit(amount=5e8, purpose="field hospitals")])
    assert sorted(e.kind for e in events(session, third.event_ids)) == ["CONFLICT", "NEW"]

    history = pledge_history(session, new.pledge_id)
    assert [h["kind"] for h in history] == ["NEW", "CHANGED", "CORROBORATED", "CONFLICT"]  # the other side's too
    assert history[1]["before"] == "pledged" and history[1]["after"] == "allocated"


def test_event_view_has_what_an_alert_needs(session) -> None:  # type: ignore[no-untyped-def]
    r = ingest(session, article("Canada pledges $500 million.", url="https://news.example.org/purl",
                                title="Canada joins PURL"),
               [commit(amount=5e8, purpose="PURL", evidence="$500 million")])
    view = event_view(session, r.event_ids[0])
    assert view["kind"] == "NEW" and view["baseline"] is False
    assert {k: view["pledge"][k] for k in ("category", "amount", "currency", "qualifier", "purpose", "status")} == {
        "category": "military", "amount": 5e8, "currency": "CAD", "qualifier": None, "purpose": "PURL",
        "status": "pledged"}
    assert view["evidence"] == "$500 million"
    assert view["source"]["url"] == "https://news.example.org/purl" and view["source"]["title"] == "Canada joins PURL"
    assert view["sources"] == 1 and view["conflict"] is None


def test_list_events_filters(session) -> None:  # type: ignore[no-untyped-def]
    a = ingest(session, article(), [commit(amount=1e8, purpose="demining")], baseline=True)
    b = ingest(session, article(), [commit(amount=2e8, purpose="energy repairs")])
    all_ids = [e["id"] for e in list_events(session)]
    assert all_ids == sorted(a.event_ids + b.event_ids)
    assert [e["id"] for e in list_events(session, include_baseline=False)] == b.event_ids
    assert [e["id"] for e in list_events(session, after_id=a.event_ids[-1])] == b.event_ids
    assert list_events(session, since=datetime.now(timezone.utc) + timedelta(hours=1)) == []
    assert len(list_events(session, since=datetime.now(timezone.utc) - timedelta(hours=1))) == len(all_ids)
    assert [e["kind"] for e in list_events(session, kinds=["NEW"])] == ["NEW", "NEW"]


def test_first_seed_ingest_is_the_baseline_and_later_runs_are_not(session) -> None:  # type: ignore[no-untyped-def]
    results = ingest_seeds(session)
    session.commit()
    assert [r.outcome for r in results] == ["new"] * 5
    ids = [i for r in results for i in r.event_ids]
    assert all(e.baseline for e in events(session, ids))
    again = ingest_seeds(session)
    session.commit()
    assert [r.outcome for r in again] == ["unchanged"] * 5
    assert all(r.event_ids == [] for r in again)
    fresh = ingest(session, article(), [commit(amount=3.3e8, purpose="winter clothing")])
    assert fresh.event_ids and not any(e.baseline for e in events(session, fresh.event_ids))


def test_seeds_after_other_news_are_not_baseline(session) -> None:  # type: ignore[no-untyped-def]
    ingest(session, article(), [commit(amount=3.3e8, purpose="winter clothing")])
    results = ingest_seeds(session)
    session.commit()
    ids = [i for r in results for i in r.event_ids]
    assert not any(e.baseline for e in events(session, ids))


def test_baseline_none_means_only_when_empty(session) -> None:  # type: ignore[no-untyped-def]
    a = ingest(session, article(), [commit(amount=1e8, purpose="demining")], baseline=None)
    b = ingest(session, article(), [commit(amount=2e8, purpose="energy repairs")], baseline=None)
    assert all(e.baseline for e in events(session, a.event_ids))
    assert not any(e.baseline for e in events(session, b.event_ids))
