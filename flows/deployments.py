"""The monitor deployment: cron schedule from config, one run at a time.

The same builder serves two set-ups: `pledgewatch serve` (a local process serves the deployment) and
the scale set-up (the deployment is registered on a process work pool and workers on several machines
pick its runs up). The entrypoint is a module path (`flows.monitor.monitor`), so any machine where
pledgewatch is installed can run it without shipping source code around.
"""
from __future__ import annotations

from typing import Any

from flows import _env  # noqa: F401
from prefect.deployments.runner import EntrypointType, RunnerDeployment
from prefect.schedules import Cron

from pledgewatch.settings import schedule

DEPLOYMENT_NAME = "pledgewatch-monitor"
DEFAULT_POOL = "pledgewatch"


def monitor_deployment(
    *,
    name: str = DEPLOYMENT_NAME,
    work_pool_name: str | None = None,
    parameters: dict[str, Any] | None = None,
) -> RunnerDeployment:
    """Build (without contacting any server) the monitor deployment with the `[schedule]` from config.

    `concurrency_limit=1`: a run that comes due while the previous one is still going waits, so two
    scheduled monitors never overlap (the ledger's own lock covers runs started by hand).
    """
    from flows.monitor import monitor

    sched = schedule()
    return monitor.to_deployment(
        name=name,
        schedules=[Cron(str(sched["cron"]), timezone=str(sched.get("timezone") or "UTC"))],
        concurrency_limit=1,
        work_pool_name=work_pool_name,
        parameters=parameters or {},
        tags=["pledgewatch"],
        description="Poll the configured feeds, update the pledge ledger and send alerts.",
        entrypoint_type=EntrypointType.MODULE_PATH,
    )


def deploy_to_pool(work_pool_name: str = DEFAULT_POOL, *, parameters: dict[str, Any] | None = None) -> Any:
    """Register the monitor deployment on an existing process work pool (needs PREFECT_API_URL)."""
    from prefect import deploy

    deployment = monitor_deployment(work_pool_name=work_pool_name, parameters=parameters)
    return deploy(
        deployment,
        work_pool_name=work_pool_name,
        build=False,
        push=False,
        print_next_steps_message=False,
        ignore_warnings=True,
    )
