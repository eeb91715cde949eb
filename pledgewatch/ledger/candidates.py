"""Finding the pledges a new mention could belong to, by index lookups rather than scans.

Amount-bearing mentions look in a band of C$ sums within the joinable families; mentions without a sum
look among the pledges of their category that have none; conflict checks look up the exact purpose words.
Every lookup is limited to the date window, so its cost follows the candidates, not the ledger's size.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from pledgewatch.ledger.matching import Rules, purpose_key
from pledgewatch.ledger.models import ArticleRow, MentionRow, PledgeRow


@dataclass
class Prepared:
    """A new mention with what matching needs, computed once."""

    row: MentionRow
    tokens: tuple[str, ...]
    family: str
    on: date | None


def mention_date(article: ArticleRow) -> date | None:
    when = article.published or article.fetched_at
    return when.date() if when else None


# ---- candidates ------------------------------------------------------------------------------------

def amount_candidates(session: Session, m: Prepared, rules: Rules) -> list[PledgeRow]:
    """Pledges in a joinable family whose CAD sum could match (index lookups on family and amount).

    The band is the rounding tolerance for C$ against C$ (the common case) and the conversion tolerance
    where a currency or "about" is involved, widened only where a qualifier allows it: this mention's
    own ("over $X" reaches up) or a pledge's ("over $Y" with Y a little below this sum). Keeping the band
    as narrow as the rules allow keeps the candidates few when many pledges share round sums.
    """
    x = m.row.amount_cad or 0.0
    tol, wide = max(rules.same_currency, rules.cross_currency), rules.over_qualifier
    tight = rules.same_currency
    lo, hi = x * (1 - tol), x / (1 - tol)
    tight_lo, tight_hi = x * (1 - tight), x / (1 - tight)
    if m.row.qualifier == "over":
        hi = tight_hi = x * (1 + wide)
    elif m.row.qualifier == "up to":
        lo = tight_lo = x * (1 - wide)
    cad_pledge = or_(PledgeRow.currency.is_(None), PledgeRow.currency == "CAD")
    if (m.row.currency or "CAD") == "CAD" and m.row.qualifier != "about":
        # C$ against C$ compares the figures as reported (rounding tolerance); only a pledge in another
        # currency or an "about" sum needs the conversion tolerance.
        band = or_(PledgeRow.amount_cad.between(tight_lo, tight_hi),
                   and_(or_(~cad_pledge, PledgeRow.qualifier == "about"), PledgeRow.amount_cad.between(lo, hi)))
    else:
        band = PledgeRow.amount_cad.between(lo, hi)
    q = select(PledgeRow).where(
        PledgeRow.family.in_(sorted(rules.join_families(m.family))),
        or_(
            band,
            and_(PledgeRow.qualifier == "over", PledgeRow.amount_cad.between(x / (1 + wide), x)),
            and_(PledgeRow.qualifier == "up to", PledgeRow.amount_cad.between(x, x / (1 - wide))),
        ),
    )
    q = date_filter(q, m, rules)
    return list(session.execute(q.order_by(PledgeRow.id)).scalars())


def date_filter(q, m: Prepared, rules: Rules):  # type: ignore[no-untyped-def]
    if m.on is None:
        return q
    window = timedelta(days=rules.date_window_days)
    return q.where(
        or_(PledgeRow.announced_on.is_(None),
            PledgeRow.announced_on.between(m.on - window, m.on + window))
    )


def no_amount_candidates(session: Session, m: Prepared, rules: Rules) -> list[PledgeRow]:
    q = select(PledgeRow).where(
        PledgeRow.family == m.family, PledgeRow.category == m.row.category, PledgeRow.amount_cad.is_(None)
    )
    return list(session.execute(date_filter(q, m, rules).order_by(PledgeRow.id)).scalars())


def same_purpose_with_sums(session: Session, m: Prepared, rules: Rules) -> list[PledgeRow]:
    """Pledges of the category with exactly this purpose's significant words (index lookup)."""
    q = select(PledgeRow).where(
        PledgeRow.category == m.row.category,
        PledgeRow.purpose_key == purpose_key(m.tokens),
        PledgeRow.amount_cad.is_not(None),
    )
    return list(session.execute(date_filter(q, m, rules).order_by(PledgeRow.id)).scalars())


def dated_pledges(session: Session, pledge_ids: list[int]) -> set[int]:
    """The pledges among `pledge_ids` that at least one current source with a published date reports."""
    if not pledge_ids:
        return set()
    rows = session.execute(
        select(MentionRow.pledge_id).join(ArticleRow, ArticleRow.id == MentionRow.article_id).where(
            MentionRow.pledge_id.in_(pledge_ids), MentionRow.retired.is_(False), ArticleRow.published.is_not(None)
        ).distinct()
    )
    return {pid for (pid,) in rows}


def sources_by_pledge(session: Session, pledge_ids: list[int]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {pid: set() for pid in pledge_ids}
    if not pledge_ids:
        return out
    rows = session.execute(
        select(MentionRow.pledge_id, MentionRow.article_id).where(
            MentionRow.pledge_id.in_(pledge_ids), MentionRow.retired.is_(False)
        )
    )
    for pid, aid in rows:
        out[pid].add(aid)
    return out
