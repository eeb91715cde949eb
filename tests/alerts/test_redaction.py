"""Secrets in apprise URLs never show: labels, scrubbed errors, logs, the database, CLI output."""
from __future__ import annotations

import logging

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from pledgewatch.alerts.dispatch import dispatch
from pledgewatch.alerts.redact import Scrubber, redact_url, secret_fragments
from pledgewatch.alerts.targets import load_targets
from tests.alerts.conftest import NOW, add_event
from tests.alerts.receivers import free_port


@pytest.mark.parametrize(
    ("url", "label"),
    [
        ("mailto://user:hunter2pw@smtp.example.com?to=desk@example.org", "mailto://***@smtp.example.com?…"),
        ("slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#alerts", "slack://***/***/***"),
        ("tgram://123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/-100123456", "tgram://***/***"),
        ("discord://4174216298/JHMHI8qBe7bk2ZwO5U711o3dV_js", "discord://***/***"),
        ("ntfys://ntfy.example.com/pledges?token=tk_abcdef0123456789", "ntfys://ntfy.example.com/pledges?…"),
        ("json://127.0.0.1:8080/hooks/alerts?cto=1&format=html", "json://127.0.0.1:8080/hooks/alerts?cto=1&format=html"),
        ("mqtt://bot:s3cr3t-pw@broker.example.org:1883/pledges", "mqtt://***@broker.example.org:1883/pledges"),
    ],
)
def test_redact_url_hides_credentials_and_keeps_what_identifies(url: str, label: str) -> None:
    assert redact_url(url) == label
    for fragment in secret_fragments(url) - {url}:
        if len(fragment) >= 6:
            assert fragment not in label


def test_scrubber_removes_known_fragments_and_unknown_userinfo() -> None:
    scrubber = Scrubber()
    scrubber.learn(["slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/"])
    line = "Failed posting to https://hooks.slack.com/services/T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ"
    assert "TIiajkdnlazkcOXrIdevi7FQ" not in scrubber.scrub(line)
    assert scrubber.scrub("see smtp://someone:pw123@mail.example.org") == "see smtp://***@mail.example.org"


SECRET = "Zq9-very-secret-pass"


def test_unreachable_target_with_password_leaks_nowhere(session, caplog, monkeypatch) -> None:
    """Logs, the report, every outbox column and the CLI output are checked for the password."""
    add_event(session)
    port = free_port()  # nothing listens there
    url = f"json://alertbot:{SECRET}@127.0.0.1:{port}/hook?cto=1&rto=1"
    caplog.set_level(logging.DEBUG)
    targets = load_targets(environ={"PLEDGEWATCH_NOTIFY": url})
    assert SECRET not in repr(targets)
    report = dispatch(session, targets=targets, now=NOW)
    assert report.failed == 1 and report.lines[0].error
    assert "***@127.0.0.1" in report.lines[0].label

    dump = [str(v) for row in session.execute(text("SELECT * FROM alert_deliveries")).all() for v in row]
    assert dump and not any(SECRET in v or "alertbot" in v for v in dump)
    assert not any(url in v for v in dump)
    assert SECRET not in repr(report)
    assert SECRET not in caplog.text and "alertbot" not in caplog.text
    assert "failed" in caplog.text  # the failure itself is logged, just without the secret

    monkeypatch.setenv("PLEDGEWATCH_NOTIFY", url)
    from pledgewatch.cli import main

    result = CliRunner().invoke(main, ["notify-test"])
    assert result.exit_code == 1
    assert "failed" in result.output and "***@127.0.0.1" in result.output
    assert SECRET not in result.output and SECRET not in caplog.text


def test_bad_url_error_is_one_line_without_secret() -> None:
    from pledgewatch.settings import ConfigError

    with pytest.raises(ConfigError) as info:
        load_targets(environ={"PLEDGEWATCH_NOTIFY": f"nosuchservice://admin:{SECRET}@example.org/x"})
    message = str(info.value)
    assert "\n" not in message and SECRET not in message and "nosuchservice://***@example.org" in message
