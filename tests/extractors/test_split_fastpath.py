"""`split_segments` (lines walked by position, sentence ends from one pass over the whole text) gives
exactly the segments of the plain line-by-line splitter it replaced, kept here as the reference."""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from extractors.normalize import normalize_text
from extractors.sentences import Segment, _ends_with_connector, _is_abbreviation, split_segments

ROOT = Path(__file__).resolve().parents[2]

# --- The reference: the splitter before the position-walking rewrite, line for line. -------------------
_BULLET = re.compile(r"^(?:[-*\u2022\u2023\u25aa\u25cf\u00b7\u2013\u2014]|\d{1,2}[.)])\s+")
_STOPS = (".", "!", "?", ":", ";")
_SENT_END = re.compile(r"""[.!?]["')\]]*(?=(\s+)["'(\[]?[A-Z0-9$€])""")
_DOT_END = re.compile(r"""\.["')\]]*(?=(\s+)["'(\[]?[A-Z0-9$€])""")


def _ends_sentence(line: str) -> bool:
    return line.rstrip("\"')]")[-1:] in _STOPS


def _is_heading(line: str) -> bool:
    if _ends_sentence(line):
        return False
    words = line.split()
    if len(words) <= 12:
        return True
    return sum(1 for w in words if w[0].isupper() or w[0].isdigit()) >= 0.6 * len(words)


def _wraps(prev: str, nxt: str) -> bool:
    if not prev or not nxt or _ends_sentence(prev) or _BULLET.match(nxt):
        return False
    if nxt[0].islower() or nxt[0] in "$€(,;" or nxt[0].isdigit():
        return True
    if _ends_with_connector(prev):
        return True
    return len(prev) >= 60 and not _is_heading(prev)


def _add_sentences(text: str, start: int, end: int, block: int, lead: int | None, out: list[Segment]) -> int:
    para = text[start:end]
    start, end = start + len(para) - len(para.lstrip()), end - len(para) + len(para.rstrip())
    pos = a = start
    rx = _SENT_END if ("!" in text[start:end] or "?" in text[start:end]) else _DOT_END
    for m in rx.finditer(text, start, end):
        dot = m.start()
        if text[dot] != "." or not _is_abbreviation(text, pos, dot):
            pos = m.end()
            out.append(Segment(a, pos, text[a:pos], block, False, lead))
            lead = None
            a = m.end(1)
    out.append(Segment(a, end, text[a:end], block, False, lead))
    return len(out) - 1


def reference_split(text: str) -> list[Segment]:
    lines = text.split("\n")
    n = len(lines)
    segments: list[Segment] = []
    block = -1
    lead = colon_lead = sub_lead = None
    i = a = 0
    while i < n:
        line = lines[i]
        b = a + len(line)
        if not line or line.isspace():
            sub_lead = None
            i, a = i + 1, b + 1
            continue
        bm = _BULLET.match(line)
        if bm:
            if lead is None:
                block += 1
            s = a + bm.end()
            segments.append(Segment(s, b, text[s:b], max(block, 0), True, sub_lead if sub_lead is not None else lead))
            if line.rstrip().endswith(":"):
                sub_lead = len(segments) - 1
            colon_lead = None
            i, a = i + 1, b + 1
            continue
        sub_lead = None
        j = i
        while j + 1 < n and _wraps(lines[j], lines[j + 1]):
            j += 1
            b += 1 + len(lines[j])
        block += 1
        lead = _add_sentences(text, a, b, block, colon_lead, segments)
        colon_lead = lead if text[segments[lead].end - 1] == ":" else None
        i, a = j + 1, b + 1
    return segments


# --- Texts ------------------------------------------------------------------------------------------
def _corpus() -> list[str]:
    out: list[str] = []
    for folder in ("seeds", "tests/extractors/articles", "bench/heldout/articles", "bench/heldout2/articles"):
        out += [p.read_text(encoding="utf-8") for p in sorted((ROOT / folder).glob("*.txt"))]
    return out


