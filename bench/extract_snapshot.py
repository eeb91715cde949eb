"""Snapshot of everything the extractor says about every text the project holds, to prove that a
speed change altered no output.

Reads the seeds, our own test articles, both held-out sets, and the HTML test pages (through
`article_from_html`), runs `extract_commitments` on each, and writes or compares one JSON line per
text. `--check` exits 1 and names the texts whose output changed.

    .venv/bin/python bench/extract_snapshot.py --write /tmp/extract_snapshot.jsonl
    .venv/bin/python bench/extract_snapshot.py --check /tmp/extract_snapshot.jsonl
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.commitments import extract_commitments  # noqa: E402
from extractors.html import article_from_html  # noqa: E402

TEXT_DIRS = [ROOT / "seeds", ROOT / "tests" / "extractors" / "articles", ROOT / "bench" / "heldout" / "articles",
             ROOT / "bench" / "heldout2" / "articles"]
PAGE_DIRS = [ROOT / "tests" / "inputs" / "pages"]


def texts() -> list[tuple[str, str]]:
    """(name, article text) for every text and page, in a fixed order."""
    out: list[tuple[str, str]] = []
    for folder in TEXT_DIRS:
        for path in sorted(folder.glob("*.txt")):
            out.append((str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")))
    for folder in PAGE_DIRS:
        for path in sorted(folder.glob("*.html")):
            try:
                text = article_from_html(path.read_text(encoding="utf-8"), str(path)).text
            except ValueError:
                continue  # a page the tests keep because it has no article
            out.append((str(path.relative_to(ROOT)), text))
    return out


def snapshot() -> dict[str, list[dict[str, object]]]:
    return {name: [asdict(c) for c in extract_commitments(text)] for name, text in texts()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="write the snapshot here")
    group.add_argument("--check", type=Path, help="compare with the snapshot written here")
    args = parser.parse_args(argv)
    now = snapshot()
    count = sum(len(v) for v in now.values())
    if args.write:
        with args.write.open("w", encoding="utf-8") as fh:
            for name, found in now.items():
                fh.write(json.dumps({"text": name, "commitments": found}, sort_keys=True) + "\n")
        print(f"wrote {len(now)} texts, {count} commitments to {args.write}")
        return 0
    before = {}
    for line in args.check.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        before[row["text"]] = row["commitments"]
    now_json = {k: json.loads(json.dumps(v, sort_keys=True)) for k, v in now.items()}
    changed = sorted(k for k in set(before) | set(now_json) if before.get(k) != now_json.get(k))
    for name in changed:
        print(f"changed: {name}")
    print(f"{len(now)} texts, {count} commitments: " + ("identical" if not changed else f"{len(changed)} changed"))
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
