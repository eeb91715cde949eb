"""The one-pass phrase scan (PhraseIndex.scan: its key regex and its answer table) finds what the
plain reading finds: every word start tried with the entries of its word (no key regex, no table),
and, for the project's lexicon, what each PhraseSet finds on its own (one trie regex per list)."""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from extractors.lexicon import Lexicon, PhraseSet, lower_text
from extractors.normalize import normalize_text
from extractors.phrase_index import PhraseIndex
from extractors.sentences import split_segments

ARTICLES = sorted((Path(__file__).parent / "articles").glob("*.txt"))

# Phrases written the way the table does not hold them: hyphens, "$", doubled or odd separators,
# a "*" completed by the text, case-sensitive words, words glued to longer ones, astral characters.
TRICKY = [
    "Canada's military aid, the Canadian Armed Forces and Canadian-made drones; canadians, CANADA.",
    "Ukraine$ ukraine$5 Ukraine-$ US$72 million; the US, us, U.S.-made, u.s. and NATO's nato summit",
    "air  defence systems, air-defence, air defense\nsystems, air defen, air defences-",
    "co-production of drones, co production, co-produce shells, drone co-production.",
    "peacekeeping-force peacekeep peacekeepers' peacekeeping$ -peacekeeping (peacekeeping)",
    "\U0001f1fa\U0001f1e6Ukraine \U0001f600canada \U0001d400Canada Zelenskyy\u2019s \u201cNATO\u201d\u2014Kyiv",
    "G7 g7 G-7 g-7 F-16 f-16 pilot training F-35s IRIS-T iris-t anti-drone anti-aircraft systems",
    "will not rule out, will not, will provide, will be delivered, will be channelled to Ukraine.",
    "bringing its total to $5 billion; brings the overall; armoured combat vehicles; armored  vehicles",
    "\u0130stanbul \u212aiev \u017fanctions sanctions-related SANCTIONS Sanction sanctioned",
]

# A small lexicon whose phrases collide in the ways the key regex and the table must get right.
SYNTHETIC = [
    ["ab", "ab cd", "ab cd ef", "abc*", "ab-cd", "AB", "x.y.", "x", "pea*", "peace deal", "q r"],
    ["ab c", "ab*", "abx", "pea", "peace", "peacekeep*", "x.y", "XY", "re:x\\s+y", "$ab"],
    ["ab cd", "peace deal signed", "zz top*", "zz top", "cd", "c", "ef gh*", "ef"],
]
SYNTHETIC_TEXTS = [
    "ab cd ef, ab cd, ab c, abc, abx, ab-cd ef, AB cd, Ab, ab$, ab$ cd, $ab, ab-, -ab- abcd-ef",
    "x.y. x.y x y XY xy x.y.z q$ r q r pea peace peacekeepers peace deal signed, peace deal-",
    "zz top zz tops zz topper zz  top ef gh ef ghi ef-gh ef\nghx cd c. c-d \u00e9ab ab\u00e9 _ab ab_",
]


def _windows(text: str, n: int = 40, reach: int = 300) -> list[tuple[int, int]]:
    rnd = random.Random(len(text))
    out = [(0, len(text))] + [(s.start, s.end) for s in split_segments(text)]
    for _ in range(n):
        a = rnd.randrange(len(text) + 1)
        out.append((a, min(len(text), a + rnd.randrange(reach))))
    return out


_WORD_START = re.compile(r"(?<![\w$\u20ac])\w")


def _plain_reading(index: PhraseIndex, text: str, low: str, a: int, b: int) -> dict[PhraseSet, list[tuple[int, int]]]:
    """What the scan must find: the entries of the word at every word start, the free regexes, and per
    list the longest phrase at each start, left to right, without overlaps."""
    found = [(s, e, ps) for s, e, ps in index._fallback_spans(text, low, a, b)]
    found += [(m.start(), m.start() + n, ps) for m in _WORD_START.finditer(low, a, b) for ps, n in index._verify(text, low, m.start(), b)]
    out: dict[PhraseSet, list[tuple[int, int]]] = {ps: [] for ps in index.sets}
    for s, e, ps in sorted(found, key=lambda f: f[0]):  # stable: the free regexes first at a start
        hits = out[ps]
        if not hits or s >= hits[-1][1]:
            hits.append((s, e))
        elif s == hits[-1][0] and e > hits[-1][1]:
            hits[-1] = (s, e)
    return out


def _assert_same(index: PhraseIndex, text: str, each_list: bool = True) -> None:
    low = lower_text(text)
    for a, b in _windows(text):
        found = index.scan(text, low, a, b)
        assert set(found) == set(index.sets)
        plain = _plain_reading(index, text, low, a, b)
        for ps in index.sets:
            got = [(h.start(), h.end()) for h in found[ps]]
            assert got == plain[ps], (ps.phrases[:3], text[a:b])
            if each_list:
                assert got == [(h.start(), h.end()) for h in ps._scan(text, a, b, False)], (ps.phrases[:3], text[a:b])


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_scan_matches_each_list_on_articles(lexicon: Lexicon, path: Path) -> None:
    _assert_same(lexicon.index, normalize_text(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("text", TRICKY)
def test_scan_matches_each_list_on_tricky_text(lexicon: Lexicon, text: str) -> None:
    _assert_same(lexicon.index, text)
    _assert_same(lexicon.index, " ".join(TRICKY))


@pytest.mark.parametrize("text", SYNTHETIC_TEXTS)
def test_scan_matches_each_list_with_colliding_phrases(text: str) -> None:
    index = PhraseIndex()
    for phrases in SYNTHETIC:
        index.add(PhraseSet(phrases))
    # Each list alone may differ here (its own trie prefers its first-listed "*" over a longer phrase).
    _assert_same(index, text, each_list=False)
    _assert_same(index, text.upper(), each_list=False)


def test_answer_table_holds_only_what_the_key_regex_cannot_confuse(lexicon: Lexicon) -> None:
    index = lexicon.index
    index.scan("Canada", "canada", 0, 6)  # builds the key regex and the table
    assert index._answers["canadian armed forces"]
    assert not any("-" in phrase for phrase in index._answers)
    assert "us" not in index._answers  # a case-sensitive word is verified on the original text
