"""The fallback when no target is configured: alerts are printed (rich) instead of sent."""
from __future__ import annotations

from collections.abc import Mapping

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from pledgewatch.alerts.templates import TemplateSet


def print_alert(console: Console, templates: TemplateSet, values: Mapping[str, str]) -> None:
    """One alert as a panel: the title on top, the plain-text body inside (no markup interpreted)."""
    title, body = templates.render_event(values, "text")
    console.print(Panel(Text(body), title=Text(title, style="bold"), title_align="left", expand=False))
