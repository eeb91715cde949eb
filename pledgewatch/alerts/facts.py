"""What an alert says about one ledger event, read from the ledger tables in one place.

This is the thin adapter between the ledger's rows (`pledgewatch.ledger.models`) and the alert
messages: everything downstream (routing, templates, digest) works on these frozen dataclasses, so
a change in the ledger schema touches only `load_facts`.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session


_SNAPSHOT_FIELDS = ("category", "amount", "currency", "qualifier", "purpose", "status")


@dataclass(frozen=True)
class PledgeFacts:
    """A pledge as the ledger holds it now."""

    id: int
    category: str
    purpose: str
    status: str
    amount: float | None = None
    currency: str | None = None
    qualifier: str | None = None
    quantity: int | None = None
    item: str | None = None
    amount_cad: float | None = None
    announced_on: date | None = None


@dataclass(frozen=True)
class SourceFacts:
    """The article an event came from."""

    url: str | None = None
    title: str | None = None
    site: str | None = None
    published: datetime | None = None


@dataclass(frozen=True)
class EventFacts:
    """One event with everything a message needs. For a CONFLICT, `other` is the second pledge and
    `other_evidence`/`other_source` its side of the story."""

    id: int
    kind: str
    pledge: PledgeFacts
    created_at: datetime | None = None
    field: str | None = None
    before: Any = None
    after: Any = None
    evidence: str | None = None
    source: SourceFacts = SourceFacts()
    other: PledgeFacts | None = None
    other_evidence: str | None = None
    other_source: SourceFacts = SourceFacts()


def _pledge(row: Any) -> PledgeFacts:
    return PledgeFacts(
        id=row.id,
        category=row.category,
        purpose=row.purpose,
        status=row.status,
        amount=row.amount,
        currency=row.currency,
        qualifier=row.qualifier,
        quantity=row.quantity,
        item=row.item,
        amount_cad=row.amount_cad,
        announced_on=row.announced_on,
    )


def _source(row: Any | None) -> SourceFacts:
    if row is None:
        return SourceFacts()
    url = row.url or row.canonical_url
    if url is None and str(row.source).startswith(("http://", "https://")):
        url = row.source
    return SourceFacts(url=url, title=row.title, site=row.outlet, published=row.published)


def load_facts(session: Session, event_ids: Iterable[int]) -> dict[int, EventFacts]:
    """The facts of the given events, keyed by event id (ids that no longer exist are left out)."""
    from pledgewatch.ledger.models import ArticleRow, ConflictRow, EventRow, PledgeRow

    ids = sorted(set(event_ids))
    if not ids:
        return {}
    events = session.scalars(select(EventRow).where(EventRow.id.in_(ids))).all()
    out: dict[int, EventFacts] = {}
    for ev in events:
        pledge = session.get(PledgeRow, ev.pledge_id)
        if pledge is None:
            continue
        article = session.get(ArticleRow, ev.article_id) if ev.article_id else None
        other = other_evidence = None
        other_source = SourceFacts()
        evidence = ev.evidence
        conflict = session.get(ConflictRow, ev.conflict_id) if ev.conflict_id else None
        if conflict is not None:
            mine_is_a = conflict.pledge_a == ev.pledge_id
            other_id = conflict.pledge_b if mine_is_a else conflict.pledge_a
            other_row = session.get(PledgeRow, other_id)
            other = _pledge(other_row) if other_row is not None else None
            other_evidence = conflict.evidence_b if mine_is_a else conflict.evidence_a
            evidence = evidence or (conflict.evidence_a if mine_is_a else conflict.evidence_b)
            other_article_id = conflict.article_b if mine_is_a else conflict.article_a
            if other_article_id:
                other_source = _source(session.get(ArticleRow, other_article_id))
        facts_of_pledge = _pledge(pledge)
        if ev.kind == "NEW" and isinstance(ev.after, dict):
            # A NEW alert describes the pledge as it was announced, even if a later article in the
            # same run already changed it (that change has its own CHANGED alert).
            snapshot = {k: ev.after[k] for k in _SNAPSHOT_FIELDS if k in ev.after}
            facts_of_pledge = replace(facts_of_pledge, **snapshot)
        out[ev.id] = EventFacts(
            id=ev.id,
            kind=ev.kind,
            pledge=facts_of_pledge,
            created_at=ev.created_at,
            field=ev.field,
            before=ev.before,
            after=ev.after,
            evidence=evidence,
            source=_source(article),
            other=other,
            other_evidence=other_evidence,
            other_source=other_source,
        )
    return out
