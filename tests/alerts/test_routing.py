"""Per-target routing: event kinds, categories and a minimum amount in C$ (US$ converted)."""
from __future__ import annotations

from pledgewatch.alerts.dispatch import dispatch
from pledgewatch.alerts.targets import load_targets
from tests.alerts.conftest import NOW, add_event


def test_kinds_categories_and_minimum_amount(session, http_receiver, alerts_config):
    alerts_config(
        f"""
[[targets]]
name = "big military"
url = "{http_receiver.url('military')}"
kinds = ["NEW"]
categories = ["military"]
min_amount_cad = "100 million"

[[targets]]
name = "everything"
url = "{http_receiver.url('all')}"
"""
    )
    add_event(session, category="military", purpose="air defence", amount=500e6)           # yes
    add_event(session, category="military", purpose="drones", amount=80e6, currency="USD")  # ~C$110M: yes
    add_event(session, category="military", purpose="radios", amount=70e6, currency="USD")  # ~C$96M: no
    add_event(session, category="military", purpose="rifles", amount=99e6)                  # below: no
    add_event(session, category="humanitarian", purpose="food aid", amount=900e6)          # category: no
    add_event(session, category="military", purpose="tanks", amount=None, quantity=8, item="Leopard 2 tanks")  # no sum: no
    add_event(session, "CHANGED", category="military", purpose="howitzers", amount=300e6,
              field="status", before="pledged", after="delivered")                           # kind: no
    targets = load_targets()
    report = dispatch(session, targets=targets, now=NOW)

    military = sorted(p["body"]["title"] for p in http_receiver.posts if p["path"].startswith("/military"))
    assert military == [
        "NEW pledge: C$500 million air defence to Ukraine",
        "NEW pledge: US$80 million drones to Ukraine",
    ]
    everything = [p for p in http_receiver.posts if p["path"].startswith("/all")]
    assert len(everything) == 7
    assert [line.sent for line in report.lines] == [2, 7]


def test_conflict_routed_when_either_version_matches(session, http_receiver):
    (target,) = load_targets(environ={"PLEDGEWATCH_NOTIFY": http_receiver.url()})
    from dataclasses import replace

    only_financial = replace(target, categories=frozenset({"financial"}))
    add_event(session, "CONFLICT", category="military", purpose="air defence", amount=680e6,
              other={"category": "financial", "purpose": "budget support", "amount": 680e6})
    add_event(session, "CONFLICT", category="military", purpose="drones", amount=5e6,
              other={"category": "military", "purpose": "ammunition", "amount": 5e6})
    dispatch(session, targets=[only_financial], now=NOW)
    assert http_receiver.titles == ["CONFLICT: C$680 million — budget support vs air defence"]
