"""Reconciliation: each new mention joins the pledge it reports, or opens a new one; conflicts are flagged.

A mention joins a pledge when the category family, the sum (within rounding, after currency conversion),
the purpose (fuzzy) and the date agree. Sums earmarked inside a larger package of the same article become
children of that package. Two sources that disagree (same sum for incompatible purposes, or the same
purpose with different sums) open separate pledges linked by a conflict row: flagged, never merged away.

A pledge's visible fields are derived from all its current mentions in an order-independent way, so the
ledger does not depend on the order articles arrive in.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from pledgewatch.ledger.diff import ChangeTracker
from pledgewatch.ledger.matching import (
    Rules,
    dates_plausible,
    purpose_key,
    purpose_score,
    purpose_tokens,
    purposes_conflict,
    purposes_same,
    same_sum,
    sums_compatible,
)
from pledgewatch.ledger.models import ArticleRow, ConflictRow, MentionRow, PledgeRow, utcnow

STATUS_ORDER = ("considering", "pledged", "allocated", "delivered")
STATUS_RANK = {s: i for i, s in enumerate(STATUS_ORDER)}
WITHDRAWN = frozenset({"withdrawn", "cut", "cancelled", "canceled"})
RETRACTED = "retracted"  # no current source supports the pledge any more (corrected articles)


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

def _amount_candidates(session: Session, m: Prepared, rules: Rules) -> list[PledgeRow]:
    """Pledges in a joinable family whose CAD sum could match (index lookups on family and amount).

    The band is the rounding/conversion tolerance, widened only where a qualifier allows it: this
    mention's own ("over $X" reaches up) or a pledge's ("over $Y" with Y a little below this sum).
    """
    x = m.row.amount_cad or 0.0
    tol, wide = max(rules.same_currency, rules.cross_currency), rules.over_qualifier
    lo, hi = x * (1 - tol), x * (1 + tol)
    if m.row.qualifier == "over":
        hi = x * (1 + wide)
    elif m.row.qualifier == "up to":
        lo = x * (1 - wide)
    q = select(PledgeRow).where(
        PledgeRow.family.in_(sorted(rules.join_families(m.family))),
        or_(
            PledgeRow.amount_cad.between(lo, hi),
            and_(PledgeRow.qualifier == "over", PledgeRow.amount_cad.between(x / (1 + wide), x)),
            and_(PledgeRow.qualifier == "up to", PledgeRow.amount_cad.between(x, x / (1 - wide))),
        ),
    )
    q = _date_filter(q, m, rules)
    return list(session.execute(q.order_by(PledgeRow.id)).scalars())


def _date_filter(q, m: Prepared, rules: Rules):  # type: ignore[no-untyped-def]
    if m.on is None:
        return q
    window = timedelta(days=rules.date_window_days)
    return q.where(
        or_(PledgeRow.announced_on.is_(None),
            PledgeRow.announced_on.between(m.on - window, m.on + window))
    )


def _no_amount_candidates(session: Session, m: Prepared, rules: Rules) -> list[PledgeRow]:
    q = select(PledgeRow).where(
        PledgeRow.family == m.family, PledgeRow.category == m.row.category, PledgeRow.amount_cad.is_(None)
    )
    return list(session.execute(_date_filter(q, m, rules).order_by(PledgeRow.id)).scalars())


def _same_purpose_with_sums(session: Session, m: Prepared, rules: Rules) -> list[PledgeRow]:
    """Pledges of the category with exactly this purpose's significant words (index lookup)."""
    q = select(PledgeRow).where(
        PledgeRow.category == m.row.category,
        PledgeRow.purpose_key == purpose_key(m.tokens),
        PledgeRow.amount_cad.is_not(None),
    )
    return list(session.execute(_date_filter(q, m, rules).order_by(PledgeRow.id)).scalars())


def _sources_by_pledge(session: Session, pledge_ids: list[int]) -> dict[int, set[int]]:
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


# ---- scoring ---------------------------------------------------------------------------------------

