"""The fast paths of the candidates phase (sums, counts, named gifts) find what the plain code finds."""
from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest

from extractors import commitments, gifts, inkind, money
from extractors.lexicon import Lexicon, lower_text
from extractors.normalize import normalize_text
from extractors.sentences import split_segments

ARTICLES = Path(__file__).parent / "articles"

PIECES = [
    "12 Bisons", "one hundred", "a dozen", "half a billion", "money", "someone", "often", "twenty-five",
    "2023", "1,000", "$5", "CA$4", "x7", "_8", "9.5", "v2/3", "a  dozen", "half\na", "fifteen", "Eleven",
    "\u0663\u0664 drones", "\u2014 4 tanks", "(3)", "Leopard 2", "forty", "FIFTY", "attention", "tone",
    "a hundred", "AHUNDRED", "i\u0307 5", "stone", "\u00e9t\u00e9 6",
]


def _texts(seed: str, n: int) -> list[str]:
    rnd = random.Random(seed)
    seps = [" ", ", ", ". ", "\n", "-", "", " \u2014 ", "/"]
    return [rnd.choice(seps).join(rnd.sample(PIECES, 6)) for _ in range(n)]


def _spans(text: str) -> list[tuple[int, int]]:
    rnd = random.Random(text)
    out = [(0, len(text))]
    for _ in range(8):
        a = rnd.randrange(len(text) + 1)
        out.append((a, rnd.randrange(a, len(text) + 1)))
    return out


@pytest.mark.parametrize("which", ["money", "inkind"])
def test_figure_starts_automaton_as_plain(lexicon: Lexicon, which: str) -> None:
    words = money._compile(lexicon).number_words if which == "money" else inkind._compile(lexicon).number_words
    assert words is not None and words.finder is not None
    plain = dataclasses.replace(words, finder=None)
    for text in _texts(which, 300):
        low = lower_text(text)
        for a, b in _spans(text):
            for not_after in ("$.,", "$.,/-"):
                want = money.figure_starts(text, low, a, b, plain, not_after)
                assert money.figure_starts(text, low, a, b, words, not_after) == want, (text[a:b], not_after)


def test_may_open_before_every_conversion() -> None:
    # `_may_open` is false only where `_OPEN` cannot match.
    rnd = random.Random(7)
    parts = [" ", "  ", "\n", "\u00a0", "(", ")", "-", "--", "\u2013", "\u2014", "about ", "or ", "~", "x", "$5", ",", "."]
    for _ in range(3000):
        text = "".join(rnd.choice(parts) for _ in range(rnd.randrange(1, 7)))
        for pos in range(len(text) + 1):
            for stop in (pos, min(len(text), pos + 2), len(text)):
                if money._OPEN.match(text, pos, stop) is not None:
                    assert money._may_open(text, pos, stop), (text, pos, stop)


def _plain_candidates(reader: commitments._Reader, i: int) -> tuple[list, list]:
    """`_Reader.candidates` as first written: every test asked of every sentence worth reading."""
    seg, lex = reader.segments[i], reader.lex
    hinted = reader._hinted[i]
    sums: list = []
    if hinted & commitments._MONEY_HINT:
        sums = money.find_money(reader.text, lex, seg.start, seg.end)
    items: list = []
    if hinted & commitments._ITEM_HINT and (items := inkind.find_items(reader.text, lex, seg.start, seg.end)):
        if not commitments._has_number(reader.hints, reader.low, seg.start, seg.end):
            items = []
        elif sums:
            items = [it for it in items if not any(m.start <= it.start < m.end for m in sums)]
    if not items and not sums and hinted & commitments._ITEM_HINT:
        lo, hi = lex.year_range
        items = gifts.named_gifts(reader.text, reader.low, lex, seg.start, seg.end, lo, hi)
    if all(m.vague for m in sums):
        sums = []
    return sums, items


def test_candidates_as_plain(lexicon: Lexicon) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))]
    texts += _texts("candidates", 50)
    for text in texts:
        norm = normalize_text(text)
        reader = commitments._Reader(norm, split_segments(norm), lexicon)
        for i in range(len(reader.segments)):
            assert reader.candidates(i) == _plain_candidates(reader, i), (norm[reader.segments[i].start:reader.segments[i].end])
