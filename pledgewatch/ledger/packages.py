"""Packages and their parts: which sums of one article sit inside a larger sum it also gives.

Two kinds of part, both linked to the larger sum so that totals count the money once:
- an *allocation*: a sum with an `allocated` status earmarked inside a larger package of its family;
- a *tranche*: a sum the article calls a tranche, instalment, disbursement... (words in
  `config/reconcile.toml`, `[tranche]`) of a larger commitment of its family with the same purpose.
"""
from __future__ import annotations

import re
from collections import Counter

from pledgewatch.ledger.candidates import Prepared
from pledgewatch.ledger.matching import Rules, purpose_score, tranche_pattern

# Where a sentence ends: a full stop (question or exclamation mark) before a space, or a line break.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s|\n")


def find_sub_allocations(mentions: list[Prepared], rules: Rules, text: str | None = None) -> dict[int, int]:
    """In one article: the parts of larger sums (index of the part → index of the larger sum).

    Allocations first: the package is the nearest larger, non-allocated sum in the text. Then tranches,
    read in `text` (the article; the evidence when absent): the nearest larger sum with a compatible
    purpose. Parts that would add up to more than their package (beyond rounding slack) stay unlinked.
    """
    links: dict[int, int] = {}
    used: Counter[int] = Counter()
    _allocations(mentions, rules, links, used)
    _tranches(mentions, rules, text, links, used)
    return links


def _start(m: Prepared) -> int:
    return m.row.span_start or 0


def _attach(mentions: list[Prepared], child: int, parent: int, rules: Rules, links: dict[int, int],
            used: Counter[int]) -> None:
    cap = (mentions[parent].row.amount_cad or 0) * (1 + rules.sub_allocation_slack)
    amount = mentions[child].row.amount_cad or 0
    if used[parent] + amount <= cap:
        used[parent] += amount
        links[child] = parent


def _allocations(mentions: list[Prepared], rules: Rules, links: dict[int, int], used: Counter[int]) -> None:
    children = [i for i, m in enumerate(mentions)
                if m.row.status in rules.sub_allocation_statuses and m.row.amount_cad]
    children.sort(key=lambda i: _start(mentions[i]))
    for c in children:
        cm = mentions[c]
        options = [
            i for i, pm in enumerate(mentions)
            if i != c and pm.row.amount_cad and pm.family == cm.family
            and pm.row.status not in rules.sub_allocation_statuses
            and pm.row.amount_cad > (cm.row.amount_cad or 0) * (1 + rules.same_currency)
        ]
        if options:
            parent = min(options, key=lambda i: (abs(_start(mentions[i]) - _start(cm)), -(mentions[i].row.amount_cad or 0)))
            _attach(mentions, c, parent, rules, links, used)


def sentence_of(text: str, start: int, end: int) -> str:
    """The sentence (or sentences) of `text` around the span start..end."""
    begin = 0
    for found in _SENTENCE_END.finditer(text, 0, max(0, start)):
        begin = found.end()
    after = _SENTENCE_END.search(text, max(end, start))
    return text[begin:after.start() + 1 if after else len(text)]


def _tranches(mentions: list[Prepared], rules: Rules, text: str | None, links: dict[int, int],
              used: Counter[int]) -> None:
    pattern = tranche_pattern(rules.tranche_words)
    if pattern is None:
        return
    order = sorted((i for i, m in enumerate(mentions) if m.row.amount_cad and i not in links),
                   key=lambda i: _start(mentions[i]))
    for c in order:
        cm = mentions[c]
        context = cm.row.evidence or ""
        if text and cm.row.span_start is not None:
            context += " " + sentence_of(text, cm.row.span_start, cm.row.span_end or cm.row.span_start)
        if not pattern.search(context):
            continue
        options = [
            i for i, pm in enumerate(mentions)
            if i != c and i not in links and pm.row.amount_cad and pm.family == cm.family
            and pm.row.amount_cad > (cm.row.amount_cad or 0) * (1 + rules.same_currency)
            and abs(_start(pm) - _start(cm)) <= rules.tranche_window_chars
            and purpose_score(cm.tokens, pm.tokens, rules) >= rules.tranche_min_score
        ]
        if options:
            parent = min(options, key=lambda i: (abs(_start(mentions[i]) - _start(cm)), -(mentions[i].row.amount_cad or 0)))
            _attach(mentions, c, parent, rules, links, used)
