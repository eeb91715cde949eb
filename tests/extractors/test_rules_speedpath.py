"""The fast paths of the commitment rules answer exactly what the plain regexes (or the full reading)
answer: reversed anchored patterns, clause marks split by first character, the hint pass."""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from extractors import commitments as C
from extractors.giver import _PHRASE_END, _TAIL
from extractors.lexicon import Lexicon, lower_text, scan_scope
from extractors.normalize import normalize_text
from extractors.pairing import _COORDINATED, coordinator_start
from extractors.sentences import split_segments

ARTICLES = sorted((Path(__file__).parent / "articles").glob("*.txt"))[:12]

TRICKY = [
    "Canada, as well as Germany; and that - is all: (yes) \u2014 no\u2014x, while y. Z",
    " - x \u2013 y \u2014 z -x x- x -\n",
    "talks with the Germany, in the\nUS-\nU.S.-made within band at  the  ",
    "$75 million for equipment and 50 vehicles, as well as a further $20 million and another , and the ",
    "along with the  together with up to more than in addition to almost nearly plus, plus",
    "its $22 billion, Ottawa's own $5 million, bits $4, Canada's\n$3, their  own  $2, ITS $1",
    'It ends here." It ends there.) Heading without mark\n',
    "Ukrainian troops, a trade agreement, for its own forces, NATO training, nato training, free\ntrade deal",
    "twelve tanks, a dozen, 5 trucks, twenty-one, xone, one hundred, \u0663 rounds, fiftyish",
    "the G7's ERA initiative agreed; NATO leaders decided to fund it alone; Italy said",
]


def _texts() -> list[str]:
    return TRICKY + [normalize_text(p.read_text(encoding="utf-8")) for p in ARTICLES]


def _windows(text: str, n: int = 60, reach: int = 300) -> list[tuple[int, int]]:
    rnd = random.Random(len(text))
    out = [(0, len(text))]
    for _ in range(n):
        a = rnd.randrange(len(text) + 1)
        out.append((a, rnd.randrange(a, min(len(text), a + reach) + 1)))
    return out


def test_clause_mark_is_the_first_clause_end() -> None:
    for text in _texts():
        for a, b in _windows(text):
            m = C._CLAUSE_END.search(text, a, b)
            assert C._clause_mark(text, a, b) == (m.start() if m else -1), (text[a:b],)


def test_coordinator_start_is_the_coordinated_match() -> None:
    for text in _texts():
        for pos in range(len(text) + 1):
            for reach in (60, 7):
                lo = max(0, pos - reach)
                m = _COORDINATED.search(text, lo, pos)
                assert coordinator_start(text, lo, pos) == (m.start() if m else -1), (text[lo:pos],)


def test_place_words_read_backwards() -> None:
    forward = re.compile(
        r"(?:\b(?:" + "|".join(C._PLACE_WORDS) + r")\s+(?:the\s+)?|\b(?:U\.S\.|US)-)$", re.I
    )
    for text in _texts():
        for pos in range(len(text) + 1):
            window = text[max(0, pos - 40) : pos]
            assert (forward.search(window) is None) == (C._NOT_GIVER_BEFORE_REVERSED.match(window[::-1]) is None), window


def test_possessive_before() -> None:
    for text in _texts():
        for pos in range(len(text) + 1):
            for reach in (12, 3):
                lo = max(0, pos - reach)
                expected = C._POSSESSIVE.search(text, lo, pos) is not None
                assert C._possessive_before(text, lo, pos) == expected, (text[lo:pos],)


def test_ends_sentence() -> None:
    for text in _texts():
        for a, b in _windows(text, reach=80):
            line = text[a:b]
            assert C._ends_sentence(line) == (C._SENTENCE_MARK.search(line) is not None), line


def test_blocked_before_read_backwards(lexicon: Lexicon) -> None:
    for category, blockers in lexicon.not_after.items():
        forward = re.compile(rf"(?:{blockers.regex.pattern})\s+$", re.I)
        blocked = C._blocked_before(lexicon, category)
        assert blocked is not None and blocked[1]
        for text in _texts():
            for pos in range(len(text) + 1):
                lo = max(0, pos - 25)
                assert C._blocked(text, lo, pos, blocked) == (forward.search(text[lo:pos]) is not None), text[lo:pos]


def test_number_words(lexicon: Lexicon) -> None:
    hints = C._hints(lexicon)
    assert hints.number_words is not None
    for text in _texts():
        low = lower_text(text)
        for a, b in _windows(text):
            assert C._has_number(hints, low, a, b) == (hints.numbers.search(low, a, b) is not None), low[a:b]


def test_name_tail_grouped_by_first_letter() -> None:
    plain = re.compile(
        r"(?:'s)?((?:\s+(?!(?:" + "|".join(_PHRASE_END) + r")(?![\w'&-]))(?!(?-i:[a-z]{4,}ed)(?![\w'&-]))[\w'&-]+){1,4})",
        re.I,
    )
    for text in _texts():
        for end in range(len(text)):
            for reach in (60, 9):
                a, b = plain.match(text, end, end + reach), _TAIL.match(text, end, end + reach)
                assert (a and a.group(1)) == (b and b.group(1))


def test_first_words() -> None:
    assert C._first_words(["buy", "buys", "purchase*", "Order"]) == ("buy", "order", "purchase")
    assert C._first_words(["buy", "re:sold"]) is None
    assert C._first_words(["$ deal"]) is None


def _starts_in(low: str, stem: str, a: int, b: int) -> bool:
    """Whether an occurrence of `stem` starts in low[a:b) (it may run past b)."""
    p = low.find(stem, a, b + len(stem) - 1)
    return p != -1 and p < b


