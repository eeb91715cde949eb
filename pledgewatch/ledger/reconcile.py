"""Reconciliation: each new mention joins the pledge it reports, or opens a new one; conflicts are flagged.

A mention joins a pledge when the category family, the sum (within rounding, after currency conversion),
the purpose (fuzzy) and the date agree. Sums earmarked inside a larger package of the same article become
children of that package. Two sources that disagree (same sum for incompatible purposes, or the same
purpose with different sums) open separate pledges linked by a conflict row: flagged, never merged away.
Each new report raises at most one conflict of each kind, so conflicts grow with the reports.

A pledge's visible fields are derived from all its current mentions in an order-independent way, so the
ledger does not depend on the order articles arrive in (see `derive.py`).
"""
from __future__ import annotations

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from pledgewatch.ledger.candidates import (
    Prepared,
    amount_candidates,
    dated_pledges,
    mention_date,
    no_amount_candidates,
    same_purpose_with_sums,
    sources_by_pledge,
)
from pledgewatch.ledger.derive import refresh_pledge
from pledgewatch.ledger.diff import ChangeTracker
from pledgewatch.ledger.matching import (
    Rules,
    dates_plausible,
    purpose_key,
    purpose_score,
    purpose_tokens,
    purposes_conflict,
    purposes_same,
    same_figure_same_currency,
    same_sum,
    significant_digits,
    sums_compatible,
)
from pledgewatch.ledger.models import ArticleRow, ConflictRow, MentionRow, PledgeRow, utcnow
from pledgewatch.ledger.packages import find_sub_allocations

__all__ = ["Reconciler", "Prepared", "find_sub_allocations", "refresh_pledge"]

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
    if p.amount_cad is None or not sums_compatible(m.row, p, rules):
        return None
    need = rules.with_amount_min_score if p.family == m.family else rules.cross_family_min_score
    if score < need:
        return None
    exact = same_sum(m.row, p, rules)
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
        parents = find_sub_allocations(prepared, self.rules, self.article.text)
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
            candidates = amount_candidates(self.session, m, self.rules)
        else:
            candidates = no_amount_candidates(self.session, m, self.rules)
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
            self._same_sum_conflicts(m, best, candidates)
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
        sources = sources_by_pledge(self.session, prior)
        best, best_score = None, -1.0
        for pid in prior:
            p = self.session.get(PledgeRow, pid)
            if p is None or pid in self.claimed or p.family != m.family or (sources[pid] - {self.article.id}):
                continue
            score = purpose_score(m.tokens, _tokens(p, self.rules), self.rules)
            if same_sum(m.row, p, self.rules):
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

    def _same_sum_conflicts(self, m: Prepared, mine: PledgeRow, candidates: list[PledgeRow]) -> None:
        """The same sum reported by another source for a purpose that cannot be this one."""
        kind = "same-amount-different-purpose"
        others = []
        for q in candidates:
            if q.id == mine.id or q.family != m.family or _related(q, mine):
                continue
            if not same_figure_same_currency(m.row, q, self.rules):
                continue
            if not dates_plausible(m.on, q.announced_on, self.rules, self.rules.same_amount_window_days):
                continue
            if purposes_conflict(m.tokens, _tokens(q, self.rules), self.rules):
                others.append(q)
        if not others:
            return
        sources = sources_by_pledge(self.session, [q.id for q in others])
        # Only this article (or nobody) reports it: the article itself tells them apart.
        others = [q for q in others if sources[q.id] - {self.article.id}]
        if others and self._undated(others) and \
                significant_digits(m.row.amount or 0) < self.rules.undated_same_amount_min_digits:
            return  # without dates, a round sum recurring for another purpose is no disagreement
        self._conflict_once(mine, others, kind, m, sources)

    def _same_purpose_conflicts(self, m: Prepared, mine: PledgeRow) -> None:
        """The same specific purpose reported by another source with a different sum."""
        if not m.tokens:
            return
        others = [q for q in same_purpose_with_sums(self.session, m, self.rules) if q.id != mine.id]
        others = [q for q in others if purposes_same(m.tokens, _tokens(q, self.rules), self.rules)
                  and dates_plausible(m.on, q.announced_on, self.rules, self.rules.same_purpose_window_days)]
        if not others:
            return
        sources = sources_by_pledge(self.session, [q.id for q in others])
        found = []
        for q in others:
            if _related(q, mine) or not (sources[q.id] - {self.article.id}):
                continue
            if mine.parent_id is not None or q.parent_id is not None:
                continue  # a part of a package is told apart by its package
            if sums_compatible(m.row, q, self.rules) or _is_part_of(m.row, q) or _is_part_of(q, m.row):
                continue
            low, high = sorted((m.row.amount_cad or 0, q.amount_cad or 0))
            if low <= 0 or high / low > self.rules.same_purpose_max_ratio:
                continue  # sums this far apart are two pledges, not two versions of one
            found.append(q)
        if found and self._undated(found) and len(m.tokens) < self.rules.undated_same_purpose_min_words:
            return  # without dates, a one-word purpose ("ammunition") funded twice is no disagreement
        self._conflict_once(mine, found, "same-purpose-different-amount", m, sources)

    def _undated(self, others: list[PledgeRow]) -> bool:
        """Whether this article or every counterpart lacks a published date (compared as of fetching)."""
        if self.article.published is None:
            return True
        dated = dated_pledges(self.session, [q.id for q in others])
        return all(q.id not in dated for q in others)

    def _conflict_once(self, mine: PledgeRow, others: list[PledgeRow], kind: str, m: Prepared,
                       sources: dict[int, set[int]]) -> None:
        """Flag at most one conflict of `kind` for this mention: against the best-attested counterpart
        (most sources, then the nearest date and sum, then the oldest), and none when `mine` is already
        flagged against one of them. So conflicts grow with the reports, not with the square of the
        pledges that share a sum or a purpose."""
        if not others:
            return
        ids = [q.id for q in others]
        flagged = self.session.execute(
            select(ConflictRow.id).where(
                ConflictRow.kind == kind,
                or_(and_(ConflictRow.pledge_a == mine.id, ConflictRow.pledge_b.in_(ids)),
                    and_(ConflictRow.pledge_b == mine.id, ConflictRow.pledge_a.in_(ids))),
            ).limit(1)
        ).first()
        if flagged:
            return

        def rank(q: PledgeRow) -> tuple[float, ...]:
            days = abs((m.on - q.announced_on).days) if m.on and q.announced_on else 0
            x, y = m.row.amount_cad or 0.0, q.amount_cad or 0.0
            gap = abs(x - y) / max(x, y) if max(x, y) > 0 else 0.0
            return (-len(sources.get(q.id, ())), days, gap, q.id)

        self._conflict(min(others, key=rank), mine, kind, m)

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
