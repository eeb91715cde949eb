"""Split normalised article text into sentences and bullet items, with spans.

Commitments are judged sentence by sentence, so the splitter must (a) rejoin lines that an outlet
wrapped mid-sentence ("formalized a\\n$680 million ..."), (b) keep headings and bullet items apart,
(c) remember which lead line ("So far, Canada has pledged:") a bullet list hangs from, including a
bullet ending with a colon over the bullets right under it (indentation is gone after normalisation, so
a nested list runs until a blank line), and (d) not split at "U.S." or "$1.7".
"""
from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["Segment", "split_segments"]


class Segment(NamedTuple):
    """A sentence or bullet item: `text == source[start:end]` (a tuple: cheap to make by the hundred)."""

    start: int
    end: int
    text: str
    block: int  # paragraph number (bullets belong to the block of their lead)
    bullet: bool = False
    lead: int | None = None  # index of the lead segment of a bullet list, or of a colon-ended line


# `_new_segment(Segment, fields)` is `Segment(*fields)` without the NamedTuple's Python-level `__new__`
# (a third of the cost of making one).
_new_segment = tuple.__new__

_BULLET = re.compile(r"^(?:[-*\u2022\u2023\u25aa\u25cf\u00b7\u2013\u2014]|\d{1,2}[.)])\s+")
_CONNECTORS = frozenset(
    "and or a an the of to for with in on by as at from that which its their his her than but including "
    "about over under into will would has have had is are was were be".split()
)
_LAST_TOKEN = re.compile(r"([\w.]+)\.?[\"')\]]*$")
_STOPS = (".", "!", "?", ":", ";")


def _ends_sentence(line: str) -> bool:
    """The line ends with . ! ? : ; (closing quotes or brackets allowed after it)."""
    return line.rstrip("\"')]")[-1:] in _STOPS


def _ends_with_connector(line: str) -> bool:
    words = line.rsplit(None, 1)
    return bool(words) and words[-1].lower() in _CONNECTORS
_ABBREV = {
    "u.s", "u.k", "u.n", "e.u", "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "sgt", "maj", "capt",
    "gov", "sen", "rep", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "no", "vs", "inc", "ltd", "co", "corp", "e.g", "i.e", "approx", "est", "fig", "p.m", "a.m",
}
# A sentence ends at . ! ? (plus closing quotes/brackets) followed by space and a capital, digit,
# quote, dollar or bracket. Group 1 is that space, so the next sentence starts at `m.end(1)`.
_SENT_END = re.compile(r"""[.!?]["')\]]*(?=(\s+)["'(\[]?[A-Z0-9$€])""")
# The same for a paragraph without "!" or "?": a regex that starts with one literal character scans
# for it several times faster than one that starts with a character class.
_DOT_END = re.compile(r"""\.["')\]]*(?=(\s+)["'(\[]?[A-Z0-9$€])""")
# How abbreviations of three letters or more end: a word ending otherwise needs no look-up. (Each letter
# lowers to one character, and only to an ASCII one if ASCII or the Kelvin sign: the word's last three
# letters lowered are the last three of the word lowered.)
_ABBREV_TAILS = frozenset(a[-3:] for a in _ABBREV if len(a) >= 3)


def _is_heading(line: str) -> bool:
    """Short or Title Case lines without final punctuation are headings, never wrapped sentences."""
    if _ends_sentence(line):
        return False
    words = line.split()
    if len(words) <= 12:
        return True
    capitalised = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
    return capitalised >= 0.6 * len(words)


def _wraps(prev: str, nxt: str) -> bool:
    """True when `nxt` continues the sentence of `prev` (a hard line wrap)."""
    # `_ends_sentence(prev)` written out: most lines end a sentence, and this runs once per paragraph
    if not prev or not nxt or prev.rstrip("\"')]")[-1:] in _STOPS or _BULLET.match(nxt):
        return False
    if nxt[0].islower() or nxt[0] in "$€(,;" or nxt[0].isdigit():
        return True
    if _ends_with_connector(prev):
        return True
    return len(prev) >= 60 and not _is_heading(prev)


