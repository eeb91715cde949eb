"""Canada→Ukraine commitments from article text: the heart of pledgewatch.

The text is normalised, split into sentences and bullet items, and each one is read for three kinds
of commitment:

- a sum ("$500 million for the PURL initiative"), with its currency, qualifier and bracketed conversion;
- an in-kind donation ("four Leopard 2 tanks"), with a count and an item;
- a commitment without a sum or count (troops, training, sanctions, an agreement, humanitarian aid),
  which needs one of its category's words *and* a status cue in the same sentence.

For each, the giver is the nearest actor before it (then after it, then the thread of the paragraph
or the lead line of a bullet list): only Canada counts; another country, a bloc, Russia, or Ukraine
asking for something rule it out. Status, category and purpose come from the nearest lexicon cues. A
commitment stated twice in one article is kept once. All cue words live in `config/lexicon.toml`.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import MISSING, dataclass, field, fields, replace
from functools import lru_cache, partial
from typing import Any, NamedTuple

try:  # compiled extension: the stem pre-filter in one pass (a pure-Python path remains without it)
    import ahocorasick_rs
except ImportError:  # pragma: no cover
    ahocorasick_rs = None

from extractors.gifts import gift_stems, named_gifts
from extractors.giver import attributive, domestic_use, for_own_forces, name_tail
from extractors.inkind import ItemMention, find_items
from extractors.lexicon import Lexicon, PhraseSet, StatusCue, _atoms, load_lexicon, lower_text, scan_scope
from extractors.model import Commitment
from extractors.money import MoneyMention, bare_dollar_is_usd, find_money
from extractors.negation import CueSpan, merge_double_refusals
from extractors.pairing import BookedSum, pair_items, sum_scope
from extractors.normalize import normalize_text
from extractors.sentences import Segment, split_segments
from extractors.tense import apply_tense, describes_noun
from extractors.topic import domestic_topic, own_spending_clause

__all__ = ["extract_commitments"]

CANADA, OTHER, ADVERSARY, UKRAINE, PRONOUN = "canada", "other", "adversary", "ukraine", "pronoun"

# An other-country name after one of these is a place or partner, not the giver
# ("speaking in Berlin", "talks with Germany", "sanctions against Russia").
_PLACE_WORDS = (
    "in", "at", "to", "with", "alongside", "visit", "visits", "visiting", "visited", "into", "toward", "towards",
    "near", "across", "between", "among", "than", "like", "against", "on", "for", "about", "under", "including", "and",
)
# The same test read backwards, anchored at the name: "(in|at|...)\s+(the\s+)?" or "U.S.-" right before it.
# A regex ending in `$` is tried at each of the 40 characters before the name; the reversed one once.
_NOT_GIVER_BEFORE_REVERSED = re.compile(
    r"(?:(?:\s+eht)?\s+(?:" + "|".join(w[::-1] for w in _PLACE_WORDS) + r")|\n?-(?:\.S\.U|SU))\b", re.I
)
# The same on a lowered ASCII window, without re.I and with "the" as one more flat alternative: the
# engine then skips each word whose first letter differs in one test (with re.I, or behind an optional
# group, it tries them all).
_REVERSED_PLACES = "|".join(w[::-1] for w in _PLACE_WORDS)
_NOT_GIVER_BEFORE_LOWERED = re.compile(
    r"\s+(?:" + _REVERSED_PLACES + r"|eht\s+(?:" + _REVERSED_PLACES + r"))\b|-(?:\.s\.u|su)\b|\n-(?:\.s\.u|su)\b"
)
# Where a clause ends: [;:(], " - ", an em dash, ", as well as/while/whereas/but", ". ", " and that ".
# `_clause_mark` finds the first of these with two cheap searches (see there).
_CLAUSE_END = re.compile(r"[;:(]|\s[-\u2013\u2014]\s|\u2014|,\s+(?:as well as|while|whereas|but)\b|\.\s|\s(?:and|but) that\s")
# The same marks but " and that ", each found at its first mark or dash; group 1: a spaced dash, whose
# match starts at the space before it.
_MARK_OR_DASH = re.compile(
    r"[;:(,.\-\u2013\u2014](?:(?<=\s[-\u2013\u2014])(\s)|(?<=[;:(\u2014])|(?<=,)\s+(?:as well as|while|whereas|but)\b|(?<=\.)\s)"
)
_AND_THAT = re.compile(r"\s(?:and|but) that\s")
_RELATIVE = re.compile(r",\s+(?:which|that|who)\s")
_WORD = re.compile(r"[A-Za-z][\w'-]*")
# Where the clause of a sum starts (its purpose is not looked for before that).
# (`[,;:]\s|\s(?:and|but|while) that\s|\sthat\s` led by the class of its first characters, so that
# the engine skips in C to where a match may start instead of trying every character.)
_CLAUSE_START = re.compile(r"[,;:\s](?:(?<=[,;:])\s|(?<=\s)(?:and|but|while) that\s|(?<=\s)that\s)")
_ITEM_END = re.compile(r",|;|\s(?:and|or|as well as)\s")
# A sum that only values what the clause before it gives.
# (`\b(?:worth|valued at|at a cost of|costing)...`, led by a case-sensitive class of its first letters
# for the same reason; `(?<!\w.)` is the `\b` before the first letter.)
_WORTH = re.compile(
    r"(?-i:[wWvVaAcC])(?<!\w.)(?:(?<=[wW])orth|(?<=[vV])alued at|(?<=[aA])t a cost of|(?<=[cC])osting)"
    r"(?:\s+(?:a combined|a total of|about|some|roughly|nearly|more than|over))?\s*$",
    re.I,
)
# A possessive right before a sum: "if Ottawa wants its $22 billion to count" restates a known figure.
_POSSESSIVES = ("its", "their", "our", "Canada's", "Ottawa's")
_POSSESSIVE = re.compile(r"\b(?:" + "|".join(_POSSESSIVES) + r")\s+(?:own\s+)?$", re.I)
# The same read backwards from the sum (tried once, not at each of the 12 characters before it).
_POSSESSIVE_REVERSED = re.compile(r"(?:\s+nwo)?\s+(?:" + "|".join(w[::-1] for w in _POSSESSIVES) + r")\b", re.I)
# Words that introduce a sum's purpose when no lexicon phrase names it.
_PURPOSE_LEAD = re.compile(r"(?-i:[fFtTwW])(?<!\w.)(?:(?<=[fF])or|(?<=[tT])o|(?<=[wW])orth of)\s+", re.I)  # \b(?:for|to|worth of)\s+
# "the last C$500 million of a C$1 billion loan": the first sum is part of the second.
_PART_OF = re.compile(r"\s+(?:of|out of|from)\s+(?:a|an|the|its|their)\s+", re.I)
# Where a sum's own description ends and another commitment may start.
_AND_VERB = re.compile(r"\s(?:and|but|while|as well as)\s+(?:would\s+|will\s+|to\s+)?(?:also\s+)?(?:pay|send|give|train|deploy|provide|sign|impose|sanction|offer|fund|help|support)\b", re.I)


# Actor mentions and status cues are made by the dozen per sentence: named tuples, which are several
# times cheaper to create than frozen dataclasses.
class _Actor(NamedTuple):
    start: int
    end: int
    kind: str


class _Cue(NamedTuple):
    start: int
    end: int
    cue: StatusCue


# `_Actor(start, end, kind)` runs the named tuple's Python-level __new__; these build the same tuples
# from a (start, end, x) tuple in C.
_new_actor = partial(tuple.__new__, _Actor)
_new_cue = partial(tuple.__new__, _Cue)
_new_booked = partial(tuple.__new__, BookedSum)


class _Payloads(dict):  # type: ignore[type-arg]
    """Matched text -> payload for one phrase set, filled as phrases are met: `memo[text]` is a dict
    lookup in C where `phrases.payload(hit.group(0))` makes two Python calls (the answer for a given
    text never changes)."""

    def __init__(self, phrases: PhraseSet) -> None:
        super().__init__()
        self.phrases = phrases

    def __missing__(self, matched: str) -> Any:
        found = self[matched] = self.phrases.payload(matched)
        return found


@lru_cache(maxsize=64)
def _payloads(phrases: PhraseSet) -> _Payloads:
    return _Payloads(phrases)


# Every field of a Commitment in declaration order, at its default (None for the required ones).
_COMMITMENT_FIELDS = {f.name: None if f.default is MISSING else f.default for f in fields(Commitment)}
# What `_commitment` relies on: a plain instance dict, nothing computed at construction.
_PLAIN_COMMITMENT = not hasattr(Commitment, "__post_init__") and not hasattr(Commitment, "__slots__") and all(
    f.init and f.default_factory is MISSING for f in fields(Commitment)
)


def _commitment(**values: Any) -> Commitment:
    """`Commitment(**values)`, built with one dict.

    Commitment is a frozen dataclass: its __init__ sets each of its 15 fields through
    object.__setattr__, about 25 k instructions per record (the costliest step of reading a
    sentence). Giving the instance its whole dict at once makes the same object (same fields, same
    order) for a quarter of that.
    """
    if not _PLAIN_COMMITMENT:  # pragma: no cover (a model with __post_init__, slots or factories)
        return Commitment(**values)
    c = object.__new__(Commitment)
    object.__setattr__(c, "__dict__", {**_COMMITMENT_FIELDS, **values})
    return c


def _replace(c: Commitment, **changes: Any) -> Commitment:
    """`dataclasses.replace(c, **changes)`, built like `_commitment`."""
    if not _PLAIN_COMMITMENT:  # pragma: no cover
        return replace(c, **changes)
    new = object.__new__(Commitment)
    object.__setattr__(new, "__dict__", {**c.__dict__, **changes})
    return new


@dataclass
class _Found:
    """A commitment before de-duplication, with what is needed to choose between repeats."""

    commitment: Commitment
    weight: int = 0
    order: int = 0
    heading: bool = False  # stated in a headline: the body usually restates it
    specific: bool = True  # the purpose came from the lexicon or the text, not a category default
    referring: bool = False  # "its $22 billion": a figure named before, restated with a possessive


@dataclass(slots=True)
class _Seg:
    """One segment with its analysis (actors, cues, sums, items).

    Answers about the whole sentence that its sums, items and triggers each ask (is it a purchase for
    Canada, about home, a running total, a headline) are computed on first use and kept here.
    """

    seg: Segment
    actors: list[_Actor]
    cues: list[_Cue]
    money: list[MoneyMention]
    items: list[ItemMention]
    reader: _Reader  # the article: the giver carried in from the lead or the thread, Ukraine in the paragraph
    index: int  # of `seg` in the article's segments
    lead_status: str | None
    hits: dict[PhraseSet, Any]  # the sentence's scan: set -> its phrases in the sentence (read-only lists)
    money_clauses: list[tuple[int, int]] = field(default_factory=list)
    booked: list[tuple[BookedSum, _Found]] = field(default_factory=list)  # the sums kept, with their clause
    _inherited: tuple[str | None] | None = None
    _ukraine_near: bool | None = None
    _own_purchase: bool | None = None
    _elsewhere: bool | None = None
    _names_elsewhere: bool | None = None
    _running_perfect: bool | None = None
    _perfect: bool | None = None
    _heading: bool | None = None
    _running_sums: tuple[int, ...] | None = None
    _asks: list[Any] | None = None

    def phrases(self, ps: PhraseSet) -> Any:
        """Every phrase of `ps` in the sentence, in order: the scan's own list (read-only, no copy) for an
        indexed set, else what `ps.finditer` answers over the sentence."""
        found = self.hits.get(ps)
        return found if found is not None else ps.finditer(self.reader.text, self.seg.start, self.seg.end)

    @property
    def ukraine_near(self) -> bool:
        """Ukraine is named in this sentence's paragraph (only a purchase needs to know)."""
        if self._ukraine_near is None:
            self._ukraine_near = self.reader.ukraine_in_block(self.seg.block)
        return self._ukraine_near

    @property
    def inherited(self) -> str | None:
        """Walking back through earlier sentences costs time: done only when a sentence needs it."""
        if self._inherited is None:
            self._inherited = (self.reader.inherited(self.index),)
        return self._inherited[0]


