"""Sources that disagree are flagged as conflicts, never merged away; agreeing ones are not flagged."""
from __future__ import annotations

from pledgewatch.ledger.queries import event_view, list_pledges
from tests.ledger.factories import article, commit, conflicts, events, ingest


def test_same_sum_for_incompatible_purposes_is_a_conflict(session) -> None:  # type: ignore[no-untyped-def]
    a = ingest(session, article(source="seeds/a.txt"),
               [commit(amount=6.8e8, purpose="drone co-production", evidence="$680 million drone co-production")])
    b = ingest(session, article(source="seeds/b.txt"),
               [commit(amount=6.8e8, purpose="air defence systems", status="allocated",
                       evidence="$680 million for air defense systems procured from the US")])
    rows = list_pledges(session)
    assert len(rows) == 2 and all(p["conflict"] for p in rows)
    [c] = conflicts(session)
    assert c.kind == "same-amount-different-purpose"
    assert {c.evidence_a, c.evidence_b} == {"$680 million drone co-production",
                                            "$680 million for air defense systems procured from the US"}
    assert {c.article_a, c.article_b} == {a.article_id, b.article_id}
    [ev] = [e for e in events(session, b.event_ids) if e.kind == "CONFLICT"]
    view = event_view(session, ev.id)
    assert view["conflict"]["other_pledge"]["purpose"] == "drone co-production"
    assert view["conflict"]["other_source"]["source"] == "seeds/a.txt"
    assert view["source"]["source"] == "seeds/b.txt"
    # Both pledges' histories show the conflict.
    from pledgewatch.ledger.queries import pledge_history

    for p in rows:
        assert [h["kind"] for h in pledge_history(session, p["id"])][-1] == "CONFLICT"
    # A third source agreeing with one side corroborates it and raises no new conflict.
    c3 = ingest(session, article(), [commit(amount=6.8e8, purpose="air defense")])
    assert [e.kind for e in events(session, c3.event_ids)] == ["CORROBORATED"]
    assert len(conflicts(session)) == 1


def test_same_purpose_with_different_sums_is_a_conflict(session) -> None:  # type: ignore[no-untyped-def]
    ingest(session, article(), [commit(amount=5e8, purpose="PURL initiative")])
    r = ingest(session, article(), [commit(amount=7.5e8, purpose="PURL initiative")])
    assert [c.kind for c in conflicts(session)] == ["same-purpose-different-amount"]
    assert sorted(e.kind for e in events(session, r.event_ids)) == ["CONFLICT", "NEW"]


def test_no_conflict_within_one_article(session) -> None:  # type: ignore[no-untyped-def]
    """An article that gives two equal sums for two purposes tells them apart itself."""
    ingest(session, article(), [commit(amount=1e8, purpose="demining"), commit(amount=1e8, purpose="field hospitals")])
    assert conflicts(session) == []


def test_qualified_sums_are_compatible(session) -> None:  # type: ignore[no-untyped-def]
    """'over $2 billion' and '$2 billion' (or '$2.1 billion') are one package, not a conflict."""
    ingest(session, article(), [commit(amount=2e9, purpose="military aid package")])
    ingest(session, article(), [commit(amount=2e9, purpose="military aid package", qualifier="over")])
    ingest(session, article(), [commit(amount=2.1e9, purpose="military aid package")])
    rows = list_pledges(session)
    assert len(rows) <= 2 and conflicts(session) == []
    assert max(p["source_count"] for p in rows) >= 2


def test_loosely_similar_purposes_with_different_sums_are_not_a_conflict(session) -> None:  # type: ignore[no-untyped-def]
    ingest(session, article(), [commit("financial", 2.3e9, "loan", status="delivered")])
    ingest(session, article(), [commit("financial", 5e9, "ERA loan")])
    ingest(session, article(), [commit(amount=1.65e8, purpose="drone capabilities")])
    ingest(session, article(), [commit(amount=2.2e8, purpose="drones and counter-drone")])
    assert conflicts(session) == []


def test_package_and_its_parts_are_not_a_conflict(session) -> None:  # type: ignore[no-untyped-def]
    """Same purpose words, different sums: a part of the package, linked to it, not a disagreement."""
    ingest(session, article(), [commit(amount=1e9, purpose="air defence")])
    ingest(session, article(), [
        commit(amount=1e9, purpose="air defence", span=(0, 10)),
        commit(amount=4e8, purpose="air defence", status="allocated", span=(20, 30)),
    ])
    assert conflicts(session) == []
    rows = {p["amount"]: p for p in list_pledges(session)}
    assert rows[4e8]["parent_id"] == rows[1e9]["id"]


def test_tranche_of_a_larger_sum_is_not_a_conflict(session) -> None:  # type: ignore[no-untyped-def]
    ingest(session, article(), [commit("financial", 5e9, "ERA loan", status="pledged")])
    ingest(session, article(), [commit("financial", 1.7e9, "ERA loan", status="delivered")])
    assert conflicts(session) == []


def test_different_categories_never_conflict(session) -> None:  # type: ignore[no-untyped-def]
    ingest(session, article(), [commit("financial", 2e8, "World Bank contribution", status="delivered")])
    ingest(session, article(), [commit("military", 2e8, "joint defence production", qualifier="over")])
    assert conflicts(session) == [] and len(list_pledges(session)) == 2


def test_equal_sums_months_apart_are_two_pledges_not_a_conflict(session) -> None:  # type: ignore[no-untyped-def]
    ingest(session, article(date="2024-02-01"), [commit(amount=1e8, purpose="demining")])
    ingest(session, article(date="2024-09-01"), [commit(amount=1e8, purpose="energy repairs")])
    assert conflicts(session) == [] and len(list_pledges(session)) == 2
    ingest(session, article(date="2024-09-10"), [commit(amount=1e8, purpose="field hospitals")])
    assert [c.kind for c in conflicts(session)] == ["same-amount-different-purpose"]


def test_equal_sums_only_after_conversion_are_not_a_conflict(session) -> None:  # type: ignore[no-untyped-def]
    """€15 million and C$24 million meet at the 2026 rate, but that coincidence is no disagreement."""
    ingest(session, article(date="2026-03-01"), [commit(amount=2.4e7, purpose="NATO trust fund")])
    ingest(session, article(date="2026-03-02"), [commit(amount=1.5e7, currency="EUR", purpose="field hospitals")])
    assert conflicts(session) == []


def test_same_purpose_with_sums_far_apart_is_two_pledges(session) -> None:  # type: ignore[no-untyped-def]
    ingest(session, article(), [commit(amount=3.3e7, purpose="ammunition")])
    ingest(session, article(), [commit(amount=4e8, purpose="ammunition")])
    assert conflicts(session) == [] and len(list_pledges(session)) == 2


def test_part_of_a_package_does_not_conflict_with_a_standalone_sum(session) -> None:  # type: ignore[no-untyped-def]
    ingest(session, article(), [commit(amount=3e8, purpose="ammunition")])
    ingest(session, article(), [
        commit(amount=5e8, purpose="military aid package", span=(0, 10)),
        commit(amount=4e8, purpose="ammunition", status="allocated", span=(20, 30)),
    ])
    assert conflicts(session) == []
