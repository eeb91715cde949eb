"""Small builders for ledger tests: articles and commitments with only the fields a test cares about."""
from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from extractors.model import Article, Commitment
from pledgewatch.ledger.ingest import IngestResult, ingest_article
from pledgewatch.ledger.models import ArticleRow, ConflictRow, EventRow, MentionRow, PledgeRow

_n = itertools.count(1)


def article(text: str | None = None, *, url: str | None = None, date: str | None = "2025-08-24",
            source: str | None = None, title: str | None = None) -> Article:
    """An article; without text, a unique text so each call is a different article."""
    n = next(_n)
    text = text or f"Article number {n} about Canada and Ukraine."
    return Article(text=text, source=source or url or f"test/{n}.txt", title=title, date=date, url=url)


def commit(category: str = "military", amount: float | None = None, purpose: str = "ammunition",
           status: str = "pledged", *, currency: str | None = "CAD", evidence: str | None = None,
           span: tuple[int, int] = (0, 10), **kw: Any) -> Commitment:
    return Commitment(category=category, purpose=purpose, status=status,
                      evidence=evidence or f"{purpose} {amount or ''}".strip(), span=span, amount=amount,
                      currency=currency if amount is not None else None, **kw)


def ingest(session: Session, art: Article, commitments: list[Commitment], origin: str = "feed",
           **kw: Any) -> IngestResult:
    result = ingest_article(session, art, commitments, origin, **kw)
    session.commit()
    return result


def count(session: Session, model: type) -> int:
    return session.execute(select(func.count()).select_from(model)).scalar_one()


def pledges(session: Session) -> list[PledgeRow]:
    return list(session.execute(select(PledgeRow).order_by(PledgeRow.id)).scalars())


def events(session: Session, ids: list[int] | None = None) -> list[EventRow]:
    q = select(EventRow).order_by(EventRow.id)
    if ids is not None:
        q = q.where(EventRow.id.in_(ids))
    return list(session.execute(q).scalars())


def conflicts(session: Session) -> list[ConflictRow]:
    return list(session.execute(select(ConflictRow).order_by(ConflictRow.id)).scalars())


def wipe(session: Session) -> None:
    """Empty the ledger tables (children first) so one test can replay ingests from scratch."""
    for model in (EventRow, ConflictRow, MentionRow):
        session.execute(delete(model))
    session.execute(PledgeRow.__table__.update().values(parent_id=None))
    session.execute(delete(PledgeRow))
    session.execute(delete(ArticleRow))
    session.commit()
