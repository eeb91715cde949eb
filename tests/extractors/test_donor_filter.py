"""Only Canada giving and Ukraine benefiting counts."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text",
    [
        "Germany will give Ukraine a further \u20ac5 billion in military aid next year, Boris Pistorius said.",
        "The United States approved a $61 billion package for Ukraine after months of delay.",
        "The European Union agreed a \u20ac50 billion facility to cover Kyiv's budget until 2027.",
        "Denmark promised 19 F-16 fighter jets to Ukraine.",
        "Britain imposed new sanctions on Russian oil traders to support Ukraine.",
        "Poland said it would send 14 Leopard tanks to Ukraine.",
    ],
)
def test_other_donors_give_nothing(extract, text: str) -> None:  # type: ignore[no-untyped-def]
    assert extract(text) == []


def test_canadas_own_defence_budget_is_not_a_commitment(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Ukraine remains Canada's priority abroad. Canada said its own defence spending will rise by "
        "$8.1 billion over five years to meet NATO's target of 2% of GDP. Ottawa will also buy 88 F-35 jets."
    )
    assert extract(text) == []


def test_what_ukraine_asks_for_is_not_a_commitment(extract) -> None:  # type: ignore[no-untyped-def]
    text = "President Zelensky asked Canada for 10 more Patriot systems and $1 billion to repair the grid in Ukraine."
    assert extract(text) == []


def test_coalition_total_is_not_canadas_but_its_share_is(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "G7 leaders pledged US$50 billion in loans for Ukraine. "
        "Canada's share will be C$5 billion, Finance Minister Chrystia Freeland announced."
    )
    found = extract(text)
    assert [(c.amount, c.currency) for c in found] == [(5e9, "CAD")]


def test_a_place_named_after_canada_is_not_another_giver(extract) -> None:  # type: ignore[no-untyped-def]
    found = extract("Speaking in Berlin, Prime Minister Mark Carney announced $300 million in drones for Ukraine.")
    assert [c.amount for c in found] == [300e6]


def test_what_canada_buys_from_the_us_for_ukraine_is_canadas(extract) -> None:  # type: ignore[no-untyped-def]
    found = extract("Canada will purchase an air-defence system from the United States for Ukraine at a cost of $406 million.")
    assert [c.amount for c in found] == [406e6]


def test_text_without_ukraine_gives_nothing(extract) -> None:  # type: ignore[no-untyped-def]
    assert extract("Canada announced $500 million for wildfire relief in British Columbia.") == []


def test_donor_and_recipient_fields(extract) -> None:  # type: ignore[no-untyped-def]
    [c] = extract("Canada pledged $20 million in humanitarian aid for Ukraine.")
    assert (c.donor, c.recipient, c.category, c.purpose) == ("Canada", "Ukraine", "humanitarian", "humanitarian aid")


def test_we_in_a_canadian_quote_is_canada(extract) -> None:  # type: ignore[no-untyped-def]
    text = 'In Kyiv, Carney said:\n"We will provide $165 million to strengthen Ukraine\'s drone capabilities."'
    [c] = extract(text)
    assert (c.amount, c.currency, c.purpose) == (165e6, "CAD", "drone capabilities")


@pytest.mark.parametrize(
    "text",
    [
        "Britain, France and Canada announced a joint $1 billion fund for Ukraine.",
        "Canada and Norway jointly pledged $100 million to Ukraine's energy fund.",
    ],
)
def test_a_joint_total_is_not_canadas(extract, text: str) -> None:  # type: ignore[no-untyped-def]
    assert extract(text) == []


def test_each_keeps_the_sum_canadas(extract) -> None:  # type: ignore[no-untyped-def]
    found = extract("Germany and Canada will each give Ukraine $50 million for demining.")
    assert [(c.amount, c.purpose) for c in found] == [(50e6, "demining")]


def test_a_joint_fund_canada_pays_into_is_canadas(extract) -> None:  # type: ignore[no-untyped-def]
    found = extract("Canada will contribute $40 million to the joint NATO fund for Ukraine.")
    assert [c.amount for c in found] == [40e6]


def test_canada_buying_for_itself_is_not_a_commitment(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Canada will buy 14 P-8A Poseidon patrol aircraft from Boeing for about $10.4 billion.\n\n"
        "Blair said Canada remained committed to Ukraine."
    )
    assert extract(text) == []


def test_canada_buying_for_ukraine_is(extract) -> None:  # type: ignore[no-untyped-def]
    found = extract("Canada will buy 39 armoured vehicles for Ukraine at a cost of $90 million (C$121 million).")
    # the Canadian-dollar figure is the amount, the US-dollar one its conversion (see extractors/money.py)
    assert [(c.amount, c.currency, c.alt_amount, c.alt_currency) for c in found if c.amount] == [(121e6, "CAD", 90e6, "USD")]
