"""The `run` and `backfill` commands, in-process under the Prefect test server."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from pledgewatch import pipeline
from pledgewatch.cli import main
from pledgewatch.db import session_scope
from tests.feeds.server import FeedServer, article_html, rss_xml
from tests.flows.articles import AMBULANCES, ARMOURED
from tests.flows.conftest import write_feeds
from tests.flows.receiver import AlertReceiver


def _origins(url: str) -> dict[str, str]:
    from pledgewatch.ledger.models import ArticleRow

    with session_scope(pipeline.ledger_engine(url)) as s:
        return {row.source: row.origin for row in s.scalars(select(ArticleRow))}


@pytest.mark.slow
def test_backfill_command_stores_good_inputs_and_names_bad_ones(
    prefect_harness: None, receiver: AlertReceiver, sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLEDGEWATCH_DATABASE_URL", sqlite_url)
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "armoured.txt").write_text("\n\n".join(ARMOURED), encoding="utf-8")
    (folder / "ambulances.html").write_text(article_html("Ambulances", AMBULANCES), encoding="utf-8")
    (folder / "notes.bin").write_bytes(b"ignored: not a text or HTML suffix")
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    missing = tmp_path / "missing.txt"

    args = ["backfill", "--json", str(folder), str(tmp_path / "empty.txt"), str(tmp_path / "photo.txt"), str(missing)]
    result = CliRunner().invoke(main, args)

    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["articles"] == {"new": 2, "skipped": 0, "failed": 3}
    problems = {Path(p["what"]).name: p["reason"] for p in summary["problems"]}
    assert set(problems) == {"empty.txt", "photo.txt", "missing.txt"}
    assert all(reason and "\n" not in reason for reason in problems.values())
    origins = _origins(sqlite_url)
    assert sorted(Path(s).name for s, o in origins.items() if o == "backfill") == ["ambulances.html", "armoured.txt"]
    # Backfilled pledges are news: each NEW event is alerted once.
    assert summary["alerts"]["sent"] == len(receiver.snapshot()) >= 2

    again = CliRunner().invoke(main, ["backfill", "--json", str(folder)])
    assert json.loads(again.stdout.strip().splitlines()[-1])["articles"] == {"new": 0, "skipped": 2, "failed": 0}


def test_backfill_with_only_bad_inputs_exits_non_zero(
    prefect_harness: None, sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLEDGEWATCH_DATABASE_URL", sqlite_url)
    result = CliRunner().invoke(main, ["backfill", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert "nope.txt" in result.output


@pytest.mark.slow
def test_run_command_prints_summary_and_new_events(
    prefect_harness: None, feed_server: FeedServer, receiver: AlertReceiver, sqlite_url: str, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PLEDGEWATCH_DATABASE_URL", sqlite_url)
    feed_server.feed("/news.rss", rss_xml([{"title": "Armoured vehicles", "link": feed_server.url("/a"), "guid": "a"}]))
    feed_server.page("/a", article_html("Armoured vehicles", ARMOURED))
    feeds_file = write_feeds(tmp_path / "feeds.toml", {"local news": feed_server.url("/news.rss"),
                                                      "gone": "http://127.0.0.1:9/feed.rss"})

    result = CliRunner().invoke(main, ["run", "--feeds", str(feeds_file), "--timeout", "3"], terminal_width=200)

    assert result.exit_code == 0, result.output
    out = result.output
    assert "5 ingested as baseline" in out
    assert "2 polled: 1 ok" in out and "1 failed" in out
    assert "gone" in out and "could not connect" in out  # the problem and its reason
    assert "New events" in out and "NEW" in out and "325" in out
    assert "C$325 million" in out and "CAD 325,000,000" not in out  # worded as the alert words it
    assert len(receiver.snapshot()) == 1
    # Prefect stores and shows flow parameters: the database URL (it may hold a password) is not one.
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        runs = [r for r in client.read_flow_runs() if r.parameters.get("feeds_file") == str(feeds_file)]
    assert len(runs) == 1 and runs[0].parameters.get("database_url") is None


def test_an_unreachable_ledger_is_one_line_without_its_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLEDGEWATCH_DATABASE_URL", "postgresql+psycopg://pw:hunter2@127.0.0.1:9/ledger")
    for args in (["run"], ["backfill", "anything.txt"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1
        assert "cannot open the ledger at postgresql+psycopg://***@127.0.0.1:9/ledger" in result.output
        assert "hunter2" not in result.output and "Traceback" not in result.output


def test_the_event_table_of_run_and_backfill_words_amounts_as_the_alerts_do(
    sqlite_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from pledgewatch.alerts.amounts import human_amount
    from pledgewatch.cli.run import _print_events
    from pledgewatch.ledger.ingest import ingest_article
    from tests.ledger.factories import article, commit

    monkeypatch.setenv("COLUMNS", "250")  # rich's table width
    url = "https://news.example.org/armoured"
    with session_scope(pipeline.ledger_engine(sqlite_url)) as s:
        seed = ingest_article(s, article("Canada gives $2 billion in military aid."),
                              [commit(amount=2e9, purpose="military aid")], "seed", baseline=True)
        first = ingest_article(s, article("Canada gives $300 million for armoured vehicles.", url=url),
                               [commit(amount=3e8, purpose="armoured vehicles", qualifier="over")], "feed")
        fixed = ingest_article(s, article("Correction: Canada gives $325 million for armoured vehicles.", url=url),
                               [commit(amount=3.25e8, purpose="armoured vehicles")], "feed")
    _print_events(sqlite_url, [*seed.event_ids, *first.event_ids, *fixed.event_ids])
    out = capsys.readouterr().out
    assert "New events" in out
    rows = [line for line in out.splitlines() if "#2 " in line]
    assert [r.split("│")[2].strip() for r in rows] == ["NEW", "CHANGED"]
    assert all(f"#2 {human_amount(3.25e8, 'CAD')} military armoured vehicles" in r for r in rows)
    assert "amount: over C$300 million → C$325 million" in out
    assert "military aid" not in out  # baseline events are the starting point, not news
    assert "CAD 3" not in out and "325,000,000" not in out
