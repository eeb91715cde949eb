"""The ledger before and after one ingest, compared: the events NEW, CHANGED, CONFLICT, CORROBORATED.

`ChangeTracker` records the state of each pledge the first time an ingest touches it; `build_events`
compares those states with the pledges afterwards. Only what an ingest touched is compared, so the cost
follows the article, not the size of the ledger.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pledgewatch.ledger.matching import Rules, purpose_score, purpose_tokens, same_sum
from pledgewatch.ledger.models import ConflictRow, EventRow, MentionRow, PledgeRow, utcnow


@dataclass(frozen=True)
class PledgeState:
    """What users see of a pledge, frozen at one moment."""

    category: str
    amount: float | None
    currency: str | None
    amount_cad: float | None
    qualifier: str | None
    purpose: str
    status: str
    sources: frozenset[int]

    def amount_view(self) -> dict[str, Any] | None:
        if self.amount is None:
            return None
        return {"amount": self.amount, "currency": self.currency or "CAD", "qualifier": self.qualifier}


def active_sources(session: Session, pledge_id: int) -> frozenset[int]:
    """Ids of the articles whose current (not retired) mentions support the pledge."""
    rows = session.execute(
        select(MentionRow.article_id).where(MentionRow.pledge_id == pledge_id, MentionRow.retired.is_(False))
    ).scalars()
    return frozenset(rows)


def sources_of(session: Session, pledge_ids: list[int]) -> dict[int, frozenset[int]]:
    """`active_sources` for many pledges in one query."""
    found: dict[int, set[int]] = {pid: set() for pid in pledge_ids}
    if pledge_ids:
        rows = session.execute(
            select(MentionRow.pledge_id, MentionRow.article_id)
            .where(MentionRow.pledge_id.in_(pledge_ids), MentionRow.retired.is_(False))
        )
        for pid, aid in rows:
            found[pid].add(aid)
    return {pid: frozenset(aids) for pid, aids in found.items()}


def state_of(session: Session, pledge: PledgeRow, sources: frozenset[int] | None = None) -> PledgeState:
    return PledgeState(
        category=pledge.category,
        amount=pledge.amount,
        currency=pledge.currency,
        amount_cad=pledge.amount_cad,
        qualifier=pledge.qualifier,
        purpose=pledge.purpose,
        status=pledge.status,
        sources=active_sources(session, pledge.id) if sources is None else sources,
    )


@dataclass
class ChangeTracker:
    """Everything one ingest did, gathered while it does it."""

    before: dict[int, PledgeState | None] = field(default_factory=dict)
    causes: dict[int, list[MentionRow]] = field(default_factory=dict)  # new mentions per pledge
    conflicts: list[tuple[ConflictRow, MentionRow]] = field(default_factory=list)
    retired: dict[int, list[MentionRow]] = field(default_factory=dict)  # retired mentions per pledge
    rows: dict[int, PledgeRow] = field(default_factory=dict)  # strong references: no reloads

    def touch(self, session: Session, pledge: PledgeRow) -> None:
        """Remember how an existing pledge looked before this ingest changes it (first touch only)."""
        self.rows[pledge.id] = pledge
        if pledge.id not in self.before:
            self.before[pledge.id] = state_of(session, pledge)

    def created(self, pledge: PledgeRow) -> None:
        self.rows[pledge.id] = pledge
        self.before[pledge.id] = None

    def keep(self, pledge: PledgeRow) -> None:
        self.rows[pledge.id] = pledge

    def pledge(self, session: Session, pledge_id: int) -> PledgeRow | None:
        return self.rows.get(pledge_id) or session.get(PledgeRow, pledge_id)

    def linked(self, pledge_id: int, mention: MentionRow) -> None:
        self.causes.setdefault(pledge_id, []).append(mention)

    def retiring(self, pledge_id: int, mention: MentionRow) -> None:
        self.retired.setdefault(pledge_id, []).append(mention)


def _cause(mentions: list[MentionRow], predicate) -> MentionRow | None:  # type: ignore[no-untyped-def]
    for m in mentions:
        if predicate(m):
            return m
    return mentions[0] if mentions else None


def _purpose_moved(before: PledgeState, after: PledgeState, rules: Rules) -> bool:
    if before.purpose == after.purpose:
        return False
    a = purpose_tokens(before.purpose, before.category, rules)
    b = purpose_tokens(after.purpose, after.category, rules)
    return set(a) != set(b) and purpose_score(a, b, rules) < rules.same_purpose_min_score


def _amount_moved(before: PledgeState, after: PledgeState, rules: Rules) -> bool:
    if before.amount is None or after.amount is None:
        return before.amount != after.amount
    if before.amount_cad is None or after.amount_cad is None:
        return before.amount != after.amount or before.currency != after.currency
    return not same_sum(before, after, rules)


def build_events(
    session: Session, tracker: ChangeTracker, article_id: int, *, baseline: bool, rules: Rules
) -> list[EventRow]:
    """Compare every touched pledge with its state before the ingest and add the events to the session."""
    events: list[EventRow] = []
    now = utcnow()

    def add(kind: str, pledge_id: int, evidence: str | None, **kw: Any) -> None:
        events.append(
            EventRow(kind=kind, pledge_id=pledge_id, evidence=evidence, article_id=article_id, created_at=now,
                     baseline=baseline, **kw)
        )

    session.flush()
    current = sources_of(session, sorted(tracker.before))
    for pid in sorted(tracker.before):
        pledge = tracker.pledge(session, pid)
        if pledge is None:
            continue
        before = tracker.before[pid]
        new_mentions = tracker.causes.get(pid, [])
        after = state_of(session, pledge, current[pid])
        if before is None:
            first = _cause(new_mentions, lambda m: True)
            add("NEW", pid, first.evidence if first else None, after=_public(after))
            continue
        retired = tracker.retired.get(pid, [])
        fallback = retired[0].evidence if retired and not new_mentions else None
        if after.status != before.status:
            m = _cause(new_mentions, lambda m: m.status == after.status)
            add("CHANGED", pid, m.evidence if m else fallback, field="status", before=before.status,
                after=after.status)
        if _amount_moved(before, after, rules):
            m = _cause(new_mentions, lambda m: m.amount == after.amount)
            add("CHANGED", pid, m.evidence if m else fallback, field="amount", before=before.amount_view(),
                after=after.amount_view())
        if _purpose_moved(before, after, rules):
            m = _cause(new_mentions, lambda m: m.purpose == after.purpose)
            add("CHANGED", pid, m.evidence if m else fallback, field="purpose", before=before.purpose,
                after=after.purpose)
        gained = after.sources - before.sources
        if gained and article_id in gained:
            m = _cause(new_mentions, lambda m: True)
            add("CORROBORATED", pid, m.evidence if m else None, field="sources", before=len(before.sources),
                after=len(after.sources))

    for conflict, mention in tracker.conflicts:
        other = conflict.pledge_a if conflict.pledge_b == mention.pledge_id else conflict.pledge_b
        add("CONFLICT", mention.pledge_id or conflict.pledge_b, mention.evidence, field=conflict.kind,
            before={"pledge_id": other, "evidence": conflict.evidence_a if other == conflict.pledge_a
                    else conflict.evidence_b},
            after={"pledge_id": mention.pledge_id, "evidence": mention.evidence}, conflict_id=conflict.id)

    session.add_all(events)
    session.flush()
    return events


def _public(state: PledgeState) -> dict[str, Any]:
    return {
        "category": state.category,
        "amount": state.amount,
        "currency": (state.currency or "CAD") if state.amount is not None else None,
        "qualifier": state.qualifier,
        "purpose": state.purpose,
        "status": state.status,
    }
