"""`pledgewatch extract`: show the commitments stated in articles (files or URLs), touching no database.

Each input is handled on its own: a missing file, a binary body or an unreachable URL prints one
`error: <source>: <reason>` line on stderr and the next input is processed; the exit status is 1 at
the end if any input failed. A missing or malformed lexicon (config/lexicon.toml) is one `error:` line
and exit status 2 before any input is read.
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any

import click
import httpx
from rich.table import Table
from rich.text import Text

from extractors.commitments import extract_commitments
from extractors.lexicon import LexiconError, load_lexicon
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
WIDE_TERMINAL = 120  # columns from which the evidence fits in the table
RUNNING_TOTAL_MARK = "Σ"


def shown_source(source: str) -> str:
    """The input as it may be printed: a URL loses its user, password and query string."""
    return redact_url(source) if is_url(source) else source


def json_record(source: str, commitment: Commitment) -> dict[str, Any]:
    data = commitment.to_dict()
    return {"source": source, **{name: data.get(name) for name in JSON_FIELDS}}


def amount_cell(c: Commitment) -> str:
    """The sum as people say it ("C$1 billion"), with a bracketed conversion on a second line so that
    neither figure is ever split; a running total is prefixed with Σ (explained under the table)."""
    text = human_amount(c.amount, c.currency)
    if c.alt_amount is not None:
        text = f"{text}\n({human_amount(c.alt_amount, c.alt_currency)})".strip()
    if c.running_total:
        text = f"{RUNNING_TOTAL_MARK} {text}".strip()
    return text


def _shorten(text: str, width: int = EVIDENCE_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# (header, cell of one commitment, shown even when empty, column options). Optional columns that are
# empty for every row are left out, to keep room on an 80-column terminal.
_COLUMNS: list[tuple[str, Callable[[Commitment], str], bool, dict[str, Any]]] = [
    ("category", lambda c: c.category, True, {}),
    ("amount", amount_cell, True, {"justify": "right", "no_wrap": True}),
    ("qualifier", lambda c: c.qualifier or "", False, {}),
    ("purpose", lambda c: c.purpose or "", False, {"max_width": 28}),
    ("status", lambda c: c.status, True, {}),
    ("quantity/item", lambda c: in_kind(c.quantity, c.item), False, {"max_width": 24}),
]


def render(source: str, article: Article, commitments: Sequence[Commitment], width: int) -> list[Any]:
    """What `extract` prints for one article: a heading, the table and the running-total note.

    On a terminal narrower than WIDE_TERMINAL the evidence would be squeezed to a few letters per
    line, so it is listed under the table by row number instead of in a column.
    """
    about = " · ".join(x for x in (article.title, article.site, article.date) if x)
    out: list[Any] = [Text(shown_source(source), style="bold")]
    if about:
        out.append(Text(about))
    if not commitments:
        out.append(Text("no commitments found"))
        return out
    inline_evidence = width >= WIDE_TERMINAL
    table = Table(show_lines=True)
    table.add_column("#", justify="right", no_wrap=True)
    shown = [col for col in _COLUMNS if col[2] or any(col[1](c) for c in commitments)]
    for name, _cell, _always, opts in shown:
        table.add_column(name, **opts)
    if inline_evidence:
        table.add_column("evidence", ratio=1)
    for n, c in enumerate(commitments, 1):
        cells = [str(n), *(cell(c) for _name, cell, _a, _o in shown)]
        if inline_evidence:
            cells.append(_shorten(c.evidence))
        table.add_row(*(Text(x) for x in cells), style="dim italic" if c.running_total else None)
    out.append(table)
    if not inline_evidence:
        for n, c in enumerate(commitments, 1):
            style = "dim" if c.running_total else ""
            out.append(Text(f"[{n}] {_shorten(c.evidence, 2 * EVIDENCE_WIDTH)}", style=style))
    if any(c.running_total for c in commitments):
        out.append(Text(f"{RUNNING_TOTAL_MARK} running total: a cumulative figure, not a new pledge", style="italic"))
    return out


def _print_result(source: str, article: Article, commitments: list[Commitment], as_json: bool) -> None:
    if as_json:
        write_json_lines(json_record(source, c) for c in commitments)
        sys.stdout.flush()
        return
    for item in render(source, article, commitments, console.width):
        console.print(item)
    console.print()


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
    try:
        # Read once, before any input: a broken lexicon fails every article alike, so it is one
        # error for the whole run (exit 2, like other usage and configuration errors), not one per input.
        lexicon = load_lexicon()
    except LexiconError as exc:
        error(" ".join(str(exc).split()))
        ctx.exit(2)
    failed = 0
    client: httpx.Client | None = None
    try:
        for source in inputs:
            try:
                if client is None and is_url(source):
                    client = make_client(timeout=timeout)
                article = load_input(source, client=client, timeout=timeout)
                commitments = extract_commitments(article.text, lexicon)
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
