"""The steps of a monitor or backfill run, in plain Python (no Prefect), so tests and benchmarks can call
them directly and the flows stay thin.

Each step takes an open session and returns a small record of what happened; none of them lets one bad
article or input escape as an exception, because a run must always finish and say why something was
skipped.
"""
from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from extractors.model import Article

# Origins the ledger knows (see docs/architecture.md).
SEED, FEED, BACKFILL = "seed", "feed", "backfill"

_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def ledger_engine(url: str) -> Engine:
    """One migrated engine per database URL and process: tasks open short sessions on it, and the
    migration runs once per process rather than once per task."""
    with _engines_lock:
        engine = _engines.get(url)
        if engine is None:
            from pledgewatch.db import open_ledger

            engine = open_ledger(url)
            _engines[url] = engine
        return engine


def dispose_engines() -> None:
    """Close every cached engine (end of a command, between tests)."""
    with _engines_lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


# --- progress ------------------------------------------------------------------------------------

ProgressListener = Callable[[str, int, int], None]
_listeners: list[ProgressListener] = []


def add_progress_listener(listener: ProgressListener) -> None:
    """Let a command display progress: `listener(stage, done, total)` is called as work advances."""
    _listeners.append(listener)


def remove_progress_listener(listener: ProgressListener) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def report_progress(stage: str, done: int, total: int) -> None:
    """Tell the listeners; a listener that fails must not stop the run."""
    for listener in list(_listeners):
        try:
            listener(stage, done, total)
        except Exception:  # noqa: BLE001 - display only
            pass


# --- records -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleOutcome:
    """What became of one article or input: `outcome` is new/unchanged/updated, skipped or failed."""

    source: str
    outcome: str
    reason: str | None = None
    article_id: int | None = None
    event_ids: tuple[int, ...] = ()
    commitments: int = 0


@dataclass(frozen=True)
class FeedOutcome:
    """What became of one feed poll: ok, not_modified, deferred or failed, with the reason."""

    name: str
    outcome: str
    reason: str | None = None
    new_entries: int = 0


@dataclass
class RunSummary:
    """The figures a monitor or backfill run prints and returns."""

    seeds_ingested: int = 0
    feeds: list[FeedOutcome] = field(default_factory=list)
    articles: list[ArticleOutcome] = field(default_factory=list)
    alerts_queued: int = 0
    alerts_sent: int = 0
    alerts_failed: int = 0
    alerts_pending: int = 0
    alerts_printed: int = 0
    alert_error: str | None = None

    @property
    def feeds_polled(self) -> int:
        return len(self.feeds)

    def feeds_with(self, outcome: str) -> int:
        return sum(1 for f in self.feeds if f.outcome == outcome)

    @property
    def articles_new(self) -> int:
        return sum(1 for a in self.articles if a.outcome in ("new", "updated"))

    @property
    def articles_skipped(self) -> int:
        return sum(1 for a in self.articles if a.outcome in ("unchanged", "skipped"))

    @property
    def articles_failed(self) -> int:
        return sum(1 for a in self.articles if a.outcome == "failed")

    @property
    def event_ids(self) -> list[int]:
        return sorted({e for a in self.articles for e in a.event_ids})

    def as_dict(self) -> dict[str, Any]:
        """A JSON-friendly view (the flow's return value in the Prefect UI, `--json` output)."""
        return {
            "seeds_ingested": self.seeds_ingested,
            "feeds": {
                "polled": self.feeds_polled,
                "ok": self.feeds_with("ok"),
                "not_modified": self.feeds_with("not_modified"),
                "deferred": self.feeds_with("deferred"),
                "failed": self.feeds_with("failed"),
            },
            "articles": {
                "new": self.articles_new,
                "skipped": self.articles_skipped,
                "failed": self.articles_failed,
            },
            "event_ids": self.event_ids,
            "alerts": {
                "queued": self.alerts_queued,
                "sent": self.alerts_sent,
                "failed": self.alerts_failed,
                "pending": self.alerts_pending,
                "printed": self.alerts_printed,
                "error": self.alert_error,
            },
            "problems": [
                {"what": f.name, "outcome": f.outcome, "reason": f.reason}
                for f in self.feeds
                if f.outcome in ("failed", "deferred")
            ]
            + [
                {"what": a.source, "outcome": a.outcome, "reason": a.reason}
                for a in self.articles
                if a.outcome in ("failed", "skipped")
            ],
        }


