"""A conversion in brackets is one commitment with an alternative amount, never two."""
from __future__ import annotations

import pytest

from extractors.lexicon import Lexicon
from extractors.money import find_money


def test_bracketed_conversion_is_one_sum(lexicon: Lexicon) -> None:
    [m] = find_money("a grant of CA$1 billion (US$730 million) for repairs", lexicon)
    assert (m.amount, m.currency, m.alt_amount, m.alt_currency) == (1e9, "CAD", 730e6, "USD")


def test_conversion_with_bare_dollar_first(lexicon: Lexicon) -> None:
    [m] = find_money("$1.36 billion (USD $1 billion)", lexicon)
    assert (m.amount, m.currency, m.alt_amount, m.alt_currency) == (1.36e9, None, 1e9, "USD")


def test_extractor_books_one_commitment_and_fills_both_currencies(extract) -> None:  # type: ignore[no-untyped-def]
    found = extract("Prime Minister Justin Trudeau said Canada would provide C$3 billion ($2.2 billion) in military aid to Ukraine.")
    assert len(found) == 1
    c = found[0]
    assert (c.amount, c.currency) == (3e9, "CAD")
    assert c.alt_amount == pytest.approx(2.2e9)
    assert c.alt_currency == "USD"  # beside an explicit CAD, the bare dollar is the other one


def test_two_separate_sums_stay_two(extract) -> None:  # type: ignore[no-untyped-def]
    found = extract("Canada announced $100 million for ammunition and $50 million for drones for Ukraine.")
    assert sorted(c.amount for c in found) == [50e6, 100e6]
    assert all(c.alt_amount is None for c in found)
