"""Templates: checked against the field registry at load, escaped per format, empty lines dropped."""
from __future__ import annotations

import pytest

from pledgewatch.alerts.dispatch import dispatch
from pledgewatch.alerts.facts import EventFacts, PledgeFacts, SourceFacts
from pledgewatch.alerts.messages import EVENT_FIELDS, event_fields
from pledgewatch.alerts.targets import load_targets
from pledgewatch.alerts.templates import TemplateError, load_templates
from pledgewatch.settings import ConfigError
from tests.alerts.conftest import NOW, add_event

CUSTOM = """
[default]
title = "{kind}: {summary}"
text = "{purpose} / {status}"
[NEW]
title = "New: {amount} for {purpose}"
text = "Said: {evidence}\\nSite: {source_site}\\nLink: {source_url}"
"""


def test_unknown_field_stops_loading_before_anything_is_sent(alerts_config, http_receiver, session):
    add_event(session)
    bad = CUSTOM.replace("{purpose} / {status}", "{purpose} / {stauts}")
    alerts_config(f'[[targets]]\nurl = "{http_receiver.url()}"\ntemplate = "mine"\n', mine=bad)
    with pytest.raises(TemplateError) as info:
        load_targets()
    message = str(info.value)
    assert "mine.toml [default] text: unknown field {stauts}" in message and "\n" not in message
    assert isinstance(info.value, ConfigError)
    assert http_receiver.posts == []


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [("{0}", "positional"), ("{purpose.upper}", "unknown field"), ("{amount", "malformed"), ("{amount:d}", "cannot render")],
)
def test_malformed_placeholders_are_rejected(alerts_config, snippet, expected):
    alerts_config('[defaults]\ntemplate = "mine"\n', mine=CUSTOM.replace("{status}", snippet))
    with pytest.raises(TemplateError, match=expected):
        load_targets(environ={"PLEDGEWATCH_NOTIFY": "json://127.0.0.1:9/x"})


def test_default_template_is_checked_even_without_targets(alerts_config):
    alerts_config("", default=CUSTOM.replace("{status}", "{nope}"))
    with pytest.raises(TemplateError, match="unknown field"):
        load_targets()


def test_custom_template_renders_and_drops_lines_whose_fields_are_empty(alerts_config, http_receiver, session):
    add_event(session, purpose="demining", evidence="Canada adds $31 million for demining.")
    alerts_config(f'[[targets]]\nurl = "{http_receiver.url()}"\ntemplate = "mine"\n', mine=CUSTOM)
    dispatch(session, targets=load_targets(), now=NOW)
    (post,) = http_receiver.posts
    assert post["body"]["title"] == "New: C$31 million for demining"
    lines = post["body"]["message"].splitlines()
    assert lines[0] == "Said: Canada adds $31 million for demining." and lines[1] == "Site: Example News"
    assert lines[2].startswith("Link: https://news.example.org/")


def test_every_registered_field_has_a_value_and_the_default_file_uses_only_them():
    ev = EventFacts(
        id=7, kind="NEW", pledge=PledgeFacts(3, "military", "air defence", "pledged", 5e8, "CAD"),
        evidence="e", source=SourceFacts("https://x.example/a", "A"),
    )
    values = event_fields(ev)
    assert set(values) == set(EVENT_FIELDS)
    templates = load_templates("default")
    for fmt in ("text", "markdown", "html"):
        title, body = templates.render_event(values, fmt)
        assert title == "NEW pledge: C$500 million air defence to Ukraine" and body
