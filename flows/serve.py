"""`pledgewatch serve`: run the monitor on its cron schedule.

Cron schedules never fire on Prefect's ephemeral server, so when no PREFECT_API_URL is set this module
starts a real local Prefect server on 127.0.0.1 (SQLite under PREFECT_HOME, offline), points this
process at it and stops it on exit. With PREFECT_API_URL set, that server is used and left alone.

Prefect reads PREFECT_API_URL when it is imported, so `local_prefect_server` must be entered before
anything imports Prefect; this module therefore imports Prefect only inside `serve_monitor`.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from flows import _env  # noqa: F401  (offline defaults for this process and the server child)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 4200
STARTUP_TIMEOUT_S = 120.0


class ServerError(Exception):
    """The local Prefect server could not be started; the message is one line."""


def server_log_path() -> Path:
    """Where the child server writes its output (it is noisy; the user reads it only on trouble)."""
    home = Path(os.environ["PREFECT_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    return home / "server.log"


def _healthy(api_url: str) -> bool:
    try:
        return httpx.get(f"{api_url}/health", timeout=2.0).status_code == 200
    except httpx.HTTPError:
        return False


def _port_busy(host: str, port: int) -> bool:
    import socket

    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def _tail(path: Path, lines: int = 3) -> str:
    try:
        text = path.read_text(errors="replace").strip().splitlines()
    except OSError:
        return ""
    return " | ".join(line.strip() for line in text[-lines:])


def _stop(proc: subprocess.Popen[bytes], grace_s: float = 20.0) -> None:
    """Stop the server and the workers it started (they share its process group)."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


@contextmanager
def local_prefect_server(
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    on_status: Callable[[str], None] | None = None,
    timeout_s: float = STARTUP_TIMEOUT_S,
) -> Iterator[str]:
    """Yield the API URL of a Prefect server: PREFECT_API_URL when set, else a local one started here.

    The started server lives in its own process group and is stopped when the block exits, also on
    Ctrl-C or an error.
    """
    say = on_status or (lambda _msg: None)
    existing = os.environ.get("PREFECT_API_URL")
    if existing:
        say(f"using the Prefect server at {existing}")
        yield existing
        return
    if _port_busy(host, port):
        raise ServerError(
            f"port {port} on {host} is already in use; if a Prefect server runs there, "
            f"set PREFECT_API_URL=http://{host}:{port}/api, or pick another --port"
        )
    api_url = f"http://{host}:{port}/api"
    log_path = server_log_path()
    say(f"starting a local Prefect server on http://{host}:{port} (log: {log_path})")
    with log_path.open("ab") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", host, "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "PREFECT_API_URL": ""},
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + timeout_s
        while not _healthy(api_url):
            if proc.poll() is not None:
                raise ServerError(f"the Prefect server exited with code {proc.returncode}: {_tail(log_path)}")
            if time.monotonic() > deadline:
                raise ServerError(f"the Prefect server did not answer within {timeout_s:.0f} s: {_tail(log_path)}")
            time.sleep(0.5)
        os.environ["PREFECT_API_URL"] = api_url
        say(f"Prefect UI: http://{host}:{port}")
        yield api_url
    finally:
        if os.environ.get("PREFECT_API_URL") == api_url:
            del os.environ["PREFECT_API_URL"]
        _stop(proc)


def serve_monitor() -> None:
    """Serve the monitor deployment with the configured cron schedule until interrupted."""
    if "prefect" in sys.modules and os.environ.get("PREFECT_API_URL"):
        # Prefect was imported before the server URL was known: make its settings follow.
        from prefect.settings import PREFECT_API_URL, temporary_settings

        ctx = temporary_settings(updates={PREFECT_API_URL: os.environ["PREFECT_API_URL"]})
    else:
        from contextlib import nullcontext

        ctx = nullcontext()
    with ctx:
        from prefect import serve

        from flows.deployments import monitor_deployment

        serve(monitor_deployment(), print_starting_message=False)
