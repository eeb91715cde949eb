"""Small rules about who gives and who benefits, beyond the nearest-actor rule of `commitments`.

- A country named as an adjective is not a giver: "an American sale of missiles", "U.S.-made shells".
- Only the words of a name's own noun phrase can make it a programme or venue ("the G7 summit"); the
  clause after its verb cannot ("The Group of Seven agreed at its summit to ...": the G7 gives).
- Items "from Canadian Armed Forces stocks" are still given away: the domestic name is their source.
- A purchase "for the Canadian Army" benefits Canada even when Ukraine is named in the sentence
  ("... none of which will go to Kyiv"), unless the thing is "for Ukraine" as well.
"""
from __future__ import annotations

import re
from functools import lru_cache

from extractors.lexicon import Lexicon, phrase_pattern

__all__ = ["attributive", "domestic_use", "for_own_forces", "name_tail"]

# The name is an adjective when glued to "-made", "-built" ... (or after "a"/"an": see `attributive`).
_MADE_AFTER = re.compile(r"-(?:made|built|produced|manufactured|designed|supplied|sourced|origin)\b", re.I)

# Words that end a name's noun phrase: a verb, an auxiliary or a preposition starts the predicate.
_PHRASE_END = (
    "at in on to with by for from said says say agreed agrees will would shall has have had is are was were "
    "could can may might should must plans planned wants wanted pledged pledges promised promises announced "
    "announces committed commits gave gives sent sends offered offers approved approves decided decides "
    "itself alone also"
).split()


# The characters re.IGNORECASE matches with an ASCII letter besides its two cases.
_FOLDS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def _first_letter_class(letter: str) -> str:
    """A case-sensitive class of what `letter` matches under re.IGNORECASE ("(?-i:[sS\u017f])")."""
    low = letter.lower()
    return f"(?-i:[{re.escape(low + low.upper() + _FOLDS.get(low, ''))}])"


def _by_first_letter(words: list[str]) -> str:
    """An alternation of `words` grouped by first letter ("(?-i:[aA])(?:t|greed|...)|(?-i:[iI...])(?:n|s|tself)|...").

    Each group starts with a case-sensitive class holding every character re.IGNORECASE matches with
    its letter: the regex engine then skips a group whose class misses in one test, where an
    ignore-case letter first makes it enter each group in turn.
    """
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0].lower(), []).append(re.escape(word[1:]))
    return "|".join(f"{_first_letter_class(first)}(?:{'|'.join(rests)})" for first, rests in groups.items())


# Up to four words after a name (after an optional "'s"), none of them a phrase end or a lower-case
# past tense ("agreed", "decided"): one regex call, as this runs for every other-donor name. The phrase
# ends are grouped by first letter, so that each word tries one group, not all fifty words.
_TAIL = re.compile(
    r"(?:'s)?((?:\s+(?!(?:" + _by_first_letter(_PHRASE_END) + r")(?![\w'&-]))(?!(?-i:[a-z]{4,}ed)(?![\w'&-]))[\w'&-]+){1,4})",
    re.I,
)


def attributive(text: str, start: int, end: int) -> bool:
    """True when the name at [start, end) only describes a noun: "an American sale", "U.S.-made"."""
    if text.startswith("-", end) and _MADE_AFTER.match(text, end):
        return True
    if start < 2 or text[start - 1] != " " or text[start - 2] not in "aAnN":
        return False  # no "a "/"an " right before (the common case, answered without slicing)
    before = text[max(0, start - 4) : start].lower()  # str tests, not a regex: this runs for every other-donor name
    if before.endswith("a "):
        rest = before[:-2]
    elif before.endswith("an "):
        rest = before[:-3]
    else:
        return False
    return not rest or not rest[-1].isalnum()


def name_tail(text: str, end: int, limit: int) -> str:
    """Up to four words after a name, stopping where its noun phrase ends (a verb or preposition)."""
    m = _TAIL.match(text, end, min(limit, end + 60))
    return m.group(1) if m else ""


_FOR_BEFORE = re.compile(r"\bfor\s+(?:the\s+|its\s+|their\s+|Canada's\s+)?$", re.I)
_FOR_UKRAINE = re.compile(r"\bfor\s+(?:the\s+)?$", re.I)


def for_own_forces(text: str, a: int, b: int, lex: Lexicon) -> bool:
    """True when text[a:b) buys something "for" Canada's own forces (a domestic phrase right after "for")
    and does not name Ukraine as what it is for too ("for Ukraine", "for Ukrainian brigades")."""
    if lex.domestic.search(text, a, b) is None:
        return False  # the common case, answered from the sentence's one scan
    home = [h for h in lex.domestic.finditer(text, a, b) if _FOR_BEFORE.search(text, max(a, h.start() - 16), h.start())]
    if not home:
        return False
    for u in lex.ukraine.finditer(text, a, b):
        if _FOR_UKRAINE.search(text, max(a, u.start() - 10), u.start()):
            return False
    return True


@lru_cache(maxsize=8)
def _stock_after(lex: Lexicon) -> re.Pattern[str]:
    """The stock nouns of the lexicon, right after a domestic name ("... Armed Forces stocks")."""
    nouns = [str(w) for w in lex.raw.get("actors", {}).get("stock_nouns", [])]
    if not nouns:
        return re.compile("(?!)")
    return re.compile(r"\s+(?:" + "|".join(phrase_pattern(n) for n in nouns) + ")", re.I)


def domestic_use(text: str, a: int, b: int, lex: Lexicon) -> bool:
    """True when text[a:b) names Canada's own spending or forces other than as the source of stock
    ("from Canadian Armed Forces inventory")."""
    first = lex.domestic.search(text, a, b)
    if first is None:
        return False
    stock = _stock_after(lex)
    for h in lex.domestic.finditer(text, first.start(), b):
        m = stock.match(text, h.end(), b)
        if m is None:
            return True
    return False
