"""Where alerts go: targets from `config/alerts.toml` or PLEDGEWATCH_NOTIFY, with their routing.

A target is one apprise URL plus what it wants to hear (event kinds, categories, a minimum amount in
Canadian dollars), the body format, digest mode and template. Everything is checked here, at start:
an apprise URL that apprise cannot read or a template with an unknown field raises a one-line
ConfigError before anything is queued or sent. The URL itself is a secret; only `label` (redacted)
and `key` (a hash) ever leave this module.
"""
from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import apprise

from pledgewatch.alerts.amounts import parse_amount
from pledgewatch.alerts.facts import EventFacts, PledgeFacts
from pledgewatch.alerts.quiet import quiet_apprise
from pledgewatch.alerts.redact import SCRUBBER, redact_url
from pledgewatch.alerts.templates import FORMATS, TemplateSet, load_templates
from pledgewatch.settings import ConfigError, config_file, load_toml

ENV_VAR = "PLEDGEWATCH_NOTIFY"
ALERTABLE_KINDS = ("NEW", "CHANGED", "CONFLICT", "CORROBORATED")
DEFAULT_KINDS = frozenset({"NEW", "CHANGED", "CONFLICT"})
CONSOLE_KEY = "console"
_TARGET_KEYS = {"url", "url_env", "config", "id", "name", "kinds", "categories", "min_amount_cad", "format", "digest", "template"}


@dataclass(frozen=True)
class Target:
    """One apprise destination and its routing. `url` holds the secret and is kept out of repr()."""

    key: str
    label: str
    format: str
    kinds: frozenset[str] = DEFAULT_KINDS
    categories: frozenset[str] | None = None
    min_amount_cad: float | None = None
    digest: bool = False
    templates: TemplateSet | None = field(default=None, repr=False, compare=False)
    url: str = field(default="", repr=False, compare=False)

    def accepts(self, ev: EventFacts) -> bool:
        """Does this target want this event (kind, category, minimum amount)?"""
        if ev.kind not in self.kinds:
            return False
        versions = [ev.pledge] + ([ev.other] if ev.other is not None else [])
        if self.categories is not None and not any(p.category in self.categories for p in versions):
            return False
        if self.min_amount_cad is not None:
            amounts = [a for a in (cad_amount(p) for p in versions) if a is not None]
            if not amounts or max(amounts) < self.min_amount_cad:
                return False
        return True


@dataclass(frozen=True)
class OutboxSettings:
    """How the outbox retries and how far back a newly added target looks."""

    lease_seconds: float = 600.0
    backoff_first_seconds: float = 60.0
    backoff_max_seconds: float = 6 * 3600.0
    backlog_days: float = 14.0


def cad_amount(p: PledgeFacts) -> float | None:
    """The pledge's sum in C$: the ledger's own conversion, else the ledger's rates, else None."""
    if p.amount_cad is not None:
        return p.amount_cad
    if p.amount is None:
        return None
    if (p.currency or "CAD").upper() == "CAD":
        return p.amount
    try:
        from pledgewatch.ledger.rates import to_cad
    except ImportError:
        return None
    try:
        return float(to_cad(p.amount, p.currency, p.announced_on))
    except Exception:  # an unknown currency: treat as below any threshold rather than stop the run
        return None


def target_key(url: str, pinned_id: str | None = None) -> str:
    """A stable id for a target that reveals nothing: SHA-256 of the URL as written (so an apprise
    upgrade that normalises URLs differently changes nothing), or of the `id` the user pinned."""
    source = f"id:{pinned_id}" if pinned_id else url.strip()
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def _plugins_from_url(url: str, where: str) -> list[tuple[Any, str | None]]:
    with quiet_apprise():
        plugin = apprise.Apprise.instantiate(url)
    if plugin is None:
        raise ConfigError(f"{where}: apprise cannot use {redact_url(url)} (unknown scheme, malformed URL or a missing option such as from= for mailto://)")
    return [(plugin, url)]


def _plugins_from_file(path: Path, where: str) -> list[tuple[Any, str | None]]:
    if not path.is_file():
        raise ConfigError(f"{where}: apprise config file {path} not found")
    text = path.read_text(encoding="utf-8", errors="replace")
    fmt = "yaml" if path.suffix.lower() in (".yml", ".yaml") or re.search(r"^\s*urls\s*:", text, re.M) else "text"
    with quiet_apprise() as captured:
        cfg = apprise.AppriseConfig()
        cfg.add_config(text, format=fmt)
        plugins = list(cfg.servers())
    problems = [line for line in captured.getvalue().splitlines() if line.strip()]
    if problems or not plugins:
        detail = f"{len(problems)} entries could not be read" if problems else "no URLs found"
        raise ConfigError(f"{where}: apprise config file {path}: {detail} (check it with `apprise --dry-run --config {path}`)")
    return [(p, None) for p in plugins]


def _kinds(value: Any, where: str) -> frozenset[str]:
    kinds = frozenset(str(k).upper() for k in _as_list(value, where, "kinds"))
    bad = kinds - set(ALERTABLE_KINDS)
    if bad:
        raise ConfigError(f"{where}: unknown event kind {sorted(bad)[0]!r} (use {', '.join(ALERTABLE_KINDS)})")
    return kinds


def _as_list(value: Any, where: str, key: str) -> list[Any]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return value
    raise ConfigError(f"{where}: {key} must be a list")