def _actors(text: str, a: int, b: int, lex: Lexicon, found: Any = None) -> list[_Actor]:
    """The actor mentions of text[a:b) that count (see `_is_giver` for other countries); `found`: the
    actor phrases of text[a:b) when the caller has them (its sentence's scan), else they are looked up.

    A hit's `_start`/`_end` slots are read directly: its start()/end()/group() methods are Python
    calls, and this runs for about twenty mentions per article.
    """
    out: list[_Actor] = []
    last_end = -1
    kinds = _payloads(lex.actors)
    dollars = text.find("$", a, b + 1) != -1  # else no mention is followed by "$" (one test, not one per mention)
    for m in lex.actors.finditer(text, a, b) if found is None else found:
        start, end = m._start, m._end
        if start < last_end:
            continue  # overlapped by a longer or earlier mention
        name = text[start:end]
        kind = kinds[name]
        if (kind == OTHER or kind == ADVERSARY) and not _is_giver(text, start, end, b, lex):
            last_end = end
            continue
        if kind == PRONOUN and name == "US":
            continue
        if dollars and text.startswith("$", end):
            continue  # "US$500 million", "U.S.$20 billion": a currency, not a country
        out.append(_new_actor((start, end, kind)))
        last_end = end
    return out


_UNSURE = "unsure"  # `_last_giver` could not tell: read the sentence's actors in full


def _last_giver(text: str, a: int, b: int, lex: Lexicon) -> str | None:
    """The kind (CANADA or OTHER) of the last giver `_actors` keeps in text[a:b), or None.

    Read from the end, so that the tests of an other-country name run only after the last Canadian
    one, and not at all for an adversary or a pronoun (no giver either way). `_UNSURE` when mentions
    overlap (the forward reading then decides which of them count).
    """
    hits = lex.actors.finditer(text, a, b)
    last_end = -1
    for m in hits:
        if m._start < last_end:
            return _UNSURE
        last_end = m._end
    kinds = _payloads(lex.actors)
    for m in reversed(hits):
        start, end = m._start, m._end
        kind = kinds[text[start:end]]
        if kind != CANADA and kind != OTHER:
            continue
        if kind == OTHER and not _is_giver(text, start, end, b, lex):
            continue
        if text.startswith("$", end):
            continue  # "US$500 million": a currency, not a country
        return kind
    return None


@lru_cache(maxsize=8)
def _bought_from(lex: Lexicon) -> re.Pattern[str]:
    verbs = lex.procurement.regex.pattern if lex.procurement.regex is not None else "(?!)"
    return re.compile(rf"(?:{verbs})[^,;.]*?\bfrom\s+(?:the\s+)?$", re.I)


def _is_giver(text: str, start: int, end: int, b: int, lex: Lexicon) -> bool:
    """False for a programme or venue ("the G7's ERA initiative"), a place/partner, or a seller."""
    before = text[max(0, start - 40) : start]
    if before.isascii():  # lowering is then exact for re.I (no dotless i, long s or Kelvin sign)
        if _NOT_GIVER_BEFORE_LOWERED.match(before.lower()[::-1]):
            return False
    elif _NOT_GIVER_BEFORE_REVERSED.match(before[::-1]):
        return False
    if text.find("from", max(0, start - 12), start) != -1:
        before = text[max(0, start - 160) : start]  # long system names sit between "buy" and "from"
        if _bought_from(lex).search(before):
            return False
    if attributive(text, start, end):
        return False
    words = name_tail(text, end, b)
    if words and lex.programme_nouns.regex is not None and lex.programme_nouns.regex.search(words):
        return False
    return True


def _cues(text: str, a: int, b: int, lex: Lexicon, hits: Any = None) -> list[_Cue]:
    """The status cues of text[a:b); `hits`: its status phrases when the caller has them (its sentence's scan)."""
    found: list[_Cue] = []
    refusals = deliveries = 0
    cues = _payloads(lex.status)
    for m in lex.status.finditer(text, a, b) if hits is None else hits:
        start, end = m._start, m._end
        cue = cues[text[start:end]]
        if cue is None or cue.status == "neutral":  # "delivered as loans": it only hides the verb
            continue
        found.append(_new_cue((start, end, cue)))
        refusals += cue.status == "rejected"
        deliveries += cue.status == "delivered"
    if refusals < 2 and not deliveries:
        return found  # neither rule below can change anything (the common case)
    read: list[CueSpan] = apply_tense(merge_double_refusals(found, text), text)  # type: ignore[arg-type]
    return found if read is found else [_Cue(*c) for c in read]  # the same list unless a rule changed a cue


# Loops rather than list comprehensions below: a sentence names two or three actors, and these run for
# every sum, item and trigger.
def _last_before(actors: list[_Actor], pos: int, kinds: tuple[str, ...]) -> _Actor | None:
    """The last actor of one of `kinds` that ends by `pos`."""
    found = None
    for x in actors:
        if x.end <= pos and x.kind in kinds:
            found = x
    return found


_GIVERS = (CANADA, OTHER)
_NAMED = (CANADA, OTHER, ADVERSARY)


def _resolve(actor: _Actor, sa: _Seg, before: int) -> str | None:
    """The giver an actor mention stands for (pronouns take the sentence's or thread's giver)."""
    if actor.kind == CANADA:
        return CANADA
    if actor.kind in (OTHER, ADVERSARY):
        return OTHER
    if actor.kind == PRONOUN:
        earlier = _last_before(sa.actors, actor.start, _GIVERS)
        if earlier is not None:
            return CANADA if earlier.kind == CANADA else OTHER
        return sa.inherited
    return None


