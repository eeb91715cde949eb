"""Message templates: loaded from `config/templates/*.toml`, checked against the field registry at
load time, rendered as plain text, Markdown or HTML.

A template file has one table per event kind (`[NEW]`, `[CHANGED]`, `[CONFLICT]`, and `[default]`
for any other kind) with `title` and `text` and, optionally, `markdown` and `html` bodies; and a
`[digest]` table (`title`, `text_item`, `markdown_item`, `html_item`). Placeholders are `{field}`
names from `pledgewatch.alerts.messages`; values are escaped for the body's format, so an evidence
sentence with `<` or `*` in it cannot break the message. A template line whose fields all come out
empty is left out of the message.
"""
from __future__ import annotations

import html
import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from pledgewatch.alerts.messages import DIGEST_FIELDS, EVENT_FIELDS, URL_FIELDS
from pledgewatch.settings import ConfigError, config_file, load_toml

FORMATS = ("text", "markdown", "html")
KIND_SECTIONS = ("NEW", "CHANGED", "CONFLICT", "CORROBORATED", "default")
_FORMATTER = string.Formatter()


class TemplateError(ConfigError):
    """A template uses an unknown field or is malformed; one line naming the file and the place."""


def placeholders(template: str) -> list[str]:
    """The field names a template string uses (raises ValueError on a malformed brace)."""
    return [name for _lit, name, _spec, _conv in _FORMATTER.parse(template) if name is not None]


def _check(template: str, allowed: Mapping[str, str], where: str) -> None:
    try:
        names = placeholders(template)
    except ValueError as exc:
        raise TemplateError(f"{where}: malformed template ({exc})") from None
    for name in names:
        if name not in allowed:
            hint = "positional {} is not allowed" if name == "" or name.isdigit() else f"unknown field {{{name}}}"
            raise TemplateError(f"{where}: {hint}; known fields: {', '.join(sorted(allowed))}")
    try:  # catches bad format specs such as {amount:d}
        template.format_map({k: "x" for k in allowed})
    except (ValueError, KeyError, IndexError) as exc:
        raise TemplateError(f"{where}: cannot render ({exc})") from None


def _escape_markdown(value: str) -> str:
    return re.sub(r"([\\`*_\[\]])", r"\\\1", value)


def escape(values: Mapping[str, str], fmt: str) -> dict[str, str]:
    """Field values made safe for `fmt`: HTML-escaped, Markdown-escaped, or as they are for text."""
    if fmt == "html":
        return {k: html.escape(v, quote=True) for k, v in values.items()}
    if fmt == "markdown":
        return {
            k: quote(v, safe=":/?&=#%~+,;@!$'*") if k in URL_FIELDS else _escape_markdown(v)
            for k, v in values.items()
        }
    return dict(values)


def fill(template: str, values: Mapping[str, str]) -> str:
    """Format `template`, dropping each line whose placeholders all came out empty (a CONFLICT
    without a second link, an event without a source), so messages carry no dangling labels."""
    out = []
    for line in template.splitlines():
        names = placeholders(line)
        if names and not any(values.get(n, "").strip() for n in names):
            continue
        out.append(line.format_map(values))
    return "\n".join(out).strip()


def text_to_html(text: str) -> str:
    """A text body rendered into HTML by keeping its line breaks (values are already escaped)."""
    return text.replace("\n", "<br>\n")


@dataclass(frozen=True)
class KindTemplate:
    title: str
    bodies: dict[str, str]  # format -> body; "text" always present

    def render(self, values: Mapping[str, str], fmt: str) -> tuple[str, str]:
        """(title, body) for one event: the title is plain text, the body in `fmt`."""
        title = fill(self.title, values)
        if fmt in self.bodies:
            return title, fill(self.bodies[fmt], escape(values, fmt))
        body = fill(self.bodies["text"], escape(values, fmt))
        return title, text_to_html(body) if fmt == "html" else body


@dataclass(frozen=True)
class TemplateSet:
    """All templates of one file, already validated."""

    path: Path
    kinds: dict[str, KindTemplate]
    digest_title: str
    digest_items: dict[str, str] = field(default_factory=dict)

    def for_kind(self, kind: str) -> KindTemplate:
        return self.kinds.get(kind) or self.kinds["default"]

    def render_event(self, values: Mapping[str, str], fmt: str) -> tuple[str, str]:
        return self.for_kind(values["kind"]).render(values, fmt)

    def render_digest(
        self, digest_values: Mapping[str, str], events: Sequence[Mapping[str, str]], fmt: str
    ) -> tuple[str, str]:
        """One (title, body) grouping several events, in `fmt`."""
        title = fill(self.digest_title, digest_values)
        item = self.digest_items.get(fmt) or self.digest_items["text"]
        parts = [fill(item, escape(values, fmt)) for values in events]
        if fmt == "html" and fmt not in self.digest_items:
            parts = [text_to_html(p) for p in parts]
        sep = "\n" if fmt == "html" else "\n\n"
        return title, sep.join(parts)


def _section(data: Mapping[str, object], name: str, where: str) -> dict[str, str]:
    section = data.get(name, {})
    if not isinstance(section, dict) or not all(isinstance(v, str) for v in section.values()):
        raise TemplateError(f"{where} [{name}]: expected a table of strings")
    return section  # type: ignore[return-value]


def template_path(name: str) -> Path:
    """`name` as a file: a path as given, else `config/templates/<name>.toml`."""
    candidate = Path(name).expanduser()
    if candidate.suffix == ".toml" or candidate.is_absolute() or "/" in name:
        return candidate
    return config_file("templates") / f"{name}.toml"


def load_templates(name: str = "default") -> TemplateSet:
    """Load and validate a template file; any unknown field raises TemplateError before anything runs."""
    path = template_path(name)
    data = load_toml(path)
    kinds: dict[str, KindTemplate] = {}
    for section_name in KIND_SECTIONS:
        if section_name not in data:
            continue
        section = _section(data, section_name, str(path))
        unknown = set(section) - {"title", *FORMATS}
        if unknown:
            raise TemplateError(f"{path} [{section_name}]: unknown key {sorted(unknown)[0]!r} (use title, text, markdown, html)")
        if "title" not in section or "text" not in section:
            raise TemplateError(f"{path} [{section_name}]: needs both 'title' and 'text'")
        for key, value in section.items():
            _check(value, EVENT_FIELDS, f"{path} [{section_name}] {key}")
        kinds[section_name] = KindTemplate(section["title"], {f: section[f] for f in FORMATS if f in section})
    extra = set(data) - set(KIND_SECTIONS) - {"digest"}
    if extra:
        raise TemplateError(f"{path}: unknown table [{sorted(extra)[0]}]")
    if "default" not in kinds:
        raise TemplateError(f"{path}: needs a [default] table (used for kinds without their own)")
    digest = _section(data, "digest", str(path))
    digest_title = digest.get("title", "pledgewatch: {updates} ({counts})")
    _check(digest_title, DIGEST_FIELDS, f"{path} [digest] title")
    items: dict[str, str] = {}
    for fmt in FORMATS:
        key = f"{fmt}_item"
        if key in digest:
            _check(digest[key], EVENT_FIELDS, f"{path} [digest] {key}")
            items[fmt] = digest[key]
    items.setdefault("text", "- {headline}\n  {evidence}\n  {source_url}")
    unknown = set(digest) - {"title", *(f"{f}_item" for f in FORMATS)}
    if unknown:
        raise TemplateError(f"{path} [digest]: unknown key {sorted(unknown)[0]!r}")
    return TemplateSet(path=path, kinds=kinds, digest_title=digest_title, digest_items=items)