def _build(plugins: Iterable[tuple[Any, str | None]], spec: Mapping[str, Any], where: str, cache: dict[str, TemplateSet]) -> list[Target]:
    unknown = set(spec) - _TARGET_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown setting {sorted(unknown)[0]!r}")
    kinds = _kinds(spec["kinds"], where) if "kinds" in spec else DEFAULT_KINDS
    categories = None
    if "categories" in spec:
        categories = frozenset(str(c).lower() for c in _as_list(spec["categories"], where, "categories"))
    min_amount = None
    if spec.get("min_amount_cad") is not None:
        try:
            min_amount = parse_amount(spec["min_amount_cad"])
        except ValueError as exc:
            raise ConfigError(f"{where}: min_amount_cad: {exc}") from None
    fmt = spec.get("format")
    if fmt is not None and fmt not in FORMATS:
        raise ConfigError(f"{where}: format must be one of {', '.join(FORMATS)}")
    digest = spec.get("digest", False)
    if not isinstance(digest, bool):
        raise ConfigError(f"{where}: digest must be true or false")
    template_name = str(spec.get("template", "default"))
    if template_name not in cache:
        cache[template_name] = load_templates(template_name)
    targets = []
    for plugin, original in plugins:
        canonical = plugin.url(privacy=False)
        SCRUBBER.learn([canonical])
        label = redact_url(original or canonical, query=False)
        if spec.get("name"):
            label = f"{spec['name']} ({label})"
        pinned = str(spec["id"]) if spec.get("id") else None
        targets.append(
            Target(
                key=target_key(original or canonical, pinned),
                label=label,
                format=fmt or str(getattr(plugin.notify_format, "value", plugin.notify_format)),
                kinds=kinds,
                categories=categories,
                min_amount_cad=min_amount,
                digest=digest,
                templates=cache[template_name],
                url=canonical,
            )
        )
    return targets


def _env_entries(value: str) -> list[dict[str, Any]]:
    """PLEDGEWATCH_NOTIFY: apprise URLs separated by white space, or the path of an apprise config file."""
    entries: list[dict[str, Any]] = []
    for item in value.split():
        if "://" in item:
            entries.append({"url": item})
        else:
            entries.append({"config": item})
    return entries


def load_alert_config(path: Path | None = None, *, environ: Mapping[str, str] | None = None) -> tuple[list[Target], OutboxSettings, TemplateSet]:
    """Targets, outbox settings and the console template, all validated."""
    env = os.environ if environ is None else environ
    path = path or config_file("alerts.toml")
    data = load_toml(path) if path.exists() else {}
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        raise ConfigError(f"{path}: [defaults] must be a table")
    entries = data.get("targets", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ConfigError(f"{path}: targets must be [[targets]] tables")
    if env.get(ENV_VAR, "").strip():
        entries = _env_entries(env[ENV_VAR])
        origin = ENV_VAR
    else:
        origin = str(path)
    # Learn every secret before touching apprise, so that even its first complaint is scrubbed.
    SCRUBBER.learn(e["url"] for e in entries if isinstance(e.get("url"), str))
    cache: dict[str, TemplateSet] = {}
    targets: list[Target] = []
    for n, entry in enumerate(entries, 1):
        spec = {**defaults, **entry}
        where = f"{origin}: target {n}"
        url = spec.pop("url", None)
        if spec.get("url_env"):
            url = env.get(str(spec["url_env"]), "").strip() or None
            if url is None:
                raise ConfigError(f"{where}: environment variable {spec['url_env']} is empty or unset")
            SCRUBBER.learn([url])
        file = spec.pop("config", None)
        spec.pop("url_env", None)
        if bool(url) == bool(file):
            raise ConfigError(f"{where}: give exactly one of url, url_env or config")
        if file and spec.get("id"):
            raise ConfigError(f"{where}: id is for a single url, not for an apprise config file")
        plugins = _plugins_from_url(str(url), where) if url else _plugins_from_file(Path(str(file)).expanduser(), where)
        targets.extend(_build(plugins, spec, where, cache))
    seen: set[str] = set()
    for t in targets:
        if t.key in seen:
            raise ConfigError(f"{origin}: the same target is listed twice: {t.label}")
        seen.add(t.key)
    console_template = load_templates(str(defaults.get("template", "default")))
    return targets, _outbox_settings(data.get("outbox", {}), path), console_template


def _outbox_settings(raw: Any, path: Path) -> OutboxSettings:
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: [outbox] must be a table")
    known = {"lease_minutes", "backoff_first_seconds", "backoff_max_hours", "backlog_days"}
    unknown = set(raw) - known
    if unknown:
        raise ConfigError(f"{path}: [outbox] unknown setting {sorted(unknown)[0]!r}")
    try:
        values = {k: float(v) for k, v in raw.items()}
    except (TypeError, ValueError):
        raise ConfigError(f"{path}: [outbox] settings must be numbers") from None
    base = OutboxSettings()
    return OutboxSettings(
        lease_seconds=values.get("lease_minutes", base.lease_seconds / 60) * 60,
        backoff_first_seconds=values.get("backoff_first_seconds", base.backoff_first_seconds),
        backoff_max_seconds=values.get("backoff_max_hours", base.backoff_max_seconds / 3600) * 3600,
        backlog_days=values.get("backlog_days", base.backlog_days),
    )


def load_targets(path: Path | None = None, *, environ: Mapping[str, str] | None = None) -> list[Target]:
    """The configured targets (PLEDGEWATCH_NOTIFY wins over config/alerts.toml); [] means console only.

    Raises ConfigError (one line, no secrets) for a bad URL, config file, routing rule or template.
    """
    return load_alert_config(path, environ=environ)[0]
