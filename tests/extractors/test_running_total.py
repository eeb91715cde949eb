"""Running totals are marked, not booked as new pledges."""
from __future__ import annotations


def test_cumulative_figure_is_marked(extract) -> None:  # type: ignore[no-untyped-def]
    [c] = extract("Canada has committed more than $22 billion to Ukraine since 2022, officials said.")
    assert c.running_total is True
    assert (c.amount, c.qualifier) == (22e9, "over")


def test_new_pledge_beside_a_running_total_is_not_marked(extract) -> None:  # type: ignore[no-untyped-def]
    text = "Canada has provided $19.5 billion to Ukraine in total. On Monday it announced a further $500 million for drones."
    found = {c.amount: c.running_total for c in extract(text)}
    assert found == {19.5e9: True, 500e6: False}


def test_superlative_with_since_is_not_a_running_total(extract) -> None:  # type: ignore[no-untyped-def]
    [c] = extract("Carney announced $1.5 billion for Ukraine, the largest Canadian pledge since the invasion.")
    assert c.running_total is False


def test_so_far_needs_a_perfect_verb(extract) -> None:  # type: ignore[no-untyped-def]
    [c] = extract("So far this week, Canada announced $40 million for demining in Ukraine.")
    assert c.running_total is False


def test_part_of_a_running_total_is_cumulative_too(extract) -> None:  # type: ignore[no-untyped-def]
    text = ("Since February 2022, Canada has committed more than $19.5 billion in total assistance to Ukraine, "
            "including about $4.5 billion in military aid.")
    assert [(c.amount, c.running_total) for c in extract(text)] == [(19.5e9, True), (4.5e9, True)]


def test_a_total_over_the_coming_years_is_not_a_running_total(extract) -> None:  # type: ignore[no-untyped-def]
    [c] = extract("Canada will give Ukraine CA$100 million in total over two years for its power grid.")
    assert c.running_total is False and c.purpose == "energy support"


def test_totals_and_bringing_the_total(extract) -> None:  # type: ignore[no-untyped-def]
    [c] = extract("Canada's military aid to Ukraine since 2022 totals more than $4 billion.")
    assert (c.amount, c.running_total, c.qualifier) == (4e9, True, "over")
    text = ("Trudeau announced an additional $500 million in military aid for Ukraine on Saturday, "
            "bringing Canada's total military aid to more than $1 billion.")
    assert [(c.amount, c.running_total) for c in extract(text)] == [(500e6, False), (1e9, True)]