def _tokens(p: PledgeRow, rules: Rules) -> tuple[str, ...]:
    return purpose_tokens(p.purpose, p.category, rules)


def _join_score(m: Prepared, p: PledgeRow, rules: Rules) -> float | None:
    """How well a mention fits a pledge, or None when it cannot join it."""
    if not dates_plausible(m.on, p.announced_on, rules):
        return None
    score = purpose_score(m.tokens, _tokens(p, rules), rules)
    if m.row.amount_cad is None:
        need = rules.category_min_score.get(m.row.category, rules.without_amount_min_score)
        return score if score >= need else None
    if p.amount_cad is None or not sums_compatible(
        m.row.amount_cad, m.row.currency, m.row.qualifier, p.amount_cad, p.currency, p.qualifier, rules
    ):
        return None
    need = rules.with_amount_min_score if p.family == m.family else rules.cross_family_min_score
    if score < need:
        return None
    exact = same_sum(m.row.amount_cad, m.row.currency, p.amount_cad, p.currency, rules)
    # Prefer the same category, then an exact sum, then the purpose; ties go to the oldest pledge.
    return score + (50 if p.category == m.row.category else 0) + (25 if exact else 0)


def _related(a: PledgeRow, b: PledgeRow) -> bool:
    return a.parent_id == b.id or b.parent_id == a.id


def _is_part_of(small: PledgeRow | MentionRow, big: PledgeRow | MentionRow) -> bool:
    """A delivered tranche or an allocated part of a larger pledged sum is not a disagreement."""
    return (small.amount_cad or 0) < (big.amount_cad or 0) and small.status in ("allocated", "delivered") \
        and small.status != big.status


# ---- the reconciler --------------------------------------------------------------------------------