def events_by_kind(session: Session, event_ids: list[int]) -> dict[str, int]:
    """Count the run's events by kind (NEW, CHANGED, CONFLICT, CORROBORATED)."""
    if not event_ids:
        return {}
    from sqlalchemy import select

    from pledgewatch.ledger.models import Event

    kinds = session.scalars(select(Event.kind).where(Event.id.in_(event_ids))).all()
    return dict(Counter(str(k) for k in kinds))


# --- steps ---------------------------------------------------------------------------------------


def ensure_seeds(session: Session) -> int:
    """Ingest the seed articles as the baseline the first time the ledger is used; returns how many
    articles were stored (0 once the ledger has content)."""
    from pledgewatch.seeds import ingest_seeds

    result = ingest_seeds(session)
    if isinstance(result, int):
        return result
    return len(result or [])


def process_article(session: Session, article: Article, origin: str, *, baseline: bool = False) -> Any:
    """Extract the article's commitments and hand them to the ledger; returns the ledger's IngestResult."""
    from extractors.commitments import extract_commitments
    from pledgewatch.ledger.ingest import ingest_article

    commitments = extract_commitments(article.text)
    return ingest_article(session, article, commitments, origin, baseline=baseline)


def _event_ids(result: Any) -> tuple[int, ...]:
    ids = getattr(result, "event_ids", None)
    if ids is None:
        ids = getattr(result, "events", ())
    return tuple(int(i) for i in ids or ())


def outcome_of(source: str, result: Any, commitments: int = 0) -> ArticleOutcome:
    """Turn the ledger's IngestResult into the run's record."""
    return ArticleOutcome(
        source=source,
        outcome=str(getattr(result, "outcome", "new")),
        article_id=getattr(result, "article_id", None),
        event_ids=_event_ids(result),
        commitments=commitments,
    )


def ingest_one(session: Session, article: Article, origin: str, source: str | None = None) -> ArticleOutcome:
    """Process one article, turning any failure into a `failed` record with a one-line reason (the
    session is rolled back so that the next article starts clean)."""
    label = source or article.url or article.source
    try:
        result = process_article(session, article, origin)
        session.commit()
    except Exception as exc:  # noqa: BLE001 - one bad article never stops a run
        session.rollback()
        return ArticleOutcome(source=label, outcome="failed", reason=one_line(exc))
    return outcome_of(label, result)


def backfill_one(session: Session, path_or_url: str, client: Any = None) -> ArticleOutcome:
    """Read one file or URL and run it through extraction and the ledger as a backfill.

    Bad input (missing, empty, binary, too big, unreachable) becomes a `failed` record with the reason;
    the article already stored, if any, is left as it is.
    """
    from pledgewatch.inputs import load_input

    try:
        article = load_input(path_or_url, client=client)
    except Exception as exc:  # noqa: BLE001 - InputError, FetchError or anything else: record it
        return ArticleOutcome(source=path_or_url, outcome="failed", reason=one_line(exc))
    return ingest_one(session, article, BACKFILL, source=path_or_url)


def one_line(exc: BaseException) -> str:
    """An exception as one short line, without a traceback (messages from our modules carry no
    secrets; URLs with credentials are redacted anyway)."""
    text = redact(" ".join(str(exc).split()) or type(exc).__name__)
    return text if len(text) <= 300 else text[:297] + "..."


def redact(text: str) -> str:
    """Hide credentials in URLs (user:password@, token-looking path parts are the alerts' business)."""
    import re

    return re.sub(r"(?<=://)[^/\s:@]+:[^/\s@]+@", "***@", text)
