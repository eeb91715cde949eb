"""When a count and a sum in one sentence are one commitment, and when they are two.

A sum joins a count only when it is what the items cost ("worth", "valued at", "for 50 ...", "to buy
50 ..."). A count and a sum listed side by side with "and" / "as well as" are two gifts: the sum keeps
its own purpose, the count stays an in-kind record, and neither borrows the other's words.
"""
from __future__ import annotations

from collections.abc import Callable

import pytest

from extractors.model import Commitment

Extract = Callable[[str], list[Commitment]]


def _sum(found: list[Commitment]) -> Commitment:
    [c] = [c for c in found if c.amount is not None]
    return c


def _count(found: list[Commitment]) -> Commitment:
    [c] = [c for c in found if c.quantity is not None]
    return c


# --- two gifts in one list -------------------------------------------------------------------------

SEPARATE = [
    # the reported sentence: the count first, then "and" a sum with its own "for"
    "Canada will donate 50 armoured vehicles and $75 million for winter equipment to Ukraine.",
    "Canada will send Ukraine 50 armoured vehicles and $75 million for winter equipment.",
    "Canada will donate 50 armoured vehicles as well as $75 million for winter equipment to Ukraine.",
    "Canada will donate 50 armoured vehicles and a further $75 million for winter equipment to Ukraine.",
    # the sum first, the count coordinated after its purpose
    "Canada will provide Ukraine $75 million for winter equipment and 50 armoured vehicles.",
    "Canada will provide Ukraine $75 million for winter equipment as well as 50 armoured vehicles.",
    # the count with its own purpose
    "Canada will donate 50 armoured vehicles for the 47th Brigade and $75 million for winter equipment to Ukraine.",
    "Canada will give Ukraine $75 million for winter equipment as well as 50 armoured vehicles for the 47th Brigade.",
]


@pytest.mark.parametrize("text", SEPARATE)
def test_a_count_and_a_sum_with_its_own_purpose_are_two_commitments(extract: Extract, text: str) -> None:
    found = extract(text)
    assert len(found) == 2
    money, items = _sum(found), _count(found)
    assert (money.amount, money.currency, money.quantity, money.item) == (75e6, "CAD", None, None)
    assert money.purpose == "winter equipment"
    assert (items.amount, items.quantity, items.item) == (None, 50, "armoured vehicles")


def test_a_sum_listed_after_a_count_does_not_take_the_count_as_its_purpose(extract: Extract) -> None:
    found = extract("Canada will donate 4 Leopard 2 tanks and $75 million in humanitarian aid to Ukraine.")
    money = _sum(found)
    assert money.quantity is None and money.purpose == "humanitarian aid"
    assert _count(found).item == "Leopard 2 tanks"


def test_a_bare_sum_and_a_count_in_one_list_stay_apart(extract: Extract) -> None:
    found = extract("Canada will give Ukraine $75 million and another 50 armoured vehicles.")
    money = _sum(found)
    assert money.quantity is None and money.purpose != "armoured vehicles"
    assert _count(found).quantity == 50


def test_the_coordinated_count_keeps_its_own_value(extract: Extract) -> None:
    found = extract("Canada will provide Ukraine $75 million for winter equipment and 50 armoured vehicles worth $40 million.")
    assert sorted((c.amount, c.quantity, c.purpose) for c in found) == [
        (40e6, 50, "armoured vehicles"), (75e6, None, "winter equipment")]


# --- one commitment: the sum is what the items cost ------------------------------------------------

PAIRED = [
    "Canada will donate 50 armoured vehicles worth $75 million to Ukraine.",
    "Canada will donate 50 armoured vehicles to Ukraine, valued at $75 million.",
    "Canada will provide Ukraine $75 million for 50 armoured vehicles.",
    "Canada will provide Ukraine $75 million to buy 50 armoured vehicles.",
    "Canada will provide Ukraine $75 million to buy and deliver 50 armoured vehicles.",
    "Canada will spend $75 million on 50 armoured vehicles for Ukraine.",
]


@pytest.mark.parametrize("text", PAIRED)
def test_a_sum_that_prices_the_items_is_one_commitment(extract: Extract, text: str) -> None:
    [c] = extract(text)
    assert (c.amount, c.currency, c.quantity, c.item) == (75e6, "CAD", 50, "armoured vehicles")


def test_two_counts_bought_with_one_sum_are_not_split(extract: Extract) -> None:
    found = extract("Canada will give Ukraine $75 million to buy 50 drones and 20 trucks.")
    assert sorted((c.amount or 0, c.quantity or 0) for c in found) == [(0, 20), (0, 50), (75e6, 0)]
