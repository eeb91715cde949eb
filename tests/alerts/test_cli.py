"""`pledgewatch notify-test` and `pledgewatch alerts send|pending|targets`, run as a user runs them."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from pledgewatch.cli import main
from tests.alerts.receivers import free_port


def test_notify_test_reports_each_target(http_receiver, smtp_receiver, monkeypatch):
    down = f"json://127.0.0.1:{free_port()}/dead?cto=1&rto=1"
    monkeypatch.setenv("PLEDGEWATCH_NOTIFY", f"{http_receiver.url()} {down} {smtp_receiver.url()}")
    result = CliRunner().invoke(main, ["notify-test"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[0] == f"delivered  json://127.0.0.1:{http_receiver.port}/alerts"
    assert lines[1].startswith("failed     json://127.0.0.1:") and "Connection error" in lines[1]
    assert lines[2] == f"delivered  mailto://127.0.0.1:{smtp_receiver.port}"
    assert http_receiver.titles == ["pledgewatch test notification"]
    assert smtp_receiver.messages[0]["Subject"] == "pledgewatch test notification"


def test_notify_test_all_delivered_exits_zero(http_receiver, monkeypatch):
    monkeypatch.setenv("PLEDGEWATCH_NOTIFY", http_receiver.url())
    assert CliRunner().invoke(main, ["notify-test"]).exit_code == 0


def test_configuration_error_is_one_line_exit_2(alerts_config):
    alerts_config('[[targets]]\nurl = "json://127.0.0.1:9/a"\nkinds = ["NOPE"]\n')
    result = CliRunner().invoke(main, ["notify-test"])
    assert result.exit_code == 2
    assert "unknown event kind 'NOPE'" in result.output


@pytest.fixture
def ledger_url(db_url, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PLEDGEWATCH_DATABASE_URL", db_url)
    return db_url


def test_alerts_send_and_pending(ledger_url, http_receiver, monkeypatch):
    from pledgewatch.db import open_ledger, session_factory
    from tests.alerts.conftest import add_event

    engine = open_ledger(ledger_url)
    with session_factory(engine)() as session:
        add_event(session, purpose="fuel")
    engine.dispose()
    runner = CliRunner()
    http_receiver.status = 500
    monkeypatch.setenv("PLEDGEWATCH_NOTIFY", http_receiver.url())
    sent = runner.invoke(main, ["alerts", "send"])
    assert sent.exit_code == 0, sent.output
    assert "queued 1, sent 0, failed 1, waiting 1" in sent.output
    pending = runner.invoke(main, ["alerts", "pending"])
    assert "pending" in pending.output and "500" in pending.output
    targets = runner.invoke(main, ["alerts", "targets"])
    assert targets.exit_code == 0 and "CONFLICT" in targets.output and "json://" in targets.output
