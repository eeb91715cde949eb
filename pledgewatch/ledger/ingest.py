"""Storing one article and its commitments in the ledger, and recording what that changed.

Re-ingesting an article already stored (same canonical URL and content, or the same content anywhere)
changes nothing. A corrected article (same URL, new content) retires its old mentions and is reconciled
again, with events for what moved. Concurrent ingests queue on a ledger-wide lock, so two monitor runs
at once cannot open the same pledge twice.
"""
from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone

from sqlalchemy import or_, select, text, update
from sqlalchemy.orm import Session

from extractors.model import Article, Commitment
from pledgewatch.identity import canonical_url, content_hash
from pledgewatch.ledger.diff import ChangeTracker, build_events
from pledgewatch.ledger.matching import Rules, load_rules
from pledgewatch.ledger.models import ORIGINS, ArticleRow, LedgerLockRow, MentionRow, utcnow
from pledgewatch.ledger.rates import RateError, RateTable, load_rates, to_cad
from pledgewatch.ledger.reconcile import Reconciler

log = logging.getLogger(__name__)

# Key of the PostgreSQL advisory lock that serialises ingests ("pledgewatch" in ASCII, truncated to 63 bits).
LOCK_KEY = 0x706C656467657761


class IngestError(Exception):
    """An article could not be stored; the message is one line and the ledger is left as it was."""


@dataclass
class IngestResult:
    article_id: int
    outcome: str  # "new" | "unchanged" | "updated"
    event_ids: list[int] = field(default_factory=list)

    @property
    def events(self) -> list[int]:
        """Alias of `event_ids` (the name the architecture notes use)."""
        return self.event_ids


def _canonical(url: str) -> str:
    """The canonical form, or the URL as given when it cannot be parsed (a bad port, say)."""
    try:
        return canonical_url(url)
    except ValueError:
        return url.strip()


def _article_url(article: Article) -> str | None:
    url = article.url or (article.source if article.source.startswith(("http://", "https://")) else None)
    return _canonical(url) if url else None


def parse_published(value: str | None) -> datetime | None:
    """An article's ISO date or datetime as an aware UTC datetime (None when absent or unreadable)."""
    if not value:
        return None
    raw = str(value).strip()
    try:
        when = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        try:
            d = date.fromisoformat(raw[:10])
        except ValueError:
            return None
        when = datetime(d.year, d.month, d.day)
    if when.tzinfo is None:
        return when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc)


def _find(session: Session, *, url: str | None, digest: str | None) -> tuple[ArticleRow | None, ArticleRow | None]:
    """(row with this content hash, row with this canonical URL)."""
    by_hash = by_url = None
    if digest:
        by_hash = session.execute(select(ArticleRow).where(ArticleRow.content_hash == digest)).scalar()
    if url:
        by_url = session.execute(select(ArticleRow).where(ArticleRow.canonical_url == url)).scalar()
    return by_hash, by_url


def article_known(session: Session, *, url: str | None = None, content_hash: str | None = None) -> bool:
    """Whether the ledger already holds an article with this URL (canonicalised here) or content hash."""
    conds = []
    if url:
        conds.append(ArticleRow.canonical_url == _canonical(url))
    if content_hash:
        conds.append(ArticleRow.content_hash == content_hash)
    if not conds:
        return False
    return session.execute(select(ArticleRow.id).where(or_(*conds)).limit(1)).first() is not None