def _giver(sa: _Seg, pos: int, end: int, limit: int) -> str | None:
    """Who gives the thing at [pos, end): nearest actor before, else after (up to `limit`), else the thread."""
    before = None
    for x in sa.actors:
        if x.end <= pos and x.kind != UKRAINE:
            before = x
    if before is not None:
        if before.kind == CANADA:  # `_resolve`'s common cases, without the call
            return CANADA
        return OTHER if before.kind == OTHER or before.kind == ADVERSARY else _resolve(before, sa, pos)
    for x in sa.actors:
        if end <= x.start < limit and x.kind in _NAMED:
            return CANADA if x.kind == CANADA else OTHER
    return sa.inherited


def _voice_is_canadian(sa: _Seg, pos: int) -> bool:
    """Whether the sum at `pos` is stated by a Canadian voice (a bare "$" is then Canadian dollars).

    Canada named before the sum, or a sentence with no one named before the sum that continues a
    Canadian thread. A sum that only Ukraine or another country reports keeps an unknown dollar.
    """
    named = False
    for x in sa.actors:
        if x.end <= pos:
            named = True
            if x.kind == CANADA or x.kind == PRONOUN and _resolve(x, sa, pos) == CANADA:
                return True
    return not named and sa.inherited == CANADA


def _asked(text: str, sa: _Seg, pos: int, lex: Lexicon) -> bool:
    """True when the thing at `pos` is what the recipient side asks for, not what Canada gives.

    The sentence's request words are listed once (asked for each of its sums, items and triggers);
    inside the sentence's scan those before `pos` are the ones `finditer(text, seg.start, pos)` gives.
    """
    if sa._asks is None:
        sa._asks = sa.phrases(lex.asks)
    ask_start = -1
    for h in sa._asks:
        if h._end <= pos:
            ask_start = h._start
    if ask_start == -1:
        return False
    who = None
    for x in sa.actors:
        if x.end <= ask_start:
            who = x
    if who is None:
        return False
    return who.kind == UKRAINE or (who.kind == PRONOUN and sa.inherited != CANADA)


def _own_purchase(text: str, sa: _Seg, lex: Lexicon) -> bool:
    """True for Canada buying for itself: a purchase in a paragraph that never names Ukraine
    ("Canada will buy 14 patrol aircraft from Boeing"). Once per sentence: asked for each sum and item."""
    if sa._own_purchase is None:
        seg = sa.seg
        sa._own_purchase = (sa.reader.may_buy(sa.index)
                            and lex.own_purchase.search(text, seg.start, seg.end) is not None
                            and not sa.ukraine_near)
    return sa._own_purchase


def _shared(text: str, sa: _Seg, pos: int, clause_end: int, lex: Lexicon) -> bool:
    """True for a sum given jointly with other donors named before it ("Britain, France and Canada
    announced a joint $1 billion fund"): the total is theirs together, not Canada's."""
    seg = sa.seg
    if not sa.phrases(lex.joint):
        return False  # no joint word in the whole sentence (most): answered from its scan
    if not lex.joint.search(text, seg.start, clause_end) or lex.each.search(text, seg.start, clause_end):
        return False
    return lex.others.search(text, seg.start, pos) is not None


def _elsewhere(text: str, a: int, b: int, lex: Lexicon) -> bool:
    """True when [a, b) is about Canada's own spending or another recipient, and not about Ukraine."""
    if lex.ukraine.search(text, a, b):
        return for_own_forces(text, a, b, lex)
    return bool(domestic_use(text, a, b, lex) or lex.other_recipients.search(text, a, b))


def _names_elsewhere(text: str, sa: _Seg, lex: Lexicon) -> bool:
    """The sentence names Canada's own forces or spending, or another recipient, somewhere: else
    neither `_elsewhere` nor `own_spending_clause` can hold for any part of it (most sentences)."""
    if sa._names_elsewhere is None:
        seg = sa.seg
        sa._names_elsewhere = bool(sa.phrases(lex.domestic)) or bool(sa.phrases(lex.other_recipients))
    return sa._names_elsewhere


def _sentence_elsewhere(text: str, sa: _Seg, lex: Lexicon) -> bool:
    """`_elsewhere` over the whole sentence, once per sentence (asked for each sum, item and trigger)."""
    if sa._elsewhere is None:
        sa._elsewhere = _names_elsewhere(text, sa, lex) and _elsewhere(text, sa.seg.start, sa.seg.end, lex)
    return sa._elsewhere


def _perfect(text: str, sa: _Seg, lex: Lexicon) -> bool:
    """The sentence has a perfect verb ("has committed"), once per sentence."""
    if sa._perfect is None:
        sa._perfect = lex.perfect_verbs.search(text, sa.seg.start, sa.seg.end) is not None
    return sa._perfect


def _running_perfect(text: str, sa: _Seg, lex: Lexicon) -> bool:
    """A running-total phrase and a perfect verb in the sentence ("has provided ... since 2022")."""
    if sa._running_perfect is None:
        sa._running_perfect = bool(sa.phrases(lex.running_total)) and _perfect(text, sa, lex)
    return sa._running_perfect


def _clause_mark(text: str, pos: int, limit: int) -> int:
    """Start of the first `_CLAUSE_END` match inside text[pos:limit], or -1.

    That regex starts several alternatives with `\\s`, so the engine tries it at every character; split
    in two, each search skips in C to a rare first character (a mark or dash, " that").
    """
    m = _MARK_OR_DASH.search(text, pos, limit)
    if m is None:
        best = limit
    elif m.group(1) is None:
        best = m.start()
    elif m.start() > pos:
        best = m.start() - 1  # " - ": the clause ends at the space before the dash
    else:  # a spaced dash right at `pos`: its space lies outside the window (rare)
        full = _CLAUSE_END.search(text, pos, limit)
        return full.start() if full is not None else -1
    if text.find(" that", pos, best + 9) != -1:
        t = _AND_THAT.search(text, pos, min(limit, best + 10))
        if t is not None and t.start() < best:
            best = t.start()
    return best if best < limit else -1


def _clause_end(text: str, pos: int, limit: int) -> int:
    """End of the clause from `pos`: the first comma or clause mark, except a relative clause
    (", which trains Ukrainian soldiers") that still describes the thing.

    The comma first: no clause mark contains a comma after its start, so the first mark before that
    comma is the first mark of the whole window, and the (costlier) mark search reads less text.
    """
    comma = text.find(",", pos, limit)
    while comma != -1 and _RELATIVE.match(text, comma):
        comma = text.find(",", comma + 1, limit)
    end = comma if comma != -1 else limit
    mark = _clause_mark(text, pos, end)
    return mark if mark != -1 else end


_MODAL_REACH = 16  # characters between a modal cue ("ready to", "will not") and the verb it governs


def _effective(cue: _Cue, cues: list[_Cue]) -> StatusCue:
    """A verb governed by a hedge or a negation takes its status: "ready to provide" is considering,
    "will not send" and "ruled out sending" reject."""
    if cue.cue.status in ("considering", "rejected"):
        return cue.cue
    for other in reversed(cues):
        if other.end <= cue.start and cue.start - other.end <= _MODAL_REACH:
            if other.cue.status in ("considering", "rejected"):
                return StatusCue(other.cue.status, max(other.cue.weight, cue.cue.weight))
            return cue.cue
        if other.end <= cue.start:
            break
    return cue.cue


def _cue_text(sa: _Seg, c: _Cue) -> str:
    """The words of a cue, as written."""
    return sa.seg.text[c.start - sa.seg.start : c.end - sa.seg.start]


# "not one has arrived", "have never been delivered", "is yet to be": a delivery verb denied.
_NEGATED = re.compile(r"\b(?:not|never|no|none|yet)\b|n't\b", re.I)


def _later_delivery(sa: _Seg, cue: _Cue, end: int, after: list[_Cue]) -> _Cue:
    """A delivery stated after the thing outranks a weaker pledge before it: "all 50 vehicles Canada
    purchased for Ukraine had been delivered", "the system Canada bought ... reached Ukraine". A
    one-word participle right after the thing may only describe it ("the $5 million delivered in May");
    a phrase with its own object ("reached Ukraine", "handed over") is a main verb."""
    seg_text, base = sa.seg.text, sa.seg.start
    for c in after:
        if (c.cue.status == "delivered" and c.cue.weight > cue.cue.weight
                and (" " in _cue_text(sa, c) or not describes_noun(seg_text, end - base, c.start - base))
                and _effective(c, sa.cues).status == "delivered"
                and not _NEGATED.search(sa.seg.text, max(0, c.start - base - 20), c.start - base)):
            return c
    return cue


