#!/usr/bin/env python3
"""Score the commitment extractor against hand-made gold and print the figures.

Two gold sets:
  - seeds: seeds/*.txt against ../shared/gold/seeds.jsonl, scored by ../shared/gold/score.py;
  - own:   tests/extractors/articles/*.txt against the *.jsonl next to each (written for pledgewatch,
           covering other donors, in-kind lists, loans, sanctions, training, running totals ...).

    .venv/bin/python bench/extract_quality.py [--json] [--show-errors] [--write-baseline]

Prints precision, recall, F1 and the accuracy of category, status, currency and qualifier over
matched pairs (score.py's rules), plus purpose, running-total and per-article timing figures this
script adds. `--write-baseline` rewrites bench/quality_baseline.json (the floors the quality gate
test pins) from the current figures: do it on purpose, after an improvement.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from extractors.commitments import extract_commitments  # noqa: E402
from extractors.lexicon import load_lexicon  # noqa: E402

GOLD_DIR = REPO.parent / "shared" / "gold"
SEEDS_DIR = REPO / "seeds"
OWN_DIR = REPO / "tests" / "extractors" / "articles"
BASELINE = REPO / "bench" / "quality_baseline.json"
GATED = ("precision", "recall", "f1", "category", "status", "currency", "qualifier")


def load_scorer(gold_dir: Path = GOLD_DIR) -> ModuleType:
    """Import ../shared/gold/score.py without putting it on sys.path."""
    path = gold_dir / "score.py"
    spec = importlib.util.spec_from_file_location("pledgewatch_gold_score", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(f"{path}: scorer not found")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict(articles: dict[str, str]) -> tuple[list[dict[str, Any]], float]:
    """Predictions as score.py wants them, and the mean extraction time per article in ms."""
    lex = load_lexicon()
    preds: list[dict[str, Any]] = []
    t0 = time.perf_counter()
    for aid, text in articles.items():
        for c in extract_commitments(text, lex):
            d = c.to_dict()
            d["article"] = aid
            preds.append(d)
    ms = (time.perf_counter() - t0) * 1000 / max(1, len(articles))
    return preds, ms


def seed_articles(seeds_dir: Path = SEEDS_DIR) -> dict[str, str]:
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))}


def own_articles(own_dir: Path = OWN_DIR) -> tuple[dict[str, str], list[dict[str, Any]]]:
    texts: dict[str, str] = {}
    gold: list[dict[str, Any]] = []
    for p in sorted(own_dir.glob("*.txt")):
        texts[p.stem] = p.read_text(encoding="utf-8")
        g = p.with_suffix(".jsonl")
        if g.exists():
            gold += [json.loads(line) for line in g.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts, gold


def matched_pairs(scorer: ModuleType, gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[tuple[dict, dict]]:
    """Matched (gold, prediction) pairs of required lines, paired the way score.py pairs them
    (required lines first, so that an optional line never takes a required line's match)."""
    pairs = []
    for aid in sorted({g["article"] for g in gold}):
        G = sorted((g for g in gold if g["article"] == aid), key=lambda g: bool(g.get("optional")))
        P = [p for p in pred if p["article"] == aid]
        used: set[int] = set()
        for g in G:
            hit = next((i for i, p in enumerate(P) if i not in used and scorer.matches(g, p)), None)
            if hit is not None:
                used.add(hit)
                if not g.get("optional"):
                    pairs.append((g, P[hit]))
    return pairs


def extra_figures(scorer: ModuleType, gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> dict[str, float]:
    """Purpose (exact after normalising) and running-total agreement over matched required pairs:
    fields score.py does not score."""
    pairs = matched_pairs(scorer, gold, pred)
    if not pairs:
        return {"purpose": 0.0, "running_total": 0.0}
    n = len(pairs)
    return {
        "purpose": sum(scorer.norm(g.get("purpose")) == scorer.norm(p.get("purpose")) for g, p in pairs) / n,
        "running_total": sum(bool(g.get("running_total")) == bool(p.get("running_total")) for g, p in pairs) / n,
    }


def score_set(scorer: ModuleType, gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> tuple[dict[str, Any], list, list]:
    with tempfile.TemporaryDirectory() as tmp:  # round-trip through JSON Lines, as score.py's CLI would
        gp, pp = Path(tmp) / "gold.jsonl", Path(tmp) / "pred.jsonl"
        gp.write_text("".join(json.dumps(g) + "\n" for g in gold), encoding="utf-8")
        pp.write_text("".join(json.dumps(p) + "\n" for p in pred), encoding="utf-8")
        res, missed, spurious = scorer.score(scorer.load(gp), scorer.load(pp))
    flat = {k: res[k] for k in ("tp", "fp", "fn", "precision", "recall", "f1")}
    flat.update(res["accuracy"])
    flat.update(extra_figures(scorer, gold, pred))
    return flat, missed, spurious


def run(gold_dir: Path = GOLD_DIR) -> dict[str, Any]:
    """All figures: {"seeds": {...}, "own": {...}}; "seeds" is absent when the shared gold is."""
    scorer = load_scorer(gold_dir)
    out: dict[str, Any] = {}
    seeds_gold = gold_dir / "seeds.jsonl"
    if seeds_gold.exists():
        preds, ms = predict(seed_articles())
        figures, missed, spurious = score_set(scorer, scorer.load(seeds_gold), preds)
        figures["ms_per_article"] = ms
        out["seeds"] = {"figures": figures, "missed": missed, "spurious": spurious}
    texts, gold = own_articles()
    preds, ms = predict(texts)
    figures, missed, spurious = score_set(scorer, gold, preds)
    figures["ms_per_article"] = ms
    figures["articles"] = len(texts)
    out["own"] = {"figures": figures, "missed": missed, "spurious": spurious}
    return out


def _line(name: str, f: dict[str, Any]) -> str:
    return (
        f"{name:5} tp={f['tp']} fp={f['fp']} fn={f['fn']}  precision={f['precision']:.3f} recall={f['recall']:.3f} "
        f"f1={f['f1']:.3f}  category={f['category']:.2f} status={f['status']:.2f} currency={f['currency']:.2f} "
        f"qualifier={f['qualifier']:.2f} purpose={f['purpose']:.2f} running_total={f['running_total']:.2f}  "
        f"{f['ms_per_article']:.2f} ms/article"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--show-errors", action="store_true", help="list missed and spurious commitments")
    ap.add_argument("--write-baseline", action="store_true", help=f"rewrite {BASELINE.name} from these figures")
    args = ap.parse_args(argv)
    if not (GOLD_DIR / "score.py").exists():
        print(f"gold scorer not found at {GOLD_DIR / 'score.py'}", file=sys.stderr)
        return 2
    results = run()
    if args.json:
        print(json.dumps({k: v["figures"] for k, v in results.items()}, indent=2))
    else:
        for name, r in results.items():
            print(_line(name, r["figures"]))
    if args.show_errors:
        for name, r in results.items():
            for g in r["missed"]:
                print(f"MISSED   {name} {g['article']} {g['category']} {g.get('amount')} | {g['evidence'][:110]}")
            for p in r["spurious"]:
                print(f"SPURIOUS {name} {p['article']} {p.get('category')} {p.get('amount')} | {(p.get('evidence') or '')[:110]}")
    if args.write_baseline:
        base = {name: {k: round(r["figures"][k], 4) for k in GATED} for name, r in results.items()}
        base["tolerance"] = 0.02
        BASELINE.write_text(json.dumps(base, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {BASELINE.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
