"""A sum and a count that state one commitment: "C$100 million for 50 armoured vehicles".

A count inside the clause of a sum ("$650 million for 50 vehicles"), or a count valued by the sum right
after it ("200 Senator vehicles, valued at $90 million", "buy 1,200 drones for $18 million"), is what the sum pays for: one record with both
the amount and the quantity, not two. Two counts valued together ("50 drones and 20 trucks, worth a
combined $12 million") stay separate: the sum cannot be split between them.

A count and a sum joined by "and" / "as well as" are two gifts, not one: "50 armoured vehicles and $75
million for winter equipment", "$75 million for winter equipment and 50 armoured vehicles". The sum's
own words stop at such a count, and a sum that is itself the next item after a count takes no purpose
from the count's words (`sum_scope`).
"""
from __future__ import annotations

import re
from functools import partial
from typing import NamedTuple

from extractors.inkind import ItemMention

__all__ = ["BookedSum", "SumScope", "coordinator_start", "pair_items", "sum_scope"]

# The sum only values what comes before it.
_VALUED = re.compile(
    r"\b(?:worth|valued at|at a (?:total )?cost of|costing|for a (?:total )?(?:cost|price) of|at a price of|for)"
    r"(?:\s+(?:about|some|roughly|nearly|approximately|around|more than|over|almost|just over|just under))?\s*$",
    re.I,
)
_MAX_GAP = 120  # characters between a count and the sum that values it
_BREAK = re.compile(r"[;.!?]\s|\s(?:and|but|while)\s+(?:it|he|she|they|Canada|Ottawa)\s", re.I)


# A coordinator that starts the next item of a list, with the fillers allowed between it and the item
# ("and another 50 vehicles", "as well as a further $75 million").
_CONJUNCTIONS = ("and", "as well as", "plus", "along with", "together with", "in addition to")
_FILLERS = (
    "also", "a", "an", "another", "further", "additional", "new", "some", "about", "nearly", "roughly", "around",
    "approximately", "almost", "over", "up to", "more than", "the",
)
_COORDINATED = re.compile(
    r"(?:,\s*)?\b(?:" + "|".join(_CONJUNCTIONS) + r")\s+(?:(?:" + "|".join(_FILLERS) + r")\s+)*$", re.I
)
# The same pattern read backwards from the item: a regex ending in `$` is tried at each of the 60
# characters before the item, the reversed one once. No conjunction is a filler, so the words before
# the item parse one way only and the reversed match (the longest, comma included) gives the start.
_COORDINATED_REVERSED = re.compile(
    r"(?:\s+(?:" + "|".join(w[::-1] for w in _FILLERS) + r"))*\s+(?:" + "|".join(w[::-1] for w in _CONJUNCTIONS)
    + r")\b(?:\s*,)?",
    re.I,
)
_REACH = 60  # characters searched back for the coordinator


class SumScope(NamedTuple):
    lo: int  # where words that may describe the sum begin
    clause_end: int  # where the sum's own description ends
    limit: int  # how far a purpose may still be looked for after that


# `SumScope(lo, clause_end, limit)` runs the named tuple's Python-level __new__; this builds it in C.
_new_scope = partial(tuple.__new__, SumScope)


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


def coordinator_start(text: str, lo: int, pos: int) -> int:
    """Start of the coordinator ("and", ", as well as a further") that ends right at `pos`, looking no
    further back than `lo`; -1 when there is none. The same answer as `_COORDINATED.search(text, lo, pos)`."""
    m = _COORDINATED_REVERSED.match(text[lo:pos][::-1])
    if m is None:
        return -1
    if m.end() == pos - lo:  # reaches `lo`: the word boundary there depends on the character before it
        full = _COORDINATED.search(text, lo, pos)
        return full.start() if full is not None else -1
    return pos - m.end()


def _own_clause_end(text: str, items: list[ItemMention], end: int, clause_end: int) -> int:
    """Where the description of the sum ending at `end` stops: at "and"/"as well as" before a count
    when the words since the sum hold no other count ("$75 million for winter equipment and 50 armoured
    vehicles": the vehicles are a second gift; "$75 million for 50 drones and 20 trucks" keeps both)."""
    for it in items:
        if it.start < end:
            continue
        if it.start >= clause_end:
            break
        start = coordinator_start(text, max(end, it.start - _REACH), it.start)
        return start if start != -1 else clause_end  # only the first count after the sum can start a new item
    return clause_end


def _conjunct_start(text: str, items: list[ItemMention], lo: int, pos: int) -> int:
    """Where the words that may describe the sum at `pos` begin: after "and"/"as well as" when the sum
    follows a count in [lo, pos) as the next item of a list ("donate 50 armoured vehicles and $75
    million ..."), else `lo`."""
    start = coordinator_start(text, max(lo, pos - _REACH), pos)
    if start == -1 or not any(lo <= it.start and it.end <= start for it in items):
        return lo
    return pos  # the coordinator's words run up to the sum


def sum_scope(text: str, items: list[ItemMention], lo: int, start: int, end: int, clause_end: int, limit: int) -> SumScope:
    """The words of the sum at [start, end) once coordinated counts are set apart: neither the count
    before "and $75 million" nor the one after "$75 million ... and" is what the sum pays for."""
    if not items:  # no count in the sentence (most sums): nothing to set apart
        return _new_scope((lo, clause_end, limit))
    own = _own_clause_end(text, items, end, clause_end)
    return _new_scope((_conjunct_start(text, items, lo, start), own, limit if own == clause_end else own))
