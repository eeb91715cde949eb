"""The gate of `extract_commitments` (a sentence with a trigger word but no sum and no item is not read
further without a trigger phrase and a status for it) changes no output: the texts read with the gate open."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors import commitments as C
from extractors.lexicon import Lexicon, scan_scope
from extractors.normalize import normalize_text

ROOT = Path(__file__).resolve().parents[2]

SYNTHETIC = [
    # trigger words without a status cue between sentences that set the giver's thread
    "Canada and Ukraine talked. Germany said it would send troops to Ukraine. Canadian troops are in Latvia. "
    "Canada pledged $5 million for demining in Ukraine. It also sent 4 tanks.",
    "Ukraine wants peacekeeping. Canadian soldiers train there. The deployment is complex. "
    "Ottawa has deployed 200 instructors to Ukraine.",
    # bullets under a lead line with and without a status
    "Canada has pledged the following to Ukraine:\n- Canadian troops for a reassurance force\n- 4 tanks\n"
    "- training for pilots",
    "Ukraine's partners, by country:\n- Canadian troops\n- sanctions on Russia\n\nCanada will send aid.",
    "So far, Canada has provided Ukraine:\n- Deliveries to date include:\n- a letter of intent\n- humanitarian aid",
    # a paragraph whose status carries to the next sentence
    "Canada announced new sanctions on Russia. An asset freeze on oligarchs in Ukraine's war. "
    "Canadian troops, the minister said.",
    # trigger stems inside other words, cues that reach one way only
    "Canada discussed the deployment with Ukraine. The deployments include Canadian troops. "
    "Of which Canadian troops, out of which sanctions. Canada has pledged training to Ukraine.",
    "Canada has sent to Ukraine:\n- a deployment plan\n- troops\n- includes a treaty",
]


def _corpus() -> list[str]:
    out: list[str] = []
    for folder in ("seeds", "tests/extractors/articles", "bench/heldout/articles", "bench/heldout2/articles"):
        out += [p.read_text(encoding="utf-8") for p in sorted((ROOT / folder).glob("*.txt"))]
    return out


def test_gate_changes_no_output(lexicon: Lexicon, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _corpus() + SYNTHETIC
    gated = [C.extract_commitments(t, lexicon) for t in texts]
    monkeypatch.setattr(C, "_may_commit", lambda *args: True)
    assert [C.extract_commitments(t, lexicon) for t in texts] == gated


def test_gate_skips_trigger_words_without_a_status(lexicon: Lexicon) -> None:
    """Not vacuous: some sentences of the corpus reach the gate and are turned away."""
    skipped = 0
    for text in _corpus():
        norm = normalize_text(text)
        segments = C.split_segments(norm)
        reader = C._Reader(norm, segments, lexicon)
        for i in reader.worth_reading():
            seg = segments[i]
            money, items = reader.candidates(i)
            with scan_scope(norm, seg.start, seg.end, lexicon):
                cues = C._cues(norm, seg.start, seg.end, lexicon)
                lead_status = None if seg.lead is None else "pledged"
                skipped += not C._may_commit(norm, seg, money, items, cues, lead_status, lexicon)
    assert skipped > 0
