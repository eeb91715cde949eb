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

# A bullet at the start of a line (always `match`ed there: a line string, or the text from the line's start).
_BULLET = re.compile(r"(?:[-*\u2022\u2023\u25aa\u25cf\u00b7\u2013\u2014]|\d{1,2}[.)])\s+")
_CONNECTORS = frozenset(
    "and or a an the of to for with in on by as at from that which its their his her than but including "
    "about over under into will would has have had is are was were be".split()
)
_LAST_TOKEN = re.compile(r"([\w.]+)\.?[\"')\]]*$")
_STOPS = (".", "!", "?", ":", ";")
_STOP_CHARS = ".!?:;"


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
# The same for "." alone: a regex that starts with one literal character scans for it several times
# faster than one that starts with a character class. `_LINE_DOT_END` does not look past the end of its
# line, so one pass over the whole text finds the sentence ends of every paragraph of one line (most):
# exactly those a search bounded by the paragraph would find.
_DOT_END = re.compile(r"""\.["')\]]*(?=(\s+)["'(\[]?[A-Z0-9$€])""")
_LINE_DOT_END = re.compile(r"""\.["')\]]*(?=([^\S\n]+)["'(\[]?[A-Z0-9$€])""")
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


def _wraps_at(text: str, a: int, b: int, d: int) -> bool:
    """True when the next line text[b + 1 : d] continues the sentence of the line text[a:b] (not
    empty): a hard line wrap. Asked with the most telling test first and without copying the next
    line, the common answer (a heading over a capitalised paragraph) costs a few look-ups."""
    if d == b + 1:
        return False
    first = text[b + 1]
    prev = text[a:b]
    if not (first.islower() or first in "$€(,;" or first.isdigit() or _ends_with_connector(prev)
            or (b - a >= 60 and not _is_heading(prev))):
        return False
    return not (_ends_sentence(prev) or _BULLET.match(text, b + 1, d))


def _is_abbreviation(text: str, pos: int, dot: int) -> bool:
    """The word before the "." at `dot` (looking back no further than `pos`): "U.S.", "Gen.", an initial."""
    tail = text[dot - 3 : dot]
    if dot - pos >= 3 and tail.isalpha() and tail.lower() not in _ABBREV_TAILS:
        return False  # a word that no abbreviation ends like: the common case, settled without the regex
    word = _LAST_TOKEN.search(text[max(pos, dot - 12) : dot + 1])
    token = (word.group(1) if word else "").lower().rstrip(".")
    return token in _ABBREV or (len(token) == 1 and token.isalpha())


def _add_bounded(text: str, start: int, end: int, block: int, lead: int | None, out: list[Segment],
                 rx: re.Pattern[str]) -> None:
    """Append the sentences of the paragraph text[start:end] (stripped), the first one with `lead`,
    searching the paragraph alone with `rx`: for one with a "!" or "?", or wrapped over several lines."""
    pos = a = start
    m = rx.search(text, start, end)
    while m:
        dot = m.start()
        if text[dot] != "." or not _is_abbreviation(text, pos, dot):  # "!" and "?" always end a sentence
            pos = m.end()
            out.append(_new_segment(Segment, (a, pos, text[a:pos], block, False, lead)))
            lead = None
            a = m.end(1)  # the lookahead saw a word after the space: the last sentence is never empty
        m = rx.search(text, m.end(), end)
    out.append(_new_segment(Segment, (a, end, text[a:end], block, False, lead)))


def _next_mark(text: str, pos: int, n: int) -> int:
    """Where the first "!" or "?" from `pos` on is (`n`, the text's length, if none)."""
    bang, query = text.find("!", pos), text.find("?", pos)
    if bang < 0:
        return n if query < 0 else query
    return bang if query < 0 or bang < query else query


