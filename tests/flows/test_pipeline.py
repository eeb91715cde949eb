"""The plain pipeline steps the flows call, without Prefect."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from pledgewatch import pipeline
from pledgewatch.db import session_scope
from pledgewatch.pipeline import ArticleOutcome, FeedOutcome, RunSummary
from tests.flows.articles import ARMOURED


def test_seeds_are_baseline_even_after_a_backfill_came_first(db_url: str, tmp_path: Path) -> None:
    from pledgewatch.ledger.models import EventRow

    news = tmp_path / "armoured.txt"
    news.write_text("\n\n".join(ARMOURED), encoding="utf-8")
    first = pipeline.backfill_path(db_url, str(news))
    assert first.outcome == "new" and first.event_ids

    seeded = pipeline.seed_once(db_url)
    assert [o.outcome for o in seeded] == ["new"] * 5
    assert pipeline.seed_once(db_url) == []  # later runs: nothing to do
    with session_scope(pipeline.ledger_engine(db_url)) as s:
        alertable = s.scalars(select(EventRow.id).where(EventRow.baseline.is_(False))).all()
    assert sorted(alertable) == sorted(first.event_ids)  # the seeds added no alertable event


def test_backfill_one_turns_bad_input_into_a_reason(sqlite_url: str, tmp_path: Path) -> None:
    binary = tmp_path / "scan.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    with session_scope(pipeline.ledger_engine(sqlite_url)) as s:
        missing = pipeline.backfill_one(s, str(tmp_path / "absent.txt"))
        refused = pipeline.backfill_one(s, str(binary))
        unreachable = pipeline.backfill_one(s, "http://user:hunter2@127.0.0.1:9/a?token=s3cret")
    for outcome in (missing, refused, unreachable):
        assert outcome.outcome == "failed" and outcome.reason and "\n" not in outcome.reason
    for text in (unreachable.reason, unreachable.source):
        assert "hunter2" not in text and "s3cret" not in text


def test_summary_counts_and_problems() -> None:
    summary = RunSummary(
        feeds=[FeedOutcome("a", "ok", None, 2), FeedOutcome("b", "not_modified"), FeedOutcome("c", "failed", "HTTP 500"),
               FeedOutcome("d", "deferred", "backing off")],
        articles=[ArticleOutcome("x", "new", event_ids=(3, 1)), ArticleOutcome("y", "unchanged"),
                  ArticleOutcome("z", "skipped", "binary"), ArticleOutcome("w", "failed", "HTTP 500")],
    )
    data = summary.as_dict()
    assert data["feeds"] == {"polled": 4, "ok": 1, "not_modified": 1, "deferred": 1, "failed": 1}
    assert data["articles"] == {"new": 1, "skipped": 2, "failed": 1}
    assert data["event_ids"] == [1, 3]
    assert [p["what"] for p in data["problems"]] == ["c", "d", "z", "w"]


def test_credentials_never_reach_labels_or_reasons() -> None:
    url = "postgresql+psycopg://pw_user:hunter2@db.example:5432/ledger"
    assert pipeline.safe_label(url) == "postgresql+psycopg://***@db.example:5432/ledger"
    reason = pipeline.one_line(RuntimeError(f"cannot reach {url} nor https://u:p4ss@feeds.example/rss?key=abc"))
    assert "hunter2" not in reason and "p4ss" not in reason and "abc" not in reason
    assert pipeline.safe_label("/data/articles/one.txt") == "/data/articles/one.txt"
