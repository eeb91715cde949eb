"""An order-independent picture of the ledger: what must not depend on the order articles arrive in."""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from pledgewatch.ledger.queries import list_pledges


def _key(p: dict[str, Any]) -> tuple[Any, ...]:
    return (p["category"], p["amount"], p["currency"], p["qualifier"], p["purpose"], p["status"],
            tuple(sorted(s["source"] for s in p["sources"])))


def ledger_snapshot(session: Session) -> dict[str, Any]:
    """Pledges by content (no ids), each with its package's content and its conflicts' contents."""
    pledges = list_pledges(session)
    by_id = {p["id"]: p for p in pledges}
    rows = []
    for p in pledges:
        parent = _key(by_id[p["parent_id"]]) if p["parent_id"] else None
        others = tuple(sorted((c["kind"], _key(by_id[c["other_pledge_id"]])) for c in p["conflicts"]))
        rows.append((_key(p), parent, others))
    return {"pledges": sorted(rows, key=repr), "count": len(rows)}


def find(pledges: list[dict[str, Any]], **want: Any) -> list[dict[str, Any]]:
    """The pledges whose fields equal `want` (purpose compared case-insensitively)."""
    out = []
    for p in pledges:
        ok = True
        for k, v in want.items():
            got = p.get(k)
            if k == "purpose":
                ok = ok and str(got).lower() == str(v).lower()
            else:
                ok = ok and got == v
        if ok:
            out.append(p)
    return out
