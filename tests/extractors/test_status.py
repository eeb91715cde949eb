"""Status from the wording nearest each commitment."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("Canada is considering a further $300 million for Ukraine's air defence.", "considering"),
        ("Ottawa is ready to provide $300 million for Ukraine's air defence.", "considering"),
        ("Canada announced $300 million for Ukraine's air defence.", "pledged"),
        ("Canada signed a deal worth $300 million for Ukraine's air defence.", "pledged"),
        ("Canada has earmarked $300 million for Ukraine's air defence.", "allocated"),
        ("Canada has disbursed $300 million to Ukraine's budget.", "delivered"),
        ("Ukraine said it had received $300 million from Canada.", "delivered"),
    ],
)
def test_sums(extract, sentence: str, status: str) -> None:  # type: ignore[no-untyped-def]
    [c] = extract(sentence)
    assert c.status == status


def test_sums_inside_a_package_are_allocated(extract) -> None:  # type: ignore[no-untyped-def]
    text = "Carney unveiled a $900 million package for Ukraine. The package includes $500 million for drones and $400 million for ammunition."
    assert [(c.amount, c.status) for c in extract(text)] == [(900e6, "pledged"), (500e6, "allocated"), (400e6, "allocated")]


def test_each_sum_takes_its_own_verb(extract) -> None:  # type: ignore[no-untyped-def]
    text = "Carney announced $2 billion in military aid for Ukraine, as well as the disbursement of a $2.3 billion loan."
    assert [(c.amount, c.status, c.category) for c in extract(text)] == [
        (2e9, "pledged", "military"),
        (2.3e9, "delivered", "financial"),
    ]


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("Prime Minister Mark Carney has not ruled out sending Canadian troops to Ukraine after a ceasefire.", "considering"),
        ("Canada is ready to deploy peacekeepers to Ukraine.", "considering"),
        ("Carney announced new sanctions against Russia over its war in Ukraine.", "pledged"),
        ("Canada and Ukraine signed an agreement on drone co-production.", "pledged"),
    ],
)
def test_commitments_without_a_sum(extract, sentence: str, status: str) -> None:  # type: ignore[no-untyped-def]
    [c] = extract(sentence)
    assert c.status == status and c.amount is None


def test_a_refusal_is_not_a_commitment(extract) -> None:  # type: ignore[no-untyped-def]
    assert extract("Canada has ruled out sending troops to Ukraine.") == []
    assert extract("Canada will not send troops to Ukraine, the minister said.") == []


def test_demining_is_humanitarian_not_ammunition(extract) -> None:  # type: ignore[no-untyped-def]
    [c] = extract("OTTAWA — The federal government says it will provide $30 million to clear land mines and unexploded shells in Ukraine.")
    assert (c.category, c.purpose, c.status) == ("humanitarian", "demining", "pledged")


def test_lending_is_a_pledge(extract) -> None:  # type: ignore[no-untyped-def]
    [c] = extract("Canada will loan Ukraine $500 million.")
    assert (c.amount, c.category, c.purpose, c.status) == (500e6, "financial", "loan", "pledged")