EDGE = [
    "", "\n", "\n\n", " ", "x", "A.", "Hello. World", "Hello.\nWorld", "Hello. \n$5 million went.",
    "Canada pledged:\n- 4 tanks\n- Deliveries to date include:\n- 2 jets\n\n- 3 guns",
    "Canada pledged: \n- item one:  \n- nested\n  \n- after blank",
    "- first bullet with no lead\n1. one\n12) twelve\n123. not a bullet\n-no space",
    "He said \"Yes.\" Then left.) And \"(More.\" [Done.] 'Quoted.' Next",
    "The U.S. and Gen. Smith met Mr. Jones at 5 p.m. Sept. 1. Then John F. Kennedy spoke. End.",
    "Is it? Yes! No. Maybe?! \"Really?\" Sure.",
    "A line that is rather long and ends with the word and\nso it wraps onto this line. Done.",
    "Short heading\nBody text starts here. Second sentence.",
    "  leading spaces. Here.  \n\t\ttabbed line. Next.\t",
    "\u2022 dot bullet\n\u2013 en dash bullet\n\u2014 em dash bullet\n\u00b7 middle dot\n* star\n\u25aa sq\n\u25cf circle",
    "Price $1.7 billion. \u20ac5 million. Next.\u00a0Nbsp. \u2003Em space.\u3000Ideographic",
    "\u00c9tude. \u00e9t\u00e9 \u0130stanbul. \u0131 x. \u212aelvin. \u017fong.",
    "ends with colon:\nNext paragraph leads?\n- bullet",
    "one\n \ntwo\n  \nthree.",
    "wraps over a whitespace line and\n   \nthen continues here.",
    "digits\n\u0663. arabic-indic bullet\n\u00b2 superscript. X",
    "Trailing newline.\n",
    "Ends with quote.\"\nNew line starts.",
    "x" * 70 + " no stop at all and long enough to count as a sentence line without capitals here\nnext line",
    "A Title Case Line That Is Long Enough To Have More Than Twelve Words In It For Sure Yes\nNext",
    "He left. \n$5 million followed. Then more.\nNext line. Gen. Smith.",  # an end before a wrapped line
    "No. 5 is here. It. Is. Short.\nOk. A.B. C.\n1. No. 2 here.",  # look-backs that reach the line start
    "Why? Because. Then this.\nA plain line. With two.\nWhy not! And \"so.\" Yes.",  # marks beside dots
    "Tab.\tNext. Nbsp.\u00a0Next. Cr.\rNext. Ls.\u2028Next. Two.  Spaces.",  # unusual spaces
    "Mark Carney, Canada\u2019s prime minister and Liberal Party leader, at an election night event in Ottawa (Photo: Getty)\nThe next paragraph starts here. And ends.",
]

_PIECES = [
    "Canada", "pledged", "the", "U.S.", "Gen.", "Mr.", "approx.", "$5", "million", "\u20ac3", "and", "of",
    ".", ". ", "! ", "? ", ": ", "; ", ":", '"', "'", ")", "(", "]", "[", " ", "  ", "\n", "\n\n", "\n \n",
    "- ", "\u2022 ", "1. ", "12) ", "3.", "A", "B.", "x.", "Z", "\u00e9t\u00e9", "\u0130", "\u212a", "\t",
    "\u2014", "\u2013 ", "*", "0", "9", "including", "Ukraine.", "tanks", "deliveries include:",
    "\r", "\u00a0", "\u2028", "No.", "and\n", ". \n", "$", "(", "\u201c", "Gen. ", "x" * 61,
]


def _fuzz(count: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    out = []
    for _ in range(count):
        parts = [rnd.choice(_PIECES) for _ in range(rnd.randint(1, 40))]
        out.append("".join(p if rnd.random() < 0.6 else p + " " for p in parts))
    return out


def _check(text: str) -> None:
    assert split_segments(text) == reference_split(text), repr(text)


@pytest.mark.parametrize("text", EDGE)
def test_edge_cases(text: str) -> None:
    _check(text)


def test_corpus_raw_and_normalised() -> None:
    for text in _corpus():
        _check(text)
        _check(normalize_text(text))
        _check(normalize_text(text).replace(". ", ".\n"))  # every sentence on its own line


def test_fuzz() -> None:
    for text in _fuzz(4000, 20251122):
        _check(text)
