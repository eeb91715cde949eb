"""Where pledgewatch finds its configuration and database.

Each concern reads its own TOML file from the config directory (`config_file("feeds.toml")`), so
that the feeds, alerts and lexicon settings can change without touching one another.
"""
from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(Exception):
    """A configuration file is missing or malformed; the message is one line and names the file."""


def home() -> Path:
    """The directory that holds `config/` and the default SQLite database (PLEDGEWATCH_HOME overrides)."""
    return Path(os.environ.get("PLEDGEWATCH_HOME") or PROJECT_ROOT)


def config_dir() -> Path:
    """The config directory; PLEDGEWATCH_CONFIG_DIR overrides `<home>/config`."""
    return Path(os.environ.get("PLEDGEWATCH_CONFIG_DIR") or home() / "config")


def config_file(name: str) -> Path:
    return config_dir() / name


def load_toml(path: Path) -> dict[str, Any]:
    """Read one TOML file, turning any failure into a one-line ConfigError."""
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


@lru_cache(maxsize=None)
def _main_config(path: str) -> dict[str, Any]:
    return load_toml(Path(path))


def main_config() -> dict[str, Any]:
    """`config/pledgewatch.toml` as a dict (cached per path)."""
    return _main_config(str(config_file("pledgewatch.toml")))


def database_url() -> str:
    """The ledger's SQLAlchemy URL: PLEDGEWATCH_DATABASE_URL, else config, with relative SQLite paths
    anchored at the pledgewatch home so that the CLI works from any directory."""
    url = os.environ.get("PLEDGEWATCH_DATABASE_URL") or main_config().get("database", {}).get(
        "url", "sqlite:///pledgewatch.db"
    )
    prefix = "sqlite:///"
    if url.startswith(prefix) and url != "sqlite:///:memory:":
        path = url[len(prefix):]
        if path and not path.startswith("/"):
            url = prefix + str(home() / path)
    return url


def schedule() -> dict[str, Any]:
    """The `[schedule]` table: cron and timezone for `pledgewatch serve`."""
    return {"cron": "*/30 * * * *", "timezone": "UTC", **main_config().get("schedule", {})}
