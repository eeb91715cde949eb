"""Money in all the forms news writes it."""
from __future__ import annotations

import pytest

from extractors.lexicon import Lexicon
from extractors.money import find_money


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("$2 billion", 2e9, None),
        ("$2-billion", 2e9, None),
        ("$200-million", 2e8, None),
        ("C$2 billion", 2e9, "CAD"),
        ("CA$835 million", 835e6, "CAD"),
        ("CAN$200M", 2e8, "CAD"),
        ("5 billion Canadian dollars", 5e9, "CAD"),
        ("US$500 million", 5e8, "USD"),
        ("USD 406 million", 406e6, "USD"),
        ("$1.7 billion", 1.7e9, None),
        ("\u20ac1.5bn", 1.5e9, "EUR"),
        ("two billion dollars", 2e9, None),
        ("$500,000", 5e5, None),
    ],
)
def test_forms(lexicon: Lexicon, text: str, amount: float, currency: str | None) -> None:
    [m] = find_money(f"Ottawa will give {text} to Kyiv.", lexicon)
    assert m.amount == pytest.approx(amount)
    assert m.currency == currency
    assert m.bare_dollar == (currency is None)


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("over $200 million", "over"),
        ("more than $1 billion", "over"),
        ("exceeding C$2 billion", "over"),
        ("nearly $1 billion", "about"),
        ("approximately $3.2 billion", "about"),
        ("up to $10 million", "up to"),
        ("$10 million", None),
    ],
)
def test_qualifiers(lexicon: Lexicon, text: str, qualifier: str | None) -> None:
    [m] = find_money(text, lexicon)
    assert m.qualifier == qualifier


@pytest.mark.parametrize("text", ["tens of millions of dollars", "hundreds of millions", "a multibillion-dollar package"])
def test_vague_sums_have_no_amount(lexicon: Lexicon, text: str) -> None:
    found = find_money(text, lexicon)
    assert found and all(m.amount is None for m in found)


@pytest.mark.parametrize("text", ["in 2025 the F-16 pilots", "Article 5 guarantees", "a 30-nation coalition", "2% of GDP"])
def test_numbers_that_are_not_money(lexicon: Lexicon, text: str) -> None:
    assert find_money(text, lexicon) == []


def test_positions_point_at_the_sum(lexicon: Lexicon) -> None:
    text = "Canada pledged more than $500 million."
    [m] = find_money(text, lexicon)
    assert text[m.start : m.end] == "$500 million"