def _status_for(sa: _Seg, pos: int, end: int, limit: int, prev_status: str | None, region: int | None = None) -> str | None:
    """Status of the thing at [pos, end); None when a cue rejects it.

    The nearest cue before it (but after the previous sum's own clause, which starts at `region`),
    else the nearest after it up to `limit`, else the previous sum's status, the lead line's, or
    "pledged". "includes" only reaches forward, "funded out of" only backward. So in "announced $2
    billion ..., as well as the disbursement of a $2.3 billion loan" each sum gets its own verb.
    """
    lo = sa.seg.start if region is None else region
    last_before: _Cue | None = None
    after: list[_Cue] = []
    for c in sa.cues:  # one loop, not two comprehensions: this runs for every sum and item
        if lo <= c.start and c.end <= pos and not c.cue.backward_only:
            last_before = c
        if end <= c.start < limit and not c.cue.forward_only:
            after.append(c)
    if last_before is not None:
        cue: _Cue | None = last_before
        if cue.cue.status in ("pledged", "allocated"):
            cue = _later_delivery(sa, cue, end, after)
    elif len(after) > 1:  # after the thing: the firmest cue, then the nearest; a participle that only
        # describes the thing ("the tanks Canada pledged in 2023 have been delivered") counts one less
        seg_text, base = sa.seg.text, sa.seg.start
        cue = max(after, key=lambda c: (c.cue.weight - describes_noun(seg_text, end - base, c.start - base), -c.start))
    else:
        cue = after[0] if after else None
    if cue is not None and cue.cue.weight < 2 and sa.seg.bullet and sa.lead_status:
        return sa.lead_status  # "- $300 million to buy ammunition" under "will be spent as follows:"
    if cue is not None:
        status = _effective(cue, sa.cues).status
        return None if status == "rejected" else status
    return prev_status or sa.lead_status or "pledged"


def _category_for(text: str, lex: Lexicon, a: int, pos: int, end: int, clause_end: int) -> str | None:
    after = lex.category_words.search(text, end, clause_end)
    if after:
        return _payloads(lex.category_words)[text[after._start : after._end]]
    before = lex.category_words.finditer(text, a, pos)
    if before:
        return _payloads(lex.category_words)[text[before[-1]._start : before[-1]._end]]
    return None


def _keep_case(word: str) -> bool:
    """Acronyms and model names keep their case: NATO, PURL, F-16, M777."""
    return any(map(str.isdigit, word)) or any(map(str.isupper, word[1:]))  # no generator frames


def _clean_purpose(words: list[str], lex: Lexicon) -> str:
    out = [w if _keep_case(w) else lex.spelling.get(w.lower(), w.lower()) for w in words]
    while out and out[0].lower() in lex.drop_leading:
        out.pop(0)
    out = out[: lex.max_purpose_words]
    while out and out[-1].lower() in lex.drop_trailing:
        out.pop()
    return " ".join(out)


def _purpose_for(text: str, lex: Lexicon, a: int, pos: int, end: int, clause_end: int, category: str,
                 seg_start: int = -1, limit: int = -1) -> tuple[str, bool]:
    """A short normalised purpose, and whether it is specific (not the category's default).

    The lexicon phrase after the thing, then the nearest one before it of the same category, then
    the words after "for"/"to", then the category default.
    """
    purposes = _payloads(lex.purposes)
    after = lex.purposes.search(text, end, clause_end)
    if after:
        return str(purposes[text[after._start : after._end]]), True
    boundary = None
    for boundary in _CLAUSE_START.finditer(text, a, pos):
        pass
    if boundary is not None and _WORTH.search(text, boundary.end(), pos):
        boundary = None  # "donate 2,000 drone jammers ..., worth a combined $76 million": their value
    for hit in reversed(lex.purposes.finditer(text, boundary.end() if boundary else a, pos)):
        purpose = str(purposes[text[hit._start : hit._end]])
        if lex.purpose_category.get(purpose) in ("", category):
            return purpose, True
    pointed_back = False
    for m in _PURPOSE_LEAD.finditer(text, end, clause_end):  # "for X", "to X", "worth of X", "in X"
        tail = text[m.end() : clause_end]
        stop = lex.stop_at.search(tail)
        tail = tail[: stop.start()] if stop else tail
        cleaned = _clean_purpose(_WORD.findall(tail), lex)
        if cleaned and cleaned not in lex.referents:
            return cleaned, True
        pointed_back = pointed_back or bool(cleaned)
    mark = _clause_mark(text, clause_end, limit) if limit > clause_end else -1
    for hit in lex.purposes.finditer(text, clause_end, mark if mark != -1 else limit):  # same clause chain
        purpose = str(purposes[text[hit._start : hit._end]])
        if lex.purpose_category.get(purpose) == category:
            return purpose, True
    if pointed_back and 0 <= seg_start < a:  # "... to the program": named earlier in the sentence
        for hit in reversed(lex.purposes.finditer(text, seg_start, a)):
            purpose = str(purposes[text[hit._start : hit._end]])
            if lex.purpose_category.get(purpose) in ("", category):
                return purpose, True
    return lex.default_purpose.get(category, category), False


def _running_total(text: str, lex: Lexicon, sa: _Seg, pos: int, end: int) -> bool:
    """A cumulative figure: a running-total phrase nearer to this sum than to any other sum."""
    if sa._running_sums is None:
        sa._running_sums = _running_sums(text, lex, sa)
    return pos in sa._running_sums


def _running_sums(text: str, lex: Lexicon, sa: _Seg) -> tuple[int, ...]:
    """Starts of the sums of the sentence that a running-total phrase designates (once per sentence):
    for each phrase, the sum right after a forward phrase ("bringing its total to"), else the nearest
    sum; a weak phrase ("so far") counts only beside a perfect verb."""
    hits = sa.phrases(lex.running_total)
    if not hits:
        return ()
    perfect = _perfect(text, sa, lex)
    starts: list[int] = []
    for h in hits:
        phrase = text[h._start : h._end]
        if lex.running_weak.regex is not None and lex.running_weak.regex.fullmatch(phrase) and not perfect:
            continue
        if lex.running_forward.regex is not None and lex.running_forward.regex.fullmatch(phrase):
            later = [m for m in sa.money if m.start >= h._end]  # "bringing its total ... to C$7 billion"
            if later:
                starts.append(later[0].start)
                continue
        centre = (h._start + h._end) / 2
        nearest = min(sa.money, key=lambda m: min(abs(centre - m.start), abs(centre - m.end)))
        starts.append(nearest.start)
    return tuple(starts)


def _evidence(text: str, seg: Segment) -> tuple[str, tuple[int, int]]:
    return seg.text, (seg.start, seg.end)  # a segment's text is text[start:end]: no second copy


def _currencies(m: MoneyMention, bare: str | None) -> tuple[str | None, str | None]:
    """Currency of a sum and of its bracketed conversion.

    A bare "$" is `bare` (Canadian dollars in a Canadian voice, else unknown). In a conversion the two
    figures are in different currencies, so a bare "$" beside an explicit CAD is USD and vice versa.
    """
    if m.alt_amount is None:
        return (m.currency or bare), None
    cur, alt = m.currency, m.alt_currency
    swap = {"CAD": "USD", "USD": "CAD"}
    if cur is None and alt is not None:
        cur = swap.get(alt, bare)
    elif alt is None and cur is not None:
        alt = swap.get(cur)
    elif cur is None and alt is None:
        cur = bare
    return cur, alt


# The last letters of the possessives and of "own" (and what re.I matches them with: "\u017f" is a long s).
_POSSESSIVE_LAST = frozenset("sS\u017frRnN")


def _possessive_before(text: str, lo: int, pos: int) -> bool:
    """Whether text[lo:pos] ends with a possessive ("its ", "Ottawa's own "): `_POSSESSIVE.search`."""
    if text[lo:pos].rstrip()[-1:] not in _POSSESSIVE_LAST:
        return False  # most sums follow a word ending otherwise ("of", "pledged", "additional")
    m = _POSSESSIVE_REVERSED.match(text[lo:pos][::-1])
    if m is not None and m.end() == pos - lo:  # the word starts at `lo`: its boundary needs the character before
        return _POSSESSIVE.search(text, lo, pos) is not None
    return m is not None


