"""The fast paths of the sentence reading answer exactly what the plain forms answer: regexes led by a
class of their first characters, windows read lowered, clause ends found comma first, payloads
memoised, cheap rejections placed before the costly tests."""
from __future__ import annotations

import re

from extractors import commitments as C
from extractors import giver as G
from extractors import pairing as P
from extractors.lexicon import Lexicon, scan_scope
from extractors.sentences import split_segments

from tests.extractors.test_rules_speedpath import _texts, _windows

# Characters worth trying against case-insensitive letters: ASCII, Latin-1 and the few that
# re.IGNORECASE folds onto an ASCII letter (dotted and dotless i, long s, Kelvin sign).
_ODD = "\u0130\u0131\u017f\u212a\u00df\u00e9\u00c9\u2014"
EXTRA = [
    "Sent with the Germany at the\u00a0UK, \u017fince t\u0131e G7 for the \u0130TALY \u212aing, that that, and that x",
    "Canada, which was worth about $3 and, valued at\u00a0$4,  costing over $5 at a cost of $6 for $7 To $8 worth of $9",
    "\u00e9for to, fort tor worth  of wORTH Of; x: y, but that z \u2014 with Ukraine's \u00c9 AT  the  France",
]


def _all_texts() -> list[str]:
    return _texts() + EXTRA


def test_first_letter_classes_match_what_ignorecase_matches() -> None:
    for letter in "abcdefghijklmnopqrstuvwxyz":
        plain, cls = re.compile(letter, re.I), re.compile(G._first_letter_class(letter), re.I)
        for code in range(0x10000):
            c = chr(code)
            assert bool(plain.fullmatch(c)) == bool(cls.fullmatch(c)), (letter, hex(code))


def test_possessive_last_letters_match_what_ignorecase_matches() -> None:
    last = re.compile("[srn]", re.I)
    for code in range(0x10000):
        c = chr(code)
        assert bool(last.fullmatch(c)) == (c in C._POSSESSIVE_LAST), hex(code)


def test_place_words_read_lowered() -> None:
    for text in _all_texts():
        for pos in range(len(text) + 1):
            window = text[max(0, pos - 40) : pos]
            if window.isascii():
                lowered = C._NOT_GIVER_BEFORE_LOWERED.match(window.lower()[::-1]) is None
                assert lowered == (C._NOT_GIVER_BEFORE_REVERSED.match(window[::-1]) is None), window


def _old_clause_end(text: str, pos: int, limit: int) -> int:
    mark = C._clause_mark(text, pos, limit)
    end = mark if mark != -1 else limit
    comma = text.find(",", pos, end)
    while comma != -1 and C._RELATIVE.match(text, comma):
        comma = text.find(",", comma + 1, end)
    return comma if comma != -1 else end


def test_clause_end_comma_first() -> None:
    for text in _all_texts():
        for a, b in _windows(text, n=200):
            assert C._clause_end(text, a, b) == _old_clause_end(text, a, b), text[a:b]


def test_led_regexes_match_their_plain_forms() -> None:
    pairs = [
        (C._CLAUSE_START, re.compile(r"[,;:]\s|\s(?:and|but|while) that\s|\sthat\s")),
        (C._PURPOSE_LEAD, re.compile(r"\b(?:for|to|worth of)\s+", re.I)),
    ]
    worth = re.compile(
        r"\b(?:worth|valued at|at a cost of|costing)(?:\s+(?:a combined|a total of|about|some|roughly|nearly|more than|over))?\s*$",
        re.I,
    )
    for text in _all_texts():
        for a, b in _windows(text, n=200, reach=120):
            for fast, plain in pairs:
                assert [m.span() for m in fast.finditer(text, a, b)] == [m.span() for m in plain.finditer(text, a, b)]
            assert (C._WORTH.search(text, a, b) is None) == (worth.search(text, a, b) is None), text[a:b]


