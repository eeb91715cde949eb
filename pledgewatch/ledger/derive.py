"""A pledge's visible fields, derived from all its current mentions so that arrival order does not matter."""
from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from pledgewatch.ledger.matching import Rules, purpose_key, purpose_tokens
from pledgewatch.ledger.models import ArticleRow, MentionRow, PledgeRow, utcnow

STATUS_ORDER = ("considering", "pledged", "allocated", "delivered")
STATUS_RANK = {s: i for i, s in enumerate(STATUS_ORDER)}
WITHDRAWN = frozenset({"withdrawn", "cut", "cancelled", "canceled"})
RETRACTED = "retracted"  # no current source supports the pledge any more (corrected articles)


def _status_of(mentions: list[tuple[MentionRow, date | None]]) -> str:
    forward = [(m, d) for m, d in mentions if m.status in STATUS_RANK]
    withdrawn = [(m, d) for m, d in mentions if m.status in WITHDRAWN]
    best = max((STATUS_RANK[m.status] for m, _ in forward), default=None)
    if withdrawn:
        last_forward = max((d for _, d in forward if d), default=None)
        last_withdrawn = max((d for _, d in withdrawn if d), default=None)
        if best is None or last_forward is None or (last_withdrawn and last_withdrawn >= last_forward):
            return "withdrawn"
    if best is None:
        return mentions[0][0].status if mentions else RETRACTED
    return STATUS_ORDER[best]


def refresh_pledge(session: Session, pledge: PledgeRow, rules: Rules) -> None:
    """Derive a pledge's visible fields from all its current mentions, whatever order they came in.

    Sum: the most reported (amount, currency, qualifier), ties to CAD, no qualifier, the smaller sum.
    Purpose and category: the most reported, ties to the shorter then alphabetical. Status: the furthest
    along, unless a source at least as recent says it was cut or withdrawn. No current mention: retracted.
    """
    rows = session.execute(
        select(MentionRow, ArticleRow.published, ArticleRow.fetched_at)
        .join(ArticleRow, ArticleRow.id == MentionRow.article_id)
        .where(MentionRow.pledge_id == pledge.id, MentionRow.retired.is_(False))
    ).all()
    if not rows:
        if pledge.status != RETRACTED:
            pledge.status = RETRACTED
            pledge.updated_at = utcnow()
        return
    dated = [(m, (pub or fetched).date() if (pub or fetched) else None) for m, pub, fetched in rows]
    mentions = [m for m, _ in dated]

    cats = Counter(m.category for m in mentions)
    category = min(cats, key=lambda c: (-cats[c], c))
    sums = Counter((m.amount, m.currency or "CAD", m.qualifier) for m in mentions if m.amount is not None)
    purposes = Counter(m.purpose.strip() for m in mentions if m.category == category) or Counter(
        m.purpose.strip() for m in mentions)
    purpose = min(purposes, key=lambda p: (-purposes[p], len(p), p.lower(), p))
    new = {
        "category": category,
        "family": rules.family(category),
        "purpose": purpose,
        "purpose_key": purpose_key(purpose_tokens(purpose, category, rules)),
        "status": _status_of(dated),
        "announced_on": min((d for _, d in dated if d), default=None),
    }
    if sums:
        amount, currency, qualifier = min(
            sums, key=lambda k: (-sums[k], k[1] != "CAD", k[2] is not None, k[0], k[2] or "")
        )
        source = next(m for m in mentions if (m.amount, m.currency or "CAD", m.qualifier) == (amount, currency, qualifier))
        new.update(amount=amount, currency=currency, qualifier=qualifier, amount_cad=source.amount_cad)
    else:
        new.update(amount=None, currency=None, qualifier=None, amount_cad=None)
    qty = Counter((m.quantity, m.item) for m in mentions if m.quantity is not None or m.item)
    if qty:
        quantity, item = min(qty, key=lambda k: (-qty[k], str(k)))
        new.update(quantity=quantity, item=item)
    changed = False
    for key, value in new.items():
        if getattr(pledge, key) != value:
            setattr(pledge, key, value)
            changed = True
    if changed:
        pledge.updated_at = utcnow()