def _money_commitments(text: str, sa: _Seg, lex: Lexicon, prev_status: str | None) -> list[_Found]:
    out: list[_Found] = []
    seg = sa.seg
    real = [m for m in sa.money if not m.vague]
    taken_until = seg.start  # end of the previous sum's own clause: its words are not this sum's
    for i, m in enumerate(real):
        nxt = real[i + 1].start if i + 1 < len(real) else seg.end
        prv = max(real[i - 1].end if i > 0 else seg.start, taken_until)
        if _giver(sa, m.start, m.end, nxt) != CANADA:
            continue
        clause_end = _clause_end(text, m.end, nxt)
        if _asked(text, sa, m.start, lex) or _shared(text, sa, m.start, clause_end, lex) or _own_purchase(text, sa, lex):
            continue
        taken_until = clause_end
        if i + 1 < len(real) and _PART_OF.fullmatch(text, m.end, nxt):
            clause_end = _clause_end(text, real[i + 1].end, seg.end)  # "C$500 million of a C$1 billion loan"
        described = _AND_VERB.search(text, m.end, clause_end)  # "... spare parts and pay to train ..."
        if described:
            clause_end = described.start()
        own = sum_scope(text, sa.items, prv, m.start, m.end, clause_end, nxt)  # "... and 50 vehicles": a second gift
        clause_end = own.clause_end
        sa.money_clauses.append((m.start, clause_end))
        if _names_elsewhere(text, sa, lex) and (
            _elsewhere(text, max(prv, m.start - 80), min(nxt, m.end + 80), lex)
            # "$9 billion in new defence spending, ... the war in Ukraine ...": the sum's own words decide
            or own_spending_clause(text, m.end, clause_end, lex)
            # a paragraph that never names Ukraine: a domestic word anywhere in the sentence decides
            or _sentence_elsewhere(text, sa, lex) and not sa.ukraine_near
        ):
            continue
        category = _category_for(text, lex, prv, m.start, m.end, clause_end)
        if category is None:
            # an earlier sum of the sentence, else any cue word of the sentence (up to the next sum)
            category = out[-1].commitment.category if out else _category_for(text, lex, seg.start, m.start, m.end, seg.end if i == 0 else nxt)
        if not sa.cues and not (seg.bullet and sa.lead_status) and not (prev_status and category):
            continue  # a sum with no commitment wording around it ("the deficit is projected at $40 billion")
        status = _status_for(sa, m.start, m.end, nxt, prev_status, prv)
        if status is None:
            continue
        category = category or "other"
        purpose, specific = _purpose_for(text, lex, own.lo, m.start, m.end, clause_end, category, seg.start, own.limit)
        if sa.reader._usd_outlet if sa.reader._usd_outlet is not None else sa.reader.usd_outlet():
            bare = "USD"
        else:
            bare = lex.money.get("bare_dollar") if _voice_is_canadian(sa, m.start) else None
        if m.alt_amount is None:  # no bracketed conversion (the common case)
            currency, alt_currency = m.currency or bare, None
        else:
            currency, alt_currency = _currencies(m, bare)
        if currency is None and m.bare_dollar and any(f.commitment.currency == "CAD" for f in out):
            currency = "CAD"  # "C$200 million for drones and $300 million for shells": one dollar per sentence
        if sa._running_sums is None:  # `_running_total`, without its call
            sa._running_sums = _running_sums(text, lex, sa)
        out.append(_Found(_commitment(
            category=category, purpose=purpose, status=status, evidence=seg.text, span=(seg.start, seg.end),
            amount=m.amount, currency=currency, qualifier=m.qualifier,
            alt_amount=m.alt_amount, alt_currency=alt_currency,
            running_total=m.start in sa._running_sums,
        ), weight=2, heading=_is_heading(sa) if sa._heading is None else sa._heading, specific=specific))
        if _possessive_before(text, max(seg.start, m.start - 12), m.start):
            out[-1].referring, out[-1].weight = True, 0  # merges into the figure it restates; never wins
        sa.booked.append((_new_booked((m.start, m.end, clause_end)), out[-1]))
        prev_status = status
    # "has committed $19.5 billion in total, including about $4.5 billion in military aid": a part of
    # a running total is cumulative too.
    for j in range(1, len(out)):
        if out[j - 1].commitment.running_total and out[j].commitment.status == "allocated" and not out[j].commitment.running_total:
            out[j].commitment = _replace(out[j].commitment, running_total=True)
    return out


def _item_commitments(text: str, sa: _Seg, lex: Lexicon, prev_status: str | None) -> list[_Found]:
    out: list[_Found] = []
    seg = sa.seg
    paid = pair_items(text, sa.items, [b for b, _ in sa.booked]) if sa.booked and sa.items else {}
    for i, it in enumerate(sa.items):
        if i in paid:  # "C$100 million for 50 vehicles": the count joins the sum's record
            found = sa.booked[paid[i]][1]
            found.commitment = _replace(found.commitment, quantity=it.quantity, item=it.item)
            if found.commitment.category == "other":  # no category word near the sum: the item's own
                found.commitment = _replace(found.commitment, category=it.category)
            if not found.specific:
                hit = lex.purposes.search(text, it.start, it.end)
                if hit is not None:
                    found.commitment = _replace(found.commitment, purpose=str(lex.purposes.payload(hit.group(0))))
                    found.specific = True
            continue
        nxt = sa.items[i + 1].start if i + 1 < len(sa.items) else seg.end
        if _giver(sa, it.start, it.end, nxt) != CANADA or _asked(text, sa, it.start, lex) or _own_purchase(text, sa, lex):
            continue
        if _sentence_elsewhere(text, sa, lex):
            continue
        has_cue = any(c.start < it.start or c.start >= it.end for c in sa.cues) or lex.donation_verbs.search(text, seg.start, seg.end)
        if not has_cue and not (seg.bullet and sa.lead_status):
            continue
        status = _status_for(sa, it.start, it.end, nxt, None if not seg.bullet else prev_status)
        if status is None:
            continue
        if status == "allocated":
            status = "pledged"  # "the donation includes 200 vehicles": items are given, not budgeted
        # the item's own words end at "and" or a comma, except on its own bullet line
        own = None if seg.bullet and len(sa.items) == 1 else _ITEM_END.search(text, it.end, nxt)
        purpose_m = lex.purposes.search(text, it.start, it.end) or lex.purposes.search(text, it.end, own.start() if own else nxt)
        purpose = str(lex.purposes.payload(purpose_m.group(0))) if purpose_m else _clean_purpose(it.item.split()[-2:], lex)
        evidence, span = _evidence(text, seg)
        running = _running_perfect(text, sa, lex)
        out.append(_Found(_commitment(
            category=it.category, purpose=purpose, status=status, evidence=evidence, span=span,
            quantity=it.quantity or None, item=it.item, running_total=running,
        ), weight=2, heading=_is_heading(sa)))
    return out


@lru_cache(maxsize=64)
def _blocked_before(lex: Lexicon, category: str) -> tuple[re.Pattern[str], bool] | None:
    """A trigger right after one of its category's `not_after` words is someone else's or something
    else ("Ukrainian troops", "a trade agreement"): that test, compiled once per category.

    Returns the pattern and whether it reads the window backwards: `(words)\\s+$` tried at each of
    the 25 characters before the trigger costs far more than its reversal tried once. A list with a
    free regex (or a phrase that cannot be reversed) keeps the forward pattern.
    """
    blockers = lex.not_after.get(category)
    if blockers is None or blockers.regex is None:
        return None
    backwards: list[str] = []
    for phrase in blockers.phrases:
        text = phrase.strip()
        if phrase.startswith("re:") or not (text[:1].isalnum() or text[:1] == "_") or not text.isascii():
            return re.compile(rf"(?:{blockers.regex.pattern})\s+$", re.I), False
        atoms, case_sensitive, _ = _atoms(phrase)  # one character (or class) each: reversible
        body = "".join(reversed(atoms))
        backwards.append(f"(?-i:{body})" if case_sensitive else body)
    return re.compile(r"\s+(?:" + "|".join(backwards) + r")(?![\w$\u20ac])", re.I), True


def _blocked(text: str, lo: int, start: int, blocked: tuple[re.Pattern[str], bool]) -> bool:
    """Whether text[lo:start] ends with a `not_after` phrase and white space (see `_blocked_before`)."""
    rx, backwards = blocked
    window = text[lo:start]
    return (rx.match(window[::-1]) if backwards else rx.search(window)) is not None


def _within(pos: int, spans: list[tuple[int, int]]) -> bool:
    """Whether `pos` lies inside one of the [start, end) spans."""
    for a, b in spans:
        if a <= pos < b:
            return True
    return False


def _in_item(pos: int, items: list[ItemMention]) -> bool:
    """Whether `pos` lies inside one of the items' words."""
    for it in items:
        if it.start <= pos < it.end:
            return True
    return False


def _first_triggers(text: str, sa: _Seg, lex: Lexicon, hits: list[Any], covered: set[str]) -> dict[str, Any]:
    """Category -> its first trigger in the sentence that is not part of a sum's or an item's own
    words nor right after a `not_after` word; in the order of `lex.standalone` (the order they are read in).
    One pass over the hits, not one per category."""
    seg = sa.seg
    first: dict[str, Any] = {}
    categories = _payloads(lex.standalone_all)
    for m in hits:
        start = m._start
        category = categories[text[start : m._end]]
        if category in first or category in covered or category not in lex.standalone:
            continue
        if _within(start, sa.money_clauses):
            continue  # the sum's own description ("a $680 million drone co-production agreement")
        if _in_item(start, sa.items):
            continue  # an item's name ("11 Leopard training simulators")
        blocked = _blocked_before(lex, category)
        if blocked is not None and _blocked(text, max(seg.start, start - 25), start, blocked):
            continue
        first[category] = m
    if len(first) < 2:
        return first
    return {category: first[category] for category in lex.standalone if category in first}


