"""Small helpers shared by the CLI modules: one rich console, output formats, one-line errors, the
ledger session of the read commands, and amounts worded as the alerts word them."""
from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pledgewatch.alerts.amounts import human_amount

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

console = Console()
err_console = Console(stderr=True)

# The --format option of the read commands (ledger, history, events, feeds status).
FORMATS = click.Choice(["table", "json", "csv"])


def error(message: str) -> None:
    """Print a one-line error to stderr (the message is escaped: a path like "[draft].txt" stays as is)."""
    err_console.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)


def print_table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    table = Table(title=title, show_lines=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*["" if v is None else str(v) for v in row])
    console.print(table)


def write_json_lines(records: Iterable[Mapping[str, Any]]) -> None:
    for rec in records:
        sys.stdout.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")


def write_csv(columns: Sequence[str], records: Iterable[Mapping[str, Any]]) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    for rec in records:
        writer.writerow({k: rec.get(k) for k in columns})
    sys.stdout.write(buf.getvalue())


def dump_json(data: Any) -> None:
    """One indented JSON document on stdout (dates as ISO strings)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


@contextmanager
def ledger_session() -> Iterator[Session]:
    """A session on the configured ledger (PLEDGEWATCH_DATABASE_URL, else config/pledgewatch.toml);
    a one-line error (no password) and exit 1 if it cannot be opened."""
    from sqlalchemy.engine import make_url

    from pledgewatch.db import open_ledger, session_factory
    from pledgewatch.settings import ConfigError, database_url

    try:
        url = database_url()
    except ConfigError as exc:
        error(str(exc))
        sys.exit(1)
    try:
        engine = open_ledger(url)
    except Exception as exc:  # noqa: BLE001 - any driver error becomes one line
        shown = make_url(url).render_as_string(hide_password=True) if "://" in url else "the database"
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        error(f"cannot open the ledger at {shown}: {first[:200]}")
        sys.exit(1)
    session = session_factory(engine)()
    try:
        yield session
    finally:
        session.close()
        engine.dispose()


# --- amounts and events in tables (JSON and CSV keep the exact numbers) ------------------------------


def amount_text(amount: float | None, currency: str | None = "CAD", qualifier: str | None = None) -> str:
    """'over C$2 billion' / 'C$835 million' for a table cell, worded as the alerts word it; "" for no
    sum. Ledger sums without a currency are Canadian dollars."""
    return human_amount(amount, currency or "CAD", qualifier)


def value_text(value: Any) -> str:
    """An event's before/after value for a table: amounts in words, the rest as is."""
    if isinstance(value, dict) and "amount" in value:
        return amount_text(value.get("amount"), value.get("currency"), value.get("qualifier"))
    return "" if value is None else str(value)


def event_change(event: Mapping[str, Any]) -> str:
    """What an event changed, in one cell: "amount: C$1 billion → C$2 billion", "sources 1 → 2"..."""
    kind, field = event["kind"], event.get("field")
    if kind == "CHANGED":
        return f"{field}: {value_text(event['before'])} → {value_text(event['after'])}"
    if kind == "CONFLICT":
        return f"{field} with #{(event['before'] or {}).get('pledge_id')}"
    if kind == "CORROBORATED":
        return f"sources {event['before']} → {event['after']}"
    return ""


def pledge_text(pledge: Mapping[str, Any] | None) -> str:
    """A pledge in a few words: "C$325 million military armoured vehicles"."""
    pledge = pledge or {}
    parts = (amount_text(pledge.get("amount"), pledge.get("currency"), pledge.get("qualifier")),
             pledge.get("category"), pledge.get("purpose"))
    return " ".join(str(x) for x in parts if x)
