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
from dataclasses import dataclass
from functools import lru_cache

from extractors.lexicon import Lexicon, PhraseSet

__all__ = ["MoneyMention", "bare_dollar_is_usd", "find_money"]


@dataclass(frozen=True)
class MoneyMention:
    """One sum found in a piece of text; positions index that text."""

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


def _alt(keys: list[str]) -> str:
    return "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(keys, key=len, reverse=True))


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
    form_a = (
        rf"(?P<pre>(?<![A-Za-z])(?:{codes})\s?\$?|\$)\s?(?P<num>{_NUM}){scale('')}?"
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
    return _Compiled(regex, prefix, suffix, scales, words, PhraseSet(m.get("vague", [])), quals, qual_tail)


def _value(num: str | None, numw: str | None, scale: str | None, c: _Compiled) -> float:
    base = float(num.replace(",", "")) if num else c.words.get(" ".join((numw or "").lower().split()), 0.0)
    return base * (c.scales.get(scale.lower(), 1.0) if scale else 1.0)


def _parse(m: re.Match[str], c: _Compiled) -> tuple[float, str | None, bool]:
    """(amount, explicit currency or None, bare dollar) for one regex match."""
    g = m.groupdict()
    if g.get("num") is not None:
        amount = _value(g["num"], None, g.get("scale") or g.get("short"), c)
        pre = (g.get("pre") or "").replace(" ", "").upper()
        suf = (g.get("suf") or "").lower()
        code = c.prefix.get(pre) or c.prefix.get(pre.rstrip("$"))
        cur = code or c.suffix.get(" ".join(suf.split()))
        return amount, cur, cur is None
    amount = _value(g.get("num_b"), g.get("numw_b"), g.get("scale_b") or g.get("short_b"), c)
    cur = c.suffix.get(" ".join((g.get("suf_b") or "").lower().split()))
    return amount, cur, cur is None


_APPROX = r"(?:or\s+|about\s+|approx\.?\s+|approximately\s+|around\s+|roughly\s+|some\s+|~\s*)?"
_BRACKET_OPEN = re.compile(rf"\s*\(\s*{_APPROX}")
_BRACKET_CLOSE = re.compile(r"\s*\)")
_DASH_OPEN = re.compile(rf"\s*[\u2013\u2014]\s*{_APPROX}|\s+-{{1,2}}\s+{_APPROX}")
_DASH_CLOSE = re.compile(r"\s*[\u2013\u2014]|\s+-{1,2}\s|\s*(?=[,;.]|$)")


def _conversion(first: MoneyMention, amount: float, cur: str | None, bare: bool, end: int) -> MoneyMention:
    """One sum from a figure and its conversion, the Canadian-dollar figure first."""
    if cur == "CAD" and first.currency != "CAD":  # "about $220 million (C$300 million)": the C$ is exact
        return MoneyMention(first.start, end, amount, cur, bare, None, first.amount, first.currency, first.bare_dollar)
    return MoneyMention(first.start, end, first.amount, first.currency, first.bare_dollar, first.qualifier,
                        amount, cur, bare)


def find_money(text: str, lex: Lexicon, start: int = 0, end: int | None = None) -> list[MoneyMention]:
    """All sums in `text[start:end]`, in order, with positions in `text`.

    A bracketed second sum right after a first one becomes its alternative amount. Vague sums
    ("tens of millions") come back with amount None so that callers can skip them knowingly.
    """
    c = _compile(lex)
    stop = len(text) if end is None else end
    found: list[MoneyMention] = []
    taken_until = start
    vague_spans = [(v.start(), v.end()) for v in c.vague.finditer(text, start, stop)]
    for m in c.regex.finditer(text, start, stop):
        if m.start() < taken_until:
            continue
        if any(a <= m.start() < b for a, b in vague_spans):
            continue
        amount, cur, bare = _parse(m, c)
        if amount <= 0:
            continue
        qualifier = None
        q = c.qual_tail.search(text, max(start, m.start() - 30), m.start())
        if q and c.qualifiers:
            qualifier = c.qualifiers.payload(q.group(0).strip())
        mention = MoneyMention(m.start(), m.end(), amount, cur, bare, qualifier)
        # A conversion in brackets right after: "CA$1 billion (US$730 million)"; or between dashes, when
        # the currencies differ (else "$10 million - $20 million" is a range): "$220 million — C$300 million —".
        o = _BRACKET_OPEN.match(text, m.end(), stop)
        dashed = o is None
        if dashed:
            o = _DASH_OPEN.match(text, m.end(), stop)
        if o:
            m2 = c.regex.match(text, o.end(), stop)
            if m2:
                close = (_DASH_CLOSE if dashed else _BRACKET_CLOSE).match(text, m2.end(), stop)
                if close:
                    alt, alt_cur, alt_bare = _parse(m2, c)
                    if not dashed or (alt_cur != cur and (alt_cur or cur)):
                        mention = _conversion(mention, alt, alt_cur, alt_bare, close.end())
        found.append(mention)
        taken_until = mention.end
    for a, b in vague_spans:
        found.append(MoneyMention(a, b, None, None, False))
    found.sort(key=lambda x: x.start)
    return found


_CAD_MARK = r"(?<![A-Za-z])(?:C|CA|CAN|CDN)\$"
_BARE = r"(?<![A-Za-z$])\$"
_FIG = r"\s?\d[\d,.]*(?:\s?-?\s?[A-Za-z]+)?"
_SEP = r"\s*(?:\(|[\u2013\u2014]|\s-{1,2}\s)\s*(?:about\s+|roughly\s+|around\s+|approximately\s+|some\s+|or\s+)?"
_OUTLET_USD = re.compile(rf"{_CAD_MARK}{_FIG}{_SEP}{_BARE}|{_BARE}{_FIG}{_SEP}{_CAD_MARK}")


def bare_dollar_is_usd(text: str) -> bool:
    """True for an outlet that writes Canadian dollars as "C$" and converts them into a bare "$"
    ("C$500 million (about $365 million)"): in that article every bare "$" is a US dollar."""
    for mark in ("C$", "CA$", "CAN$", "CDN$"):  # only around a written "C$": a whole-text regex costs more
        i = text.find(mark)
        while i != -1:
            if _OUTLET_USD.search(text, max(0, i - 40), i + 60) is not None:
                return True
            i = text.find(mark, i + 1)
    return False