def _firmest(cues: list[_Cue], all_cues: list[_Cue], centre: int) -> StatusCue:
    """The effective status of the firmest cue, the nearest to `centre` among equals (the first on a tie)."""
    best: StatusCue | None = None
    best_key = (0, 0)
    for c in cues:
        eff = _effective(c, all_cues)
        key = (eff.weight, -abs(c.start - centre))
        if best is None or key > best_key:
            best, best_key = eff, key
    assert best is not None
    return best


def _standalone_commitments(text: str, sa: _Seg, lex: Lexicon, covered: set[str]) -> list[_Found]:
    """Troops, training, sanctions, agreements, humanitarian aid stated without a sum."""
    out: list[_Found] = []
    seg = sa.seg
    hits = sa.phrases(lex.standalone_all)
    if not hits:
        return out  # no trigger word: nothing to read (most sentences with a sum)
    if _running_perfect(text, sa, lex) or _sentence_elsewhere(text, sa, lex):
        return out
    triggered = _first_triggers(text, sa, lex, hits, covered)
    for category, trigger in triggered.items():
        yields = lex.yield_to.get(category)
        if yields and any(other in triggered for other in yields):
            continue
        centre, trigger_end = trigger._start, trigger._end
        if _giver(sa, centre, trigger_end, seg.end) != CANADA or _asked(text, sa, centre, lex):
            continue
        cues = []
        for c in sa.cues:  # a loop, not a comprehension (a function call of its own)
            if not c.cue.forward_only and not c.cue.backward_only and not (centre <= c.start < trigger_end):
                cues.append(c)
        if category == "agreement" and not any(
            lex.agreement_verbs.regex is not None and lex.agreement_verbs.regex.fullmatch(text[c.start : c.end])
            or c.cue.status == "considering"
            for c in cues
        ):
            continue
        if cues:
            eff = _firmest(cues, sa.cues, centre)
            status: str | None = eff.status
            weight = eff.weight
        elif seg.bullet and sa.lead_status:
            status, weight = sa.lead_status, 1
        else:
            continue
        if status == "rejected" or status is None:
            continue
        if status == "allocated":
            status = "pledged"
        window_end = min(seg.end, trigger_end + 60)
        purpose = lex.default_purpose.get(category, category)
        specific = False
        purposes = _payloads(lex.purposes)
        for hit in lex.purposes.finditer(text, centre, window_end):
            named = str(purposes[text[hit._start : hit._end]])
            if lex.purpose_category.get(named) in ("", category):
                purpose, specific = named, True  # "train up to 1,000 Ukrainian soldiers": a training purpose, not "troops"
                break
        evidence, span = _evidence(text, seg)
        out.append(_Found(_commitment(category=category, purpose=purpose, status=status, evidence=evidence, span=span),
                          weight=weight, heading=_is_heading(sa), specific=specific))
    return out


_SENTENCE_MARK = re.compile(r"""[.!?]["')\]]*$""")  # what `_ends_sentence` answers without a regex


def _ends_sentence(line: str) -> bool:
    """The line ends with . ! ? (closing quotes or brackets allowed after it)."""
    if line.endswith("\n"):
        line = line[:-1]  # `$` also matches before a final newline
    return line.rstrip("\"')]")[-1:] in (".", "!", "?")


def _is_heading(sa: _Seg) -> bool:
    """A line without final punctuation (a headline); once per sentence."""
    if sa._heading is None:
        seg = sa.seg
        sa._heading = not seg.bullet and not _ends_sentence(seg.text)
    return sa._heading


def _words(s: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(s)} - {"and", "the", "for", "of"}


def _rounds_to(headline: float, body: float) -> bool:
    """True when a headline's round figure is the body's figure rounded ("$3B" for "$3.02 billion"):
    the headline has at most two significant digits, and the body is within half its last digit."""
    if headline > 0 and abs(headline - body) > 0.5 * headline + 1e-6:
        return False  # the widest tolerance (one significant digit, "$1B") is half the figure: no formatting
    digits = f"{headline:.6e}".split("e")
    mantissa, exponent = digits[0].rstrip("0").rstrip("."), int(digits[1])
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    if decimals > 1:
        return False
    return abs(headline - body) <= 0.5 * 10.0 ** (exponent - decimals) + 1e-6


def _head_noun(item: str) -> str:
    """The last word of an item, singular: "Armoured Vehicle" and "armoured vehicles" share "vehicle"."""
    words = item.lower().split()
    return words[-1].rstrip("s") if words else ""


def _same(fa: _Found, fb: _Found) -> bool:
    """Whether two findings state the same commitment (a headline matches its body loosely)."""
    a, b = fa.commitment, fb.commitment
    if a.amount is not None or b.amount is not None:
        if a.amount is None or b.amount is None:
            return False
        if abs(a.amount - b.amount) > 0.005 * max(a.amount, b.amount) and not (
            fa.heading and _rounds_to(a.amount, b.amount) or fb.heading and _rounds_to(b.amount, a.amount)
        ):
            return False
        if a.currency and b.currency and a.currency != b.currency:
            return False
        if a.running_total != b.running_total and not (fa.referring or fb.referring):
            return False
        if not (fa.specific and fb.specific) or fa.heading or fb.heading:
            return True
        wa, wb = _words(a.purpose), _words(b.purpose)
        return a.purpose == b.purpose or len(wa & wb) >= 0.5 * min(len(wa), len(wb))
    if a.quantity is not None or b.quantity is not None:
        if a.quantity != b.quantity:
            return False
        ia, ib = (a.item or "").lower(), (b.item or "").lower()
        # "20 armoured vehicles" in a headline and "20 Senator armoured vehicles" in the lead: one
        # thing when the head noun is the same, or when a headline restates a count for the same purpose
        # ("20 armoured vehicles" and "20 LAV 6 carriers"), not a count of something else ("20 drones")
        return ia == ib or _head_noun(ia) == _head_noun(ib) or (
            (fa.heading or fb.heading) and a.purpose == b.purpose)
    if a.category != b.category:
        return False
    return a.purpose == b.purpose or fa.heading or fb.heading


_MONEY_LIKE = ("military", "financial", "humanitarian", "other")


def _dedupe(found: list[_Found]) -> list[Commitment]:
    """One record per commitment: the first statement, unless a later one is worded more firmly."""
    kept: list[_Found] = []
    replaced = False
    for f in found:
        for i, dup in enumerate(kept):  # the first record stating the same commitment
            if _same(dup, f):
                if (f.weight - f.heading, f.specific) > (dup.weight - dup.heading, dup.specific):
                    kept[i] = f  # firmer wording, or the same wording with a named purpose
                    replaced = True
                break
        else:
            kept.append(f)
    # Aid stated without a sum that a sum in the same article already books (same category and
    # purpose): "Canada will provide humanitarian aid" beside "$50 million in humanitarian aid". Troops,
    # training, sanctions and agreements are acts, not money: a sum for them is a separate commitment.
    # (Loops, not comprehensions: each of those is a call of its own, for a handful of records.)
    sums = set()
    for k in kept:
        c = k.commitment
        if c.amount is not None and c.category in _MONEY_LIKE:
            sums.add((c.category, c.purpose))
    result: list[_Found] = []
    counted: list[Commitment] = []
    uncounted_gift = False
    for k in kept:
        c = k.commitment
        if c.amount is not None or c.quantity is not None:
            counted.append(c)
        elif (c.category, c.purpose) in sums:
            continue
        result.append(k)
        if c.item is not None and c.quantity is None:
            uncounted_gift = True
    # A gift named without a count ("the Harpoon missiles Ottawa said it would donate") that a count or
    # a sum of the article already books (same purpose, or the same head noun) is that commitment.
    if uncounted_gift:
        result = [k for k in result if k.commitment.item is None or k.commitment.quantity is not None
                  or not any(c.purpose == k.commitment.purpose or _head_noun(c.item or "") == _head_noun(k.commitment.item)
                             for c in counted)]
    if replaced:  # else `found`'s order (sentences in order, records in order within each) is kept
        result.sort(key=lambda k: (k.commitment.span[0], k.order))
    return [k.commitment for k in result]


def _segment_status(cues: list[_Cue]) -> str | None:
    """The status a lead line gives its bullets: its last cue (a rejected lead gives none)."""
    if not cues:
        return None
    s = cues[-1].cue.status
    if cues[-1].cue.forward_only and any(c.cue.status == "delivered" for c in cues[:-1]):
        return "delivered"  # "Canada's deliveries to date include:": what was delivered, not earmarks
    return None if s == "rejected" else s


