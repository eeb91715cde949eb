"""`pledgewatch ledger`, `history` and `events` on a real database."""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from pledgewatch.cli import main
from pledgewatch.db import session_factory
from pledgewatch.ledger.ingest import ingest_article
from tests.ledger.factories import article, commit


@pytest.fixture
def filled(engine, engine_url, monkeypatch):  # type: ignore[no-untyped-def]
    """An empty ledger, and the CLI pointed at it."""
    monkeypatch.setenv("PLEDGEWATCH_DATABASE_URL", engine_url)
    return engine


def _fill(engine, seed_articles, gold) -> None:  # type: ignore[no-untyped-def]
    s = session_factory(engine)()
    for sid in sorted(seed_articles):
        ingest_article(s, seed_articles[sid], gold[sid], "seed", baseline=True)
    ingest_article(s, article(date="2025-09-10", url="https://news.example.org/winter"),
                   [commit("humanitarian", 3.3e7, "winter clothing", evidence="$33 million for winter clothing")], "feed")
    s.commit()
    s.close()


def test_ledger_json_carries_sources_and_conflicts(filled, seed_articles, gold) -> None:  # type: ignore[no-untyped-def]
    _fill(filled, seed_articles, gold)
    out = CliRunner().invoke(main, ["ledger", "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    pledges = data["pledges"]
    package = next(p for p in pledges if p["amount"] == 2e9)
    assert package["source_count"] == 3
    assert {s["source"][:9] for s in package["sources"]} == {"seeds/000", "seeds/002", "seeds/004"}
    assert all(s["evidence"] and s["published"] and s["article_id"] for s in package["sources"])
    flagged = [p for p in pledges if p["conflict"]]
    assert len(flagged) == 2 and all(p["conflicts"][0]["other_evidence"] for p in flagged)
    assert data["totals"]["total_cad"] < sum(p["amount_cad"] or 0 for p in pledges)


def test_ledger_table_and_csv(filled, seed_articles, gold) -> None:  # type: ignore[no-untyped-def]
    _fill(filled, seed_articles, gold)
    runner = CliRunner()
    table = runner.invoke(main, ["ledger"])
    out = runner.invoke(main, ["ledger", "--format", "csv"])
    assert out.exit_code == 0 and table.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.output)))
    assert f"Ledger: {len(rows)} pledges" in table.output and "2 in conflict" in table.output
    assert "CONFLICT" in table.output and "└" in table.output  # flagged pair, parts under their package
    troops = [r for r in rows if r["category"] == "troops"]
    assert len(troops) == 1 and troops[0]["status"] == "considering" and troops[0]["source_count"] == "4"
    assert {"id", "category", "amount", "currency", "qualifier", "purpose", "status", "source_count",
            "conflict"} <= set(rows[0])


def test_history_and_events(filled, seed_articles, gold) -> None:  # type: ignore[no-untyped-def]
    _fill(filled, seed_articles, gold)
    runner = CliRunner()
    ledger = json.loads(runner.invoke(main, ["ledger", "--format", "json"]).output)["pledges"]
    package = next(p for p in ledger if p["amount"] == 2e9)
    hist = runner.invoke(main, ["history", str(package["id"]), "--format", "json"])
    assert hist.exit_code == 0, hist.output
    kinds = [e["kind"] for e in json.loads(hist.output)]
    assert kinds == ["NEW", "CORROBORATED", "CORROBORATED"]

    missing = runner.invoke(main, ["history", "999999"])
    assert missing.exit_code == 1 and "no pledge with id 999999" in missing.output

    evs = json.loads(runner.invoke(main, ["events", "--format", "json", "--no-baseline"]).output)
    assert [(e["kind"], e["pledge"]["purpose"]) for e in evs] == [("NEW", "winter clothing")]
    assert evs[0]["source"]["url"] == "https://news.example.org/winter"
    assert json.loads(runner.invoke(main, ["events", "--since", "2999-01-01", "--format", "json"]).output) == []
    everything = json.loads(runner.invoke(main, ["events", "--since", "2000-01-01", "--format", "json"]).output)
    assert len(everything) > len(evs)
    bad = runner.invoke(main, ["events", "--since", "yesterday-ish"])
    assert bad.exit_code == 2 and "not an ISO date" in bad.output
    csv_out = runner.invoke(main, ["events", "--format", "csv", "--kind", "CONFLICT"])
    rows = list(csv.DictReader(io.StringIO(csv_out.output)))
    assert [r["kind"] for r in rows] == ["CONFLICT"]


