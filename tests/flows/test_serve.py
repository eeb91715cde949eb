"""`pledgewatch serve` needs a real Prefect server (cron never fires on the ephemeral one): it starts one
on 127.0.0.1 when PREFECT_API_URL is unset, serves the monitor deployment on it, and stops it on Ctrl-C."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pledgewatch.settings import config_dir, schedule
from tests.flows.conftest import write_feeds

ROOT = Path(__file__).resolve().parents[2]
# A Prefect home kept between test sessions: a new server database costs ~6 s of migrations.
SERVE_HOME = ROOT / ".prefect" / "test-serve"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _wait_for(path: Path, text: str, proc: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while text not in path.read_text(errors="replace"):
        assert proc.poll() is None, f"serve exited early: {path.read_text(errors='replace')[-2000:]}"
        assert time.monotonic() < deadline, f"serve not ready: {path.read_text(errors='replace')[-2000:]}"
        time.sleep(0.3)


@pytest.mark.slow
def test_serve_runs_the_deployment_and_stops_its_server_on_ctrl_c(tmp_path: Path) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL, temporary_settings
    from prefect.workers.process import ProcessWorker

    from flows.deployments import deploy_to_pool
    from pledgewatch import pipeline
    from pledgewatch.db import session_scope

    config = tmp_path / "config"
    shutil.copytree(config_dir(), config)
    write_feeds(config / "feeds.toml", {"nowhere": "http://127.0.0.1:9/feed.rss"})
    ledger = f"sqlite:///{tmp_path / 'ledger.db'}"
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "PLEDGEWATCH_NOTIFY")}
    env.update(PREFECT_HOME=str(SERVE_HOME), PLEDGEWATCH_CONFIG_DIR=str(config), PLEDGEWATCH_DATABASE_URL=ledger,
               PREFECT_RUNNER_POLL_FREQUENCY="1")
    port = _free_port()
    log = tmp_path / "serve.out"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(Path(sys.executable).parent / "pledgewatch"), "serve", "--port", str(port)], env=env, cwd=tmp_path,
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # a terminal's Ctrl-C
        )
    try:
        _wait_for(log, "Ctrl-C stops it", proc)
        _wait_for(log, "pledgewatch-monitor", proc)
        api = f"http://127.0.0.1:{port}/api"
        assert f"Prefect UI: http://127.0.0.1:{port}" in log.read_text()
        with temporary_settings(updates={PREFECT_API_URL: api}):
            deadline = time.monotonic() + 30
            while True:  # the served deployment registers a moment after the message
                with get_client(sync_client=True) as client:
                    found = [d for d in client.read_deployments() if d.name == "pledgewatch-monitor"]
                if found or time.monotonic() > deadline:
                    break
                time.sleep(0.5)
            assert found, "the served deployment never appeared"
            served = found[0]
            assert [s.schedule.cron for s in served.schedules] == [schedule()["cron"]]
            assert served.global_concurrency_limit is not None and served.global_concurrency_limit.limit == 1

            run = run_deployment(f"pledgewatch-monitor/{served.name}", timeout=90)
            assert run.state is not None and run.state.is_completed(), run.state

            # The scale set-up: the same deployment registered on a process work pool.
            pool = f"pledgewatch-{port}"
            with get_client(sync_client=True) as client:
                client.create_work_pool(WorkPoolCreate(
                    name=pool, type="process", base_job_template=ProcessWorker.get_default_base_job_template()))
            [pool_dep_id] = deploy_to_pool(pool)
            with get_client(sync_client=True) as client:
                on_pool = client.read_deployment(pool_dep_id)
            assert on_pool.work_pool_name == pool and on_pool.entrypoint == "flows.monitor.monitor"
    finally:
        proc.send_signal(signal.SIGINT)
        code = proc.wait(60)
    assert code == 0
    assert not _listening(port)  # the local server went with it

    from pledgewatch.ledger.models import ArticleRow

    with session_scope(pipeline.ledger_engine(ledger)) as s:  # the served run did its work
        assert s.scalar(select(func.count()).select_from(ArticleRow).where(ArticleRow.origin == "seed")) == 5


def test_a_busy_port_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    from flows.serve import ServerError, local_prefect_server

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        with pytest.raises(ServerError, match=f"port {port} .* already in use"):
            with local_prefect_server(port=port):
                pass


def test_an_existing_server_url_is_used_as_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREFECT_API_URL", "http://prefect.example:4200/api")
    from flows.serve import local_prefect_server

    with local_prefect_server() as api:
        assert api == "http://prefect.example:4200/api"
