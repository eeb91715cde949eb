"""A sum and a count that state one commitment: "C$100 million for 50 armoured vehicles".

A count inside the clause of a sum ("$650 million for 50 vehicles"), or a count valued by the sum right
after it ("200 Senator vehicles, valued at $90 million", "buy 1,200 drones for $18 million"), is what the sum pays for: one record with both
the amount and the quantity, not two. Two counts valued together ("50 drones and 20 trucks, worth a
combined $12 million") stay separate: the sum cannot be split between them.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from extractors.inkind import ItemMention

__all__ = ["BookedSum", "pair_items"]

# The sum only values what comes before it.
_VALUED = re.compile(
    r"\b(?:worth|valued at|at a (?:total )?cost of|costing|for a (?:total )?(?:cost|price) of|at a price of|for)"
    r"(?:\s+(?:about|some|roughly|nearly|approximately|around|more than|over|almost|just over|just under))?\s*$",
    re.I,
)
_MAX_GAP = 120  # characters between a count and the sum that values it
_BREAK = re.compile(r"[;.!?]\s|\s(?:and|but|while)\s+(?:it|he|she|they|Canada|Ottawa)\s", re.I)


class BookedSum(NamedTuple):
    start: int
    end: int
    clause_end: int  # where the sum's own description ends


def pair_items(text: str, items: list[ItemMention], sums: list[BookedSum]) -> dict[int, int]:
    """Item index -> index of the booked sum that pays for it."""
    out: dict[int, int] = {}
    for j, s in enumerate(sums):
        inside = [i for i, it in enumerate(items) if s.end <= it.start < s.clause_end]
        if len(inside) == 1:
            out[inside[0]] = j
            continue
        if inside or not _VALUED.search(text, max(0, s.start - 60), s.start):
            continue
        floor = sums[j - 1].end if j else 0
        before = [i for i, it in enumerate(items) if floor <= it.start and it.end <= s.start]
        if len(before) != 1 or before[0] in out:
            continue
        it = items[before[0]]  # the only count since the previous sum: not one of a list valued together
        if s.start - it.end <= _MAX_GAP and not _BREAK.search(text, it.end, s.start):
            out[before[0]] = j
    return out