def lock_ledger(session: Session) -> None:
    """Take the ledger-wide write lock for the rest of the transaction.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: writing the lock row starts the write
    transaction at once, so a second writer waits (busy_timeout) instead of interleaving.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    else:
        session.execute(update(LedgerLockRow).where(LedgerLockRow.id == 1).values(ingests=LedgerLockRow.ingests + 1))


def _mention_rows(article: ArticleRow, commitments: list[Commitment], on: date | None, rates: RateTable) -> list[MentionRow]:
    rows = []
    for c in commitments:
        if c.amount is not None and not (isinstance(c.amount, (int, float)) and math.isfinite(c.amount) and c.amount > 0):
            log.warning("%s: ignoring sum %r (not a positive number)", article.source, c.amount)
            c = replace(c, amount=None, currency=None, qualifier=None)
        currency = c.currency.upper() if c.currency else None
        amount_cad = None
        if c.amount is not None and c.alt_amount and (c.alt_currency or "").upper() == "CAD" and currency != "CAD":
            amount_cad = float(c.alt_amount)  # the article's own conversion ("$90 million (C$121 million)")
        elif c.amount is not None:
            try:
                amount_cad = to_cad(c.amount, currency, on, table=rates)
            except RateError as exc:
                log.warning("%s: %s; sum kept but not compared", article.source, exc)
        span = tuple(c.span or (None, None))
        rows.append(
            MentionRow(
                article_id=article.id, category=(c.category or "other").strip().lower(),
                purpose=(c.purpose or "").strip() or (c.category or "other"), status=(c.status or "pledged").strip().lower(),
                amount=float(c.amount) if c.amount is not None else None, currency=currency, amount_cad=amount_cad,
                qualifier=c.qualifier, quantity=c.quantity, item=c.item,
                alt_amount=float(c.alt_amount) if c.alt_amount is not None else None,
                alt_currency=c.alt_currency.upper() if c.alt_currency else None,
                running_total=bool(c.running_total), evidence=c.evidence or "",
                span_start=span[0] if len(span) > 0 else None, span_end=span[1] if len(span) > 1 else None,
                donor=c.donor or "Canada", recipient=c.recipient or "Ukraine",
                article_revision=article.revision, retired=False, created_at=utcnow(),
            )
        )
    return rows


def ledger_is_empty(session: Session) -> bool:
    """True before the first article is stored: its ingest is the baseline."""
    return session.execute(select(ArticleRow.id).limit(1)).first() is None


def ingest_article(
    session: Session,
    article: Article,
    commitments: list[Commitment],
    origin: str,
    *,
    baseline: bool | None = False,
    fetched_at: datetime | None = None,
    rules: Rules | None = None,
    rates: RateTable | None = None,
) -> IngestResult:
    """Store `article` and reconcile its commitments into the ledger; the caller commits.

    Args:
        origin: "seed", "feed" or "backfill".
        baseline: mark the events as history not to alert on; None means "if the ledger is empty".
        fetched_at: when the article was fetched (default now, UTC).
    Returns:
        IngestResult with outcome "new", "unchanged" (nothing written) or "updated" (corrected article).
    Raises:
        IngestError (one line) when the article cannot be stored; the session stays usable.
    """
    if origin not in ORIGINS:
        raise IngestError(f"{article.source}: unknown origin {origin!r} (expected one of {', '.join(ORIGINS)})")
    if not (article.text or "").strip():
        raise IngestError(f"{article.source}: empty article text, nothing to store")
    url = _article_url(article)
    digest = content_hash(article.text)

    by_hash, _ = _find(session, url=None, digest=digest)  # cheap read before taking the lock
    if by_hash is not None:
        return IngestResult(by_hash.id, "unchanged", [])

    lock_ledger(session)
    by_hash, by_url = _find(session, url=url, digest=digest)
    if by_hash is not None:
        return IngestResult(by_hash.id, "unchanged", [])
    if baseline is None:
        baseline = ledger_is_empty(session)
    try:
        with session.begin_nested():
            if by_url is None:
                return _ingest_new(session, article, commitments, origin, url, digest, baseline, fetched_at,
                                   rules or load_rules(), rates or load_rates())
            return _ingest_correction(session, by_url, article, commitments, digest, baseline, fetched_at,
                                      rules or load_rules(), rates or load_rates())
    except IngestError:
        raise
    except Exception as exc:  # one bad article never stops a run: report it in one line
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        raise IngestError(f"{article.source}: could not store article: {type(exc).__name__}: {first[:200]}") from exc


def _ingest_new(session: Session, article: Article, commitments: list[Commitment], origin: str, url: str | None,
                digest: str, baseline: bool, fetched_at: datetime | None, rules: Rules, rates: RateTable) -> IngestResult:
    now = utcnow()
    row = ArticleRow(
        url=article.url or (article.source if url else None), canonical_url=url, content_hash=digest,
        source=article.source, title=article.title, outlet=article.site, published=parse_published(article.date),
        fetched_at=fetched_at or now, origin=origin, text=article.text, revision=1, updated_at=now,
    )
    session.add(row)
    session.flush()
    tracker = ChangeTracker()
    rec = Reconciler(session, rules, row, tracker)
    mentions = _mention_rows(row, commitments, rec.on, rates)
    session.add_all(mentions)
    session.flush()
    rec.run(mentions)
    events = build_events(session, tracker, row.id, baseline=baseline, rules=rules)
    return IngestResult(row.id, "new", [e.id for e in events])


def _ingest_correction(session: Session, row: ArticleRow, article: Article, commitments: list[Commitment],
                       digest: str, baseline: bool, fetched_at: datetime | None, rules: Rules,
                       rates: RateTable) -> IngestResult:
    tracker = ChangeTracker()
    old = list(session.execute(
        select(MentionRow).where(MentionRow.article_id == row.id, MentionRow.retired.is_(False))
    ).scalars())
    prior: list[int] = []
    for m in old:
        if m.pledge_id is not None:
            if m.pledge_id not in prior:
                prior.append(m.pledge_id)
                pledge = m.pledge
                if pledge is not None:
                    tracker.touch(session, pledge)
            tracker.retiring(m.pledge_id, m)
    for m in old:
        m.retired = True
    now = utcnow()
    row.text = article.text
    row.content_hash = digest
    row.title = article.title or row.title
    row.outlet = article.site or row.outlet
    row.published = parse_published(article.date) or row.published
    row.fetched_at = fetched_at or now
    row.revision = (row.revision or 1) + 1
    row.updated_at = now
    session.flush()
    rec = Reconciler(session, rules, row, tracker)
    mentions = _mention_rows(row, commitments, rec.on, rates)
    session.add_all(mentions)
    session.flush()
    rec.run(mentions, prior)
    events = build_events(session, tracker, row.id, baseline=baseline, rules=rules)
    return IngestResult(row.id, "updated", [e.id for e in events])
