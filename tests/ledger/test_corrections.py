"""A corrected article (same URL, new text) is reconciled again; what moved becomes CHANGED events."""
from __future__ import annotations

from sqlalchemy import select

from pledgewatch.ledger.models import MentionRow
from pledgewatch.ledger.queries import list_pledges, pledge_history
from tests.ledger.factories import article, commit, count, events, ingest, pledges

URL = "https://news.example.org/2025/08/canada-ammunition"


def test_corrected_sum_changes_the_pledge(session) -> None:  # type: ignore[no-untyped-def]
    first = ingest(session, article("Canada gives $800 million for ammunition.", url=URL),
                   [commit(amount=8e8, purpose="ammunition", evidence="$800 million for ammunition")])
    [pledge] = pledges(session)
    fixed = ingest(session, article("Correction: Canada gives $835 million for ammunition.", url=URL),
                   [commit(amount=8.35e8, purpose="ammunition", evidence="$835 million for ammunition")])
    assert fixed.outcome == "updated" and fixed.article_id == first.article_id
    assert [p.id for p in pledges(session)] == [pledge.id]
    session.refresh(pledge)
    assert pledge.amount == 8.35e8
    changed = [e for e in events(session, fixed.event_ids) if e.kind == "CHANGED"]
    assert [(e.field, e.before["amount"], e.after["amount"]) for e in changed] == [("amount", 8e8, 8.35e8)]
    assert changed[0].evidence == "$835 million for ammunition"
    old = session.execute(select(MentionRow).where(MentionRow.retired.is_(True))).scalars().all()
    assert [m.amount for m in old] == [8e8]
    # The history shows the pledge opening and then its correction, oldest first.
    assert [e["kind"] for e in pledge_history(session, pledge.id)] == ["NEW", "CHANGED"]


def test_corrected_purpose_changes_the_pledge(session) -> None:  # type: ignore[no-untyped-def]
    ingest(session, article("Canada gives $680 million for drone co-production.", url=URL),
           [commit(amount=6.8e8, purpose="drone co-production")])
    fixed = ingest(session, article("Canada gives $680 million for air defence bought in the US.", url=URL),
                   [commit(amount=6.8e8, purpose="air defence")])
    assert len(pledges(session)) == 1
    changed = [(e.field, e.before, e.after) for e in events(session, fixed.event_ids) if e.kind == "CHANGED"]
    assert changed == [("purpose", "drone co-production", "air defence")]


def test_commitment_dropped_by_correction_is_retracted(session) -> None:  # type: ignore[no-untyped-def]
    ingest(session, article("Canada gives $100 million for demining and $50 million for energy.", url=URL),
           [commit(amount=1e8, purpose="demining"), commit("financial", 5e7, "energy repairs")])
    fixed = ingest(session, article("Canada gives $100 million for demining.", url=URL),
                   [commit(amount=1e8, purpose="demining")])
    by_purpose = {p["purpose"]: p for p in list_pledges(session)}
    assert by_purpose["energy repairs"]["status"] == "retracted"
    assert by_purpose["energy repairs"]["source_count"] == 0
    assert by_purpose["demining"]["status"] == "pledged" and by_purpose["demining"]["source_count"] == 1
    changed = [(e.field, e.before, e.after) for e in events(session, fixed.event_ids) if e.kind == "CHANGED"]
    assert changed == [("status", "pledged", "retracted")]


def test_correction_does_not_rewrite_a_sum_other_sources_report(session) -> None:  # type: ignore[no-untyped-def]
    ingest(session, article("Report A: $500 million for the PURL initiative.", url="https://a.example.org/purl"),
           [commit(amount=5e8, purpose="PURL")])
    ingest(session, article("Report B: $500 million for the PURL initiative.", url=URL),
           [commit(amount=5e8, purpose="PURL")])
    fixed = ingest(session, article("Report B, corrected: $550 million for the PURL initiative.", url=URL),
                   [commit(amount=5.5e8, purpose="PURL")])
    assert fixed.outcome == "updated"
    rows = list_pledges(session)
    assert sorted(p["amount"] for p in rows) == [5e8, 5.5e8]
    old = next(p for p in rows if p["amount"] == 5e8)
    assert old["source_count"] == 1 and old["status"] == "pledged"
    kinds = [e.kind for e in events(session, fixed.event_ids)]
    assert "CONFLICT" in kinds and "NEW" in kinds


def test_unchanged_text_at_same_url_is_not_a_correction(session) -> None:  # type: ignore[no-untyped-def]
    text = "Canada gives $100 million for demining."
    ingest(session, article(text, url=URL), [commit(amount=1e8, purpose="demining")])
    again = ingest(session, article(text, url=URL + "?utm_source=rss"), [commit(amount=2e8, purpose="demining")])
    assert again.outcome == "unchanged"
    assert count(session, MentionRow) == 1


def test_correction_of_one_sum_leaves_the_article_other_pledges_alone(session) -> None:  # type: ignore[no-untyped-def]
    """Whatever order the old pledges were stored in, the corrected sum goes to the matching purpose."""
    ingest(session, article("$300 million for air defence and $800 million for ammunition.", url=URL),
           [commit(amount=3e8, purpose="air defence"), commit(amount=8e8, purpose="ammunition")])
    fixed = ingest(session, article("$300 million for air defence and $835 million for ammunition.", url=URL),
                   [commit(amount=3e8, purpose="air defence"), commit(amount=8.35e8, purpose="ammunition")])
    rows = {p["purpose"]: p for p in list_pledges(session)}
    assert len(rows) == 2
    assert rows["air defence"]["amount"] == 3e8 and rows["ammunition"]["amount"] == 8.35e8
    changed = [(e.field, e.pledge_id) for e in events(session, fixed.event_ids) if e.kind == "CHANGED"]
    assert changed == [("amount", rows["ammunition"]["id"])]
