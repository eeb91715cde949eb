"""In-kind donations: a count and an item, also as bullet lists under a lead naming Canada."""
from __future__ import annotations

import pytest

from extractors.inkind import find_items
from extractors.lexicon import Lexicon


@pytest.mark.parametrize(
    ("text", "quantity", "item"),
    [
        ("288 AIM-7 missiles", 288, "AIM-7 missiles"),
        ("four Leopard 2 tanks", 4, "Leopard 2 tanks"),
        ("10,000 rounds of 105mm ammunition", 10000, "rounds of 105mm ammunition"),
        ("200 Senator armoured vehicles", 200, "Senator armoured vehicles"),
        ("eight Leopard 2A4 main battle tanks", 8, "Leopard 2A4 main battle tanks"),
    ],
)
def test_count_and_item(lexicon: Lexicon, text: str, quantity: int, item: str) -> None:
    [found] = find_items(f"Canada will send {text} soon.", lexicon)
    assert (found.quantity, found.item) == (quantity, item)


@pytest.mark.parametrize("text", ["in 2025 tanks were", "the two leaders signed", "F-16 jets", "3 million people"])
def test_not_items(lexicon: Lexicon, text: str) -> None:
    assert find_items(text, lexicon) == []


def test_in_kind_commitment_has_count_item_and_no_amount(extract) -> None:  # type: ignore[no-untyped-def]
    [c] = extract("Defence Minister Anita Anand said Canada will donate four Leopard 2 tanks to Ukraine.")
    assert (c.quantity, c.item, c.amount, c.category, c.status) == (4, "Leopard 2 tanks", None, "military", "pledged")
    assert c.purpose == "tanks"


def test_bullet_list_under_a_canadian_lead(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Ottawa listed what it is sending to Ukraine this month.\n"
        "Canada's new donation includes:\n"
        "- 50 armoured ambulances\n"
        "- 1,200 rounds of 155mm ammunition\n"
        "- 12 drones for reconnaissance\n"
    )
    found = extract(text)
    assert [(c.quantity, c.item) for c in found] == [
        (50, "armoured ambulances"),
        (1200, "rounds of 155mm ammunition"),
        (12, "drones"),
    ]
    assert {c.status for c in found} == {"pledged"}  # items are given, not budgeted
    assert all(c.evidence.startswith(str(c.quantity).replace("1200", "1,200")) for c in found)


def test_bullet_list_under_another_donor_gives_nothing(extract) -> None:  # type: ignore[no-untyped-def]
    text = "Ukraine thanked Germany.\nGermany's package includes:\n- 18 Leopard 2 tanks\n- 40 Marder vehicles\n"
    assert extract(text) == []


def test_losses_are_not_donations(extract) -> None:  # type: ignore[no-untyped-def]
    assert extract("Canada says Russia has lost 3,000 tanks in Ukraine since the invasion.") == []


def test_several_items_in_one_sentence_keep_their_own_purpose(extract) -> None:  # type: ignore[no-untyped-def]
    text = ("Canada said it would provide an additional 21,000 assault rifles, 38 machine guns and "
            "2.4 million rounds of small-arms ammunition to Ukraine.")
    found = [(c.quantity, c.item, c.purpose) for c in extract(text)]
    assert found == [
        (21000, "assault rifles", "assault rifles"),
        (38, "machine guns", "machine guns"),
        (2400000, "rounds of small-arms ammunition", "ammunition"),
    ]


def test_compound_item_name(extract) -> None:  # type: ignore[no-untyped-def]
    [c] = extract("Canada will donate 2,000 drone jammers to Ukraine.")
    assert (c.quantity, c.item, c.purpose) == (2000, "drone jammers", "drones and counter-drone")
