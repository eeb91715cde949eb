"""Negated refusals: two refusing cues in a row cancel out into an open door.

"would not" and "rule it out" are each a refusal in the lexicon, but "would not rule it out" leaves the
door open: it is the strongest form of *considering*. The lexicon lists the common fixed forms ("not
ruling out"); this rule covers any negation in front of any refusal ("will not", "did not", "refused
to" + "rule out", "rule it out" ...), so the lexicon need not spell out every combination.
"""
from __future__ import annotations

from extractors.lexicon import StatusCue

__all__ = ["CueSpan", "merge_double_refusals"]

CueSpan = tuple[int, int, StatusCue]  # start, end, cue

_MAX_GAP = 3  # characters between the two refusals: a space, or a quote mark
_OPEN_DOOR = StatusCue("considering", 3)


def merge_double_refusals(cues: list[CueSpan], text: str) -> list[CueSpan]:
    """`cues` (in text order) with each refusal directly followed by another refusal merged into one
    considering cue spanning both ("would not" + "rule it out" -> "would not rule it out"). The same
    list comes back when nothing is merged."""
    if len(cues) < 2 or sum(1 for c in cues if c[2].status == "rejected") < 2:
        return cues
    out: list[CueSpan] = []
    i = 0
    while i < len(cues):
        a, b, cue = cues[i]
        if i + 1 < len(cues) and cue.status == "rejected" and cues[i + 1][2].status == "rejected":
            a2, b2, _ = cues[i + 1]
            if 0 <= a2 - b <= _MAX_GAP and not text[b:a2].strip(" '\""):
                out.append((a, b2, _OPEN_DOOR))
                i += 2
                continue
        out.append(cues[i])
        i += 1
    return out
