"""The words of an alert: headlines and the fixed set of fields a template may use.

`EVENT_FIELDS` and `DIGEST_FIELDS` are the registry that templates are checked against when they
load, so that a misspelt field stops pledgewatch at start instead of leaving a blank in a message.
Adding a field means adding it here (with its description) and in `event_fields`.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from pledgewatch.alerts.amounts import human_amount, in_kind
from pledgewatch.alerts.facts import EventFacts, PledgeFacts

EVENT_FIELDS: dict[str, str] = {
    "kind": "NEW, CHANGED, CONFLICT (or CORROBORATED when routed)",
    "headline": "the standard one-line title, e.g. 'NEW pledge: C$31 million humanitarian aid to Ukraine'",
    "summary": "the pledge in a few words: amount (or items) and purpose",
    "amount": "the sum as people say it ('over C$200 million'), the items for an in-kind pledge, or 'undisclosed amount'",
    "amount_cad": "the sum in Canadian dollars when it was reported in another currency, else empty",
    "items": "quantity and item of an in-kind pledge ('8 Leopard 2 tanks'), else empty",
    "category": "military, financial, humanitarian, ...",
    "purpose": "what the money or help is for",
    "status": "considering, pledged, allocated or delivered",
    "announced": "the date the pledge was first reported (YYYY-MM-DD), else empty",
    "change": "for CHANGED: 'status pledged → delivered'; else empty",
    "changed_field": "for CHANGED: the field that changed; else empty",
    "before": "for CHANGED: the old value; for CONFLICT: the version already in the ledger, in one line",
    "after": "for CHANGED: the new value; for CONFLICT: the version this article reports, in one line",
    "evidence": "the sentence of the article that supports the event",
    "source_url": "link to the article",
    "source_title": "the article's title (or its link when untitled)",
    "source_site": "the outlet's name, else empty",
    "other_evidence": "for CONFLICT: the sentence behind the version already in the ledger; else empty",
    "other_source_url": "for CONFLICT: link to the article behind that version; else empty",
    "pledge_id": "the ledger id of the pledge",
    "event_id": "the ledger id of the event",
    "detected": "when pledgewatch recorded the event (UTC, YYYY-MM-DD HH:MM)",
}
URL_FIELDS = frozenset({"source_url", "other_source_url"})

DIGEST_FIELDS: dict[str, str] = {
    "count": "how many events the digest holds",
    "counts": "events per kind, e.g. '2 NEW, 1 CHANGED'",
    "updates": "the count in words: '1 update', '3 updates'",
}

_AMOUNT_FIELDS = {"amount", "amount_cad", "alt_amount"}


def pledge_amount(p: PledgeFacts) -> str:
    """Money if there is a sum, else items, else ''."""
    return human_amount(p.amount, p.currency, p.qualifier) or in_kind(p.quantity, p.item)


def pledge_summary(p: PledgeFacts) -> str:
    """ "C$31 million humanitarian aid", "8 Leopard 2 tanks for armoured support"."""
    amount = pledge_amount(p)
    if amount and p.purpose:
        joiner = " for " if p.amount is None and p.item else " "
        if p.item and p.item.lower() in p.purpose.lower():
            return f"{amount}" if p.purpose.lower() == p.item.lower() else f"{amount} ({p.purpose})"
        return f"{amount}{joiner}{p.purpose}"
    return amount or p.purpose or f"{p.category} commitment"


def pledge_line(p: PledgeFacts) -> str:
    """One version of a pledge in a line: 'C$680 million drone co-production (pledged, military)'."""
    return f"{pledge_summary(p)} ({p.status}, {p.category})"


def value_text(field: str | None, value: Any, p: PledgeFacts) -> str:
    """A before/after value as a person reads it (amounts formatted, dicts flattened)."""
    if value is None:
        return "none"
    if isinstance(value, dict):
        if "amount" in value:
            return human_amount(value.get("amount"), value.get("currency") or p.currency, value.get("qualifier"))
        return ", ".join(f"{k} {v}" for k, v in value.items() if v is not None)
    if field in _AMOUNT_FIELDS and isinstance(value, (int, float)):
        return human_amount(float(value), "CAD" if field == "amount_cad" else p.currency)
    return str(value)


def _to_ukraine(text: str) -> str:
    return text if "ukrain" in text.lower() else f"{text} to Ukraine"


def headline(ev: EventFacts) -> str:
    """The standard title for an event (the `headline` field)."""
    p = ev.pledge
    if ev.kind == "NEW":
        return f"NEW pledge: {_to_ukraine(pledge_summary(p))}"
    if ev.kind == "CHANGED":
        subject = p.purpose if ev.field in _AMOUNT_FIELDS and p.purpose else pledge_summary(p)
        return f"CHANGED pledge: {subject} — {change_text(ev)}"
    if ev.kind == "CONFLICT":
        o = ev.other
        if o is None:
            return f"CONFLICT: {pledge_summary(p)} — sources disagree"
        a_amt, b_amt = pledge_amount(o), pledge_amount(p)
        if a_amt != b_amt and (o.purpose or "").lower() == (p.purpose or "").lower():
            return f"CONFLICT: {p.purpose} — {a_amt} vs {b_amt}"
        if a_amt == b_amt:
            return f"CONFLICT: {b_amt or p.category} — {o.purpose} vs {p.purpose}"
        return f"CONFLICT: {pledge_summary(o)} vs {pledge_summary(p)}"
    return f"{ev.kind}: {pledge_summary(p)}"


def change_text(ev: EventFacts) -> str:
    if ev.kind != "CHANGED":
        return ""
    name = ev.field or "pledge"
    return f"{name} {value_text(ev.field, ev.before, ev.pledge)} → {value_text(ev.field, ev.after, ev.pledge)}"


def event_fields(ev: EventFacts) -> dict[str, str]:
    """Values for every name in EVENT_FIELDS (plain, unescaped strings; never None)."""
    p = ev.pledge
    amount_cad = ""
    if p.amount_cad is not None and (p.currency or "CAD").upper() != "CAD":
        amount_cad = human_amount(p.amount_cad, "CAD", p.qualifier)
    if ev.kind == "CONFLICT" and ev.other is not None:
        before, after = pledge_line(ev.other), pledge_line(p)
    elif ev.kind == "CHANGED":
        before, after = value_text(ev.field, ev.before, p), value_text(ev.field, ev.after, p)
    else:
        before = after = ""
    fields = {
        "kind": ev.kind,
        "headline": headline(ev),
        "summary": pledge_summary(p),
        "amount": pledge_amount(p) or "undisclosed amount",
        "amount_cad": amount_cad,
        "items": in_kind(p.quantity, p.item),
        "category": p.category or "",
        "purpose": p.purpose or "",
        "status": p.status or "",
        "announced": p.announced_on.isoformat() if p.announced_on else "",
        "change": change_text(ev),
        "changed_field": ev.field or "" if ev.kind == "CHANGED" else "",
        "before": before,
        "after": after,
        "evidence": (ev.evidence or "").strip(),
        "source_url": ev.source.url or "",
        "source_title": ev.source.title or ev.source.url or "",
        "source_site": ev.source.site or "",
        "other_evidence": (ev.other_evidence or "").strip() if ev.kind == "CONFLICT" else "",
        "other_source_url": (ev.other_source.url or "") if ev.kind == "CONFLICT" else "",
        "pledge_id": str(p.id),
        "event_id": str(ev.id),
        "detected": ev.created_at.strftime("%Y-%m-%d %H:%M") if ev.created_at else "",
    }
    assert fields.keys() == EVENT_FIELDS.keys()
    return fields


def digest_fields(events: Sequence[EventFacts]) -> dict[str, str]:
    counts = Counter(ev.kind for ev in events)
    order = ["NEW", "CHANGED", "CONFLICT", "CORROBORATED"]
    parts = [f"{counts[k]} {k}" for k in order if counts[k]] + [
        f"{n} {k}" for k, n in sorted(counts.items()) if k not in order
    ]
    n = len(events)
    return {"count": str(n), "counts": ", ".join(parts), "updates": f"{n} update" if n == 1 else f"{n} updates"}
