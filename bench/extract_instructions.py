"""Instructions `extract_commitments` executes per bench page, counted by callgrind.

A figure that other programs on a shared machine cannot disturb (unlike CPU time), for comparing two
versions of the extractor. It does not see cache misses, which is why `extract_speed.py` stays the
verdict. Runs this file under `valgrind --tool=callgrind` with 0 and 10 passes over the nine
`extract_speed.py` page texts and prints the difference per page. Needs valgrind; takes about 90 s.

    .venv/bin/python bench/extract_instructions.py
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSES = 10


def _passes(n: int) -> None:
    """The measured work: n passes of extract_commitments over the page texts (after one warm-up)."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(1, str(ROOT / "bench"))
    from extract_speed import build_pages

    from extractors.commitments import extract_commitments
    from extractors.html import run_trafilatura
    from extractors.normalize import normalize_text

    texts = [normalize_text(run_trafilatura(page).text) for _name, page in build_pages()]
    for text in texts:
        extract_commitments(text)
    for _ in range(n):
        for text in texts:
            extract_commitments((text + " ")[:-1])  # a new string: no per-text cache carries over
    print(f"pages {len(texts)}")


def _collected(n: int) -> tuple[int, int]:
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__, "--passes", str(n)],
        capture_output=True, text=True, check=True,
    )
    total = re.search(r"Collected : (\d+)", out.stderr)
    pages = re.search(r"pages (\d+)", out.stdout)
    if total is None or pages is None:
        raise SystemExit("callgrind printed no instruction count")
    return int(total.group(1)), int(pages.group(1))


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--passes":
        _passes(int(sys.argv[2]))
        return 0
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: no instruction count")
        return 0
    base, pages = _collected(0)
    total, _ = _collected(PASSES)
    print(f"extract_commitments: {(total - base) / (PASSES * pages) / 1e6:.2f} million instructions per page "
          f"({pages} pages, {PASSES} passes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
