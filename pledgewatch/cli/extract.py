"""`pledgewatch extract`: show the commitments stated in articles (files or URLs), touching no database.

Each input is handled on its own: a missing file, a binary body or an unreachable URL prints one
`error: <source>: <reason>` line on stderr and the next input is processed; the exit status is 1 at
the end if any input failed.
"""
from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import click
import httpx
from rich.markup import escape
from rich.table import Table

from extractors.commitments import extract_commitments
from extractors.model import Article, Commitment
from pledgewatch.alerts.amounts import human_amount, in_kind
from pledgewatch.cli._common import console, error, write_json_lines
from pledgewatch.fetch import DEFAULT_TIMEOUT, make_client, redact_url
from pledgewatch.inputs import InputError, is_url, load_input

# The --json record: `source` first, then the Commitment fields in a fixed order.
JSON_FIELDS = (
    "donor", "recipient", "category", "amount", "currency", "qualifier", "purpose", "status",
    "evidence", "span", "quantity", "item", "alt_amount", "alt_currency", "running_total",
)
EVIDENCE_WIDTH = 160
RUNNING_TOTAL_MARK = "Σ"


def shown_source(source: str) -> str:
    """The input as it may be printed: a URL loses its user, password and query string."""
    return redact_url(source) if is_url(source) else source


def json_record(source: str, commitment: Commitment) -> dict[str, Any]:
    data = commitment.to_dict()
    return {"source": source, **{name: data.get(name) for name in JSON_FIELDS}}


def amount_cell(c: Commitment) -> str:
    """"C$1 billion (US$730 million)", with the running-total mark when the figure is cumulative."""
    text = human_amount(c.amount, c.currency)
    if c.alt_amount is not None:
        text = f"{text} ({human_amount(c.alt_amount, c.alt_currency)})".strip()
    if c.running_total:
        text = f"{RUNNING_TOTAL_MARK} {text} (running total)"
    return text


def _shorten(text: str, width: int = EVIDENCE_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _table(source: str, article: Article, commitments: Sequence[Commitment]) -> Table:
    about = " · ".join(escape(x) for x in (article.title, article.site, article.date) if x)
    title = f"[bold]{escape(shown_source(source))}[/]" + (f"\n{about}" if about else "")
    table = Table(title=title, title_justify="left", show_lines=True)
    # (header, cell of one commitment, always shown, column options). Optional columns that are empty
    # for every row are left out, so that the evidence keeps room on an 80-column terminal.
    columns: list[tuple[str, Any, bool, dict[str, Any]]] = [
        ("#", None, True, {"justify": "right", "no_wrap": True}),
        ("category", lambda c: c.category, True, {"no_wrap": True}),
        ("amount", amount_cell, True, {"justify": "right", "max_width": 34}),
        ("qualifier", lambda c: c.qualifier or "", False, {"no_wrap": True}),
        ("purpose", lambda c: c.purpose or "", False, {"max_width": 24}),
        ("status", lambda c: c.status, True, {"no_wrap": True}),
        ("quantity/item", lambda c: in_kind(c.quantity, c.item), False, {"max_width": 20}),
        ("evidence", lambda c: _shorten(c.evidence), True, {"min_width": 30, "ratio": 1}),
    ]
    shown = [col for col in columns if col[2] or any(col[1](c) for c in commitments)]
    for name, _cell, _always, opts in shown:
        table.add_column(name, **opts)
    for n, c in enumerate(commitments, 1):
        cells = [str(n) if cell is None else escape(str(cell(c))) for _name, cell, _a, _o in shown]
        table.add_row(*cells, style="dim italic" if c.running_total else None)
    if any(c.running_total for c in commitments):
        table.caption = f"{RUNNING_TOTAL_MARK} running total: a cumulative figure, not a new pledge"
    return table


def _print_result(source: str, article: Article, commitments: list[Commitment], as_json: bool) -> None:
    if as_json:
        write_json_lines(json_record(source, c) for c in commitments)
        sys.stdout.flush()
        return
    if commitments:
        console.print(_table(source, article, commitments))
    else:
        console.print(f"[bold]{escape(shown_source(source))}[/]: no commitments found", highlight=False, soft_wrap=True)


@click.command("extract")
@click.argument("inputs", nargs=-1, required=True, metavar="PATH_OR_URL...")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per commitment and line, with `source`.")
@click.option(
    "--timeout", type=click.FloatRange(min=0.1), default=DEFAULT_TIMEOUT, show_default=True,
    help="Seconds allowed for fetching each URL (whole download).",
)
@click.pass_context
def extract(ctx: click.Context, inputs: tuple[str, ...], as_json: bool, timeout: float) -> None:
    """Print the Canada→Ukraine commitments stated in each article (.txt, .html, or an http(s) URL).

    Nothing is written to the ledger.
    """
    failed = 0
    client: httpx.Client | None = None
    try:
        for source in inputs:
            try:
                if client is None and is_url(source):
                    client = make_client(timeout=timeout)
                article = load_input(source, client=client, timeout=timeout)
                commitments = extract_commitments(article.text)
            except InputError as exc:
                failed += 1
                error(f"{shown_source(source)}: {exc}")
                continue
            except Exception as exc:  # noqa: BLE001 - one bad article must not stop the others
                failed += 1
                detail = " ".join(str(exc).split())
                error(f"{shown_source(source)}: extraction failed ({type(exc).__name__}: {detail})")
                continue
            _print_result(source, article, commitments, as_json)
    finally:
        if client is not None:
            client.close()
    if failed:
        ctx.exit(1)
