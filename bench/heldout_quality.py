#!/usr/bin/env python3
"""Blind held-out benchmark: score the commitment extractor on articles it was never tuned on.

    .venv/bin/python bench/heldout_quality.py [--set heldout2] [--show-errors] [--json] [--out PRED.jsonl]

The ten articles in bench/heldout/articles/ (h01 … h10) and their gold (bench/heldout/gold.jsonl)
were written by someone who had not read extractors/*.py, config/lexicon.toml or the extractor
tests, so the figures measure how the rules generalise rather than how well they fit their own
examples. This script only prints figures: it is not a test and must not be used to tune the
rules (tuning against it would turn it into one more training set). The gold follows
../shared/gold/README.md and is scored with ../shared/gold/score.py.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import extractors  # noqa: E402
from bench.extract_quality import GOLD_DIR, extra_figures, load_scorer, matched_pairs  # noqa: E402

HELDOUT = REPO / "bench" / "heldout"
SCORER = GOLD_DIR / "score.py"


def load_articles(folder: Path = HELDOUT / "articles") -> dict[str, str]:
    """Article id (file stem, e.g. "h01") -> raw text."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}


def predict(articles: dict[str, str]) -> tuple[list[dict[str, Any]], float]:
    """Predictions as score.py reads them, and the mean extraction time per article in ms."""
    lexicon = extractors.load_lexicon()
    preds: list[dict[str, Any]] = []
    t0 = time.perf_counter()
    for aid, text in articles.items():
        for c in extractors.extract_commitments(text, lexicon):
            d = c.to_dict()
            d["article"] = aid
            preds.append(d)
    return preds, (time.perf_counter() - t0) * 1000 / max(1, len(articles))


def field_errors(scorer: ModuleType, gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[str]:
    """One line per matched pair whose category, status, currency or qualifier disagrees."""
    out = []
    for g, p in matched_pairs(scorer, gold, pred):
        diffs = [f"{f}: gold={g.get(f) or None} got={p.get(f) or None}"
                 for f in ("category", "status", "currency", "qualifier") if (g.get(f) or None) != (p.get(f) or None)]
        if diffs:
            out.append(f"FIELD    {g['article']} {g.get('amount')} | {'; '.join(diffs)} | {g['evidence'][:80]}")
    return out


def run(folder: Path = HELDOUT) -> dict[str, Any]:
    scorer = load_scorer()
    gold = scorer.load(folder / "gold.jsonl")
    articles = load_articles(folder / "articles")
    preds, ms = predict(articles)
    res, missed, spurious = scorer.score(gold, preds)
    figures = {k: res[k] for k in ("tp", "fp", "fn", "precision", "recall", "f1")}
    figures.update(res["accuracy"])
    figures.update(extra_figures(scorer, gold, preds))
    figures["ms_per_article"] = ms
    figures["articles"] = len(articles)
    figures["gold_required"] = sum(1 for g in gold if not g.get("optional"))
    return {"figures": figures, "missed": missed, "spurious": spurious, "predictions": preds,
            "field_errors": field_errors(scorer, gold, preds)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show-errors", action="store_true", help="list missed, spurious and wrongly-labelled lines")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--out", type=Path, help="also write the predictions here (JSON Lines)")
    ap.add_argument("--set", default="heldout", help="which held-out folder under bench/ (heldout, heldout2)")
    args = ap.parse_args(argv)
    if not SCORER.exists():
        print(f"gold scorer not found at {SCORER}", file=sys.stderr)
        return 2
    folder = REPO / "bench" / args.set
    if not (folder / "gold.jsonl").exists():
        print(f"{folder}: no gold.jsonl", file=sys.stderr)
        return 2
    r = run(folder)
    f = r["figures"]
    if args.out:
        args.out.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in r["predictions"]), encoding="utf-8")
    if args.json:
        print(json.dumps(f, indent=2))
    else:
        print(f"{args.set} {f['articles']} articles, {f['gold_required']} required gold lines")
        print(f"tp={f['tp']} fp={f['fp']} fn={f['fn']}  precision={f['precision']:.3f} recall={f['recall']:.3f} "
              f"f1={f['f1']:.3f}")
        print(f"field accuracy over matched pairs: category={f['category']:.2f} status={f['status']:.2f} "
              f"currency={f['currency']:.2f} qualifier={f['qualifier']:.2f} purpose={f['purpose']:.2f} "
              f"running_total={f['running_total']:.2f}  ({f['ms_per_article']:.1f} ms/article)")
    if args.show_errors:
        for g in r["missed"]:
            print(f"MISSED   {g['article']} {g['category']} {g.get('amount')} | {g['evidence'][:110]}")
        for p in r["spurious"]:
            print(f"SPURIOUS {p['article']} {p.get('category')} {p.get('amount')} {p.get('currency')} "
                  f"rt={p.get('running_total')} | {(p.get('evidence') or '')[:110]}")
        for line in r["field_errors"]:
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
