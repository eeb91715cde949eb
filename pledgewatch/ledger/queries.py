"""Read-only views of the ledger as plain dicts: for the CLI, the alerts and the flows.

Everything returned is JSON-friendly (dates as ISO strings), so callers can print, serialise or
template it without touching ORM rows.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from pledgewatch.ledger.models import ArticleRow, ConflictRow, EventRow, MentionRow, PledgeRow

INACTIVE = frozenset({"withdrawn", "retracted"})


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)  # SQLite hands back naive UTC
    return value.isoformat()


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def pledge_fields(p: PledgeRow) -> dict[str, Any]:
    """A pledge's own fields (no sources)."""
    return {
        "id": p.id,
        "category": p.category,
        "amount": p.amount,
        "currency": (p.currency or "CAD") if p.amount is not None else None,
        "qualifier": p.qualifier,
        "amount_cad": p.amount_cad,
        "purpose": p.purpose,
        "status": p.status,
        "quantity": p.quantity,
        "item": p.item,
        "parent_id": p.parent_id,
        "announced_on": _iso(p.announced_on),
    }


def article_fields(a: ArticleRow | None) -> dict[str, Any]:
    """Where a report came from: URL (or seed file), title, outlet, dates."""
    if a is None:
        return {"article_id": None, "url": None, "source": None, "title": None, "outlet": None, "published": None}
    return {
        "article_id": a.id,
        "url": a.url or a.canonical_url,
        "source": a.source,
        "title": a.title,
        "outlet": a.outlet,
        "published": _iso(a.published),
        "origin": a.origin,
    }


def list_pledges(session: Session, *, include_retracted: bool = True) -> list[dict[str, Any]]:
    """Every pledge with its sources, conflicts and sub-allocations, packages before their parts' ids.

    Each dict: the pledge fields, `sources` (one per article: article id, url or seed file, published,
    evidence), `source_count`, `conflict` (bool), `conflicts`, `children` and, for a package,
    `allocated_cad` (the sum of its parts, already inside its own amount) and `delivered_cad` (the sum
    of its delivered parts, e.g. tranches received).
    """
    pledges = list(session.execute(select(PledgeRow).order_by(PledgeRow.id)).scalars())
    sources: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
    rows = session.execute(
        select(MentionRow, ArticleRow)
        .join(ArticleRow, ArticleRow.id == MentionRow.article_id)
        .where(MentionRow.retired.is_(False), MentionRow.pledge_id.is_not(None))
        .order_by(MentionRow.id)
    ).all()
    for m, a in rows:
        entry = sources[m.pledge_id].setdefault(a.id, {**article_fields(a), "evidence": []})
        if m.evidence and m.evidence not in entry["evidence"]:
            entry["evidence"].append(m.evidence)
    conflicts: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for c in session.execute(select(ConflictRow).order_by(ConflictRow.id)).scalars():
        conflicts[c.pledge_a].append({"conflict_id": c.id, "kind": c.kind, "other_pledge_id": c.pledge_b,
                                      "evidence": c.evidence_a, "other_evidence": c.evidence_b})
        conflicts[c.pledge_b].append({"conflict_id": c.id, "kind": c.kind, "other_pledge_id": c.pledge_a,
                                      "evidence": c.evidence_b, "other_evidence": c.evidence_a})
    children: dict[int, list[PledgeRow]] = defaultdict(list)
    for p in pledges:
        if p.parent_id is not None:
            children[p.parent_id].append(p)
    out = []
    for p in pledges:
        if not include_retracted and p.status == "retracted":
            continue
        srcs = sorted(sources[p.id].values(), key=lambda s: (s["published"] or "", s["article_id"]))
        d = pledge_fields(p)
        d.update(
            sources=srcs,
            source_count=len(srcs),
            conflict=bool(conflicts[p.id]),
            conflicts=conflicts[p.id],
            children=[c.id for c in children[p.id]],
            allocated_cad=sum(c.amount_cad or 0 for c in children[p.id]) if children[p.id] else None,
            delivered_cad=sum(c.amount_cad or 0 for c in children[p.id] if c.status == "delivered")
            if children[p.id] else None,
        )
        out.append(d)
    return out


