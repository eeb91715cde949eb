"""The fast paths of extractors.money find exactly what trying every regex at every character finds."""
from __future__ import annotations

import random
import re

import pytest

from extractors.lexicon import Lexicon, lower_text
from extractors.money import (
    _FOLDS_TO_ASCII,
    _compile,
    _may_be_vague,
    _needs,
    _plain,
    _sums,
    bare_dollar_is_usd,
)

ODD = [
    "USD 406 million", "two billion dollars", "5 billion Canadian dollars", "\u20ac1.5bn", "CAN$200M", "$2-billion",
    "CA$1 billion (US$730 million)", "$220 million \u2014 C$300 million \u2014 on drones", "$10 million - $20 million",
    "USD $1 billion", "U.S.$5m", "usd 5 million", "eur 5bn", "EUR\u20ac5 billion", "a hundred million dollars",
    "half a billion euros", "1,000,000 dollars", "$500,000", "C$ 2 billion", "cad$5 million", "5 million CAD",
    "5m usd", "$ 5 k", "x$5 million", "AUSD 5 million", "twenty\nbillion\n dollars", "fifteen  million   U.S.   dollars",
    "$5 millionaire", "Europe gave 5 euros", "European $3 billion", "a multibillion-dollar deal", "tens of millions",
    "u\u017fd 5 million", "U\u017f$5 bn", "5 billion DOLLAR\u017f", "\u0130 $5", "m\u0131llions of dollars", "CDN$ 5 million",
    "5bn eur", "the U.S. $4 billion", "Canada's 2024 budget", "USD",
]


def _spans(text: str) -> list[tuple[int, int]]:
    rnd = random.Random(len(text))
    spans = [(0, len(text))]
    for _ in range(20):
        a = rnd.randrange(len(text) + 1)
        spans.append((a, rnd.randrange(a, len(text) + 1)))
    return spans


def test_folds_to_ascii_is_complete() -> None:
    # Every character that re.IGNORECASE takes for an ASCII letter, or that lowers to one, is either
    # ASCII or listed: elsewhere a plain substring test in the lowered text answers for the regex.
    everything = "".join(chr(i) for i in range(0x80, 0x110000) if not 0xD800 <= i < 0xE000)
    folding = set(re.findall("[a-z]", everything, re.I))
    folding |= {ch for ch in everything if any(x.isascii() for x in ch.lower())}
    assert folding == set(_FOLDS_TO_ASCII)


def test_lowering_keeps_word_characters() -> None:
    # The currency-word test reads a word boundary in the lowered text.
    word = re.compile(r"\w")
    for i in range(0x110000):
        ch = chr(i)
        low = ch.lower()
        if low != ch:
            assert (word.match(ch) is None) == (word.match(low[0]) is None), hex(i)


@pytest.mark.parametrize("sep", [" ", ". ", ", and ", " (", ") ", " \u2014 ", " - ", "\n"])
def test_sums_as_finditer(lexicon: Lexicon, sep: str) -> None:
    c = _compile(lexicon)
    rnd = random.Random(sep)
    for _ in range(150):
        text = "Ottawa said " + sep.join(rnd.sample(ODD, 3)) + " on Monday"
        low = lower_text(text)
        for a, b in _spans(text):
            want = [(m.span(), m.groups()) for m in c.regex.finditer(text, a, b)]
            got = [(m.span(), m.groups()) for m in _sums(text, low, _plain(text, a, b), c, a, b)]
            assert got == want, (text[a:b], got, want)


def test_needs_every_required_part() -> None:
    assert _needs(re.compile("multi-?(?:billion|million)(?:-dollar)?", re.I)) == (("billion", "million"), ("multi",))
    assert _needs(re.compile("(?:tens|many) of (?:dollars|euros)", re.I)) == (
        ("dollars", "euros"), ("tens", "many"), (" of ",))
    assert _needs(re.compile(r"a+b?c*", re.I)) == (("a",),)
    assert _needs(re.compile(r"\d+|millions", re.I)) is None  # one alternative needs no letter
    assert _needs(re.compile(r"[a-z]+", re.I)) is None


def test_may_be_vague(lexicon: Lexicon) -> None:
    c = _compile(lexicon)
    for text, vague in [("Canada gave $500 million to Kyiv", False), ("a multibillion-dollar package", True),
                        ("tens of millions of dollars", True), ("millions of people", False),
                        ("m\u0131llions of dollars", True)]:
        low = lower_text(text)
        assert _may_be_vague(c, low, _plain(text, 0, len(text)), 0, len(text)) is vague, text
        if not vague:
            assert c.vague.finditer(text) == []


@pytest.mark.parametrize(
    ("text", "usd"),
    [
        ("Canada pledged C$500 million (about $365 million) to Kyiv.", True),
        ("about $365 million (CDN$500 million)", True),
        ("CA$500 million (US$365 million)", False),
        ("C$500 million and later $2 billion more in a separate budget line for Ukraine", False),
        ("$5 billion", False),
    ],
)
def test_bare_dollar_is_usd(text: str, usd: bool) -> None:
    assert bare_dollar_is_usd(text) is usd
