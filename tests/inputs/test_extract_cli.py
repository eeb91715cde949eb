"""`pledgewatch extract`: output per input, one-line errors, exit code, no database."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from rich.console import Console

from extractors.commitments import extract_commitments
from extractors.model import Article, Commitment
from pledgewatch.cli import main
from pledgewatch.cli.extract import JSON_FIELDS, amount_cell, render
from pledgewatch.inputs import load_input
from tests.inputs.conftest import PAGES_DIR

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_4f323d1dee46f2ef.txt"
GOOD_HTML = PAGES_DIR / "ottawa_military_aid.html"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["extract", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_json_lines_match_the_extractor(tmp_path: Path) -> None:
    code, out, err = run("--json", str(SEED))
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    expected = extract_commitments(load_input(str(SEED)).text)
    assert expected, "the seed article states commitments"
    assert len(records) == len(expected)
    for rec, com in zip(records, expected):
        assert list(rec) == ["source", *JSON_FIELDS]
        assert rec["source"] == str(SEED)
        assert rec["amount"] == com.amount and rec["span"] == list(com.span) and rec["evidence"] == com.evidence


def test_good_and_bad_inputs_exit_1_after_processing_all(http_server: str, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blob = tmp_path / "blob.html"
    blob.write_bytes(bytes(range(256)) * 8)
    missing = tmp_path / "missing.txt"
    code, out, err = run(
        "--json", str(missing), str(empty), str(SEED), str(blob), f"{http_server}/doc.pdf",
        f"{http_server}/article.html", "--timeout", "5",
    )
    assert code == 1
    sources = {json.loads(line)["source"] for line in out.splitlines()}
    assert sources == {str(SEED), f"{http_server}/article.html"}  # both good inputs, one before and one after errors
    lines = err.strip().splitlines()
    assert lines == [
        f"error: {missing}: no such file",
        f"error: {empty}: empty file",
        f"error: {blob}: binary content (text/html), not an article",
        f"error: {http_server}/doc.pdf: PDF, not an HTML article",
    ]


def test_unreachable_url_and_secret_free_errors(closed_port_url: str) -> None:
    secret = closed_port_url.replace("http://", "http://ann:pa55word@") + "?token=abc123secret"
    code, out, err = run(secret, str(SEED))
    assert code == 1
    assert "C$" in out  # the seed still printed its table
    assert "could not connect" in err
    assert "pa55word" not in err and "abc123secret" not in err and "ann" not in err
    assert len(err.strip().splitlines()) == 1


def test_table_output_is_readable() -> None:
    code, out, err = run(str(GOOD_HTML))
    assert code == 0, err
    assert "C$500 million" in out and "C$2.3 billion" in out  # amounts are never split over lines
    out = " ".join(out.split())  # the title may wrap on a narrow terminal
    assert "Ottawa adds $500 million in military aid for Ukraine" in out  # article title over the table
    assert "The Northern Ledger" in out and "2025-06-17" in out
    for header in ("category", "amount", "status"):
        assert header in out
    assert "[1] " in out  # CliRunner's console is 80 columns: evidence listed under the table


def test_article_without_commitments_says_so(tmp_path: Path) -> None:
    path = tmp_path / "weather.txt"
    path.write_text("Rain is expected in Winnipeg on Tuesday, with sun returning by the weekend.", encoding="utf-8")
    code, out, _ = run(str(path))
    assert code == 0
    assert "no commitments found" in out
    code, out, _ = run("--json", str(path))
    assert code == 0 and out == ""


def _shown(width: int, article: Article, commitments: list[Commitment]) -> str:
    console = Console(record=True, width=width)
    for item in render(article.source, article, commitments, width):
        console.print(item)
    return console.export_text()


def test_amount_cell_and_running_total_mark() -> None:
    base = {"category": "financial", "purpose": "budget", "status": "pledged", "evidence": "e", "span": (0, 1)}
    assert amount_cell(Commitment(amount=1e9, currency="CAD", alt_amount=7.3e8, alt_currency="USD", **base)) == (
        "C$1 billion\n(US$730 million)"
    )
    assert amount_cell(Commitment(amount=2.3e9, currency="CAD", **base)) == "C$2.3 billion"
    assert amount_cell(Commitment(amount=None, **base)) == ""
    total = Commitment(amount=1.95e10, currency="CAD", qualifier="over", running_total=True, **base)
    assert amount_cell(total) == "Σ C$19.5 billion"

    article = Article(text="x", source="a.txt", title="Aid [update]")
    shown = _shown(160, article, [Commitment(amount=5e8, currency="CAD", **base), total])
    assert "Σ C$19.5 billion" in shown
    assert "Σ running total: a cumulative figure, not a new pledge" in shown
    assert "Aid [update]" in shown  # markup-like text is printed literally
    assert "over" in shown  # the qualifier column appears when a row has one
    assert "quantity/item" not in shown  # an optional column empty in every row is left out


def test_evidence_in_table_when_wide_and_listed_below_when_narrow() -> None:
    evidence = "Canada will provide $30 million for demining in the Kharkiv region, the minister said."
    c = Commitment(category="humanitarian", purpose="demining", status="pledged", evidence=evidence,
                   span=(0, len(evidence)), amount=3e7, currency="CAD", quantity=4, item="demining machines")
    article = Article(text=evidence, source="https://news.example/a?token=zzsecret", site="Prairie Wire")
    for width in (80, 160):
        shown = _shown(width, article, [c])
        assert "zzsecret" not in shown and "https://news.example/a?…" in shown
        assert "4 demining machines" in " ".join(shown.split())
        assert max(len(line) for line in shown.splitlines()) <= width  # nothing cropped
        flat = " ".join(shown.replace("│", " ").split())
        if width == 80:
            assert f"[1] {evidence}" in flat
        else:
            assert "evidence" in shown and "[1]" not in shown
            assert "Kharkiv" in shown


def test_no_database_is_touched(tmp_path: Path) -> None:
    db_file = tmp_path / "should-not-exist.db"
    env = {**os.environ, "PLEDGEWATCH_DATABASE_URL": f"sqlite:///{db_file}"}
    code = (
        "import sys; from pledgewatch.cli import main\n"
        "try:\n    main(['extract', '--json', sys.argv[1]])\n"
        "except SystemExit as e:\n    rc = e.code\n"
        "bad = [m for m in ('pledgewatch.db', 'sqlalchemy', 'prefect') if m in sys.modules]\n"
        "print('LOADED', bad, file=sys.stderr); sys.exit(rc)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(SEED)], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert "LOADED []" in proc.stderr
    assert not db_file.exists()
    assert proc.stdout.strip()


def test_broken_lexicon_is_one_error_line_and_exit_2(tmp_path: Path, monkeypatch) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "lexicon.toml").write_text('[actors]\ncanada = ["Canada", \n', encoding="utf-8")  # unclosed list
    monkeypatch.setenv("PLEDGEWATCH_CONFIG_DIR", str(config))
    code, out, err = run("--json", str(SEED), str(GOOD_HTML))
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ") and "lexicon.toml" in lines[0] and "Traceback" not in err

    (config / "lexicon.toml").unlink()  # a missing file is the same kind of error
    code, _, err = run(str(SEED))
    assert code == 2 and len(err.strip().splitlines()) == 1 and err.startswith("error: ")


def test_binary_behind_a_utf16_bom_is_an_error_and_wide_text_is_read(tmp_path: Path) -> None:
    blobs = []
    for bom in (b"\xff\xfe", b"\xfe\xff"):
        for suffix in (".txt", ".html"):
            blob = tmp_path / f"x{len(blobs)}{suffix}"
            blob.write_bytes(bom + b"\x00\x01bin")
            blobs.append(blob)
    wide = tmp_path / "wide.txt"
    wide.write_bytes(SEED.read_text(encoding="utf-8").encode("utf-16"))
    code, out, err = run("--json", *map(str, blobs), str(wide))
    assert code == 1
    assert {json.loads(line)["source"] for line in out.splitlines()} == {str(wide)}  # the UTF-16 seed still read
    assert err.strip().splitlines() == [
        f"error: {blob}: binary content ({'text/plain' if blob.suffix == '.txt' else 'text/html'}), not an article"
        for blob in blobs
    ]
    code, out, err = run(str(blobs[0]))
    assert code != 0 and out == "" and err.strip().count("\n") == 0
