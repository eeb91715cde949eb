"""`pledgewatch ledger`, `history` and `events`: reading the ledger from the command line."""
from __future__ import annotations

import json
import sys
from datetime import date, datetime, timezone
from typing import Any

import click

from pledgewatch.cli._common import FORMATS, amount_text, error, event_change, print_table, write_csv
from pledgewatch.cli._common import dump_json as _dump
from pledgewatch.cli._common import ledger_session as _ledger_session

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
    """Every pledge: category, sum, delivered part, purpose, status, number of sources and conflict flag.

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
        delivered = amount_text(p["delivered_cad"], "CAD") if p.get("delivered_cad") else ""
        rows.append((p["id"], p["category"], amount_text(p["amount"], p["currency"], p["qualifier"]), delivered,
                     purpose, p["status"], p["source_count"], flag))
    print_table(
        f"Ledger: {len(pledges)} pledges, {amount_text(totals['total_cad'], 'CAD') or 'C$0'} counted once, "
        f"{totals['conflicts']} in conflict",
        ["id", "category", "amount", "delivered", "purpose", "status", "sources", "conflict"], rows,
    )


def _event_rows(events: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    rows = []
    for e in events:
        change = event_change(e)
        src = e["source"]
        rows.append((e["id"], (e["created_at"] or "")[:19], e["kind"] + (" (baseline)" if e["baseline"] else ""),
                     e["pledge_id"], change, e["evidence"] or "", src["url"] or src["source"] or ""))
    return rows


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
