"""The steps of a monitor or backfill run, in plain Python (no Prefect), so tests and benchmarks can call
them directly and the flows stay thin.

Each step returns a small record of what happened (ArticleOutcome, FeedOutcome, gathered in a
RunSummary); none lets one bad article, input or feed escape as an exception, because a run must
always finish and say why something was skipped. The steps the flows run as tasks take the database
URL and open their own short session, since tasks may run in threads or other processes.
"""
from __future__ import annotations

import re
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


_client: Any = None


def http_client() -> Any:
    """One HTTP client per process (connection reuse across feeds and articles; thread-safe pool)."""
    global _client
    with _engines_lock:
        if _client is None:
            from pledgewatch.fetch import make_client

            _client = make_client()
        return _client


def close_http_client() -> None:
    global _client
    with _engines_lock:
        if _client is not None:
            _client.close()
            _client = None


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
    seed_events: int = 0  # baseline events the seeds created (recorded, never alerted)
    seed_problems: list[ArticleOutcome] = field(default_factory=list)
    feeds: list[FeedOutcome] = field(default_factory=list)
    articles: list[ArticleOutcome] = field(default_factory=list)
    alerts_queued: int = 0
    alerts_sent: int = 0
    alerts_failed: int = 0
    alerts_pending: int = 0
    alerts_printed: int = 0
    alert_error: str | None = None
    events_by_kind: dict[str, int] = field(default_factory=dict)  # the run's events (seeds' excluded)

    def add_seeds(self, outcomes: list[ArticleOutcome]) -> None:
        """Count the seeds stored; keep the failed ones as problems."""
        self.seeds_ingested += sum(1 for o in outcomes if o.outcome == "new")
        self.seed_events += sum(len(o.event_ids) for o in outcomes)
        self.seed_problems.extend(o for o in outcomes if o.outcome == "failed")

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
            "seed_events": self.seed_events,
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
            "events_by_kind": dict(sorted(self.events_by_kind.items())),
            "alerts": {
                "queued": self.alerts_queued,
                "sent": self.alerts_sent,
                "failed": self.alerts_failed,
                "pending": self.alerts_pending,
                "printed": self.alerts_printed,
                "error": self.alert_error,
            },
            "problems": [
                {"what": a.source, "outcome": a.outcome, "reason": a.reason} for a in self.seed_problems
            ]
            + [
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

    from pledgewatch.ledger.models import EventRow

    kinds = session.scalars(select(EventRow.kind).where(EventRow.id.in_(event_ids))).all()
    return dict(Counter(str(k) for k in kinds))


# --- steps ---------------------------------------------------------------------------------------


def ensure_seeds(session: Session) -> list[ArticleOutcome]:
    """Store the seed articles the ledger lacks, always as baseline (the project's starting knowledge,
    never news to alert on, even when a backfill came first).

    Returns one record per seed stored or failed (empty once all are stored: later runs cost one
    lookup per seed and no extraction). A seed that fails is reported and the others still go in.
    """
    from pledgewatch.identity import content_hash
    from pledgewatch.ledger.ingest import article_known
    from pledgewatch.seeds import load_seed_articles

    outcomes = []
    for article in load_seed_articles():
        if article_known(session, content_hash=content_hash(article.text)):
            continue
        try:
            result = process_article(session, article, SEED, baseline=True)
            session.commit()
        except Exception as exc:  # noqa: BLE001 - one bad seed must not keep the others out
            session.rollback()
            outcomes.append(ArticleOutcome(article.source, "failed", one_line(exc)))
            continue
        outcomes.append(outcome_of(article.source, result))
    return outcomes


def process_article(session: Session, article: Article, origin: str, *, baseline: bool = False) -> Any:
    """Extract the article's commitments and hand them to the ledger; returns the ledger's IngestResult."""
    from extractors.commitments import extract_commitments
    from pledgewatch.ledger.ingest import ingest_article

    commitments = extract_commitments(article.text)
    return ingest_article(session, article, commitments, origin, baseline=baseline)


_USERINFO = re.compile(r"(\b[a-zA-Z][\w+.-]*://)[^/\s@]*@")


def mask_credentials(text: str) -> str:
    """`scheme://user:password@host` → `scheme://***@host`, for any scheme (database URLs too)."""
    return _USERINFO.sub(r"\1***@", text)


def safe_label(source: str) -> str:
    """A path as given; a URL without user, password or query string (they may carry tokens)."""
    from pledgewatch.feeds.errors import clean_error

    return clean_error(mask_credentials(source)) if "://" in source else source


def outcome_of(source: str, result: Any) -> ArticleOutcome:
    """Turn the ledger's IngestResult into the run's record."""
    return ArticleOutcome(
        source=safe_label(source),
        outcome=str(result.outcome),
        article_id=result.article_id,
        event_ids=tuple(int(i) for i in result.event_ids),
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
        return ArticleOutcome(source=safe_label(label), outcome="failed", reason=one_line(exc))
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
        return ArticleOutcome(source=safe_label(path_or_url), outcome="failed", reason=one_line(exc))
    return ingest_one(session, article, BACKFILL, source=path_or_url)


# --- monitor steps, each on its own short session (they may run in threads or processes) ----------


class RetryableFetch(Exception):
    """A feed article could not be fetched for a passing reason (network, 5xx, 429): raised inside the
    Prefect task so that its retries apply, and carrying the feeds' Skipped record for the ledger."""

    def __init__(self, skipped: Any) -> None:
        self.skipped = skipped
        super().__init__(getattr(skipped, "reason", str(skipped)))


def poll_one(url: str, feed: Any, client: Any, *, force: bool = False,
             timeout: float | None = None) -> tuple[FeedOutcome, list[Any]]:
    """Poll one feed and keep the entries never seen before; never raises for a broken feed (the
    feeds' back-off decides when a failed feed is tried again)."""
    from pledgewatch.db import session_scope
    from pledgewatch.feeds.items import select_new
    from pledgewatch.feeds.poll import poll_feed

    extra = {"timeout": timeout} if timeout else {}
    with session_scope(ledger_engine(url)) as session:
        result = poll_feed(session, feed, client, force=force, **extra)
        entries = select_new(session, feed, result.items) if result.outcome == "ok" else []
    return FeedOutcome(feed.name, result.outcome, result.error, len(entries)), list(entries)


def fetch_one(entry: Any, client: Any, *, timeout: float | None = None) -> Any:
    """Fetch the article an entry links to: an Article, or the feeds' Skipped record with its reason."""
    from pledgewatch.feeds.articles import fetch_entry_article

    extra = {"timeout": timeout} if timeout else {}
    return fetch_entry_article(entry, client, **extra)


def ingest_entry(url: str, entry: Any, fetched: Any) -> ArticleOutcome:
    """Store a fetched feed article, or the reason it was not fetched, and mark its feed item.

    `fetched` is an Article, the feeds' Skipped, a RetryableFetch that ran out of retries or any other
    exception from the fetch; only an Article reaches the ledger.
    """
    from pledgewatch.db import session_scope
    from pledgewatch.feeds.articles import Skipped, record_outcome

    label = safe_label(getattr(entry, "url", None) or getattr(entry, "title", None) or "?")
    engine = ledger_engine(url)
    if isinstance(fetched, RetryableFetch):
        fetched = fetched.skipped
    elif isinstance(fetched, BaseException):
        fetched = Skipped(one_line(fetched), "failed")
    if isinstance(fetched, Article):
        with session_scope(engine) as session:
            outcome = ingest_one(session, fetched, FEED, source=label)
        mark: Any = fetched if outcome.outcome != "failed" else Skipped(outcome.reason or "ingest failed", "failed")
    else:
        status = getattr(fetched, "status", "skipped")
        outcome = ArticleOutcome(label, "failed" if status == "failed" else "skipped", one_line(fetched.reason))
        mark = fetched
    try:
        with session_scope(engine) as session:
            record_outcome(session, entry, mark, article_id=outcome.article_id)
    except Exception as exc:  # noqa: BLE001 - the article is stored; the item mark is secondary
        return ArticleOutcome(outcome.source, outcome.outcome, f"feed item not marked: {one_line(exc)}",
                              outcome.article_id, outcome.event_ids)
    return outcome


def send_alerts(url: str, *, targets: Any = None, console: Any = None) -> Any:
    """Queue and send the alerts for every unsent, non-baseline event (the outbox makes it exactly once)."""
    from pledgewatch.alerts.dispatch import dispatch
    from pledgewatch.db import session_scope

    with session_scope(ledger_engine(url)) as session:
        return dispatch(session, targets=targets, console=console)


def seed_once(url: str) -> list[ArticleOutcome]:
    """`ensure_seeds` on its own session."""
    from pledgewatch.db import session_scope

    with session_scope(ledger_engine(url)) as session:
        return ensure_seeds(session)


def count_events(url: str, event_ids: list[int]) -> dict[str, int]:
    """`events_by_kind` on its own session."""
    from pledgewatch.db import session_scope

    with session_scope(ledger_engine(url)) as session:
        return events_by_kind(session, event_ids)


def backfill_path(url: str, path_or_url: str, client: Any = None) -> ArticleOutcome:
    """`backfill_one` on its own session."""
    from pledgewatch.db import session_scope

    with session_scope(ledger_engine(url)) as session:
        return backfill_one(session, path_or_url, client)


def monitor_once(url: str, feeds: list[Any], client: Any, *, force: bool = False, targets: Any = None,
                 timeout: float | None = None) -> RunSummary:
    """The whole monitor pass, sequentially and without Prefect (tests and benchmarks; the flow runs
    the same steps as tasks)."""
    summary = RunSummary()
    summary.add_seeds(seed_once(url))
    for feed in feeds:
        feed_outcome, entries = poll_one(url, feed, client, force=force, timeout=timeout)
        summary.feeds.append(feed_outcome)
        for entry in entries:
            try:
                fetched = fetch_one(entry, client, timeout=timeout)
            except Exception as exc:  # noqa: BLE001
                fetched = exc
            summary.articles.append(ingest_entry(url, entry, fetched))
    summary.events_by_kind = count_events(url, summary.event_ids)
    apply_report(summary, send_alerts(url, targets=targets))
    return summary


def apply_report(summary: RunSummary, report: Any) -> None:
    """Copy the alerts' DispatchReport figures into the summary."""
    for name in ("queued", "sent", "failed", "pending", "printed"):
        setattr(summary, f"alerts_{name}", int(getattr(report, name, 0) or 0))


def one_line(problem: object) -> str:
    """An exception or message as one short line without a traceback, URL credentials and query
    strings masked (feed and article URLs may carry tokens)."""
    from pledgewatch.feeds.errors import clean_error

    if isinstance(problem, BaseException) and not str(problem).strip():
        problem = type(problem).__name__
    return clean_error(mask_credentials(str(problem)))
