"""The outbox: queue deliveries, claim them, record what happened, and back off after failures.

Exactly-once rests on three steps, each committed on its own:
1. `queue` inserts one row per (event, target); the unique key makes a rerun insert nothing.
2. `claim` flips a due row to 'sending' with a conditional UPDATE (only one process can win it) and
   commits *before* apprise is called.
3. `mark_sent` / `mark_failed` record the outcome and commit.
A process that dies between 2 and 3 leaves its row in 'sending'; after the lease it is due again, so
that one message may be delivered twice, never any other.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta, timezone

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.orm import Session

from pledgewatch.alerts.facts import load_facts
from pledgewatch.alerts.models import Delivery
from pledgewatch.alerts.targets import OutboxSettings, Target


def as_utc(moment: datetime | None) -> datetime:
    """Aware UTC (SQLite hands back naive datetimes; a naive `now` is taken as UTC)."""
    if moment is None:
        return datetime.now(timezone.utc)
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def backoff(attempts: int, settings: OutboxSettings) -> timedelta:
    """Wait before retry number `attempts` + 1: first × 2^(attempts − 1), capped."""
    seconds = settings.backoff_first_seconds * (2 ** max(attempts - 1, 0))
    return timedelta(seconds=min(seconds, settings.backoff_max_seconds))


def _insert(session: Session):  # type: ignore[no-untyped-def]
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(Delivery)


def queue(session: Session, target: Target, now: datetime, settings: OutboxSettings) -> int:
    """Add a pending row for every alertable event this target wants and has not been given yet.

    Only events younger than `backlog_days` are considered, so a target added later is not flooded
    with history. Returns the number of rows added; commits.
    """
    from pledgewatch.ledger.models import EventRow

    already = exists().where(and_(Delivery.event_id == EventRow.id, Delivery.target_key == target.key))
    query = select(EventRow.id).where(
        EventRow.baseline.is_(False), EventRow.kind.in_(sorted(target.kinds)), ~already
    )
    if settings.backlog_days > 0:
        query = query.where(EventRow.created_at >= now - timedelta(days=settings.backlog_days))
    candidates = list(session.scalars(query.order_by(EventRow.id)))
    if not candidates:
        return 0
    facts = load_facts(session, candidates)
    wanted = [eid for eid in candidates if eid in facts and target.accepts(facts[eid])]
    added = 0
    for eid in wanted:
        stmt = (
            _insert(session)
            .values(
                event_id=eid, target_key=target.key, target_label=target.label, status="pending",
                attempts=0, next_attempt_at=now, created_at=now,
            )
            .on_conflict_do_nothing(index_elements=["event_id", "target_key"])
            .returning(Delivery.id)
        )
        added += len(session.execute(stmt).all())
    session.commit()
    return added


def _due(now: datetime, settings: OutboxSettings):  # type: ignore[no-untyped-def]
    lease_expired = now - timedelta(seconds=settings.lease_seconds)
    return or_(
        and_(Delivery.status == "pending", Delivery.next_attempt_at <= now),
        and_(Delivery.status == "sending", Delivery.claimed_at <= lease_expired),
    )


def due(session: Session, target_key: str, now: datetime, settings: OutboxSettings) -> list[Delivery]:
    """Rows of this target that may be sent now: pending and due, or stuck in 'sending' past the lease."""
    rows = session.scalars(
        select(Delivery)
        .where(Delivery.target_key == target_key, _due(now, settings))
        .order_by(Delivery.event_id)
        .execution_options(populate_existing=True)
    )
    return list(rows)


def claim(session: Session, ids: Iterable[int], now: datetime, settings: OutboxSettings) -> list[int]:
    """Atomically take the rows that are still due; only the rows returned may be sent. Commits."""
    won = []
    for row_id in ids:
        result = session.execute(
            update(Delivery)
            .where(Delivery.id == row_id, _due(now, settings))
            .values(status="sending", claimed_at=now)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            won.append(row_id)
    session.commit()
    return won


def mark_sent(session: Session, ids: Sequence[int], now: datetime, *, status: str = "sent") -> None:
    """Record delivery (or console printing) of claimed rows. Commits."""
    if ids:
        session.execute(
            update(Delivery)
            .where(Delivery.id.in_(list(ids)), Delivery.status == "sending")
            .values(status=status, sent_at=now, last_error=None)
            .execution_options(synchronize_session=False)
        )
    session.commit()


def mark_failed(session: Session, ids: Sequence[int], now: datetime, reason: str, settings: OutboxSettings) -> datetime | None:
    """Put claimed rows back to pending with one more attempt and a back-off. Returns the next try. Commits."""
    next_try = None
    current = session.execute(select(Delivery.id, Delivery.attempts).where(Delivery.id.in_(list(ids)))).all()
    for row_id, attempts_so_far in current:
        attempts = attempts_so_far + 1
        next_try = now + backoff(attempts, settings)
        session.execute(
            update(Delivery)
            .where(Delivery.id == row_id, Delivery.status == "sending")
            .values(status="pending", attempts=attempts, next_attempt_at=next_try, last_error=reason)
            .execution_options(synchronize_session=False)
        )
    session.commit()
    return next_try


def count_waiting(session: Session, target_keys: Iterable[str]) -> int:
    """Rows not yet delivered (pending or in flight) for these targets."""
    keys = list(target_keys)
    if not keys:
        return 0
    return int(
        session.scalar(
            select(func.count()).select_from(Delivery).where(
                Delivery.target_key.in_(keys), Delivery.status.in_(["pending", "sending"])
            )
        )
        or 0
    )
