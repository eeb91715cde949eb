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


_BULLET = re.compile(r"^(?:[-*\u2022\u2023\u25aa\u25cf\u00b7\u2013\u2014]|\d{1,2}[.)])\s+")
_CONNECTORS = frozenset(
    "and or a an the of to for with in on by as at from that which its their his her than but including "
    "about over under into will would has have had is are was were be".split()
)
_LAST_TOKEN = re.compile(r"([\w.]+)\.?[\"')\]]*$")


def _ends_sentence(line: str) -> bool:
    """The line ends with . ! ? : ; (closing quotes or brackets allowed after it)."""
    return line.rstrip("\"')]")[-1:] in (".", "!", "?", ":", ";")


def _ends_with_connector(line: str) -> bool:
    words = line.rsplit(None, 1)
    return bool(words) and words[-1].lower() in _CONNECTORS
_ABBREV = {
    "u.s", "u.k", "u.n", "e.u", "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "sgt", "maj", "capt",
    "gov", "sen", "rep", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "no", "vs", "inc", "ltd", "co", "corp", "e.g", "i.e", "approx", "est", "fig", "p.m", "a.m",
}
# A sentence ends at . ! ? (plus closing quotes/brackets) followed by space and a capital, digit,
# quote, dollar or bracket.
_SENT_END = re.compile(r"""[.!?]["')\]]*(?=\s+["'(\[]?[A-Z0-9$€])""")


def _is_heading(line: str) -> bool:
    """Short or Title Case lines without final punctuation are headings, never wrapped sentences."""
    words = line.split()
    if _ends_sentence(line):
        return False
    capitalised = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
    return len(words) <= 12 or capitalised >= 0.6 * len(words)


def _wraps(prev: str, nxt: str) -> bool:
    """True when `nxt` continues the sentence of `prev` (a hard line wrap)."""
    if not prev or not nxt or _ends_sentence(prev) or _BULLET.match(nxt):
        return False
    if nxt[0].islower() or nxt[0] in "$€(,;" or nxt[0].isdigit():
        return True
    if _ends_with_connector(prev):
        return True
    return len(prev) >= 60 and not _is_heading(prev)


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = start
    for m in _SENT_END.finditer(text, start, end):
        if text[m.start()] == ".":  # "U.S." or "Gen." is no sentence end; "!" and "?" always are
            word = _LAST_TOKEN.search(text[max(pos, m.start() - 12) : m.start() + 1])
            token = (word.group(1) if word else "").lower().rstrip(".")
            if token in _ABBREV or (len(token) == 1 and token.isalpha()):
                continue
        out.append((pos, m.end()))
        pos = m.end()
    out.append((pos, end))
    trimmed = []
    for a, b in out:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            trimmed.append((a, b))
    return trimmed


def split_segments(text: str) -> list[Segment]:
    """Sentences and bullet items of normalised `text`, in order, with spans into `text`."""
    raw_lines = text.split("\n")
    lines: list[tuple[int, int]] = []
    pos = 0
    for raw in raw_lines:
        lines.append((pos, pos + len(raw)))
        pos += len(raw) + 1
    segments: list[Segment] = []
    block = -1
    lead: int | None = None  # lead segment for following bullets
    colon_lead: int | None = None  # a line ending with ":" leads the next block too
    sub_lead: int | None = None  # a bullet ending with ":" leads the bullets right under it
    i = 0
    while i < len(lines):
        a, b = lines[i]
        line = raw_lines[i]
        if not line.strip():
            sub_lead = None  # a blank line ends a nested list
            i += 1
            continue
        bm = _BULLET.match(line)
        if bm:
            if lead is None:
                block += 1
            segments.append(Segment(a + bm.end(), b, text[a + bm.end() : b], max(block, 0), True,
                                    sub_lead if sub_lead is not None else lead))
            if line.rstrip().endswith(":"):
                sub_lead = len(segments) - 1  # "- Deliveries to date include:" over nested items
            colon_lead = None
            i += 1
            continue
        sub_lead = None
        # A paragraph: this line plus the lines that wrap from it.
        j = i
        while j + 1 < len(lines) and _wraps(raw_lines[j], raw_lines[j + 1]):
            j += 1
        block += 1
        p_start, p_end = a, lines[j][1]
        first = len(segments)
        for s, e in _sentences(text, p_start, p_end):
            segments.append(Segment(s, e, text[s:e], block, False, colon_lead if len(segments) == first else None))
        colon_lead = None
        lead = len(segments) - 1 if len(segments) > first else None
        if lead is not None and text[p_start:p_end].rstrip().endswith(":"):
            colon_lead = lead
        i = j + 1
    return segments