def _lead_status(text: str, segments: list[Segment], lead: int, lex: Lexicon) -> str | None:
    """The status a lead line gives its bullets: its own last cue, else its paragraph's."""
    block = segments[lead].block
    j = lead
    while j >= 0 and segments[j].block == block and lead - j < 4:
        status = _segment_status(_cues(text, segments[j].start, segments[j].end, lex))
        if status is not None:
            return status
        j -= 1
    return None


@dataclass(frozen=True)
class _Hints:
    """Cheap substring tests that rule a sentence out before any regex runs on it."""

    money: tuple[str, ...]
    items: tuple[str, ...]
    triggers: tuple[str, ...]
    numbers: re.Pattern[str]  # a digit or a number word ("twelve"); see `_number_words`
    number_words: re.Pattern[str] | None = None
    purchase: tuple[str, ...] | None = None  # first words of the own-purchase phrases (None: not pre-testable)
    automaton: _Automaton | None = None  # every stem of the lists in one automaton (None: str.find)


_DIGIT = re.compile(r"\d")


def _number_words(words: list[str]) -> re.Pattern[str] | None:
    """The number-word half of `_Hints.numbers`, `\\b(?:words)\\b`, written to start with the class of
    the words' first letters so that the engine skips in C to where one may start (a leading `\\b`
    makes it try every character). None without words, or when a word does not start a word."""
    if not words or not all(w[:1].isalnum() for w in words):
        return None
    by_first: dict[str, list[str]] = {}
    for w in words:
        by_first.setdefault(w[0], []).append(re.escape(w[1:]))
    firsts = "".join(re.escape(c) for c in by_first)
    rests = "|".join(f"(?<={re.escape(c)})(?:{'|'.join(r)})" for c, r in by_first.items())
    return re.compile(rf"[{firsts}](?<!\w.)(?:{rests})\b")  # (?<!\w.): no word character before the first


def _has_number(h: _Hints, low: str, a: int, b: int) -> bool:
    """Whether low[a:b] holds a digit or a number word: `h.numbers.search(low, a, b)` as a yes/no."""
    if h.number_words is None:
        return h.numbers.search(low, a, b) is not None
    return _DIGIT.search(low, a, b) is not None or h.number_words.search(low, a, b) is not None


def _first_words(phrases: list[str]) -> tuple[str, ...] | None:
    """The fewest lower-cased words every match of these phrases holds in the lowered text (each
    phrase's first word), or None when a phrase has none (a free regex, a symbol first, non-ASCII)."""
    words: set[str] = set()
    for phrase in phrases:
        text = phrase.strip()
        if phrase.startswith("re:") or not (text[:1].isalnum() or text[:1] == "_"):
            return None
        first = text.split()[0].rstrip("*")
        if not first.isascii():
            return None
        words.add(first.lower())
    kept: list[str] = []
    for word in sorted(words, key=len):
        if not any(k in word for k in kept):
            kept.append(word)
    return tuple(kept)


@lru_cache(maxsize=8)
def _hints(lex: Lexicon) -> _Hints:
    def stems(phrases: list[str]) -> tuple[str, ...]:
        """The fewest substrings that every phrase contains one of ("troops" covers "Canadian troops")."""
        out: list[str] = []
        for p in phrases:
            if p.startswith("re:"):
                return ("",)  # a free regex cannot be pre-tested: always read
            out.append(" ".join(p.rstrip("*").lower().split()))
        out = sorted(set(out), key=len)
        kept: list[str] = []
        for stem in out:
            if not any(k in stem for k in kept):
                kept.append(stem)
        return tuple(kept)

    # Every money form has a currency mark, a currency word or a currency code.
    money = ("$", "€", "dollar", "euros", "euro ", "usd", " cad", "cad ", "eur ")
    triggers: list[str] = []
    for phrases in lex.standalone.values():
        triggers += phrases.phrases
    words = [w for w, v in lex.money.get("number_words", {}).items() if float(v) >= 1]
    numbers = re.compile(r"\d|\b(?:" + "|".join(re.escape(w) for w in words) + r")\b" if words else r"\d")
    number_words = _number_words(words)
    # gift words ("donation") make a sentence worth reading for items too: "12 Bisons ... a donation"
    groups = (money, stems(lex.in_kind.phrases + list(gift_stems(lex))), stems(triggers))
    # Canada buying for itself is asked of every sentence with a sum or count: its words found in the
    # same pass spare a regex scan of each sentence that has none of them (most).
    purchase = _first_words(lex.own_purchase.phrases)
    # "$" once more on its own bit: where none follows a "C", "A" or "N", no "C$", "CA$", "CAN$" or
    # "CDN$" is written, and `bare_dollar_is_usd` need not read the article.
    automaton = _automaton(groups + (purchase or (), ("$",)))
    return _Hints(*groups, numbers, number_words, purchase, automaton)


class _Automaton(NamedTuple):
    """Every stem of the hint lists, found in one pass; `masks[i]`: the lists stem i belongs to."""

    finder: Any  # ahocorasick_rs.AhoCorasick
    masks: tuple[int, ...]


def _automaton(groups: tuple[tuple[str, ...], ...]) -> _Automaton | None:
    """One automaton finding every occurrence of every stem of every list in one pass over the text,
    each stem with the bit mask of the lists it belongs to.

    About 85 `str.find` loops over the whole article cost several times more. A DFA (ahocorasick-rs)
    costs about a third of the character-by-character trie walk of pyahocorasick, warm or right after
    trafilatura. None when ahocorasick-rs is not installed or a list cannot be pre-tested (a free
    regex: every position).
    """
    if ahocorasick_rs is None or any("" in g for g in groups):
        return None
    masks: dict[str, int] = {}
    for bit, group in enumerate(groups):
        for stem in group:
            masks[stem] = masks.get(stem, 0) | 1 << bit
    stems = sorted(masks)
    finder = ahocorasick_rs.AhoCorasick(stems, implementation=ahocorasick_rs.Implementation.DFA)
    return _Automaton(finder, tuple(masks[s] for s in stems))


def _positions(low: str, stems: tuple[str, ...]) -> list[int]:
    """Sorted start positions of every stem in the lowered text (str.find is far cheaper than a regex)."""
    if "" in stems:
        return list(range(len(low)))
    found: list[int] = []
    for stem in stems:
        pos = low.find(stem)
        while pos != -1:
            found.append(pos)
            pos = low.find(stem, pos + 1)
    found.sort()
    return found


_MONEY_HINT, _ITEM_HINT, _TRIGGER_HINT, _PURCHASE_HINT, _DOLLAR_HINT = 1, 2, 4, 8, 16  # `_Hints.automaton`'s bits
_READ_HINTS = _MONEY_HINT | _ITEM_HINT | _TRIGGER_HINT  # what makes a sentence worth reading


def _segment_hints(text: str, low: str, segments: list[Segment], h: _Hints) -> tuple[list[int], bool]:
    """Per segment, the bit mask of the hint lists (money, items, triggers, purchase) with a stem
    starting in it (the purchase bit everywhere when its words cannot be pre-tested); and whether a
    "$" follows a "C", "A" or "N" anywhere (else the article writes no "C$": see `_Reader.usd_outlet`).

    Each stem found is placed in its segment as it comes (a bisection over the segment starts), so the
    per-segment questions later are a bit test each, not a search of three position lists.
    """
    marks = [0 if h.purchase is not None else _PURCHASE_HINT] * len(segments)
    if not segments:
        return marks, True
    starts = [seg.start for seg in segments]
    ends = [seg.end for seg in segments]
    if h.automaton is not None:
        cad_mark = False
        masks = h.automaton.masks
        for k, p, _ in h.automaton.finder.find_matches_as_indexes(low, overlapping=True):
            mask = masks[k]
            if mask & _DOLLAR_HINT and p and text[p - 1] in "CAN":
                cad_mark = True
            i = bisect_right(starts, p) - 1
            if i >= 0 and p < ends[i]:
                marks[i] |= mask
        return marks, cad_mark
    groups = [(_MONEY_HINT, h.money), (_ITEM_HINT, h.items), (_TRIGGER_HINT, h.triggers)]
    if h.purchase is not None:
        groups.append((_PURCHASE_HINT, h.purchase))
    for bit, stems in groups:
        for p in _positions(low, stems):
            i = bisect_right(starts, p) - 1
            if i >= 0 and p < ends[i]:
                marks[i] |= bit
    return marks, True


