"""Fixtures of the ledger tests: the seeds as Articles and their hand-annotated commitments."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from extractors.model import Article, Commitment
from extractors.normalize import normalize_text
from pledgewatch.db import session_factory


def _flat(s: str) -> str:
    return re.sub(r"\s+", " ", normalize_text(s)).strip()


def gold_commitments(gold_file: Path, articles: dict[str, Article]) -> dict[str, list[Commitment]]:
    """The gold lines as Commitments per seed id, spans found by searching the evidence in the text."""
    out: dict[str, list[Commitment]] = {k: [] for k in articles}
    for line in gold_file.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        text = articles[d["article"]].text
        evidence = _flat(d["evidence"])
        # Whitespace in the text may differ from the evidence: match word by word.
        pattern = r"\s+".join(re.escape(w) for w in evidence.split(" "))
        found = re.search(pattern, text)
        assert found, f"gold evidence not found in seed {d['article']}: {evidence[:60]}"
        d["span"] = (found.start(), found.end())
        d["evidence"] = found.group(0)
        out[d["article"]].append(Commitment.from_dict(d))
    return out


@pytest.fixture(scope="session")
def seed_articles() -> dict[str, Article]:
    from pledgewatch.seeds import load_seed_articles

    return {a.source.split("/")[-1][:3]: a for a in load_seed_articles()}


@pytest.fixture(scope="session")
def gold(gold_file: Path, seed_articles: dict[str, Article]) -> dict[str, list[Commitment]]:
    return gold_commitments(gold_file, seed_articles)


@pytest.fixture
def session(engine):  # type: ignore[no-untyped-def]
    s = session_factory(engine)()
    try:
        yield s
    finally:
        s.rollback()
        s.close()