def ledger_totals(pledges: list[dict[str, Any]]) -> dict[str, Any]:
    """Totals in C$ that count each sum once: parts of a package are inside the package's own amount,
    and withdrawn or retracted pledges are left out."""
    top = [p for p in pledges if p["parent_id"] is None and p["amount_cad"] and p["status"] not in INACTIVE]
    by_category: dict[str, float] = defaultdict(float)
    for p in top:
        by_category[p["category"]] += p["amount_cad"]
    return {"total_cad": sum(p["amount_cad"] for p in top), "by_category_cad": dict(sorted(by_category.items())),
            "pledges": len(pledges), "conflicts": sum(1 for p in pledges if p["conflict"])}


def _event_dict(e: EventRow, pledge: PledgeRow | None, article: ArticleRow | None) -> dict[str, Any]:
    return {
        "id": e.id,
        "kind": e.kind,
        "pledge_id": e.pledge_id,
        "field": e.field,
        "before": e.before,
        "after": e.after,
        "evidence": e.evidence,
        "baseline": bool(e.baseline),
        "created_at": _iso(e.created_at),
        "conflict_id": e.conflict_id,
        "pledge": pledge_fields(pledge) if pledge is not None else None,
        "source": article_fields(article),
    }


def _events(session: Session, query) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    rows = session.execute(
        query.add_columns(PledgeRow, ArticleRow)
        .join(PledgeRow, PledgeRow.id == EventRow.pledge_id)
        .outerjoin(ArticleRow, ArticleRow.id == EventRow.article_id)
        .order_by(EventRow.id)
    ).all()
    return [_event_dict(e, p, a) for e, p, a in rows]


def pledge_history(session: Session, pledge_id: int) -> list[dict[str, Any]]:
    """The pledge's events, oldest first, each with the evidence and source that caused it.

    A conflict is recorded on the pledge whose report revealed it; the history of the other pledge of
    the pair shows that CONFLICT event too. Raises LookupError when no pledge has this id.
    """
    if session.get(PledgeRow, pledge_id) is None:
        raise LookupError(f"no pledge with id {pledge_id}")
    involved = select(ConflictRow.id).where(or_(ConflictRow.pledge_a == pledge_id, ConflictRow.pledge_b == pledge_id))
    return _events(session, select(EventRow).where(
        or_(EventRow.pledge_id == pledge_id, EventRow.conflict_id.in_(involved))
    ))


def list_events(
    session: Session,
    *,
    since: datetime | None = None,
    after_id: int | None = None,
    include_baseline: bool = True,
    kinds: tuple[str, ...] | list[str] | None = None,
) -> list[dict[str, Any]]:
    """Events oldest first, optionally only those created at or after `since` (UTC), with id above
    `after_id`, without baseline events, or of the given kinds."""
    q = select(EventRow)
    if since is not None:
        q = q.where(EventRow.created_at >= _utc(since))
    if after_id is not None:
        q = q.where(EventRow.id > after_id)
    if not include_baseline:
        q = q.where(EventRow.baseline.is_(False))
    if kinds:
        q = q.where(EventRow.kind.in_(list(kinds)))
    return _events(session, q)


def event_view(session: Session, event_id: int) -> dict[str, Any]:
    """Everything an alert needs about one event: kind, pledge fields, before/after, evidence, source
    and, for a CONFLICT, the other pledge with its evidence and source. Raises LookupError if absent."""
    e = session.get(EventRow, event_id)
    if e is None:
        raise LookupError(f"no event with id {event_id}")
    pledge = session.get(PledgeRow, e.pledge_id)
    article = session.get(ArticleRow, e.article_id) if e.article_id else None
    view = _event_dict(e, pledge, article)
    view["sources"] = len({
        aid for aid in session.execute(
            select(MentionRow.article_id).where(MentionRow.pledge_id == e.pledge_id, MentionRow.retired.is_(False))
        ).scalars()
    })
    view["conflict"] = None
    if e.conflict_id:
        c = session.get(ConflictRow, e.conflict_id)
        if c is not None:
            mine_is_a = c.pledge_a == e.pledge_id
            other_id = c.pledge_b if mine_is_a else c.pledge_a
            other = session.get(PledgeRow, other_id)
            other_article_id = c.article_b if mine_is_a else c.article_a
            view["conflict"] = {
                "id": c.id,
                "kind": c.kind,
                "other_pledge": pledge_fields(other) if other is not None else None,
                "other_evidence": c.evidence_b if mine_is_a else c.evidence_a,
                "other_source": article_fields(session.get(ArticleRow, other_article_id) if other_article_id else None),
            }
    return view
