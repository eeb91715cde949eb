"""The tense around a status verb: "will be deployed" is a promise, "have been delivered" a fact.

The lexicon maps words to statuses ("deployed" -> delivered). Two auxiliaries change that reading:
- a future or infinitive passive ("will also be deployed", "to be shipped") is still a promise: pledged;
- a finite perfect or passive ("have now been delivered", "were shipped") is the main verb of its
  clause, so it outranks a bare participle that only describes a noun ("the tanks Canada pledged in
  2023 have been delivered"): its weight goes up by one.

`describes_noun` spots that descriptive participle ("the 50 vehicles promised in 2024, ...") so that a
later main verb ("the first 12 reached Ukraine") decides the status.
"""
from __future__ import annotations

import re

from extractors.lexicon import StatusCue
from extractors.negation import CueSpan

__all__ = ["apply_tense", "describes_noun"]

_ADVERB = r"(?:(?:also|now|soon|then|later|all|already|finally|eventually|still|not\s+yet)\s+)?"
_FUTURE_PASSIVE = re.compile(rf"\b(?:will|would|shall|to|going\s+to|is\s+to|are\s+to|should|must)\s+{_ADVERB}be\s+{_ADVERB}$", re.I)
_FINITE = re.compile(rf"\b(?:has|have|had|was|were)\s+{_ADVERB}(?:been\s+{_ADVERB})?$", re.I)
_REACH = 40  # characters looked at before the verb


def apply_tense(cues: list[CueSpan], text: str) -> list[CueSpan]:
    """`cues` with delivered verbs re-read by the auxiliary in front of them (see the module docstring)."""
    out = cues
    for i, (a, b, cue) in enumerate(cues):
        if cue.status != "delivered":
            continue
        lo = max(0, a - _REACH)
        window = text[lo:a]
        low = window.lower()
        if "be" not in low and "ha" not in low and "we" not in low and "wa" not in low:
            continue  # no "be", "been", "has"/"have"/"had", "were", "was": no auxiliary to read
        if _FUTURE_PASSIVE.search(text, lo, a):
            new = StatusCue("pledged", cue.weight, cue.forward_only, cue.backward_only)
        elif _FINITE.search(text, lo, a):
            new = StatusCue("delivered", cue.weight + 1, cue.forward_only, cue.backward_only)
        else:
            continue
        if out is cues:
            out = list(cues)
        out[i] = (a, b, new)
    return out


# Between a thing and a participle that describes it: nothing, "that"/"which", a name ("Canada").
_NAME_GAP = re.compile(r"\s*(?:(?:that|which)\s+)?(?:[A-Z][\w'.-]*\s+){0,2}")


def describes_noun(text: str, thing_end: int, cue_start: int) -> bool:
    """True when the cue at `cue_start` sits in a reduced relative clause right after the thing
    ("vehicles promised in 2024", "tanks Canada pledged in 2023")."""
    gap = cue_start - thing_end
    if gap < 0 or gap > 24:
        return False
    m = _NAME_GAP.match(text, thing_end, cue_start)
    return m is not None and m.end() == cue_start
