"""Conflicts grow with the reports, not with the square of the pledges that share a sum or a purpose."""
from __future__ import annotations

from pledgewatch.ledger.queries import list_pledges
from tests.ledger.factories import article, commit, conflicts, events, ingest

PURPOSES = ["demining", "field hospitals", "energy repairs", "winter clothing", "water systems", "school buses"]


def test_each_report_raises_at_most_one_conflict_per_kind(session) -> None:  # type: ignore[no-untyped-def]
    """Six sources, one sum, six purposes: every pledge is flagged, but not every pair of them."""
    for i, purpose in enumerate(PURPOSES):
        r = ingest(session, article(date=f"2024-03-{i + 1:02d}"), [commit(amount=1.35e8, purpose=purpose)])
        assert sum(1 for e in events(session, r.event_ids) if e.kind == "CONFLICT") == (1 if i else 0)
    rows = list_pledges(session)
    assert len(rows) == len(PURPOSES), "equal sums for different purposes are never merged"
    assert all(p["conflict"] for p in rows)
    assert len(conflicts(session)) == len(PURPOSES) - 1  # 15 if every pair were flagged


def test_a_corroborated_side_already_flagged_raises_nothing_new(session) -> None:  # type: ignore[no-untyped-def]
    for purpose in PURPOSES[:3]:
        ingest(session, article(date="2024-03-01"), [commit(amount=1.35e8, purpose=purpose)])
    before = len(conflicts(session))
    r = ingest(session, article(date="2024-03-02"), [commit(amount=1.35e8, purpose=PURPOSES[1])])
    assert [e.kind for e in events(session, r.event_ids)] == ["CORROBORATED"]
    assert len(conflicts(session)) == before


def test_undated_reports_of_a_round_sum_do_not_conflict(session) -> None:  # type: ignore[no-untyped-def]
    """Undated, both are compared as of the day they were fetched: a round sum for two purposes is no
    evidence of a disagreement; a specific figure still is."""
    ingest(session, article(date=None), [commit(amount=5e8, purpose="drone co-production")])
    ingest(session, article(date=None), [commit(amount=5e8, purpose="air defence systems")])
    assert conflicts(session) == [] and len(list_pledges(session)) == 2
    ingest(session, article(date=None), [commit(amount=8.35e7, purpose="winter clothing")])
    ingest(session, article(date=None), [commit(amount=8.35e7, purpose="field hospitals")])
    assert [c.kind for c in conflicts(session)] == ["same-amount-different-purpose"]


def test_undated_one_word_purpose_with_two_sums_is_not_a_conflict(session) -> None:  # type: ignore[no-untyped-def]
    ingest(session, article(date=None), [commit(amount=3e8, purpose="ammunition")])
    ingest(session, article(date=None), [commit(amount=4e8, purpose="ammunition")])
    assert conflicts(session) == []
    ingest(session, article(date=None), [commit(amount=5e8, purpose="PURL initiative")])
    ingest(session, article(date=None), [commit(amount=7.5e8, purpose="PURL initiative")])
    assert [c.kind for c in conflicts(session)] == ["same-purpose-different-amount"]


def test_dated_report_against_an_undated_one_needs_the_stronger_match(session) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime, timezone

    fetched = datetime.now(timezone.utc)
    ingest(session, article(date=None), [commit(amount=5e8, purpose="drone co-production")], fetched_at=fetched)
    ingest(session, article(date=fetched.date().isoformat()), [commit(amount=5e8, purpose="air defence systems")])
    assert conflicts(session) == []