def _is_abbreviation(text: str, pos: int, dot: int) -> bool:
    """The word before the "." at `dot` (looking back no further than `pos`): "U.S.", "Gen.", an initial."""
    tail = text[dot - 3 : dot]
    if dot - pos >= 3 and tail.isalpha() and tail.lower() not in _ABBREV_TAILS:
        return False  # a word that no abbreviation ends like: the common case, settled without the regex
    word = _LAST_TOKEN.search(text[max(pos, dot - 12) : dot + 1])
    token = (word.group(1) if word else "").lower().rstrip(".")
    return token in _ABBREV or (len(token) == 1 and token.isalpha())


def _add_sentences(text: str, start: int, end: int, block: int, lead: int | None, out: list[Segment],
                   marks: bool = True) -> int:
    """Append the sentences of the paragraph `text[start:end]` (not blank) to `out`, the first one with
    `lead`; return the index of the last one. `marks`: the text may hold "!" or "?".

    A sentence end's match already spans the space after it, so only the paragraph's own ends need
    trimming; the abbreviation regex runs only for words that could be one.
    """
    if text[start].isspace() or text[end - 1].isspace():  # only in text that was not normalised
        para = text[start:end]
        start, end = start + len(para) - len(para.lstrip()), end - len(para) + len(para.rstrip())
    pos = start  # end of the last sentence (where the abbreviation look-back stops)
    a = start  # start of the current sentence
    marks = marks and (text.find("!", start, end) >= 0 or text.find("?", start, end) >= 0)
    rx = _SENT_END if marks else _DOT_END
    m = rx.search(text, start, end)  # `search` in a loop: cheaper than `finditer` for one sentence
    while m:
        dot = m.start()
        if text[dot] != "." or not _is_abbreviation(text, pos, dot):  # "!" and "?" always end a sentence
            pos = m.end()
            out.append(_new_segment(Segment, (a, pos, text[a:pos], block, False, lead)))
            lead = None
            a = m.end(1)  # the lookahead saw a word after the space: the last sentence is never empty
        m = rx.search(text, m.end(), end)
    out.append(_new_segment(Segment, (a, end, text[a:end], block, False, lead)))
    return len(out) - 1


def split_segments(text: str) -> list[Segment]:
    """Sentences and bullet items of normalised `text`, in order, with spans into `text`."""
    lines = text.split("\n")
    n = len(lines)
    marks = "!" in text or "?" in text  # else no paragraph needs the slower `_SENT_END`
    segments: list[Segment] = []
    block = -1
    lead: int | None = None  # lead segment for following bullets
    colon_lead: int | None = None  # a line ending with ":" leads the next block too
    sub_lead: int | None = None  # a bullet ending with ":" leads the bullets right under it
    i = 0
    a = 0  # offset of lines[i] in text
    while i < n:
        line = lines[i]
        b = a + len(line)
        if not line or line.isspace():
            sub_lead = None  # a blank line ends a nested list
            i, a = i + 1, b + 1
            continue
        bm = _BULLET.match(line)
        if bm:
            if lead is None:
                block += 1
            s = a + bm.end()
            segments.append(_new_segment(Segment, (s, b, text[s:b], max(block, 0), True,
                                      sub_lead if sub_lead is not None else lead)))
            if line.rstrip().endswith(":"):
                sub_lead = len(segments) - 1  # "- Deliveries to date include:" over nested items
            colon_lead = None
            i, a = i + 1, b + 1
            continue
        sub_lead = None
        # A paragraph: this line plus the lines that wrap from it.
        j = i
        while j + 1 < n and _wraps(lines[j], lines[j + 1]):
            j += 1
            b += 1 + len(lines[j])
        block += 1
        lead = _add_sentences(text, a, b, block, colon_lead, segments, marks)
        colon_lead = lead if text[segments[lead].end - 1] == ":" else None  # the paragraph ends with ":"
        i, a = j + 1, b + 1
    return segments
