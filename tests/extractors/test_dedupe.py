"""The same commitment stated twice in one article is one record."""
from __future__ import annotations

from pathlib import Path


def test_repeated_bullet_line_is_one_record(extract, seeds_dir: Path) -> None:  # type: ignore[no-untyped-def]
    text = next(seeds_dir.glob("000_*.txt")).read_text(encoding="utf-8")
    found = [c for c in extract(text) if c.amount == 680e6]
    assert len(found) == 1


def test_headline_and_body_are_one_record_with_the_body_as_evidence(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Canada pledges $300 million for Ukraine's drones\n\n"
        "Canada will give Ukraine $300 million for drones, Defence Minister Bill Blair announced on Friday."
    )
    [c] = extract(text)
    assert c.evidence.startswith("Canada will give Ukraine")


def test_firmer_wording_is_kept(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Ottawa weighs the possibility of contributing to peacekeeping in Ukraine. "
        "Canada is not ruling out sending troops to Ukraine, Carney said."
    )
    [c] = extract(text)
    assert c.category == "troops" and "not ruling out" in c.evidence


def test_different_sums_are_kept_apart(extract) -> None:  # type: ignore[no-untyped-def]
    text = "Canada pledged $100 million for ammunition for Ukraine. Canada also pledged $100 million for demining in Ukraine."
    assert sorted(c.purpose for c in extract(text)) == ["ammunition", "demining"]
