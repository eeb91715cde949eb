"""Sums earmarked inside a package link to it, so totals count them once."""
from __future__ import annotations

from pledgewatch.ledger.matching import load_rules
from pledgewatch.ledger.models import MentionRow
from pledgewatch.ledger.queries import ledger_totals, list_pledges
from pledgewatch.ledger.candidates import Prepared
from pledgewatch.ledger.packages import find_sub_allocations
from tests.ledger.factories import article, commit, ingest


def _prep(amount: float, status: str, start: int, category: str = "military") -> Prepared:
    row = MentionRow(category=category, purpose="x", status=status, amount=amount, amount_cad=amount,
                     span_start=start, running_total=False)
    rules = load_rules()
    return Prepared(row, (), rules.family(category), None)


def test_parts_link_to_the_nearest_larger_package() -> None:
    rules = load_rules()
    ms = [_prep(2e9, "pledged", 100), _prep(8.35e8, "allocated", 150), _prep(6.8e8, "allocated", 190),
          _prep(2.2e8, "allocated", 230), _prep(5e8, "pledged", 900)]
    assert find_sub_allocations(ms, rules) == {1: 0, 2: 0, 3: 0}


def test_parts_exceeding_the_package_are_not_linked() -> None:
    rules = load_rules()
    ms = [_prep(1e9, "pledged", 0), _prep(7e8, "allocated", 10), _prep(6e8, "allocated", 20)]
    assert find_sub_allocations(ms, rules) == {1: 0}


def test_other_families_and_pledged_sums_are_not_parts() -> None:
    rules = load_rules()
    ms = [_prep(2e9, "pledged", 0), _prep(3e8, "allocated", 10, "humanitarian"), _prep(3e8, "pledged", 20)]
    assert find_sub_allocations(ms, rules) == {}


def test_package_breakdown_in_the_ledger(session) -> None:  # type: ignore[no-untyped-def]
    ingest(session, article(), [commit(amount=2e9, purpose="military aid package")])
    ingest(session, article(), [
        commit(amount=2e9, purpose="military aid package", span=(0, 20)),
        commit(amount=8.35e8, purpose="ammunition", status="allocated", span=(40, 60)),
        commit(amount=6.8e8, purpose="air defence", status="allocated", span=(70, 90)),
    ])
    rows = list_pledges(session)
    package = next(p for p in rows if p["amount"] == 2e9)
    parts = [p for p in rows if p["parent_id"] == package["id"]]
    assert sorted(p["amount"] for p in parts) == [6.8e8, 8.35e8]
    assert sorted(package["children"]) == sorted(p["id"] for p in parts)
    assert package["allocated_cad"] == 6.8e8 + 8.35e8
    assert ledger_totals(rows)["total_cad"] == 2e9
