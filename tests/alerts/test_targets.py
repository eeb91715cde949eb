"""Target configuration: alerts.toml, PLEDGEWATCH_NOTIFY, apprise's own config files, url_env, errors."""
from __future__ import annotations

import pytest

from pledgewatch.alerts.targets import load_alert_config, load_targets
from pledgewatch.settings import ConfigError


def test_config_targets_and_routing(alerts_config):
    alerts_config(
        """
[defaults]
kinds = ["NEW", "CONFLICT"]
digest = true
[outbox]
lease_minutes = 5
backoff_max_hours = 1
[[targets]]
url = "json://127.0.0.1:9/a"
[[targets]]
name = "desk"
url = "json://127.0.0.1:9/b"
kinds = ["CHANGED"]
categories = ["Military"]
min_amount_cad = 1e8
format = "markdown"
digest = false
"""
    )
    (a, b), settings, _ = load_alert_config()
    assert a.kinds == {"NEW", "CONFLICT"} and a.digest and a.format == "text" and a.categories is None
    assert b.label == "desk (json://127.0.0.1:9/b)" and b.kinds == {"CHANGED"}
    assert b.categories == {"military"} and b.min_amount_cad == 1e8 and b.format == "markdown" and not b.digest
    assert a.key != b.key and len(a.key) == 64
    assert settings.lease_seconds == 300 and settings.backoff_max_seconds == 3600


def test_environment_overrides_config(alerts_config, monkeypatch):
    alerts_config('[[targets]]\nurl = "json://127.0.0.1:9/from-config"\n')
    monkeypatch.setenv("PLEDGEWATCH_NOTIFY", "json://127.0.0.1:9/env1 json://127.0.0.1:9/env2")
    assert [t.label for t in load_targets()] == ["json://127.0.0.1:9/env1", "json://127.0.0.1:9/env2"]


def test_same_url_gives_the_same_key_across_loads():
    one = load_targets(environ={"PLEDGEWATCH_NOTIFY": "json://127.0.0.1:9/a?cto=1"})[0]
    two = load_targets(environ={"PLEDGEWATCH_NOTIFY": "json://127.0.0.1:9/a?cto=1"})[0]
    other = load_targets(environ={"PLEDGEWATCH_NOTIFY": "json://127.0.0.1:9/a?cto=2"})[0]
    assert one.key == two.key != other.key


def test_pinned_id_keeps_the_key_when_the_url_changes(alerts_config):
    alerts_config('[[targets]]\nid = "desk"\nurl = "mailto://u:old-pass@smtp.example.org?to=a@example.org"\n')
    (before,) = load_targets()
    alerts_config('[[targets]]\nid = "desk"\nurl = "mailto://u:new-pass@smtp.example.org?to=a@example.org&cto=5"\n')
    (after,) = load_targets()
    assert before.key == after.key


@pytest.mark.parametrize("suffix", ["yml", "txt"])
def test_apprise_config_file(tmp_path, alerts_config, suffix):
    path = tmp_path / f"apprise.{suffix}"
    if suffix == "yml":
        path.write_text("version: 1\nurls:\n  - json://127.0.0.1:9/one\n  - mailto://bob:pw99x@smtp.example.org?to=a@example.org\n")
    else:
        path.write_text("# comment\njson://127.0.0.1:9/one\nmailto://bob:pw99x@smtp.example.org?to=a@example.org\n")
    alerts_config(f'[[targets]]\nconfig = "{path}"\nkinds = ["NEW"]\n')
    targets = load_targets()
    assert [t.format for t in targets] == ["text", "html"]
    assert all(t.kinds == {"NEW"} for t in targets)
    assert "pw99x" not in " ".join(t.label for t in targets)
    # The same file through the environment variable.
    assert len(load_targets(environ={"PLEDGEWATCH_NOTIFY": str(path)})) == 2


def test_url_from_environment_variable(alerts_config, monkeypatch):
    alerts_config('[[targets]]\nurl_env = "MY_HOOK"\n')
    with pytest.raises(ConfigError, match="MY_HOOK is empty or unset"):
        load_targets()
    monkeypatch.setenv("MY_HOOK", "json://127.0.0.1:9/hook")
    assert [t.label for t in load_targets()] == ["json://127.0.0.1:9/hook"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[[targets]]\nurl = "json://127.0.0.1:9/a"\nkinds = ["NEWS"]\n', "unknown event kind 'NEWS'"),
        ('[[targets]]\nurl = "json://127.0.0.1:9/a"\nmin_amount_cad = "lots"\n', "min_amount_cad"),
        ('[[targets]]\nurl = "json://127.0.0.1:9/a"\nformat = "pdf"\n', "format must be one of"),
        ('[[targets]]\nurl = "json://127.0.0.1:9/a"\ncolour = "red"\n', "unknown setting 'colour'"),
        ('[[targets]]\nname = "x"\n', "exactly one of url"),
        ('[[targets]]\nconfig = "/nonexistent/apprise.yml"\n', "not found"),
        ('[[targets]]\nurl = "json://127.0.0.1:9/a"\n[[targets]]\nurl = "json://127.0.0.1:9/a"\n', "listed twice"),
        ("[outbox]\nlease_minutes = \"soon\"\n", "must be numbers"),
        ("[[targets]\n", "invalid TOML"),
    ],
)
def test_bad_configuration_is_one_line_error(alerts_config, body, message):
    alerts_config(body)
    with pytest.raises(ConfigError, match=message) as info:
        load_targets()
    assert "\n" not in str(info.value)


def test_broken_entry_in_apprise_config_file_is_reported(tmp_path, alerts_config):
    path = tmp_path / "apprise.txt"
    path.write_text("json://127.0.0.1:9/one\nnotaservice://secretish-token-123/x\n")
    alerts_config(f'[[targets]]\nconfig = "{path}"\n')
    with pytest.raises(ConfigError, match="could not be read") as info:
        load_targets()
    assert "secretish" not in str(info.value)
