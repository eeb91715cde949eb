"""The feeds to watch, read from `config/feeds.toml`.

Kept in TOML so that the analyst can add an outlet or tune its keywords without touching code. A
bad entry is reported with the file and feed name in one line instead of being silently dropped.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pledgewatch.settings import ConfigError, config_file, load_toml

DEFAULT_INTERVAL_MINUTES = 30
MAX_NAME = 200  # the database column's size


@dataclass(frozen=True)
class FeedConfig:
    """One RSS/Atom feed.

    `keywords` is a tuple of groups: an item is kept when its title or summary matches at least one
    word of every group (a flat list in the TOML is one group). Empty means keep every item. A
    keyword matches at the start of a word, case-insensitively, so "ukrain" matches "Ukrainian".
    """

    name: str
    url: str
    interval_minutes: int = DEFAULT_INTERVAL_MINUTES
    keywords: tuple[tuple[str, ...], ...] = ()


def _keyword_groups(raw: Any, where: str) -> tuple[tuple[str, ...], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ConfigError(f"{where}: keywords must be a list of words or a list of word lists")
    if all(isinstance(k, str) for k in raw):
        groups = [raw]
    elif all(isinstance(g, list) and all(isinstance(k, str) for k in g) for g in raw):
        groups = raw
    else:
        raise ConfigError(f"{where}: keywords must be a list of words or a list of word lists")
    cleaned = tuple(tuple(k.strip() for k in g if k.strip()) for g in groups)
    return tuple(g for g in cleaned if g)


def _feed_from_table(table: Any, index: int, defaults: dict[str, Any], path: Path) -> FeedConfig:
    where = f"{path}: [[feed]] #{index + 1}"
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: must be a table")
    name = table.get("name")
    url = table.get("url")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{where}: missing 'name'")
    if len(name.strip()) > MAX_NAME:
        raise ConfigError(f"{where}: 'name' is longer than {MAX_NAME} characters")
    where = f"{path}: feed {name!r}"
    if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        raise ConfigError(f"{where}: 'url' must be an http(s) URL")
    interval = table.get("interval_minutes", defaults.get("interval_minutes", DEFAULT_INTERVAL_MINUTES))
    if not isinstance(interval, int) or isinstance(interval, bool) or interval < 1:
        raise ConfigError(f"{where}: 'interval_minutes' must be a positive whole number")
    keywords = _keyword_groups(table.get("keywords", defaults.get("keywords")), where)
    unknown = set(table) - {"name", "url", "interval_minutes", "keywords", "enabled"}
    if unknown:
        raise ConfigError(f"{where}: unknown setting(s) {', '.join(sorted(unknown))}")
    return FeedConfig(name=name.strip(), url=url.strip(), interval_minutes=interval, keywords=keywords)


def load_feeds(path: Path | str | None = None) -> list[FeedConfig]:
    """The enabled feeds of `path` (default `config/feeds.toml`), in file order.

    Raises:
        ConfigError: the file is missing or invalid, or two feeds share a name.
    """
    path = Path(path) if path is not None else config_file("feeds.toml")
    data = load_toml(path)
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        raise ConfigError(f"{path}: [defaults] must be a table")
    tables = data.get("feed", [])
    if not isinstance(tables, list):
        raise ConfigError(f"{path}: feeds are declared as [[feed]] tables")
    feeds: list[FeedConfig] = []
    seen: set[str] = set()
    for i, table in enumerate(tables):
        feed = _feed_from_table(table, i, defaults, path)
        if isinstance(table, dict) and table.get("enabled", True) is False:
            continue
        if feed.name in seen:
            raise ConfigError(f"{path}: feed name {feed.name!r} is used twice")
        seen.add(feed.name)
        feeds.append(feed)
    return feeds
