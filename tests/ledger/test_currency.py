"""Sums in different currencies meet after conversion with the dated rates in config/rates.toml."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pledgewatch.ledger.rates import RateError, load_rates, to_cad
from pledgewatch.ledger.queries import list_pledges
from pledgewatch.settings import ConfigError
from tests.ledger.factories import article, commit, ingest


def test_rates_depend_on_the_date() -> None:
    table = load_rates()
    assert to_cad(100, "CAD", date(2024, 5, 1)) == 100
    assert to_cad(100, None) == 100  # a bare dollar from Ottawa is Canadian
    y2022, y2025 = to_cad(100, "USD", date(2022, 6, 1)), to_cad(100, "USD", date(2025, 6, 1))
    assert 120 < y2022 < y2025 < 150
    assert to_cad(100, "eur", date(2025, 6, 1)) > y2025  # case-insensitive; the euro is worth more
    # Outside every period: the nearest one; no date: the latest.
    assert to_cad(100, "USD", date(2019, 1, 1)) == y2022
    assert to_cad(100, "USD") == pytest.approx(100 * table.rate("USD", date(2099, 1, 1)))
    with pytest.raises(RateError, match="GBP"):
        to_cad(100, "GBP", date(2025, 1, 1))


def test_narrowest_period_wins_and_bad_files_fail_in_one_line(tmp_path: Path) -> None:
    good = tmp_path / "rates.toml"
    good.write_text(
        '[[rate]]\ncurrency = "USD"\nstart = 2025-01-01\nend = 2025-12-31\ncad = 1.40\n'
        '[[rate]]\ncurrency = "USD"\nstart = 2025-03-01\nend = 2025-03-31\ncad = 1.44\n'
    )
    table = load_rates(good)
    assert table.rate("USD", date(2025, 3, 15)) == 1.44
    assert table.rate("USD", date(2025, 4, 15)) == 1.40
    bad = tmp_path / "bad.toml"
    bad.write_text('[[rate]]\ncurrency = "USD"\nstart = 2025-01-01\nend = 2025-12-31\ncad = "lots"\n')
    with pytest.raises(ConfigError) as info:
        load_rates(bad)
    assert "bad.toml" in str(info.value) and "\n" not in str(info.value)


def test_canadian_and_us_dollar_reports_of_one_pledge_meet(session) -> None:  # type: ignore[no-untyped-def]
    """C$680 million and US$500 million (rate 1.36 against 1.40 in the table) are one pledge."""
    ingest(session, article(date="2025-08-24"), [commit(amount=6.8e8, purpose="air defence systems")])
    ingest(session, article(date="2025-08-25"),
           [commit(amount=5e8, currency="USD", purpose="air defence systems bought from the US")])
    [p] = list_pledges(session)
    assert (p["amount"], p["currency"], p["source_count"]) == (6.8e8, "CAD", 2)
    assert not p["conflict"]


def test_cross_currency_tolerance_is_not_used_within_one_currency(session) -> None:  # type: ignore[no-untyped-def]
    """A 3 % gap is conversion noise between C$ and US$, but two different sums in C$."""
    ingest(session, article(), [commit(amount=1e8, purpose="demining")])
    ingest(session, article(), [commit(amount=1.03e8, purpose="demining")])
    assert len(list_pledges(session)) == 2
    ingest(session, article(), [commit(amount=1.005e8, purpose="demining")])  # rounding: joins
    assert len(list_pledges(session)) == 2


def test_us_dollars_far_from_any_cad_sum_open_a_new_pledge(session) -> None:  # type: ignore[no-untyped-def]
    ingest(session, article(date="2025-08-24"), [commit(amount=6.8e8, purpose="air defence")])
    ingest(session, article(date="2025-08-24"), [commit(amount=6.8e8, currency="USD", purpose="air defence")])
    amounts = sorted((p["amount"], p["currency"]) for p in list_pledges(session))
    assert amounts == [(6.8e8, "CAD"), (6.8e8, "USD")]


def test_two_exact_figures_are_two_sums_but_rounding_is_one(session) -> None:  # type: ignore[no-untyped-def]
    """$75 million and $76 million are different figures; $1.48 billion rounds to $1.5 billion."""
    ingest(session, article(), [commit(amount=7.5e7, purpose="demining")])
    ingest(session, article(), [commit(amount=7.6e7, purpose="demining")])
    assert len(list_pledges(session)) == 2
    ingest(session, article(), [commit(amount=1.5e9, purpose="budget support", category="financial")])
    ingest(session, article(), [commit(amount=1.48e9, purpose="budget support", category="financial")])
    assert len(list_pledges(session)) == 3


def test_same_us_dollar_figure_reported_in_two_years_is_one_sum(session) -> None:  # type: ignore[no-untyped-def]
    """The C$ value moves with the rate (1.37 in 2024, 1.40 in 2025) but the reported figure does not."""
    ingest(session, article(date="2024-11-20"), [commit(amount=5e8, currency="USD", purpose="air defence")])
    ingest(session, article(date="2025-02-10"), [commit(amount=5e8, currency="USD", purpose="air defence")])
    [p] = list_pledges(session)
    assert p["source_count"] == 2


def test_article_own_conversion_to_cad_is_used(session) -> None:  # type: ignore[no-untyped-def]
    """'$90 million (C$121 million)': the C$ figure the article gives beats the table's rate."""
    ingest(session, article(date="2025-05-01"),
           [commit(amount=9e7, currency="USD", purpose="armoured vehicles", alt_amount=1.21e8, alt_currency="CAD")])
    [p] = list_pledges(session)
    assert p["amount_cad"] == 1.21e8 and (p["amount"], p["currency"]) == (9e7, "USD")
    ingest(session, article(date="2025-05-02"), [commit(amount=1.21e8, purpose="armoured vehicles")])
    [p] = list_pledges(session)
    assert p["source_count"] == 2
