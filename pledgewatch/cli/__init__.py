"""The `pledgewatch` command. Each sub-command lives in its own module and is imported only when it
is run, so that `pledgewatch extract` does not pay for Prefect's import."""
from __future__ import annotations

import importlib

import click

# command name -> "module:attribute"
COMMANDS: dict[str, str] = {
    "extract": "pledgewatch.cli.extract:extract",
    "ledger": "pledgewatch.cli.ledger:ledger",
    "history": "pledgewatch.cli.ledger:history",
    "events": "pledgewatch.cli.ledger:events",
    "notify-test": "pledgewatch.cli.alerts:notify_test",
    "alerts": "pledgewatch.cli.alerts:alerts",
    "feeds": "pledgewatch.cli.feeds:feeds",
    "run": "pledgewatch.cli.run:run",
    "backfill": "pledgewatch.cli.run:backfill",
    "serve": "pledgewatch.cli.run:serve",
    "deploy": "pledgewatch.cli.run:deploy",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:  # not built yet
                return None
            raise
        return getattr(module, attr, None)


@click.group(cls=LazyGroup)
@click.version_option(package_name="pledgewatch")
def main() -> None:
    """pledgewatch: Canada's commitments to Ukraine, read from the news, kept in a sourced ledger."""