@pytest.mark.parametrize("automaton", [True, False])
def test_segment_hints_place_each_stem(lexicon: Lexicon, automaton: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if not automaton:
        monkeypatch.setattr(C, "ahocorasick_rs", None)
    C._hints.cache_clear()
    try:
        hints = C._hints(lexicon)
        assert (hints.automaton is not None) == (automaton and C.ahocorasick_rs is not None)
        groups = [(C._MONEY_HINT, hints.money), (C._ITEM_HINT, hints.items), (C._TRIGGER_HINT, hints.triggers),
                  (C._PURCHASE_HINT, hints.purchase or ())]
        for text in _texts():
            low = lower_text(text)
            segments = split_segments(text)
            marks, cad_mark = C._segment_hints(text, low, segments, hints)
            for seg, mark in zip(segments, marks):
                for bit, stems in groups:
                    inside = any(_starts_in(low, stem, seg.start, seg.end) for stem in stems)
                    assert bool(mark & bit) == inside, (seg.text, bit)
            if any(mark in text for mark in ("C$", "CA$", "CAN$", "CDN$")):
                assert cad_mark
    finally:
        C._hints.cache_clear()


def test_last_giver_is_the_last_giver_actor(lexicon: Lexicon) -> None:
    for text in _texts():
        for seg in split_segments(text):
            actors = C._actors(text, seg.start, seg.end, lexicon)
            givers = [a.kind for a in actors if a.kind in (C.CANADA, C.OTHER)]
            assert C._last_giver(text, seg.start, seg.end, lexicon) == (givers[-1] if givers else None), seg.text
            with scan_scope(text, seg.start, seg.end, lexicon):
                assert C._last_giver(text, seg.start, seg.end, lexicon) == (givers[-1] if givers else None)


def test_sentence_phrases_read_from_the_scan(lexicon: Lexicon) -> None:
    """The scan's own lists (what `_Seg.phrases`, `_cues`, `_actors` and `_may_commit` read) are what
    the scoped `finditer` gives over the whole sentence, for every phrase set the rules ask about."""
    sets = [lexicon.actors, lexicon.status, lexicon.asks, lexicon.domestic, lexicon.other_recipients,
            lexicon.running_total, lexicon.standalone_all, lexicon.category_words, lexicon.purposes,
            lexicon.joint, lexicon.perfect_verbs, lexicon.own_purchase]
    for text in _texts():
        reader = C._Reader(text, split_segments(text), lexicon)
        for idx, seg in enumerate(reader.segments):
            with scan_scope(text, seg.start, seg.end, lexicon) as scope:
                sa = C._Seg(seg, [], [], [], [], reader, idx, None, scope.hits)
                for ps in sets:
                    got = [(h.start(), h.end()) for h in sa.phrases(ps)]
                    assert got == [(h.start(), h.end()) for h in ps.finditer(text, seg.start, seg.end)], (seg.text,)
                cues = C._cues(text, seg.start, seg.end, lexicon)
                assert C._cues(text, seg.start, seg.end, lexicon, scope.hits.get(lexicon.status)) == cues
                assert C._actors(text, seg.start, seg.end, lexicon, scope.hits.get(lexicon.actors)) == C._actors(
                    text, seg.start, seg.end, lexicon)
                for lead_status in (None, "pledged"):
                    plain = C._may_commit(text, seg, [], [], cues, lead_status, lexicon)
                    assert C._may_commit(text, seg, [], [], cues, lead_status, lexicon,
                                         scope.hits.get(lexicon.standalone_all)) == plain


def test_shared_pretest_answers_as_the_plain_rule(lexicon: Lexicon) -> None:
    """`_shared` answers from the sentence's scan when it holds no joint word: the same as the plain rule."""
    texts = _texts() + ["Britain, France and Canada announced a joint $1 billion fund; each gave $5 million.",
                        "Canada and Germany will jointly provide $300 million for air defence."]
    for text in texts:
        reader = C._Reader(text, split_segments(text), lexicon)
        for idx, seg in enumerate(reader.segments):
            with scan_scope(text, seg.start, seg.end, lexicon) as scope:
                sa = C._Seg(seg, [], [], [], [], reader, idx, None, scope.hits)
                for pos in range(seg.start, seg.end, 7):
                    for clause_end in (pos, min(seg.end, pos + 40), seg.end):
                        plain = bool(lexicon.joint.search(text, seg.start, clause_end)) and not lexicon.each.search(
                            text, seg.start, clause_end) and lexicon.others.search(text, seg.start, pos) is not None
                        assert C._shared(text, sa, pos, clause_end, lexicon) == plain, seg.text


def _plain_actors(text: str, a: int, b: int, lex: Lexicon) -> list[tuple[int, int, str]]:
    """`_actors` as first written: the "$" after each mention tested one by one."""
    out, last_end = [], -1
    for m in lex.actors.finditer(text, a, b):
        start, end = m.start(), m.end()
        if start < last_end:
            continue
        name = text[start:end]
        kind = lex.actors.payload(name)
        if kind in (C.OTHER, C.ADVERSARY) and not C._is_giver(text, start, end, b, lex):
            last_end = end
            continue
        if kind == C.PRONOUN and name == "US":
            continue
        if text.startswith("$", end):
            continue
        out.append((start, end, kind))
        last_end = end
    return out


def test_actors_dollar_pretest(lexicon: Lexicon) -> None:
    texts = _texts() + ["Canada gave US$500 million. Germany gave U.S.$20 billion and Canada$", "Canada$5 Ottawa"]
    for text in texts:
        for seg in split_segments(text):
            for a, b in ((seg.start, seg.end), (seg.start, max(seg.start, seg.end - 1))):
                assert [tuple(x) for x in C._actors(text, a, b, lexicon)] == _plain_actors(text, a, b, lexicon)
