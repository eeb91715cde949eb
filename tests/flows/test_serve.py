"""`pledgewatch serve` needs a real Prefect server (cron never fires on the ephemeral one): the helper
starts one on 127.0.0.1 when PREFECT_API_URL is unset, and stops it on exit."""
from __future__ import annotations

import socket
from pathlib import Path

import pytest

from pledgewatch.settings import schedule


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.slow
def test_local_server_takes_the_scheduled_deployment_and_stops_on_exit(monkeypatch: pytest.MonkeyPatch) -> None:
    # A Prefect home kept between test sessions: a new server database costs ~6 s of migrations.
    home = Path(__file__).resolve().parents[2] / ".prefect" / "test-serve"
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("PREFECT_HOME", str(home))
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.deployments import monitor_deployment
    from flows.serve import local_prefect_server

    port = _free_port()
    with local_prefect_server(port=port) as api:
        assert api == f"http://127.0.0.1:{port}/api"
        with temporary_settings(updates={PREFECT_API_URL: api}):
            dep_id = monitor_deployment().apply()
            with get_client(sync_client=True) as client:
                stored = client.read_deployment(dep_id)
        assert [s.schedule.cron for s in stored.schedules] == [schedule()["cron"]]
        assert stored.global_concurrency_limit is not None and stored.global_concurrency_limit.limit == 1
        assert (home / "server.log").exists()

        # The scale set-up: the same deployment registered on a process work pool.
        from prefect.client.schemas.actions import WorkPoolCreate
        from prefect.workers.process import ProcessWorker

        from flows.deployments import deploy_to_pool

        with temporary_settings(updates={PREFECT_API_URL: api}):
            with get_client(sync_client=True) as client:
                pool = f"pledgewatch-{port}"
                client.create_work_pool(WorkPoolCreate(
                    name=pool, type="process", base_job_template=ProcessWorker.get_default_base_job_template()))
            [pool_dep_id] = deploy_to_pool(pool)
            with get_client(sync_client=True) as client:
                on_pool = client.read_deployment(pool_dep_id)
        assert on_pool.work_pool_name == pool
        assert on_pool.entrypoint == "flows.monitor.monitor"
        assert [s.schedule.cron for s in on_pool.schedules] == [schedule()["cron"]]
    assert not _listening(port)


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
