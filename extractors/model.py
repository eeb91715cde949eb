"""The facts extraction produces: an article's text with its metadata, and the commitments it states.

These two dataclasses are the contract between `extractors/` and the rest of pledgewatch (ledger,
alerts, flows). They are plain data so that the extractors stay pure and the ledger can store them.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

CATEGORIES = ("military", "financial", "humanitarian", "troops", "training", "sanctions", "agreement", "other")
STATUSES = ("considering", "pledged", "allocated", "delivered")
CURRENCIES = ("CAD", "USD", "EUR")
QUALIFIERS = ("over", "up to", "about")


@dataclass(frozen=True)
class Article:
    """An article's main text, normalised, with what is known of where it came from."""

    text: str
    source: str  # the path or URL the user gave
    title: str | None = None
    date: str | None = None  # ISO date (YYYY-MM-DD) or datetime when known
    site: str | None = None  # outlet / site name
    url: str | None = None  # canonical URL when known

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Commitment:
    """One Canada→Ukraine commitment stated in an article.

    `amount` is the full number (2e9 for "$2 billion") or None for a commitment without a sum
    (troops, sanctions, an in-kind donation). `alt_amount`/`alt_currency` keep the second figure of
    a bracketed conversion ("CA$1 billion (US$730 million)"). `running_total` marks a cumulative figure
    ("has committed $22 billion since 2022") that must not be booked as a new pledge.
    `span` is the [start, end) character span of `evidence` in the normalised article text.
    """

    category: str
    purpose: str
    status: str
    evidence: str
    span: tuple[int, int]
    amount: float | None = None
    currency: str | None = None
    qualifier: str | None = None
    quantity: int | None = None
    item: str | None = None
    alt_amount: float | None = None
    alt_currency: str | None = None
    running_total: bool = False
    donor: str = "Canada"
    recipient: str = "Ukraine"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["span"] = list(self.span)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Commitment":
        known = {f for f in cls.__dataclass_fields__}
        data = {k: v for k, v in d.items() if k in known}
        data["span"] = tuple(data.get("span") or (0, 0))
        return cls(**data)
