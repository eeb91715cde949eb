"""Spans index the normalised text and evidence is exactly that slice; extraction is deterministic."""
from __future__ import annotations

from pathlib import Path

from extractors.commitments import extract_commitments
from extractors.normalize import normalize_text

ARTICLES = Path(__file__).parent / "articles"


def _texts(seeds_dir: Path) -> list[Path]:
    return sorted(seeds_dir.glob("*.txt")) + sorted(ARTICLES.glob("*.txt"))


def test_evidence_is_the_span_of_the_normalised_text(seeds_dir: Path) -> None:
    checked = 0
    for path in _texts(seeds_dir):
        raw = path.read_text(encoding="utf-8")
        norm = normalize_text(raw)
        for c in extract_commitments(raw):
            assert norm[c.span[0] : c.span[1]] == c.evidence, path.name
            assert c.evidence.strip() == c.evidence and c.evidence
            checked += 1
    assert checked > 40


def test_deterministic_and_independent_of_prior_calls(seeds_dir: Path) -> None:
    paths = _texts(seeds_dir)
    first = [[c.to_dict() for c in extract_commitments(p.read_text(encoding="utf-8"))] for p in paths]
    second = [[c.to_dict() for c in extract_commitments(p.read_text(encoding="utf-8"))] for p in reversed(paths)]
    assert first == list(reversed(second))


def test_already_normalised_text_gives_the_same_result(seeds_dir: Path) -> None:
    for path in _texts(seeds_dir):
        raw = path.read_text(encoding="utf-8")
        assert extract_commitments(raw) == extract_commitments(normalize_text(raw))


def test_empty_and_junk_input_give_nothing() -> None:
    assert extract_commitments("") == []
    assert extract_commitments("\u00a0\n\n  ") == []
    assert extract_commitments("$$$ 123 ((( Ukraine )))") == []
