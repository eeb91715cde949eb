"""Instructions and simulated cache misses of `extract_commitments` run right after trafilatura.

In the pipeline extraction runs just after trafilatura, whose own data has pushed the extractor's
regexes, lexicon and code out of the processor caches; on this machine that costs extraction about
0.45 ms per page on top of its warm cost of about 0.65 ms. CPU time on a shared two-core machine
is too noisy to compare two versions of the extractor, so this script counts instead: callgrind
with its cache simulator (L1 32 KB, last level 1 MB, the size of this CPU's L2) runs two passes over
the nine `extract_speed.py` pages, each extraction preceded by trafilatura on its page, and collects
only inside the extraction calls. Deterministic: the same code gives the same figures.

Prints instructions and last-level misses per page, and a rough time estimate fitted on this machine
(0.133 ms per million instructions, 0.06 ms per thousand misses). `extract_speed.py` stays the verdict.
Needs valgrind; takes about 2 minutes.

    .venv/bin/python bench/extract_cold_misses.py
"""
from __future__ import annotations

import operator
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSES = 2
# The C function every measured extraction goes through, so that callgrind collects inside it only.
TOGGLE = "methodcaller_call"
MS_PER_M_INSTRUCTIONS = 0.133
MS_PER_K_MISSES = 0.06


class _Runner:
    """Holds the text for `operator.methodcaller("extract")`, the C-level entry callgrind toggles on."""

    def __init__(self) -> None:
        self.text = ""

    def extract(self) -> object:
        from extractors.commitments import extract_commitments

        return extract_commitments(self.text)


def _passes() -> None:
    """The measured work: each page's trafilatura call, then its extraction (collected)."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(1, str(ROOT / "bench"))
    from extract_speed import build_pages

    from extractors.commitments import extract_commitments
    from extractors.html import run_trafilatura
    from extractors.normalize import normalize_text

    pages = [page for _name, page in build_pages()]
    texts = [normalize_text(run_trafilatura(page).text) for page in pages]
    for text in texts:  # warm-up outside the collected calls: imports, regex compilation, lexicon
        extract_commitments(text)
    runner, call = _Runner(), operator.methodcaller("extract")
    for _ in range(PASSES):
        for page, text in zip(pages, texts):
            run_trafilatura(page)
            runner.text = (text + " ")[:-1]  # a new string: no per-text cache carries over
            call(runner)
    print(f"pages {len(pages)}")


def _totals(out_file: Path) -> dict[str, int]:
    """Event totals of a callgrind output file."""
    for line in out_file.read_text(encoding="utf-8").splitlines():
        if line.startswith("totals:") or line.startswith("summary:"):
            names = _events(out_file)
            return dict(zip(names, (int(x) for x in line.split()[1:])))
    raise SystemExit("callgrind wrote no totals")


def _events(out_file: Path) -> list[str]:
    for line in out_file.read_text(encoding="utf-8").splitlines():
        if line.startswith("events:"):
            return line.split()[1:]
    raise SystemExit("callgrind wrote no event names")


def main() -> int:
    if sys.argv[1:] == ["--passes"]:
        _passes()
        return 0
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: no cache simulation")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        out_file = Path(tmp) / "callgrind.out"
        run = subprocess.run(
            ["valgrind", "--tool=callgrind", "--cache-sim=yes", "--collect-atstart=no", f"--toggle-collect={TOGGLE}",
             "--I1=32768,8,64", "--D1=32768,8,64", "--LL=1048576,8,64", f"--callgrind-out-file={out_file}",
             sys.executable, __file__, "--passes"],
            capture_output=True, text=True, check=True,
        )
        pages_line = re.search(r"pages (\d+)", run.stdout)
        if pages_line is None:
            raise SystemExit("the measured run printed no page count")
        totals = _totals(out_file)
    calls = int(pages_line.group(1)) * PASSES
    instructions = totals.get("Ir", 0) / calls
    if not instructions:
        print(f"callgrind collected nothing: this Python has no `{TOGGLE}` symbol")
        return 0
    misses = sum(totals.get(k, 0) for k in ("ILmr", "DLmr", "DLmw")) / calls
    estimate = MS_PER_M_INSTRUCTIONS * instructions / 1e6 + MS_PER_K_MISSES * misses / 1e3
    print(f"extract_commitments right after trafilatura: {instructions / 1e6:.2f} million instructions and "
          f"{misses / 1e3:.2f} thousand simulated last-level misses per page "
          f"(about {estimate:.2f} ms per page on this machine; {calls // PASSES} pages, {PASSES} passes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
