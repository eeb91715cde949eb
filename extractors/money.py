"""Sums of money in all the forms news uses, with their currency, qualifier and bracketed conversion.

"$2 billion", "$2-billion", "C$2 billion", "CA$835 million", "CAN$200M", "5 billion Canadian dollars",
"US$500 million", "USD 406 million", "€1.5bn", "more than $500 million", "tens of millions" (vague: no
amount). "CA$1 billion (US$730 million)" is one sum with an alternative amount, never two; so is a
conversion set off by dashes ("$220 million — C$300 million — on drones") when the two figures are in
different currencies. In such a pair the Canadian-dollar figure is the amount and the other the
alternative, whichever was written first: Canada commits in its own currency, and the ledger compares
the same commitment across outlets that convert it or not.
The currency symbols, scales and qualifier words come from the lexicon.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from extractors.lexicon import Lexicon, PhraseSet, _atoms, _trie_pattern, lower_text, phrase_pattern

try:
    import ahocorasick_rs
except ImportError:  # pragma: no cover - without it, `figure_starts` tests each digit and word in turn
    ahocorasick_rs = None

__all__ = ["MoneyMention", "NumberWords", "bare_dollar_is_usd", "figure_starts", "find_money", "number_words"]


class MoneyMention(NamedTuple):
    """One sum found in a piece of text; positions index that text.

    A named tuple, not a frozen dataclass: built in one step, where a frozen dataclass sets each of
    its nine fields through `object.__setattr__` (about six times the cost, for every sum of every
    sentence read).
    """

    start: int  # first character of the sum (after any qualifier)
    end: int  # end of the sum, including a bracketed conversion
    amount: float | None  # None for a vague sum ("tens of millions")
    currency: str | None  # explicit currency, or None when only "$"/"dollars" was written
    bare_dollar: bool  # True when the text wrote a plain "$" or "dollars"
    qualifier: str | None = None
    alt_amount: float | None = None
    alt_currency: str | None = None
    alt_bare: bool = False

    @property
    def vague(self) -> bool:
        return self.amount is None


_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


class _Needle(NamedTuple):
    """A string found in the lowered text, and the codes ending with it."""

    alone: bool  # the needle is a code itself ("$", "usd")
    before: str  # the characters right before the needle in its longer codes ("c" of "c$", "a" of "ca$" ...)
    longer: tuple[tuple[int, frozenset[str]], ...]  # those codes by how far back they begin ("ca$": 2)


@dataclass(frozen=True)
class _Compiled:
    regex: re.Pattern[str]
    prefix: dict[str, str]
    suffix: dict[str, str]
    scales: dict[str, float]
    words: dict[str, float]
    vague: PhraseSet
    qualifiers: PhraseSet
    qual_tail: re.Pattern[str]
    needles: dict[str, _Needle] | None  # see _needles; None: try `regex` at every character
    currency_word: re.Pattern[str]  # on lowered text: the last word of a currency word, word-bounded
    currency_stems: tuple[str, ...]  # one of them is in every currency word (a cheap pre-test)
    number_words: NumberWords | None  # where form b may begin (see figure_starts); None: try everywhere
    vague_needs: tuple[tuple[tuple[str, ...], ...], ...] | None  # per vague phrase, see _needs
    qual_before: re.Pattern[str] | None  # see _qualifier_before; None: no pre-test


def _alt(keys: list[str]) -> str:
    """An alternation of `keys` (a space stands for any white space), factored as a trie.

    The engine then tries one branch per character instead of each key in turn (each a lowering of
    the character under re.IGNORECASE); a longer key still comes before its prefix, as when the keys
    are sorted longest first, and other keys cannot match at the same place.
    """
    root: dict[str, Any] = {}
    for key in keys:
        node = root
        for i, word in enumerate(key.split(" ")):
            for atom in [r"\s+"] * (i > 0) + [re.escape(ch) for ch in word]:
                node = node.setdefault(atom, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [atom + emit(child) for atom, child in node.items() if atom] + [""] * ("" in node)
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(root) if root else ""


# Non-ASCII characters re.IGNORECASE takes for an ASCII letter although `lower_text` may keep them
# (dotted and dotless i, long s, Kelvin sign). Where none occurs, a case-insensitive match of ASCII
# letters is a plain match in the lowered text.
_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")


def _plain(text: str, start: int, stop: int) -> bool:
    """Whether text[start:stop] holds none of `_FOLDS_TO_ASCII` (a slice and four `in`: cheapest)."""
    if text.isascii():
        return True
    span = text[start:stop]
    if span.isascii():
        return True
    for ch in _FOLDS_TO_ASCII:
        if ch in span:
            return False
    return True


@dataclass(frozen=True)
class NumberWords:
    """Number words ("twelve", "a dozen") as `figure_starts` looks for them in lowered text."""

    singles: tuple[str, ...]  # the one-word ones, lowered
    multi: re.Pattern[str] | None  # the others whose first word is not one of them ("a\\s+dozen"), on lowered text
    multi_needles: tuple[str, ...]  # the longest word of each of those: where none is in the span, `multi` finds nothing
    # One automaton for the digits, `singles` and `multi_needles` (in that order); None without ahocorasick-rs.
    finder: Any = field(default=None, compare=False)


def number_words(words: list[str]) -> NumberWords | None:
    """The `NumberWords` of lexicon number words; None when one is not plain ASCII words."""
    low = [" ".join(w.lower().split()) for w in words]
    if not all(w and w.isascii() and all(x.isalnum() for x in w.split()) for w in low):
        return None
    singles = tuple(w for w in low if " " not in w)
    rest = [w for w in low if " " in w and w.split()[0] not in singles]  # "one hundred" begins where "one" does
    multi = re.compile("|".join(r"\s+".join(w.split()) for w in rest)) if rest else None
    needles = tuple({max(w.split(), key=len) for w in rest})
    finder = None
    if ahocorasick_rs is not None:
        finder = ahocorasick_rs.AhoCorasick([*_DIGITS, *singles, *needles], implementation=ahocorasick_rs.Implementation.DFA)
    return NumberWords(singles, multi, needles, finder)


_DIGITS = "0123456789"
# A decimal digit outside ASCII, as `\d` reads it: none lies below U+0660 (the test suite checks).
_HIGH_DIGIT = re.compile(r"[\u0660-\U0010ffff](?<=\d)")


def figure_starts(text: str, low: str, start: int, stop: int, words: NumberWords, not_after: str) -> list[int] | None:
    """Where a figure or a number word may begin in text[start:stop], in order: each digit and each
    number word that follows neither a word character nor one of `not_after` (the character before
    `start` counts). A superset of where a regex led by `(?<![\\w{not_after}])(?:\\d|number words)`
    matches (case-insensitively), found with substring tests: such a regex tried at every character
    costs several hundred instructions per character, even where the lookbehind fails.

    `low` is `lower_text(text)`. None when the span holds a `_FOLDS_TO_ASCII` character (then the
    lowered text cannot answer for a case-insensitive match).
    """
    if not _plain(text, start, stop):
        return None
    span = low[start:stop]
    if words.finder is not None:
        return _figure_starts_found(words, low, span, start, not_after)
    found: list[int] = []
    for d in _DIGITS:
        if d in span:
            i = span.find(d)
            while i != -1:
                found.append(i)
                i = span.find(d, i + 1)
    if not span.isascii():
        found += [m.start() - start for m in _HIGH_DIGIT.finditer(low, start, stop)]
    for w in words.singles:
        if w in span:
            i = span.find(w)
            while i != -1:
                found.append(i)
                i = span.find(w, i + 1)
    if words.multi is not None:
        for w in words.multi_needles:
            if w in span:
                m = words.multi.search(span)
                while m is not None:  # from the next character: "half a" and "a dozen" overlap
                    found.append(m.start())
                    m = words.multi.search(span, m.start() + 1)
                break
    out: list[int] = []
    for i in found:
        at = start + i
        if at > 0:
            before = low[at - 1]
            if before.isalnum() or before == "_" or before in not_after:
                continue  # the lookbehind fails there (digits after the first of a figure, mostly)
        out.append(at)
    return _ascending(out)


_FIRST_WORD = len(_DIGITS)  # `NumberWords.finder`'s index of its first word


def _figure_starts_found(words: NumberWords, low: str, span: str, start: int, not_after: str) -> list[int]:
    """`figure_starts` of a plain span with the automaton: one pass finds every digit and number word,
    where some 30 substring tests (one per digit and word) cost about three times as much."""
    out: list[int] = []
    multi = False
    singles_end = _FIRST_WORD + len(words.singles)
    for k, i, _ in words.finder.find_matches_as_indexes(span, overlapping=True):
        if k >= singles_end:
            multi = True
            continue
        at = start + i
        if at > 0:
            before = low[at - 1]
            if before.isalnum() or before == "_" or before in not_after:
                continue  # as in `figure_starts`
        out.append(at)
    if not span.isascii():
        out += [m.start() for m in _HIGH_DIGIT.finditer(low, start, start + len(span)) if _starts_figure(low, m.start(), not_after)]
    if multi and words.multi is not None:
        m = words.multi.search(span)
        while m is not None:
            if _starts_figure(low, start + m.start(), not_after):
                out.append(start + m.start())
            m = words.multi.search(span, m.start() + 1)
    return _ascending(out)


def _starts_figure(low: str, at: int, not_after: str) -> bool:
    """Whether the character before `at` lets a figure begin there (see `figure_starts`)."""
    if at == 0:
        return True
    before = low[at - 1]
    return not (before.isalnum() or before == "_" or before in not_after)


def _ascending(positions: list[int]) -> list[int]:
    """`sorted(set(positions))`, sorting only when out of order (mostly they come in order, and the
    sort's code is cold after trafilatura)."""
    for k in range(1, len(positions)):
        if positions[k] <= positions[k - 1]:
            return sorted(set(positions))
    return positions


def _needles(codes: list[str], last_words: set[str]) -> dict[str, _Needle] | None:
    """The strings to look for in the lowered text to find where a form-a sum can begin: a code ending
    in a sign is found by its sign ("ca$" by "$", 2 back), any other by itself ("usd"); the bare "$"
    is a code too. Whether a currency word ends at a word boundary is `_Compiled.currency_word`'s.

    None when lowering could disagree with re.IGNORECASE: a code with a space, a non-ASCII letter.
    """
    found: dict[str, dict[int, set[str]]] = {}
    for code in [*codes, "$"]:
        low = code.lower()
        if not low or " " in low or any(not ch.isascii() and ch.upper() != ch.lower() for ch in low):
            return None
        needle = low if low[-1].isalnum() else low[-1]
        found.setdefault(needle, {}).setdefault(len(low) - len(needle), set()).add(low)
    if not all(w.isascii() for w in last_words):
        return None
    out: dict[str, _Needle] = {}
    for needle, begins in found.items():
        longer = tuple((back, frozenset(v)) for back, v in sorted(begins.items()) if back)
        before = "".join(sorted({code[back - 1] for back, v in longer for code in v}))
        out[needle] = _Needle(0 in begins, before, longer)
    return out


def _needs(rx: re.Pattern[str]) -> tuple[tuple[str, ...], ...] | None:
    """Sets of lower-case ASCII strings such that every match of `rx` holds one string of each set,
    longest first; None when there is none (or the pattern cannot be read).

    Unlike `phrase_index.required_literals`, which keeps the one best set, every required part counts:
    "multi-?(?:billion|million)" needs "billion"/"million" and also "multi", and "multi" is rare.
    """
    try:
        from re import _constants as k, _parser

        parsed = _parser.parse(rx.pattern, rx.flags)
    except Exception:  # noqa: BLE001 (a private module: without it, no pre-test, same results)
        return None

    def all_of(items: Any) -> list[tuple[str, ...]]:
        out: list[tuple[str, ...]] = []
        run: list[str] = []
        for op, av in items:
            if op is k.LITERAL:
                run.append(chr(av).lower())
                continue
            if run:
                out.append(("".join(run),))
                run = []
            if op is k.SUBPATTERN:
                out += all_of(av[-1])
            elif op is k.ATOMIC_GROUP:
                out += all_of(av)
            elif op is k.BRANCH:
                alts = [all_of(a) for a in av[1]]
                if all(alts):  # one of the best set of each alternative
                    out.append(tuple(x for a in alts for x in max(a, key=lambda t: min(map(len, t)))))
            elif op in (k.MAX_REPEAT, k.MIN_REPEAT, k.POSSESSIVE_REPEAT) and av[0] >= 1:
                out += all_of(av[2])
        if run:
            out.append(("".join(run),))
        return [t for t in out if all(x.isascii() for x in t)]

    found = sorted(dict.fromkeys(all_of(parsed)), key=lambda t: -min(map(len, t)))
    return tuple(found) or None


def _vague_needs(phrases: list[str]) -> tuple[tuple[tuple[str, ...], ...], ...] | None:
    """`_needs` of each vague phrase; None when one of them has none (then always scan)."""
    out = []
    for p in phrases:
        needs = _needs(re.compile(phrase_pattern(p), re.I))
        if needs is None:
            return None
        out.append(needs)
    return tuple(out)


@lru_cache(maxsize=8)
def _compile(lex: Lexicon) -> _Compiled:
    m = lex.money
    prefix = {k.upper(): v for k, v in m.get("prefix_currency", {}).items()}
    suffix = {k.lower(): v for k, v in m.get("suffix_currency", {}).items()}
    scales = {k.lower(): float(v) for k, v in m.get("scales", {}).items()}
    words = {k.lower(): float(v) for k, v in m.get("number_words", {}).items()}
    long_scales = [s for s in scales if len(s) > 1]
    short_scales = [s for s in scales if len(s) == 1] or ["(?!)"]
    codes = _alt(list(prefix))
    cur_words = _alt(list(suffix) + ["dollars", "dollar"])
    word_nums = _alt(list(words)) if words else "(?!)"

    def scale(tag: str) -> str:
        return rf"(?:\s?-?\s?(?P<scale{tag}>{_alt(long_scales)})(?![\w])|(?P<short{tag}>{_alt(short_scales)})(?![\w]))"

    # "$2 billion", "C$2-billion", "US$500M", "USD $1 billion", "$500,000"
    pre = rf"(?<![A-Za-z])(?:{codes})\s?\$?"
    # a bare "$" first (most sums): where no code begins with one, both cannot match at one place
    pre = rf"\$|{pre}" if not any(k.startswith("$") for k in prefix) else rf"{pre}|\$"
    form_a = (
        rf"(?P<pre>{pre})\s?(?P<num>{_NUM}){scale('')}?"
        rf"(?:\s+(?P<suf>{cur_words})(?![\w]))?"
    )
    # "5 billion Canadian dollars", "two billion dollars"
    form_b = (
        rf"(?<![\w$.,])(?:(?P<num_b>{_NUM})|(?P<numw_b>{word_nums})){scale('_b')}"
        rf"\s+(?P<suf_b>{cur_words})(?![\w])"
    )
    regex = re.compile(rf"(?:{form_a})|(?:{form_b})", re.I)
    quals = lex.qualifiers
    qual_tail = re.compile(rf"(?:{quals.regex.pattern if quals.regex else '(?!)'})\s*$", re.I)
    # Form b ends in a currency word: where none ends at a word boundary, only form a can match.
    last_words = {w.lower().split(" ")[-1] for w in [*suffix, "dollars", "dollar"]}
    currency_word = re.compile(rf"(?:{_alt(sorted(last_words))})(?![\w])")
    stems: list[str] = []
    for w in sorted(last_words, key=len):
        if not any(st in w for st in stems):
            stems.append(w)  # "dollar" covers "dollars", "eur" covers "euro"
    vague = m.get("vague", [])
    return _Compiled(regex, prefix, suffix, scales, words, PhraseSet(vague), quals, qual_tail,
                     _needles(list(prefix), last_words), currency_word, tuple(stems), number_words(list(words)),
                     _vague_needs(vague), _qualifier_before(quals))


def _qualifier_before(quals: PhraseSet) -> re.Pattern[str] | None:
    """`qual_tail`'s pre-test, read backwards: white space then a qualifier, both reversed, at the start
    of the reversed window before a sum.

    `qual_tail` ends in `\\s*$` and is tried at each of the 30 characters before the sum; this is
    tried once, and most sums have no qualifier. It checks no word boundary: where it matches,
    `qual_tail` decides. None when a phrase is a free regex (then `qual_tail` always runs).
    """
    ci: list[tuple[list[str], bool]] = []
    cs: list[tuple[list[str], bool]] = []
    for phrase in quals.phrases:
        if phrase.startswith("re:"):
            return None
        atoms, case_sensitive, _ = _atoms(phrase)  # one character (or class) each: reversible
        (cs if case_sensitive else ci).append((atoms[::-1], False))
    alts = ([_trie_pattern(ci)] if ci else []) + ([f"(?-i:{_trie_pattern(cs)})"] if cs else [])
    return re.compile(r"\s*(?:" + "|".join(alts) + ")", re.I) if alts else None


def _sums(text: str, low: str, plain: bool, c: _Compiled, start: int, stop: int,
          span: str | None = None) -> list[re.Match[str]]:
    """What `c.regex.finditer(text, start, stop)` finds, with the regex tried only where a sum can begin.

    `low` is `lower_text(text)` and `span` (optional) `low[start:stop]`; `plain` says the
    span holds no `_FOLDS_TO_ASCII` character. The big case-insensitive alternation costs about 1000
    instructions per character when tried everywhere (it lowers each character in turn). A form-a sum
    begins at a code or a "$" that a few substring tests locate; a form-b sum ends in a currency word
    and begins at a figure or a number word (`figure_starts`). `match` there is what finditer would
    have tried there.
    """
    if not plain or c.needles is None:
        return list(c.regex.finditer(text, start, stop))
    if span is None:
        span = low[start:stop]
    begins: list[int] = []
    for needle, (alone, before, longer) in c.needles.items():
        if needle not in span:  # `in` on the span's copy: cheaper than a find with bounds
            continue
        i = span.find(needle)
        while i != -1:
            at = start + i
            if alone:
                begins.append(at)
            if i and low[at - 1] in before:  # else no longer code ends here (most "$" are bare)
                for back, written in longer:
                    if at - back >= start and low[at - back:at + len(needle)] in written:
                        begins.append(at - back)
            i = span.find(needle, i + 1)
    for stem in c.currency_stems:
        if stem in span:
            if c.currency_word.search(low, start, stop) is not None:  # form b may match
                figures = None if c.number_words is None else figure_starts(text, low, start, stop, c.number_words, "$.,")
                if figures is None:
                    return list(c.regex.finditer(text, start, stop))
                begins += figures
            break
    found: list[re.Match[str]] = []
    pos = start
    for b in _ascending(begins):
        if b >= pos and (m := c.regex.match(text, b, stop)) is not None:
            found.append(m)
            pos = m.end()
    return found


def _may_be_vague(c: _Compiled, low: str, plain: bool, start: int, stop: int, span: str | None = None) -> bool:
    """False only when no vague phrase can match inside the span: each lacks a string it needs.

    `span` (optional) is `low[start:stop]`: `in` on that copy is the cheapest substring test.
    """
    if not plain or c.vague_needs is None:
        return True
    if span is None:
        span = low[start:stop]
    for needs in c.vague_needs:
        for one_of in needs:
            for x in one_of:
                if x in span:
                    break
            else:
                break  # this phrase lacks all of one_of
        else:
            return True
    return False


def _value(num: str | None, numw: str | None, scale: str | None, c: _Compiled) -> float:
    base = float(num.replace(",", "")) if num else c.words.get(" ".join((numw or "").lower().split()), 0.0)
    return base * (c.scales.get(scale.lower(), 1.0) if scale else 1.0)


def _parse(m: re.Match[str], c: _Compiled) -> tuple[float, str | None, bool]:
    """(amount, explicit currency or None, bare dollar) for one regex match."""
    num, pre, scale, short, suf = m.group("num", "pre", "scale", "short", "suf")
    if num is not None:
        amount = _value(num, None, scale or short, c)
        pre = (pre or "").replace(" ", "").upper()
        code = c.prefix.get(pre) or c.prefix.get(pre.rstrip("$"))
        cur = code or c.suffix.get(" ".join((suf or "").lower().split()))
        return amount, cur, cur is None
    num, numw, scale, short, suf = m.group("num_b", "numw_b", "scale_b", "short_b", "suf_b")
    amount = _value(num, numw, scale or short, c)
    cur = c.suffix.get(" ".join((suf or "").lower().split()))
    return amount, cur, cur is None


_APPROX = r"(?:or\s+|about\s+|approx\.?\s+|approximately\s+|around\s+|roughly\s+|some\s+|~\s*)?"
# What may open a conversion right after a sum: a bracket, else a dash (group "dash"), in one match.
_OPEN = re.compile(rf"\s*\(\s*{_APPROX}|(?P<dash>\s*[\u2013\u2014]\s*{_APPROX}|\s+-{{1,2}}\s+{_APPROX})")
_BRACKET_CLOSE = re.compile(r"\s*\)")
_DASH_CLOSE = re.compile(r"\s*[\u2013\u2014]|\s+-{1,2}\s|\s*(?=[,;.]|$)")


_OPENERS = "(\u2013\u2014-"  # the first character of `_OPEN` after its white space


def _may_open(text: str, pos: int, stop: int) -> bool:
    """Whether `_OPEN` may match at `pos`: the first character after white space opens a conversion.
    Most sums are followed by a word; a character test spares the regex (cold, after trafilatura)."""
    while pos < stop:
        ch = text[pos]
        if not ch.isspace():  # str.isspace is the regex's \s
            return ch in _OPENERS
        pos += 1
    return False


def _conversion(first: MoneyMention, amount: float, cur: str | None, bare: bool, end: int) -> MoneyMention:
    """One sum from a figure and its conversion, the Canadian-dollar figure first."""
    if cur == "CAD" and first.currency != "CAD":  # "about $220 million (C$300 million)": the C$ is exact
        return MoneyMention(first.start, end, amount, cur, bare, None, first.amount, first.currency, first.bare_dollar)
    return MoneyMention(first.start, end, first.amount, first.currency, first.bare_dollar, first.qualifier,
                        amount, cur, bare)


def _qualifier(text: str, c: _Compiled, lo: int, pos: int) -> str | None:
    """The qualifier ("more than", "about") written right before the sum at `pos`, within text[lo:pos]."""
    if c.qual_before is not None and c.qual_before.match(text[lo:pos][::-1]) is None:
        return None  # no qualifier ends there, whatever the boundaries (most sums)
    q = c.qual_tail.search(text, lo, pos)
    if q and c.qualifiers:
        return c.qualifiers.payload(q.group(0).strip())
    return None


def find_money(text: str, lex: Lexicon, start: int = 0, end: int | None = None) -> list[MoneyMention]:
    """All sums in `text[start:end]`, in order, with positions in `text`.

    A bracketed second sum right after a first one becomes its alternative amount. Vague sums
    ("tens of millions") come back with amount None so that callers can skip them knowingly.
    """
    c = _compile(lex)
    stop = len(text) if end is None else end
    found: list[MoneyMention] = []
    taken_until = start
    low = lower_text(text)
    span = low[start:stop]
    plain = _plain(text, start, stop)
    vague_spans: list[tuple[int, int]] = []
    if _may_be_vague(c, low, plain, start, stop, span):
        vague_spans = [(v.start(), v.end()) for v in c.vague.finditer(text, start, stop)]
    for m in _sums(text, low, plain, c, start, stop, span):
        at = m.start()
        if at < taken_until:
            continue
        if vague_spans and any(a <= at < b for a, b in vague_spans):
            continue
        amount, cur, bare = _parse(m, c)
        if amount <= 0:
            continue
        mention = MoneyMention(at, m.end(), amount, cur, bare, _qualifier(text, c, max(start, at - 30), at))
        # A conversion in brackets right after: "CA$1 billion (US$730 million)"; or between dashes, when
        # the currencies differ (else "$10 million - $20 million" is a range): "$220 million — C$300 million —".
        o = _OPEN.match(text, m.end(), stop) if _may_open(text, m.end(), stop) else None
        if o:
            m2 = c.regex.match(text, o.end(), stop)
            if m2:
                dashed = o.start("dash") != -1
                close = (_DASH_CLOSE if dashed else _BRACKET_CLOSE).match(text, m2.end(), stop)
                if close:
                    alt, alt_cur, alt_bare = _parse(m2, c)
                    if not dashed or (alt_cur != cur and (alt_cur or cur)):
                        mention = _conversion(mention, alt, alt_cur, alt_bare, close.end())
        found.append(mention)
        taken_until = mention.end
    if vague_spans:
        for a, b in vague_spans:
            found.append(MoneyMention(a, b, None, None, False))
        found.sort(key=lambda x: x.start)
    return found


_CAD_MARK = r"(?<![A-Za-z])(?:C|CA|CAN|CDN)\$"
_BARE = r"(?<![A-Za-z$])\$"
_FIG = r"\s?\d[\d,.]*(?:\s?-?\s?[A-Za-z]+)?"
_SEP = r"\s*(?:\(|[\u2013\u2014]|\s-{1,2}\s)\s*(?:about\s+|roughly\s+|around\s+|approximately\s+|some\s+|or\s+)?"
_OUTLET_USD = re.compile(rf"{_CAD_MARK}{_FIG}{_SEP}{_BARE}|{_BARE}{_FIG}{_SEP}{_CAD_MARK}")
_CAD_MARKS = ("C$", "CA$", "CAN$", "CDN$")


def bare_dollar_is_usd(text: str) -> bool:
    """True for an outlet that writes Canadian dollars as "C$" and converts them into a bare "$"
    ("C$500 million (about $365 million)"): in that article every bare "$" is a US dollar."""
    # Only around a written "C$" (a whole-text regex costs more); one pass over the "$"s, not one per mark.
    i = text.find("$")
    while i != -1:
        for mark in _CAD_MARKS:
            j = i + 1 - len(mark)
            if j >= 0 and text.startswith(mark, j) and _OUTLET_USD.search(text, max(0, j - 40), j + 60):
                return True
        i = text.find("$", i + 1)
    return False
