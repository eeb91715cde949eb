"""The documented field list matches the registry templates are checked against."""
from __future__ import annotations

from pledgewatch.alerts.messages import DIGEST_FIELDS, EVENT_FIELDS
from tests.conftest import ROOT


def test_every_field_is_documented():
    docs = (ROOT / "docs" / "alerts.md").read_text(encoding="utf-8")
    header = (ROOT / "config" / "templates" / "default.toml").read_text(encoding="utf-8")
    for name in [*EVENT_FIELDS, *DIGEST_FIELDS]:
        assert f"`{name}`" in docs, name
        assert f" {name}" in header, name