class _Reader:
    """Per-article lazy analysis: sums, items, actors and the thread of who is giving."""

    def __init__(self, text: str, segments: list[Segment], lex: Lexicon) -> None:
        self.text, self.segments, self.lex = text, segments, lex
        self.low = lower_text(text)
        self.hints = _hints(lex)
        self._hinted, self._cad_mark = _segment_hints(text, self.low, segments, self.hints)
        self._actors: dict[int, list[_Actor]] = {}
        self._thread: dict[int, str | None] = {}
        self._ukraine_blocks: dict[int, bool] = {}
        self._block_spans: dict[int, tuple[int, int]] | None = None
        self._domestic_topic: bool | None = None
        self._usd_outlet: bool | None = None

    def usd_outlet(self) -> bool:
        """Whether a bare "$" means USD in this article: read only once a sum needs its currency."""
        if self._usd_outlet is None:
            self._usd_outlet = self._cad_mark and bare_dollar_is_usd(self.text)
        return self._usd_outlet

    def about_home(self, block: int) -> bool:
        """A paragraph that never names Ukraine in an article about Canada's own defence spending."""
        if self._domestic_topic is None:  # first: for most articles a str.count answers no
            first = self.segments[0].block if self.segments else 0
            lead_end = 0  # the end of the headline and lead: paragraph numbers only grow through the text
            for sg in self.segments:
                if sg.block > first + 1:
                    break
                lead_end = max(lead_end, sg.end)
            self._domestic_topic = domestic_topic(self.text, self.lex, lead_end)
        return self._domestic_topic and not self.ukraine_in_block(block)

    def candidates(self, i: int) -> tuple[list[MoneyMention], list[ItemMention]]:
        """Sums and in-kind items of segment i (vague sums included, so their digits are not counts)."""
        hinted = self._hinted[i]
        if not hinted & (_MONEY_HINT | _ITEM_HINT):
            return [], []  # a sentence read for its trigger words only (most)
        seg = self.segments[i]
        h = self.hints
        money: list[MoneyMention] = []
        if hinted & _MONEY_HINT:
            money = find_money(self.text, self.lex, seg.start, seg.end)
        items: list[ItemMention] = []
        # Items are read only where the sentence holds a number; asked after `find_items` (cheaper
        # than this test where there is none), so only of the few sentences with a count.
        if hinted & _ITEM_HINT and (items := find_items(self.text, self.lex, seg.start, seg.end)):
            if not _has_number(h, self.low, seg.start, seg.end):
                items = []
            elif money:
                items = [it for it in items if not any(m.start <= it.start < m.end for m in money)]
        if not items and not money and hinted & _ITEM_HINT:
            lo, hi = self.lex.year_range
            items = named_gifts(self.text, self.low, self.lex, seg.start, seg.end, lo, hi)
        for m in money:  # a loop, not all(<generator>): this runs for every sentence worth reading
            if not m.vague:
                break
        else:
            money = []  # vague sums only ("hundreds of millions"): their digits are not counts, and nothing to book
        return money, items

    def ukraine_in_block(self, block: int) -> bool:
        """Whether the paragraph (with its bullet items) names Ukraine."""
        if block not in self._ukraine_blocks:
            if self._block_spans is None:  # first and last character of each paragraph, in one pass
                spans: dict[int, tuple[int, int]] = {}
                for s in self.segments:
                    first = spans.get(s.block)
                    spans[s.block] = (s.start if first is None else first[0], s.end)
                self._block_spans = spans
            span = self._block_spans.get(block)
            self._ukraine_blocks[block] = span is not None and self.lex.ukraine.search(self.text, span[0], span[1]) is not None
        return self._ukraine_blocks[block]

    def has_trigger(self, i: int) -> bool:
        return bool(self._hinted[i] & _TRIGGER_HINT)

    def worth_reading(self) -> list[int]:
        """Indices of the segments holding a money, item or trigger hint, in order."""
        return [i for i, hinted in enumerate(self._hinted) if hinted & _READ_HINTS]

    def may_buy(self, i: int) -> bool:
        """Whether segment i holds the first word of an own-purchase phrase (else it holds no such phrase)."""
        return bool(self._hinted[i] & _PURCHASE_HINT)

    def actors(self, i: int, found: Any = None) -> list[_Actor]:
        """The actors of segment i; `found`: its actor phrases when the caller has them (its scan)."""
        if i not in self._actors:
            seg = self.segments[i]
            self._actors[i] = _actors(self.text, seg.start, seg.end, self.lex, found)
        return self._actors[i]

    def thread(self, i: int) -> str | None:
        """The last giver (Canada or another) named before segment i.

        `_thread[i]` memoises the answer for segment i, so a long article is walked back once in all,
        not once per sentence.
        """
        j = i - 1
        walked: list[int] = []
        value: str | None = None
        while j >= 0:
            if j + 1 in self._thread:
                value = self._thread[j + 1]
                break
            kind = self._last_giver(j)
            walked.append(j + 1)
            if kind is not None:
                value = kind
                break
            j -= 1
        for k in walked:
            self._thread[k] = value
        self._thread[i] = value
        return value

    def _last_giver(self, j: int) -> str | None:
        """The kind (Canada or other) of the last giver among segment j's actors, or None."""
        if j not in self._actors:  # a sentence not read for itself: only its last giver is needed
            seg = self.segments[j]
            found = _last_giver(self.text, seg.start, seg.end, self.lex)
            if found is not _UNSURE:
                return found
        kind = None
        for a in self.actors(j):
            if a.kind in _GIVERS:
                kind = a.kind
        return kind

    def inherited(self, i: int) -> str | None:
        """The giver a sentence without one takes: its lead line's, else the paragraph thread's."""
        seg = self.segments[i]
        if seg.lead is not None and seg.lead < i:
            givers = [a for a in self.actors(seg.lead) if a.kind in (CANADA, OTHER, ADVERSARY)]
            if givers:
                return CANADA if givers[-1].kind == CANADA else OTHER
            return self.inherited(seg.lead)
        return self.thread(i)


def _may_commit(text: str, seg: Segment, money: list[MoneyMention], items: list[ItemMention], cues: list[_Cue],
                lead_status: str | None, lex: Lexicon, triggers: Any = None) -> bool:
    """Whether a sentence may state a commitment, once its status cues are known (inside its scan
    scope). One with a trigger word but no sum and no item is read by `_standalone_commitments` alone,
    which finds nothing without a trigger phrase, nor without a status for it: a cue that reaches both
    ways, or a bullet's lead line status. `triggers`: the sentence's trigger phrases, when the caller has them."""
    if money or items:
        return True
    if not (seg.bullet and lead_status):
        for c in cues:
            if not c.cue.forward_only and not c.cue.backward_only:
                break
        else:
            return False
    if triggers is not None:
        return bool(triggers)
    return lex.standalone_all.search(text, seg.start, seg.end) is not None


def extract_commitments(text: str, lexicon: Lexicon | None = None) -> list[Commitment]:
    """The Canada→Ukraine commitments stated in `text`, in order of appearance.

    Args:
        text: article text (raw; it is normalised first).
        lexicon: cue words; default `load_lexicon()`.

    Returns:
        One `Commitment` per commitment; `span` indexes `normalize_text(text)` and `evidence` is that
        slice of it. Deterministic: the same text and lexicon always give the same list.
    """
    lex = lexicon or load_lexicon()
    norm = normalize_text(text)
    if not norm or lex.ukraine.search(norm) is None:
        return []
    segments = split_segments(norm)
    reader = _Reader(norm, segments, lex)
    found: list[_Found] = []
    status_block, block_status = -1, None  # the last status stated in the current paragraph
    lead_statuses: dict[int, str | None] = {}
    for idx in reader.worth_reading():
        seg = segments[idx]
        money, items = reader.candidates(idx)
        if not money and not items and not reader.has_trigger(idx):
            continue  # nothing in this sentence could be a commitment: skip the costly reading
        if seg.block != status_block:
            status_block, block_status = seg.block, None
        lead_status = None
        if seg.lead is not None:
            if seg.lead not in lead_statuses:  # read once per lead line, not once per bullet under it
                lead_statuses[seg.lead] = _lead_status(norm, segments, seg.lead, lex)
            lead_status = lead_statuses[seg.lead]
        with scan_scope(norm, seg.start, seg.end, lex) as scope:
            hits = scope.hits  # the sentence's phrases, read directly where a whole-sentence list is wanted
            cues = _cues(norm, seg.start, seg.end, lex, hits.get(lex.status))
            if not _may_commit(norm, seg, money, items, cues, lead_status, lex, hits.get(lex.standalone_all)):
                continue  # before its actors and the thread of givers are read
            sa = _Seg(seg, reader.actors(idx, hits.get(lex.actors)), cues, money, items, reader, idx, lead_status, hits)
            prev_status = block_status if not seg.bullet else None
            recs = _money_commitments(norm, sa, lex, prev_status) if money else []
            if items:
                recs += _item_commitments(norm, sa, lex, prev_status)
            recs += _standalone_commitments(norm, sa, lex, {r.commitment.category for r in recs} if recs else set())
            if recs and reader.about_home(seg.block):
                recs = []  # "About $2 billion of the new spending will go to a pay increase" in a budget story
            for r in recs:
                r.order = len(found)
                found.append(r)
        if recs:
            block_status = recs[-1].commitment.status
    return _dedupe(found)
