"""Run every benchmark in turn and print its figures (`make bench`).

Each script prints its own figures and asserts nothing about speed; this only runs them one after
another with the project's interpreter, with settings small enough for a two-core machine
(`--full` uses each script's defaults, e.g. the 10,000-article backfill).
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent

# script, arguments for the quick run ([] = its defaults)
QUICK: list[tuple[str, list[str]]] = [
    ("extract_quality.py", []),
    ("heldout_quality.py", []),
    ("heldout_quality.py", ["--set", "heldout2"]),
    ("extract_speed.py", ["--reps", "7"]),
    ("ledger_ingest.py", ["--articles", "2000"]),
    ("feeds_poll.py", []),
    ("alerts_outbox.py", ["--events", "100"]),
    ("poll_304.py", ["--repeat", "2"]),
    ("backfill_10k.py", ["--count", "2000", "--flow", "0"]),
]


def main(argv: list[str]) -> int:
    full = "--full" in argv
    failed = []
    for script, args in QUICK:
        cmd = [sys.executable, str(BENCH / script), *([] if full else args)]
        print(f"\n=== {script} {' '.join(cmd[2:])}", flush=True)
        start = time.perf_counter()
        code = subprocess.call(cmd, cwd=BENCH.parent)
        print(f"--- {script}: exit {code}, {time.perf_counter() - start:.1f} s", flush=True)
        if code:
            failed.append(script)
    if failed:
        print(f"\nbenchmarks that failed to run: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
