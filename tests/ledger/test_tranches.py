"""A tranche of a larger commitment reported in the same article is a part of it: totals count it once."""
from __future__ import annotations

from pledgewatch.ledger.candidates import Prepared
from pledgewatch.ledger.matching import load_rules, purpose_tokens, rules_from_dict
from pledgewatch.ledger.models import MentionRow
from pledgewatch.ledger.packages import find_sub_allocations
from pledgewatch.ledger.queries import ledger_totals, list_pledges
from tests.ledger.factories import article, commit, conflicts, ingest

TEXT = ("Officials met in Kyiv on Monday. Ukraine had received $1.7 billion under the ERA loan scheme, "
        "marking the first tranche of Canada's commitment of 5 billion Canadian dollars to the program. "
        "Other news followed.")


def _span(phrase: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def _era(text: str = TEXT) -> list:  # type: ignore[type-arg]
    return [commit("financial", 1.7e9, "ERA loan", status="delivered", currency=None,
                   span=_span("Ukraine had received $1.7 billion under the ERA loan scheme", text)),
            commit("financial", 5e9, "ERA loan", status="pledged",
                   span=_span("Canada's commitment of 5 billion Canadian dollars", text))]


def test_tranche_links_to_its_commitment_and_is_counted_once(session) -> None:  # type: ignore[no-untyped-def]
    ingest(session, article(TEXT), _era())
    rows = {p["amount"]: p for p in list_pledges(session)}
    assert rows[1.7e9]["parent_id"] == rows[5e9]["id"]
    assert rows[5e9]["parent_id"] is None and rows[5e9]["children"] == [rows[1.7e9]["id"]]
    assert rows[5e9]["delivered_cad"] == 1.7e9
    assert ledger_totals(list(rows.values()))["total_cad"] == 5e9
    assert conflicts(session) == []


def test_a_later_report_of_the_tranche_joins_the_part(session) -> None:  # type: ignore[no-untyped-def]
    ingest(session, article(TEXT), _era())
    ingest(session, article(), [commit("financial", 1.7e9, "ERA loan", status="delivered", currency=None)])
    rows = list_pledges(session)
    assert len(rows) == 2
    assert ledger_totals(rows)["total_cad"] == 5e9


def test_without_a_tranche_word_the_sums_stay_apart(session) -> None:  # type: ignore[no-untyped-def]
    text = TEXT.replace("marking the first tranche of", "alongside")
    ingest(session, article(text), _era(text))
    assert all(p["parent_id"] is None for p in list_pledges(session))


def test_a_tranche_of_another_purpose_is_not_linked(session) -> None:  # type: ignore[no-untyped-def]
    text = TEXT.replace("ERA loan scheme", "grain export scheme")
    found = [commit("financial", 1.7e9, "grain exports", status="delivered", currency=None,
                    span=_span("Ukraine had received $1.7 billion under the grain export scheme", text)),
             commit("financial", 5e9, "ERA loan", span=_span("Canada's commitment of 5 billion Canadian dollars", text))]
    ingest(session, article(text), found)
    assert all(p["parent_id"] is None for p in list_pledges(session))


def _prep(amount: float, status: str, span: tuple[int, int], purpose: str, rules) -> Prepared:  # type: ignore[no-untyped-def]
    row = MentionRow(category="financial", purpose=purpose, status=status, amount=amount, amount_cad=amount,
                     span_start=span[0], span_end=span[1], running_total=False, evidence="")
    return Prepared(row, purpose_tokens(purpose, "financial", rules), rules.family("financial"), None)


def test_tranche_words_come_from_the_configuration() -> None:
    text = "Kyiv received $300 million, the second slice of a $900 million budget loan."
    small, big = _span("$300 million", text), _span("$900 million budget loan", text)
    default = load_rules()
    ms = [_prep(3e8, "delivered", small, "budget loan", default), _prep(9e8, "pledged", big, "budget loan", default)]
    assert find_sub_allocations(ms, default, text) == {}
    custom = rules_from_dict({"tranche": {"words": ["slice"]}})
    ms = [_prep(3e8, "delivered", small, "budget loan", custom), _prep(9e8, "pledged", big, "budget loan", custom)]
    assert find_sub_allocations(ms, custom, text) == {0: 1}
    assert find_sub_allocations(ms, default, text.replace("slice", "instalment")) == {0: 1}
