"""Donations that the count-and-item rule misses: a count of a named model, or a named gift with no count.

- "12 Bisons, bought by Canada as part of a 2023 donation": a figure before a capitalised plural
  (a vehicle or weapon known by its name) is a count when the sentence speaks of a gift;
- "The Harpoon missiles that Ottawa said it would donate for Ukraine's coastal defence": a named item
  (a capitalised model name before its noun) beside a gift word, with no count and no sum, is still a
  donation (quantity unknown). An unnamed one ("the first air defence system donated by Canada")
  usually restates a sum of the article and is left out.

Both run only for a sentence holding one of the lexicon's `gift_words` ("donation", "donate" ...), so
the sentences of an ordinary article pay one substring test. Whether Canada gives the thing to Ukraine
is decided by the commitment rules, as for any item.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractors.inkind import ItemMention
from extractors.lexicon import Lexicon, PhraseSet

__all__ = ["gift_stems", "named_gifts"]

_NAMED_PLURAL = re.compile(r"(?<![\w$.,/-])(?P<qty>\d{1,3}(?:,\d{3})+|\d+)\s+(?P<name>[A-Z][a-z]{2,}s)(?![\w-])")
# Up to three capitalised words of an item's name before its head noun: "Harpoon", "AIM-7 Sparrow".
_NAME_BEFORE = re.compile(r"(?:[A-Z0-9][\w-]*\s+){0,3}$")
_ARTICLE = re.compile(r"^(?:the|a|an|its|their|these|those|some|more|of)\s+", re.I)
_REACH = 60  # characters between the item's head noun and the gift word


@dataclass(frozen=True)
class _Compiled:
    gifts: PhraseSet
    stems: tuple[str, ...]


@lru_cache(maxsize=8)
def _compile(lex: Lexicon) -> _Compiled:
    words = [str(w) for w in lex.raw.get("in_kind", {}).get("gift_words", [])]
    kept: list[str] = []
    for w in sorted({w.rstrip("*").lower() for w in words}, key=len):
        if not any(k in w for k in kept):
            kept.append(w)  # "donate" covers "donated": the fewest substrings to look for
    stems = tuple(kept)
    return _Compiled(PhraseSet(words), stems)


def gift_stems(lex: Lexicon) -> tuple[str, ...]:
    """Substrings a sentence must hold for `named_gifts` to find anything (for the cheap pre-test)."""
    return _compile(lex).stems


def named_gifts(text: str, low: str, lex: Lexicon, start: int, end: int, lo: int, hi: int) -> list[ItemMention]:
    """Gifts in text[start:end] that the count-and-item rule did not find (quantity 0: unknown).

    `low` is the lowered text; `lo`-`hi` the range of figures that read as years.
    """
    c = _compile(lex)
    for s in c.stems:  # a loop, not any(<generator>): asked of every sentence with an item hint
        if low.find(s, start, end) != -1:
            break
    else:
        return []
    gifts = c.gifts.finditer(text, start, end)
    if not gifts:
        return []
    out: list[ItemMention] = []
    for m in _NAMED_PLURAL.finditer(text, start, end):
        qty = int(m.group("qty").replace(",", ""))
        if "," not in m.group("qty") and lo <= qty <= hi:
            continue
        if lex.actors.payload(m.group("name")) is not None or lex.actors.payload(m.group("name")[:-1]) is not None:
            continue  # "40 Ukrainians", "3 Canadians": people, not things
        out.append(ItemMention(m.start(), m.end(), qty, m.group("name"), "military"))
    if out:
        return out
    for head in lex.in_kind.finditer(text, start, end):
        if not any(abs(g.start() - head.end()) <= _REACH or abs(head.start() - g.end()) <= _REACH for g in gifts):
            continue
        name = _NAME_BEFORE.search(text, max(start, head.start() - 40), head.start())
        words = text[name.start() if name else head.start() : head.end()]
        lead = _ARTICLE.match(words)
        while lead:
            words = words[lead.end():]
            lead = _ARTICLE.match(words)
        if len(words.split()) < 2:
            continue  # "the first air defence system donated by Canada": unnamed, it restates a sum
        category = lex.in_kind.payload(head.group(0)) or "military"
        out.append(ItemMention(head.end() - len(words), head.end(), 0, " ".join(words.split()), category))
        break  # one unnamed-count gift per sentence
    return out
