"""The monitor deployment is built from config, without any Prefect server."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pledgewatch.settings import schedule


def test_monitor_deployment_for_a_work_pool_carries_schedule_limit_and_entrypoint() -> None:
    from flows.deployments import monitor_deployment

    dep = monitor_deployment(work_pool_name="pledgewatch")
    sched = schedule()
    assert dep.work_pool_name == "pledgewatch"
    assert dep.entrypoint == "flows.monitor.monitor"  # importable on any machine with pledgewatch installed
    assert dep.flow_name == "pledgewatch-monitor"
    assert dep.concurrency_limit == 1
    assert [(s.schedule.cron, s.schedule.timezone) for s in dep.schedules] == [(sched["cron"], sched["timezone"])]


def test_the_schedule_follows_the_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pledgewatch.toml").write_text('[schedule]\ncron = "5 */2 * * *"\ntimezone = "America/Toronto"\n')
    monkeypatch.setenv("PLEDGEWATCH_CONFIG_DIR", str(tmp_path))
    from flows.deployments import monitor_deployment

    dep = monitor_deployment()
    assert dep.work_pool_name is None
    assert [(s.schedule.cron, s.schedule.timezone) for s in dep.schedules] == [("5 */2 * * *", "America/Toronto")]


def _env_seen_by_flows(env: dict[str, str]) -> list[str]:
    code = "import os, flows; print(os.environ['PREFECT_HOME']); print(os.environ['PREFECT_SERVER_ANALYTICS_ENABLED'])"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return out.stdout.split()


def test_prefect_defaults_apply_before_import_but_never_override(tmp_path: Path) -> None:
    base = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_") and k != "DO_NOT_TRACK"}
    base["PLEDGEWATCH_HOME"] = str(tmp_path)
    assert _env_seen_by_flows(base) == [str(tmp_path / ".prefect"), "false"]
    assert _env_seen_by_flows({**base, "PREFECT_HOME": "/elsewhere"})[0] == "/elsewhere"