class Reconciler:
    """Links the new mentions of one article into the ledger, recording what changed in `tracker`."""

    def __init__(self, session: Session, rules: Rules, article: ArticleRow, tracker: ChangeTracker):
        self.session = session
        self.rules = rules
        self.article = article
        self.tracker = tracker
        self.on = mention_date(article)
        self.claimed: set[int] = set()  # pledges this article's new mentions joined or opened

    def prepare(self, row: MentionRow) -> Prepared:
        return Prepared(row, purpose_tokens(row.purpose, row.category, self.rules), self.rules.family(row.category),
                        self.on)

    def run(self, rows: list[MentionRow], prior_pledges: list[int] | None = None) -> None:
        """Reconcile the article's mentions; `prior_pledges` are pledges its previous version supported."""
        prepared = [self.prepare(r) for r in rows if not r.running_total]
        parents = find_sub_allocations(prepared, self.rules)
        # Packages before their parts, bigger sums first, then text order: the same for any arrival order.
        order = sorted(
            range(len(prepared)),
            key=lambda i: (i in parents, -(prepared[i].row.amount_cad or 0), prepared[i].row.span_start or 0),
        )
        touched: set[int] = set()
        for i in order:
            package = prepared[parents[i]].row.pledge_id if i in parents else None
            pledge = self.link(prepared[i], prior_pledges or [], package)
            touched.add(pledge.id)
        self.session.flush()
        for pid in sorted(touched | set(self.tracker.before)):
            pledge = self.tracker.pledge(self.session, pid)
            if pledge is not None:
                refresh_pledge(self.session, pledge, self.rules)

    # -- one mention --

    def link(self, m: Prepared, prior: list[int], package: int | None = None) -> PledgeRow:
        """Join the best matching pledge or open one; `package` is the pledge this sum is a part of."""
        if m.row.amount_cad is not None:
            candidates = _amount_candidates(self.session, m, self.rules)
        else:
            candidates = _no_amount_candidates(self.session, m, self.rules)
        sources = _sources_by_pledge(self.session, [p.id for p in candidates])
        best, best_score = None, -1.0
        for p in candidates:
            score = _join_score(m, p, self.rules)
            if score is not None and score > best_score:
                best, best_score = p, score
        if best is None:
            best = self._prior_match(m, prior)
        opened = best is None
        if best is None:
            best = self._open(m)
        else:
            self.tracker.touch(self.session, best)
        m.row.pledge_id = best.id
        self.claimed.add(best.id)
        self.tracker.linked(best.id, m.row)
        self.tracker.keep(best)
        self._set_parent(best.id, package)
        if m.row.amount_cad is not None:
            self._same_sum_conflicts(m, best, candidates, sources)
            if opened:
                self._same_purpose_conflicts(m, best)
        return best

    def _prior_match(self, m: Prepared, prior: list[int]) -> PledgeRow | None:
        """A corrected article keeps its own pledge when no other source backs that pledge.

        The pledge must share the sum (a purpose correction) or a compatible purpose (a sum correction),
        and must not already have been taken by another of the article's new mentions.
        """
        if not prior:
            return None
        sources = _sources_by_pledge(self.session, prior)
        best, best_score = None, -1.0
        for pid in prior:
            p = self.session.get(PledgeRow, pid)
            if p is None or pid in self.claimed or p.family != m.family or (sources[pid] - {self.article.id}):
                continue
            score = purpose_score(m.tokens, _tokens(p, self.rules), self.rules)
            if m.row.amount_cad is not None and p.amount_cad is not None and same_sum(
                m.row.amount_cad, m.row.currency, p.amount_cad, p.currency, self.rules
            ):
                score += 100
            elif score < self.rules.with_amount_min_score:
                continue
            if score > best_score:
                best, best_score = p, score
        if best is not None:
            self.tracker.touch(self.session, best)
        return best

    def _open(self, m: Prepared) -> PledgeRow:
        r = m.row
        now = utcnow()
        pledge = PledgeRow(
            category=r.category, family=m.family, amount=r.amount, currency=r.currency, amount_cad=r.amount_cad,
            qualifier=r.qualifier, purpose=r.purpose, purpose_key=purpose_key(m.tokens), status=r.status,
            quantity=r.quantity, item=r.item,
            announced_on=m.on, created_at=now, updated_at=now,
        )
        self.session.add(pledge)
        self.session.flush()
        self.tracker.created(pledge)
        return pledge

    # -- conflicts --

    def _conflict(self, a: PledgeRow, b: PledgeRow, kind: str, m: Prepared) -> None:
        """Record a conflict between pledges `a` (another source's) and `b` (this mention's), once."""
        lo, hi = (a, b) if a.id < b.id else (b, a)
        exists = self.session.execute(
            select(ConflictRow.id).where(
                or_(and_(ConflictRow.pledge_a == lo.id, ConflictRow.pledge_b == hi.id),
                    and_(ConflictRow.pledge_a == hi.id, ConflictRow.pledge_b == lo.id))
            )
        ).first()
        if exists:
            return
        other_evidence, other_article = self._other_side(a)
        sides = {b.id: (m.row.evidence, self.article.id), a.id: (other_evidence, other_article)}
        row = ConflictRow(
            pledge_a=lo.id, pledge_b=hi.id, kind=kind,
            evidence_a=sides[lo.id][0], evidence_b=sides[hi.id][0],
            article_a=sides[lo.id][1], article_b=sides[hi.id][1],
            created_at=utcnow(),
        )
        self.session.add(row)
        self.session.flush()
        self.tracker.conflicts.append((row, m.row))

    def _other_side(self, pledge: PledgeRow) -> tuple[str | None, int | None]:
        """Evidence and article of the oldest current report of another source about `pledge`."""
        row = self.session.execute(
            select(MentionRow.evidence, MentionRow.article_id)
            .where(MentionRow.pledge_id == pledge.id, MentionRow.retired.is_(False),
                   MentionRow.article_id != self.article.id)
            .order_by(MentionRow.id).limit(1)
        ).first()
        return (row[0], row[1]) if row else (None, None)

    def _same_sum_conflicts(self, m: Prepared, mine: PledgeRow, candidates: list[PledgeRow],
                            sources: dict[int, set[int]]) -> None:
        """The same sum reported by another source for a purpose that cannot be this one."""
        for q in candidates:
            if q.id == mine.id or q.family != m.family or _related(q, mine):
                continue
            if not (sources.get(q.id, set()) - {self.article.id}):
                continue  # only this article (or nobody) reports it: the article itself tells them apart
            if not same_sum(m.row.amount_cad or 0, m.row.currency, q.amount_cad or 0, q.currency, self.rules):
                continue
            if not dates_plausible(m.on, q.announced_on, self.rules, self.rules.same_amount_window_days):
                continue
            if purposes_conflict(m.tokens, _tokens(q, self.rules), self.rules):
                self._conflict(q, mine, "same-amount-different-purpose", m)

    def _same_purpose_conflicts(self, m: Prepared, mine: PledgeRow) -> None:
        """The same specific purpose reported by another source with a different sum."""
        if not m.tokens:
            return
        others = [q for q in _same_purpose_with_sums(self.session, m, self.rules) if q.id != mine.id]
        others = [q for q in others if purposes_same(m.tokens, _tokens(q, self.rules), self.rules)
                  and dates_plausible(m.on, q.announced_on, self.rules, self.rules.same_purpose_window_days)]
        if not others:
            return
        sources = _sources_by_pledge(self.session, [q.id for q in others])
        for q in others:
            if _related(q, mine) or not (sources[q.id] - {self.article.id}):
                continue
            if sums_compatible(m.row.amount_cad or 0, m.row.currency, m.row.qualifier, q.amount_cad or 0,
                               q.currency, q.qualifier, self.rules):
                continue
            if _is_part_of(m.row, q) or _is_part_of(q, m.row):
                continue
            self._conflict(q, mine, "same-purpose-different-amount", m)

    # -- packages --

    def _set_parent(self, child_id: int | None, parent_id: int | None) -> None:
        if child_id is None or parent_id is None or child_id == parent_id:
            return
        child = self.session.get(PledgeRow, child_id)
        if child is None or child.parent_id is not None:
            return
        ancestor: int | None = parent_id
        seen = set()
        while ancestor is not None and ancestor not in seen:  # never create a cycle
            if ancestor == child_id:
                return
            seen.add(ancestor)
            ancestor = self.session.execute(select(PledgeRow.parent_id).where(PledgeRow.id == ancestor)).scalar()
        child.parent_id = parent_id