def split_segments(text: str) -> list[Segment]:
    """Sentences and bullet items of normalised `text`, in order, with spans into `text`.

    Walks the lines by position (a line string is made only for a line that does not end with a stop,
    to ask whether the next one wraps from it) and takes the possible ends of sentences in the
    paragraphs of one line from one pass over the whole text.
    """
    n = len(text)
    mark = _next_mark(text, 0, n)  # the first "!" or "?" not yet passed
    dots = _LINE_DOT_END.finditer(text)
    m = next(dots, None)  # the first possible end not yet passed, and where it is
    dot = m.start() if m is not None else n
    segments: list[Segment] = []
    block = -1
    lead: int | None = None  # lead segment for following bullets
    colon_lead: int | None = None  # a line ending with ":" leads the next block too
    sub_lead: int | None = None  # a bullet ending with ":" leads the bullets right under it
    a = 0  # start of the current line
    while a <= n:
        b = text.find("\n", a)
        if b < 0:
            b = n
        if a == b:
            sub_lead = None  # a blank line ends a nested list
            a = b + 1
            continue
        c = text[a]
        if not c.isalpha():  # a letter starts neither a blank line nor a bullet
            if c.isspace() and text[a:b].isspace():
                sub_lead = None
                a = b + 1
                continue
            bm = _BULLET.match(text, a, b)
            if bm:
                if lead is None:
                    block += 1
                s = bm.end()
                segments.append(_new_segment(Segment, (s, b, text[s:b], block, True,
                                                       sub_lead if sub_lead is not None else lead)))
                last = text[b - 1]
                if last == ":" or last.isspace() and text[a:b].rstrip().endswith(":"):
                    sub_lead = len(segments) - 1  # "- Deliveries to date include:" over nested items
                colon_lead = None
                a = b + 1
                continue
        sub_lead = None
        # A paragraph: this line plus the lines that wrap from it (never from a line ending with a stop).
        block += 1
        start = a
        last = text[b - 1]
        one_line = True
        if last not in _STOP_CHARS:
            line = a
            while b < n:
                d = text.find("\n", b + 1)
                if d < 0:
                    d = n
                if not _wraps_at(text, line, b, d):
                    break
                line, b, one_line = b + 1, d, False
            last = text[b - 1]
            if last.isspace():
                end = b - len(text[a:b]) + len(text[a:b].rstrip())  # only in text that was not normalised
                last = text[end - 1]
            else:
                end = b
        else:
            end = b
        if c.isspace():
            start = end - len(text[a:end].lstrip())
        while dot < start:  # ends in a bullet, or in a paragraph searched on its own
            m = next(dots, None)
            dot = m.start() if m is not None else n
        if mark < start:
            mark = _next_mark(text, start, n)
        if mark < end:
            _add_bounded(text, start, end, block, colon_lead, segments, _SENT_END)
        elif not one_line:
            _add_bounded(text, start, end, block, colon_lead, segments, _DOT_END)
        else:
            # The sentences: split at the ends inside the line that are not abbreviations.
            first = pos = start  # start of the current sentence; end of the last (the abbreviation look-back stops there)
            sentence_lead = colon_lead
            while dot < end:
                tail = text[dot - 3 : dot]
                # `_is_abbreviation` asked only of a word that could be one (see there)
                if (tail.isalpha() and tail.lower() not in _ABBREV_TAILS and dot - pos >= 3
                        or not _is_abbreviation(text, pos, dot)):
                    pos = m.end()
                    segments.append(_new_segment(Segment, (first, pos, text[first:pos], block, False, sentence_lead)))
                    sentence_lead = None
                    first = m.end(1)  # the lookahead saw a word after the space: the last sentence is never empty
                m = next(dots, None)
                dot = m.start() if m is not None else n
            segments.append(_new_segment(Segment, (first, end, text[first:end], block, False, sentence_lead)))
        lead = len(segments) - 1
        colon_lead = lead if last == ":" else None  # the paragraph ends with ":"
        a = b + 1
    return segments
