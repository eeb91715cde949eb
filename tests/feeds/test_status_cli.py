"""`pledgewatch feeds status`: feeds polled against the local test server, then shown by the command."""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from pledgewatch.cli import main
from pledgewatch.db import session_factory
from pledgewatch.feeds.config import FeedConfig, load_feeds
from pledgewatch.feeds.items import select_new
from pledgewatch.feeds.poll import poll_feed
from tests.feeds.server import rss_xml

SECRETS = ("pa55word-x", "s3cr3t-tok", "reader")


@pytest.fixture
def cli_db(engine, monkeypatch):  # type: ignore[no-untyped-def]
    """The migrated test database (SQLite, then PostgreSQL), and the CLI pointed at it."""
    monkeypatch.setenv("PLEDGEWATCH_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    return engine


def _feeds_toml(path: Path, feeds: dict[str, str]) -> Path:
    path.write_text("".join(f'[[feed]]\nname = "{name}"\nurl = "{url}"\n\n' for name, url in feeds.items()))
    return path


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, ["feeds", *args], env={"COLUMNS": "250"})  # rich's table width
    assert result.exit_code == 0, result.output
    return result.output


def test_fresh_database_lists_the_configured_feeds_as_never_polled(cli_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    feeds_file = _feeds_toml(tmp_path / "feeds.toml", {"one": "https://one.example/rss", "two": "https://two.example/atom"})
    table = _run("status", "--feeds", str(feeds_file))
    assert "Feeds: 2, 0 failing, 2 never polled" in table
    assert table.count("never polled") == 3  # the title and both rows
    assert "https://one.example/rss" in table and "due now" in table
    data = json.loads(_run("status", "--feeds", str(feeds_file), "--json"))
    assert [(r["name"], r["state"], r["last_polled_at"], r["items_seen"]) for r in data] == [
        ("one", "never polled", None, 0), ("two", "never polled", None, 0)]


def test_the_shipped_feeds_are_listed_by_a_bare_feeds_command(cli_db) -> None:  # type: ignore[no-untyped-def]
    shipped = load_feeds()  # config/feeds.toml
    table = _run()
    assert f"Feeds: {len(shipped)}, 0 failing, {len(shipped)} never polled" in table
    assert all(f.name in table for f in shipped)
    assert "?…" in table and "dept=" not in table  # query strings are not shown


def test_polled_feeds_show_result_items_back_off_and_no_credentials(cli_db, server, client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    server.feed("/rss", rss_xml([
        {"title": "Ukraine aid", "link": "http://n.test/1", "guid": "urn:1"},
        {"title": "Weather", "link": "http://n.test/2", "guid": "urn:2"},
        {"title": "Ukraine drones", "link": "http://n.test/3", "guid": "urn:3"},
    ]))
    server.feed("/private?token=s3cr3t-tok", rss_xml([{"title": "Kyiv", "link": "http://n.test/4", "guid": "urn:4"}]))
    server.status("/down", 500)
    server.feed("/old", rss_xml([{"title": "Old news", "link": "http://n.test/5", "guid": "urn:5"}]))
    private = server.url("/private?token=s3cr3t-tok").replace("http://", "http://reader:pa55word-x@")
    feeds = {"good": server.url("/rss"), "private": private, "down": server.url("/down")}
    session = session_factory(cli_db)()
    configs = [FeedConfig("good", feeds["good"], keywords=(("ukrain",),)), FeedConfig("private", private),
               FeedConfig("down", feeds["down"]), FeedConfig("retired", server.url("/old"))]
    for feed in configs:  # the real clock: back-off ends in the future
        select_new(session, feed, poll_feed(session, feed, client).items)
    session.commit()
    session.close()
    feeds_file = _feeds_toml(tmp_path / "feeds.toml", {**feeds, "fresh": server.url("/fresh")})

    table = _run("status", "--feeds", str(feeds_file))
    assert "Feeds: 5, 1 failing, 1 never polled" in table
    lines = {line.split("│")[1].strip(): line for line in table.splitlines() if line.count("│") > 3}
    assert "ok (HTTP 200)" in lines["good"] and "3 (2 new, 1 filtered)" in lines["good"]
    assert "failed (1× in a row): HTTP 500" in lines["down"] and "backing off until" in lines["down"]
    assert "never polled" in lines["fresh"] and "due now" in lines["fresh"]
    assert "not polled (not in config)" in lines["retired (not in config)"]
    assert f"{server.base_url}/private?…" in lines["private"]
    today = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    assert today in lines["good"] and today in lines["down"]

    data = {r["name"]: r for r in json.loads(_run("status", "--feeds", str(feeds_file), "--format", "json"))}
    assert data["good"]["items"] == {"new": 2, "filtered": 1} and data["good"]["last_status"] == 200
    assert data["down"]["state"] == "failing" and data["down"]["consecutive_errors"] == 1
    assert data["down"]["next_poll_at"] > data["down"]["last_polled_at"]
    assert data["retired"]["configured"] is False and data["fresh"]["state"] == "never polled"

    csv_out = _run("status", "--feeds", str(feeds_file), "--format", "csv")
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(csv_out))}
    assert (rows["good"]["items_seen"], rows["good"]["items_new"], rows["good"]["items_filtered"]) == ("3", "2", "1")
    assert rows["private"]["url"] == f"{server.base_url}/private?…"

    for out in (table, csv_out, json.dumps(data)):
        assert not any(secret in out for secret in SECRETS)


def test_a_bad_feeds_file_is_one_line_and_exit_2(cli_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "feeds.toml"
    bad.write_text('[[feed]]\nname = "x"\nurl = "ftp://nope"\n')
    result = CliRunner().invoke(main, ["feeds", "status", "--feeds", str(bad)])
    assert result.exit_code == 2 and "must be an http(s) URL" in result.output and "Traceback" not in result.output
