"""Small helpers shared by the CLI modules: one rich console, output formats, one-line errors."""
from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

console = Console()
err_console = Console(stderr=True)


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
