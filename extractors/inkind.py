"""In-kind donations: a count and an item, no sum ("288 AIM-7 missiles", "four Leopard 2 tanks",
"10,000 rounds of 105mm ammunition", "200 Senator armoured vehicles").

Only the shape is recognised here; whether Canada gives the items to Ukraine is decided by the
commitment rules, exactly as for sums.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from extractors.lexicon import Lexicon, lower_text, phrase_pattern
from extractors.money import NumberWords, figure_starts, number_words

__all__ = ["ItemMention", "find_items"]


class ItemMention(NamedTuple):
    """A count and its item; a named tuple: cheaper to build than a frozen dataclass."""

    start: int
    end: int
    quantity: int
    item: str  # as written, e.g. "Leopard 2 tanks"
    category: str  # from the lexicon list the head noun is in


@dataclass(frozen=True)
class _Compiled:
    regex: re.Pattern[str]
    of_tail: re.Pattern[str]
    head_tail: re.Pattern[str]
    words: dict[str, float]
    unit: re.Pattern[str]
    part_before: re.Pattern[str]
    number_words: NumberWords | None  # where a count may begin (see `figure_starts`); None: try everywhere


@lru_cache(maxsize=8)
def _compile(lex: Lexicon) -> _Compiled:
    words = {k.lower(): float(v) for k, v in lex.money.get("number_words", {}).items() if float(v) >= 1}
    num_words = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    stop = "|".join(re.escape(w) for w in sorted(lex.inkind_stop, key=len, reverse=True)) or "(?!)"
    heads = lex.in_kind.regex.pattern if lex.in_kind.regex else "(?!)"
    # a modifier word, or an acronym in brackets ("Light Armoured Vehicle (LAV) 6 carriers")
    modifier = rf"(?:(?!(?:{stop})(?![\w-]))(?:[\w./-]+|\([A-Z][\w-]*\))\s+)"
    # "25,000 sets of winter clothing": a counting word and "of" before the item's own words
    of_heads = "|".join(re.escape(w) for w in sorted(lex.of_heads, key=len, reverse=True)) or "(?!)"
    # Most words cannot start a count: one look at the first letter saves trying each number word.
    starts = re.escape("".join(sorted({w[0] for w in words})))
    first = rf"(?=[\d{starts}])" if words else ""
    regex = re.compile(
        rf"(?<![\w$.,/-]){first}(?P<qty>\d+(?:\.\d+)?\s+(?:million|thousand)|\d{{1,3}}(?:,\d{{3}})+|\d+|{num_words})\s+"
        rf"(?P<item>(?:(?P<ofh>{of_heads})(?=\s+of\s)\s+of\s+)?{modifier}{{0,5}}?(?P<head>{heads}))",
        re.I,
    )
    section = lex.raw.get("in_kind", {})
    units = [str(u) for u in section.get("units", [])]
    # "155 mm shells": a calibre or a measure after the figure, not a count
    unit = re.compile(r"\s*(?:" + "|".join(phrase_pattern(u) for u in units) + ")", re.I) if units else re.compile("(?!)")
    parts = [str(w) for w in section.get("part_of_order", [])]
    # "the remaining 40 vehicles": shipments of an order already booked, not a new count
    part_before = re.compile(r"(?:" + "|".join(phrase_pattern(w) for w in parts) + r")\s+$", re.I) if parts else re.compile("(?!)")
    # "rounds" + " of 105mm ammunition", " of 105 mm tank gun ammunition" (greedy: the last head wins)
    of_tail = re.compile(rf"\s+of\s+{modifier}{{0,4}}(?:{heads})", re.I)
    # "drone" + " jammers", "NASAMS" + " system": the first head was only a modifier
    head_tail = re.compile(rf"(?:\s+(?:{heads})){{1,2}}", re.I)
    return _Compiled(regex, of_tail, head_tail, words, unit, part_before, number_words(list(words)))


def _counts(text: str, c: _Compiled, start: int, stop: int) -> list[re.Match[str]]:
    """What `c.regex.finditer(text, start, stop)` finds, with the regex tried only where a count may
    begin (`figure_starts`): tried at every character, this regex costs far more than the sentence's
    other tests together. `match` there is what finditer would have tried there.
    """
    starts = None if c.number_words is None else figure_starts(text, lower_text(text), start, stop, c.number_words, "$.,/-")
    if starts is None:
        return list(c.regex.finditer(text, start, stop))
    found: list[re.Match[str]] = []
    pos = start
    for b in starts:
        if b >= pos and (m := c.regex.match(text, b, stop)) is not None:
            found.append(m)
            pos = m.end()
    return found


# A capitalised word right before the figure ("the Leopard 2 A6 tanks"), and what may precede a
# sentence's first word.
_NAME_BEFORE = re.compile(r"(?:([A-Z][\w-]*)|\(([A-Z][\w-]*)\))\s+$")
_SENTENCE_START = re.compile(r"(?:^|[\n.!?:;\"(\u2022*-])\s*$")
_BIG_COUNT = re.compile(r"(\d+(?:\.\d+)?)\s+(million|thousand)")


def _model_number(text: str, pos: int, lex: Lexicon) -> bool:
    """True when the figure at `pos` is part of a model name ("Leopard 2", "Patriot 3"), not a count.

    A capitalised word right before a figure, in the middle of a sentence, is a name the figure
    belongs to; actors stay out ("gave Ukraine 40 vehicles") and so do sentence-initial words ("The 40 ...").
    """
    m = _NAME_BEFORE.search(text, max(0, pos - 30), pos)
    if m is None:
        return False
    word_start = pos - len(m.group(0))
    if _SENTENCE_START.search(text, max(0, word_start - 3), word_start):
        return False
    if m.group(2) is not None:
        return True  # "Light Armoured Vehicle (LAV) 6": a figure after a bracketed acronym names a model
    return lex.actors.payload(m.group(1)) is None


def find_items(text: str, lex: Lexicon, start: int = 0, end: int | None = None) -> list[ItemMention]:
    """Count-and-item phrases in `text[start:end]`, positions in `text`."""
    if lex.in_kind.regex is None:
        return []
    c = _compile(lex)
    out: list[ItemMention] = []
    lo, hi = lex.year_range
    taken = start  # end of the previous item with its "of ..." tail: "105 mm" inside it is no count
    for m in _counts(text, c, start, len(text) if end is None else end):
        if m.start() < taken:
            continue
        raw = m.group("qty")
        big = _BIG_COUNT.fullmatch(raw)
        if big:  # "2.4 million rounds"
            qty = int(round(float(big.group(1)) * (1_000_000 if big.group(2) == "million" else 1_000)))
        elif raw[0].isdigit():
            qty = int(raw.replace(",", ""))
            if "," not in raw and lo <= qty <= hi:
                continue  # a year, not a count
        else:
            qty = int(c.words.get(" ".join(raw.lower().split()), 0))
        if qty <= 0 or _model_number(text, m.start(), lex):
            continue
        if c.unit.match(text, m.end("qty")) or c.part_before.search(text, max(0, m.start() - 24), m.start()):
            continue
        category = lex.in_kind.payload(m.group("head")) or "military"
        stop = m.end()
        limit = len(text) if end is None else end
        more = c.head_tail.match(text, stop, limit)
        if more:
            stop = more.end()
        if m.group("ofh"):  # "7,500 rounds of 105 mm tank gun ammunition": the last head wins
            tail = c.of_tail.match(text, m.end("ofh"), limit)
            if tail and tail.end() > stop:
                stop = tail.end()
        elif text[m.start("head") : stop].split()[-1].lower() in lex.of_heads:
            tail = c.of_tail.match(text, stop, limit)
            if tail:
                stop = tail.end()
        item = " ".join(text[m.start("item") : stop].split())
        out.append(ItemMention(m.start(), stop, qty, item, category))
        taken = stop
    return out