def find_sub_allocations(mentions: list[Prepared], rules: Rules) -> dict[int, int]:
    """In one article: allocated sums that sit inside a larger sum of the same family (index → index).

    The package is the nearest larger, non-allocated sum in the text; parts that would add up to more
    than the package (beyond rounding slack) are left unlinked.
    """
    links: dict[int, int] = {}
    used: Counter[int] = Counter()
    children = [i for i, m in enumerate(mentions)
                if m.row.status in rules.sub_allocation_statuses and m.row.amount_cad]
    children.sort(key=lambda i: mentions[i].row.span_start or 0)
    for c in children:
        cm = mentions[c]
        options = [
            i for i, pm in enumerate(mentions)
            if i != c and pm.row.amount_cad and pm.family == cm.family
            and pm.row.status not in rules.sub_allocation_statuses
            and pm.row.amount_cad > (cm.row.amount_cad or 0) * (1 + rules.same_currency)
        ]
        if not options:
            continue
        parent = min(options, key=lambda i: (abs((mentions[i].row.span_start or 0) - (cm.row.span_start or 0)),
                                             -(mentions[i].row.amount_cad or 0)))
        cap = (mentions[parent].row.amount_cad or 0) * (1 + rules.sub_allocation_slack)
        if used[parent] + (cm.row.amount_cad or 0) <= cap:
            used[parent] += cm.row.amount_cad or 0
            links[c] = parent
    return links


# ---- derived fields --------------------------------------------------------------------------------

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
