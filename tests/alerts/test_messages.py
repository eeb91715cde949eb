"""Headlines and amounts read at a glance."""
from __future__ import annotations

import pytest

from pledgewatch.alerts.amounts import human_amount, parse_amount
from pledgewatch.alerts.facts import EventFacts, PledgeFacts
from pledgewatch.alerts.messages import event_fields, headline


@pytest.mark.parametrize(
    ("amount", "currency", "qualifier", "text"),
    [
        (2e9, "CAD", None, "C$2 billion"),
        (5e8, "USD", None, "US$500 million"),
        (1.7e9, "CAD", None, "C$1.7 billion"),
        (2e8, "CAD", "over", "over C$200 million"),
        (7.5e5, "CAD", None, "C$750,000"),
        (4.25e7, "EUR", "up to", "up to €42.5 million"),
        (None, "CAD", None, ""),
    ],
)
def test_human_amount(amount, currency, qualifier, text):
    assert human_amount(amount, currency, qualifier) == text


def test_parse_amount():
    assert parse_amount("100 million") == 1e8 and parse_amount("1.5 billion") == 1.5e9 and parse_amount(5) == 5.0
    with pytest.raises(ValueError):
        parse_amount("a lot")


def _p(**kw):  # type: ignore[no-untyped-def]
    base = {"id": 1, "category": "military", "purpose": "PURL", "status": "delivered", "amount": 5e8, "currency": "CAD"}
    return PledgeFacts(**{**base, **kw})


def test_headlines_for_each_kind():
    assert headline(EventFacts(1, "NEW", _p(category="humanitarian", purpose="humanitarian aid", amount=31e6, status="pledged"))) == (
        "NEW pledge: C$31 million humanitarian aid to Ukraine"
    )
    assert headline(EventFacts(2, "CHANGED", _p(), field="status", before="pledged", after="delivered")) == (
        "CHANGED pledge: C$500 million PURL — status pledged → delivered"
    )
    changed_amount = EventFacts(3, "CHANGED", _p(), field="amount",
                                before={"amount": 4e8, "currency": "CAD", "qualifier": None},
                                after={"amount": 5e8, "currency": "CAD", "qualifier": None})
    assert headline(changed_amount) == "CHANGED pledge: PURL — amount C$400 million → C$500 million"
    conflict = EventFacts(4, "CONFLICT", _p(purpose="air defence", amount=68e7, currency="USD", status="pledged"),
                          other=_p(purpose="drone co-production", amount=68e7, currency="USD", status="pledged"))
    assert headline(conflict) == "CONFLICT: US$680 million — drone co-production vs air defence"
    fields = event_fields(conflict)
    assert fields["before"] == "US$680 million drone co-production (pledged, military)"
    assert fields["after"] == "US$680 million air defence (pledged, military)"
    sums = EventFacts(5, "CONFLICT", _p(amount=6e8), other=_p(amount=5e8))
    assert headline(sums) == "CONFLICT: PURL — C$500 million vs C$600 million"


def test_in_kind_pledge_shows_quantity_and_item():
    tanks = _p(amount=None, currency=None, quantity=8, item="Leopard 2 tanks", purpose="armoured support", status="pledged")
    assert headline(EventFacts(6, "NEW", tanks)) == "NEW pledge: 8 Leopard 2 tanks for armoured support to Ukraine"
    assert event_fields(EventFacts(6, "NEW", tanks))["amount"] == "8 Leopard 2 tanks"
    usd = EventFacts(7, "NEW", _p(amount=5e8, currency="USD", amount_cad=6.85e8))
    assert event_fields(usd)["amount_cad"] == "C$685 million"
