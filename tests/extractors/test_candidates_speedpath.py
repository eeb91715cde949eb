"""The fast paths of the candidates phase (sums, counts, named gifts) find what the plain code finds."""
from __future__ import annotations

import dataclasses
import random

import pytest

from extractors import inkind, money
from extractors.lexicon import Lexicon, lower_text

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