def test_unreachable_database_is_one_line_without_password(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PLEDGEWATCH_DATABASE_URL", "postgresql+psycopg://spy:s3cr3t-token@127.0.0.1:9/ledger")
    out = CliRunner().invoke(main, ["ledger"])
    assert out.exit_code == 1
    assert "s3cr3t-token" not in out.output
    assert "cannot open the ledger" in out.output


def test_database_url_comes_from_config_unless_the_environment_overrides_it(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    config = tmp_path / "config"
    config.mkdir()
    from_config = tmp_path / "from-config.db"
    (config / "pledgewatch.toml").write_text(f'[database]\nurl = "sqlite:///{from_config}"\n')
    monkeypatch.setenv("PLEDGEWATCH_CONFIG_DIR", str(config))
    monkeypatch.delenv("PLEDGEWATCH_DATABASE_URL", raising=False)
    out = CliRunner().invoke(main, ["ledger", "--format", "json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["pledges"] == [] and from_config.exists()

    from_env = tmp_path / "from-env.db"
    monkeypatch.setenv("PLEDGEWATCH_DATABASE_URL", f"sqlite:///{from_env}")
    assert CliRunner().invoke(main, ["events", "--format", "json"]).exit_code == 0
    assert from_env.exists()


TRANCHE_TEXT = ("Officials met in Kyiv on Monday. Ukraine had received $1.7 billion under the ERA loan scheme, "
                "marking the first tranche of Canada's commitment of 5 billion Canadian dollars to the program.")
AMMO_URL = "https://news.example.org/2025/08/canada-ammunition"


def _span(phrase: str) -> tuple[int, int]:
    start = TRANCHE_TEXT.index(phrase)
    return start, start + len(phrase)


def _cells(table: str) -> dict[str, list[str]]:
    """The rows of a rich table by their first cell (one line per row on a wide terminal)."""
    rows = [[c.strip() for c in line.split("│")[1:-1]] for line in table.splitlines() if line.count("│") > 2]
    return {r[0]: r for r in rows if r[0]}


def test_tables_word_amounts_as_alerts_do_and_show_the_delivered_part(filled) -> None:  # type: ignore[no-untyped-def]
    from pledgewatch.alerts.amounts import human_amount

    s = session_factory(filled)()
    ingest_article(s, article(TRANCHE_TEXT), [
        commit("financial", 1.7e9, "ERA loan", status="delivered", currency=None,
               span=_span("Ukraine had received $1.7 billion under the ERA loan scheme")),
        commit("financial", 5e9, "ERA loan", span=_span("Canada's commitment of 5 billion Canadian dollars")),
    ], "feed")
    ingest_article(s, article("Canada gives $800 million for ammunition.", url=AMMO_URL),
                   [commit(amount=8e8, purpose="ammunition", evidence="$800 million for ammunition")], "feed")
    ingest_article(s, article("Correction: Canada gives $835 million for ammunition.", url=AMMO_URL),
                   [commit(amount=8.35e8, purpose="ammunition", evidence="$835 million for ammunition")], "feed")
    s.commit()
    s.close()
    runner = CliRunner(env={"COLUMNS": "250"})  # rich's table width

    table = runner.invoke(main, ["ledger"])
    assert table.exit_code == 0, table.output
    header = next(line for line in table.output.splitlines() if "┃ id" in line)
    assert [c.strip() for c in header.split("┃")[1:6]] == ["id", "category", "amount", "delivered", "purpose"]
    pledges = {p["amount"]: p for p in json.loads(runner.invoke(main, ["ledger", "--format", "json"]).output)["pledges"]}
    rows = _cells(table.output)
    package, tranche, ammo = (rows[str(pledges[a]["id"])] for a in (5e9, 1.7e9, 8.35e8))
    assert package[2:4] == ["C$5 billion", "C$1.7 billion"] == [human_amount(5e9, "CAD"), human_amount(1.7e9, "CAD")]
    assert tranche[2:4] == ["C$1.7 billion", ""] and tranche[4] == "└ ERA loan"
    assert ammo[2:4] == ["C$835 million", ""]
    assert "C$5.83 billion counted once" in table.output  # C$5 billion + C$835 million; the tranche is inside
    # Machine output keeps exact numbers and its columns.
    assert pledges[5e9]["delivered_cad"] == 1.7e9 and pledges[8.35e8]["delivered_cad"] is None
    csv_rows = list(csv.DictReader(io.StringIO(runner.invoke(main, ["ledger", "--format", "csv"]).output)))
    assert list(csv_rows[0]) == ["id", "parent_id", "category", "amount", "currency", "qualifier", "purpose",
                                 "status", "source_count", "conflict"]
    assert {r["amount"] for r in csv_rows} == {"5000000000.0", "1700000000.0", "835000000.0"}

    events = runner.invoke(main, ["events", "--kind", "CHANGED"])
    assert events.exit_code == 0, events.output
    assert "amount: C$800 million → C$835 million" in events.output
    history = runner.invoke(main, ["history", str(pledges[8.35e8]["id"])])
    assert "amount: C$800 million → C$835 million" in history.output
