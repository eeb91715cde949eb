"""Packages and their parts: which sums of one article are earmarked inside a larger sum it also gives."""
from __future__ import annotations

from collections import Counter

from pledgewatch.ledger.candidates import Prepared
from pledgewatch.ledger.matching import Rules


def find_sub_allocations(mentions: list[Prepared], rules: Rules) -> dict[int, int]:
    """In one article: allocated sums that sit inside a larger sum of the same family (index → index).

    The package is the nearest larger, non-allocated sum in the text; parts that would add up to more
    than the package (beyond rounding slack) are left unlinked.
    """
    links: dict[int, int] = {}
    used: Counter[int] = Counter()
    children = [i for i, m in enumerate(mentions)
                if m.row.status in rules.sub_allocation_statuses and m.row.amount_cad]
    children.sort(key=lambda i: mentions[i].row.span_start or 0)
    for c in children:
        cm = mentions[c]
        options = [
            i for i, pm in enumerate(mentions)
            if i != c and pm.row.amount_cad and pm.family == cm.family
            and pm.row.status not in rules.sub_allocation_statuses
            and pm.row.amount_cad > (cm.row.amount_cad or 0) * (1 + rules.same_currency)
        ]
        if not options:
            continue
        parent = min(options, key=lambda i: (abs((mentions[i].row.span_start or 0) - (cm.row.span_start or 0)),
                                             -(mentions[i].row.amount_cad or 0)))
        cap = (mentions[parent].row.amount_cad or 0) * (1 + rules.sub_allocation_slack)
        if used[parent] + (cm.row.amount_cad or 0) <= cap:
            used[parent] += cm.row.amount_cad or 0
            links[c] = parent
    return links
