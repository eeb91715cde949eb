"""Amounts as people say them in a headline: "C$2 billion", "US$500 million", "over C$200 million".

Kept apart from the message templates so that titles, bodies and routing thresholds all speak the
same way about money.
"""
from __future__ import annotations

SYMBOLS = {"CAD": "C$", "USD": "US$", "EUR": "€", "GBP": "£"}
SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def _trim(value: float) -> str:
    """1.0 -> "1", 1.70 -> "1.7", 2.25 -> "2.25" (at most two decimals, no trailing zeros)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def human_amount(amount: float | None, currency: str | None, qualifier: str | None = None) -> str:
    """A sum in words with its currency symbol; "" when there is no sum.

    >>> human_amount(1.7e9, "CAD")
    'C$1.7 billion'
    >>> human_amount(2e8, "CAD", "over")
    'over C$200 million'
    """
    if amount is None:
        return ""
    symbol = SYMBOLS.get((currency or "").upper(), f"{currency} " if currency else "$")
    for scale, word in SCALES:
        if abs(amount) >= scale:
            text = f"{symbol}{_trim(amount / scale)} {word}"
            break
    else:
        text = f"{symbol}{amount:,.0f}"
    return f"{qualifier} {text}" if qualifier else text


def in_kind(quantity: int | None, item: str | None) -> str:
    """ "8 Leopard 2 tanks", "drones", or "" when the pledge names nothing concrete."""
    if quantity and item:
        return f"{quantity:,} {item}"
    if item:
        return item
    return ""


def parse_amount(value: object) -> float:
    """A threshold from config: 100000000, 1e8, "100 million", "1.5 billion" -> float (raises ValueError)."""
    if isinstance(value, bool):
        raise ValueError(f"not an amount: {value!r}")
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        words = value.replace(",", "").replace("_", "").strip().lower().split()
        if len(words) in (1, 2):
            try:
                number = float(words[0])
            except ValueError:
                pass
            else:
                if len(words) == 1:
                    return number
                for scale, word in SCALES:
                    if words[1] == word:
                        return number * scale
    raise ValueError(f"not an amount: {value!r} (use a number or e.g. \"100 million\")")