def _old_attributive(text: str, start: int, end: int) -> bool:
    if text.startswith("-", end) and G._MADE_AFTER.match(text, end):
        return True
    if start == 0 or text[start - 1] != " ":
        return False
    before = text[max(0, start - 4) : start].lower()
    if before.endswith("a "):
        rest = before[:-2]
    elif before.endswith("an "):
        rest = before[:-3]
    else:
        return False
    return not rest or not rest[-1].isalnum()


def test_attributive_quick_rejection() -> None:
    for text in _all_texts() + ["a US sale", "an EU-made shell", "Ban US", "\u0130n UK", "x an\u00a0UK"]:
        for start in range(len(text)):
            for end in (start + 2, start + 3):
                assert G.attributive(text, start, end) == _old_attributive(text, start, end), (text, start)


def test_sum_scope_without_items_keeps_the_clause() -> None:
    text = "Canada will give $75 million for winter equipment and 50 armoured vehicles, as well as $5 million."
    assert P.sum_scope(text, [], 0, 17, 28, 60, 90) == (0, 60, 90)


def test_payload_memo_answers_as_payload(lexicon: Lexicon) -> None:
    for phrases in (lexicon.actors, lexicon.status, lexicon.purposes, lexicon.category_words, lexicon.standalone_all):
        memo = C._payloads(phrases)
        for text in _all_texts():
            for hit in phrases.finditer(text):
                name = text[hit.start() : hit.end()]
                assert memo[name] == phrases.payload(name)


def test_actors_and_cues_in_and_out_of_scope(lexicon: Lexicon) -> None:
    """The reading of hits through their slots gives the same actors and cues in a sentence's scope."""
    for text in _all_texts():
        for seg in split_segments(text):
            actors = C._actors(text, seg.start, seg.end, lexicon)
            cues = C._cues(text, seg.start, seg.end, lexicon)
            with scan_scope(text, seg.start, seg.end, lexicon):
                assert C._actors(text, seg.start, seg.end, lexicon) == actors
                assert C._cues(text, seg.start, seg.end, lexicon) == cues


def test_commitment_built_with_one_dict() -> None:
    from dataclasses import replace

    from extractors.model import Commitment

    samples = [
        dict(category="troops", purpose="training", status="pledged", evidence="e", span=(1, 2)),
        dict(category="military", purpose="air defence", status="delivered", evidence="x", span=(0, 9), amount=5e8,
             currency="CAD", qualifier="up to", alt_amount=3.6e8, alt_currency="USD", running_total=True),
        dict(category="military", purpose="vehicles", status="pledged", evidence="y", span=(3, 4), quantity=50, item="LAV 6"),
    ]
    for values in samples:
        fast, plain = C._commitment(**values), Commitment(**values)
        assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
        assert list(vars(fast).items()) == list(vars(plain).items())
        assert fast.to_dict() == plain.to_dict()
        for changes in ({"running_total": True}, {"quantity": 7, "item": "tanks"}, {"purpose": "p", "category": "other"}):
            a, b = C._replace(fast, **changes), replace(plain, **changes)
            assert a == b and list(vars(a).items()) == list(vars(b).items())


def _old_rounds_to(headline: float, body: float) -> bool:
    digits = f"{headline:.6e}".split("e")
    mantissa, exponent = digits[0].rstrip("0").rstrip("."), int(digits[1])
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    if decimals > 1:
        return False
    return abs(headline - body) <= 0.5 * 10.0 ** (exponent - decimals) + 1e-6


def test_rounds_to_bound() -> None:
    figures = [0.0, 1e-7, 0.5, 1.0, 1.5, 2.0, 9.5, 10.0, 15.0, 1e6, 1.2e6, 2.5e8, 3e9, 3.02e9, 3.5e9, 1e9, 1.49e9,
               1.5e9, 1.51e9, 0.5e9, 2.3e9, 22e9, 19.5e9, 4.5e9, 1.234e9, 7e12]
    for h in figures:
        for b in figures + [h * f for f in (0.49, 0.5, 0.51, 0.9, 0.95, 1.0, 1.05, 1.49, 1.5, 1.51, 2.0)]:
            assert C._rounds_to(h, b) == _old_rounds_to(h, b), (h, b)
