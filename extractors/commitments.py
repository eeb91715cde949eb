"""Canada→Ukraine commitments from article text (first, crude version; being replaced)."""
from __future__ import annotations

import re
from typing import Any

from extractors.model import Commitment
from extractors.normalize import normalize_text

_SENT = re.compile(r"[^.!?\n]+[.!?]?")
_MONEY = re.compile(r"(?:C|CA|CAN|US)?\$\s?(\d+(?:\.\d+)?)[ -]?(million|billion)", re.I)


def extract_commitments(text: str, lexicon: Any = None) -> list[Commitment]:
    """Return the commitments stated in `text` (crude placeholder keeping the contract)."""
    norm = normalize_text(text)
    out: list[Commitment] = []
    seen: set[float] = set()
    for m in _SENT.finditer(norm):
        sent = m.group(0)
        if "Canad" not in sent and "Ottawa" not in sent:
            continue
        for mm in _MONEY.finditer(sent):
            amount = float(mm.group(1)) * (1e9 if mm.group(2).lower() == "billion" else 1e6)
            if amount in seen:
                continue
            seen.add(amount)
            start = m.start() + (len(sent) - len(sent.lstrip()))
            out.append(Commitment(category="military", purpose="", status="pledged",
                                  evidence=norm[start:m.end()], span=(start, m.end()),
                                  amount=amount, currency="CAD"))
    return out
