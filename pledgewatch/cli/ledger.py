"""`pledgewatch ledger`, `history` and `events`: reading the ledger from the command line."""
from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone
from typing import Any

import click
from sqlalchemy.orm import Session

from pledgewatch.cli._common import error, print_table, write_csv

FORMATS = click.Choice(["table", "json", "csv"])


@contextmanager
def _ledger_session() -> Iterator[Session]:
    """A read session on the configured ledger; a one-line error (no password) and exit 1 if it fails."""
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


def money(amount: float | None, currency: str | None, qualifier: str | None = None) -> str:
    """'over C$2 billion' / 'C$835 million' text for a table cell (JSON and CSV keep the exact number)."""
    if amount is None:
        return ""
    symbol = {"CAD": "C$", "USD": "US$", "EUR": "€"}.get(currency or "CAD", f"{currency} ")
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if abs(amount) >= size:
            text = f"{symbol}{amount / size:,.3f}".rstrip("0").rstrip(".") + f" {word}"
            break
    else:
        text = f"{symbol}{amount:,.0f}"
    return f"{qualifier} {text}" if qualifier else text


def _dump(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _tree_order(pledges: list[dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    """Packages followed by their parts (depth, pledge), so a table reads like the package's breakdown."""
    by_parent: dict[int | None, list[dict[str, Any]]] = {}
    ids = {p["id"] for p in pledges}
    for p in pledges:
        parent = p["parent_id"] if p["parent_id"] in ids else None
        by_parent.setdefault(parent, []).append(p)
    out: list[tuple[int, dict[str, Any]]] = []

    def walk(parent: int | None, depth: int) -> None:
        for p in by_parent.get(parent, []):
            out.append((depth, p))
            walk(p["id"], depth + 1)

    walk(None, 0)
    return out


LEDGER_COLUMNS = ["id", "parent_id", "category", "amount", "currency", "qualifier", "purpose", "status",
                  "source_count", "conflict"]


@click.command()
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True, help="Output format.")
def ledger(fmt: str) -> None:
    """Every pledge: category, sum, purpose, status, number of sources and conflict flag.

    Parts of a package are listed under it; totals count each sum once. JSON adds every source
    (article, URL or seed file, date, evidence) and every conflict.
    """
    from pledgewatch.ledger.queries import ledger_totals, list_pledges

    with _ledger_session() as session:
        pledges = list_pledges(session)
    totals = ledger_totals(pledges)
    if fmt == "json":
        _dump({"pledges": pledges, "totals": totals})
        return
    if fmt == "csv":
        write_csv(LEDGER_COLUMNS, pledges)
        return
    rows = []
    for depth, p in _tree_order(pledges):
        purpose = ("  " * depth + "└ " if depth else "") + p["purpose"]
        flag = "CONFLICT " + ",".join(f"#{c['other_pledge_id']}" for c in p["conflicts"]) if p["conflict"] else ""
        rows.append((p["id"], p["category"], money(p["amount"], p["currency"], p["qualifier"]), purpose,
                     p["status"], p["source_count"], flag))
    print_table(
        f"Ledger: {len(pledges)} pledges, {money(totals['total_cad'], 'CAD') or 'C$0'} counted once, "
        f"{totals['conflicts']} in conflict",
        ["id", "category", "amount", "purpose", "status", "sources", "conflict"], rows,
    )


def _event_rows(events: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    rows = []
    for e in events:
        change = ""
        if e["kind"] == "CHANGED":
            change = f"{e['field']}: {_short(e['before'])} → {_short(e['after'])}"
        elif e["kind"] == "CONFLICT":
            change = f"{e['field']} with #{(e['before'] or {}).get('pledge_id')}"
        elif e["kind"] == "CORROBORATED":
            change = f"sources {e['before']} → {e['after']}"
        src = e["source"]
        rows.append((e["id"], (e["created_at"] or "")[:19], e["kind"] + (" (baseline)" if e["baseline"] else ""),
                     e["pledge_id"], change, e["evidence"] or "", src["url"] or src["source"] or ""))
    return rows


def _short(value: Any) -> str:
    if isinstance(value, dict) and "amount" in value:
        return money(value.get("amount"), value.get("currency"), value.get("qualifier"))
    return "" if value is None else str(value)


EVENT_COLUMNS = ["id", "created_at", "kind", "baseline", "pledge_id", "field", "before", "after", "evidence",
                 "article_id", "source"]


def _flat_events(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**e, "before": json.dumps(e["before"], ensure_ascii=False) if e["before"] is not None else "",
             "after": json.dumps(e["after"], ensure_ascii=False) if e["after"] is not None else "",
             "article_id": e["source"]["article_id"], "source": e["source"]["url"] or e["source"]["source"]}
            for e in events]


def _print_events(title: str, events: list[dict[str, Any]], fmt: str) -> None:
    if fmt == "json":
        _dump(events)
    elif fmt == "csv":
        write_csv(EVENT_COLUMNS, _flat_events(events))
    else:
        print_table(title, ["id", "when (UTC)", "kind", "pledge", "change", "evidence", "source"], _event_rows(events))


@click.command()
@click.argument("pledge_id", type=int)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True, help="Output format.")
def history(pledge_id: int, fmt: str) -> None:
    """The events of one pledge, oldest first, with the evidence that caused each."""
    from pledgewatch.ledger.queries import pledge_history

    with _ledger_session() as session:
        try:
            events = pledge_history(session, pledge_id)
        except LookupError as exc:
            error(str(exc))
            sys.exit(1)
    _print_events(f"History of pledge #{pledge_id}", events, fmt)


def parse_since(value: str | None) -> datetime | None:
    """An ISO date (midnight UTC) or datetime (UTC when no offset is given)."""
    if value is None:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            d = date.fromisoformat(value)
        except ValueError:
            raise click.BadParameter(f"not an ISO date or datetime: {value!r}") from None
        when = datetime(d.year, d.month, d.day)
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when.astimezone(timezone.utc)


@click.command()
@click.option("--since", default=None, metavar="DATE", help="Only events recorded on or after this ISO date/time (UTC).")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(["NEW", "CHANGED", "CONFLICT", "CORROBORATED"]),
              help="Only these kinds (repeatable).")
@click.option("--no-baseline", is_flag=True, help="Leave out the events of the first (baseline) ingest.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True, help="Output format.")
def events(since: str | None, kinds: tuple[str, ...], no_baseline: bool, fmt: str) -> None:
    """Ledger events (NEW, CHANGED, CONFLICT, CORROBORATED), oldest first."""
    from pledgewatch.ledger.queries import list_events

    when = parse_since(since)
    with _ledger_session() as session:
        found = list_events(session, since=when, include_baseline=not no_baseline, kinds=kinds or None)
    _print_events(f"{len(found)} events" + (f" since {when.isoformat()}" if when else ""), found, fmt)
