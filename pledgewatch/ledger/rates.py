"""Converting sums to Canadian dollars with the dated rate table in `config/rates.toml`.

Reports of one pledge come in C$, US$ or euros; the ledger compares them in CAD at the rate of the
article's date, so that "C$680 million" and "US$500 million" can be recognised as the same sum.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from pledgewatch.settings import ConfigError, config_file, load_toml

HOME_CURRENCY = "CAD"


class RateError(ValueError):
    """No rate is known for a currency; the message is one line."""


@dataclass(frozen=True)
class Rate:
    currency: str
    start: date
    end: date
    cad: float  # Canadian dollars per one unit of `currency`


@dataclass(frozen=True)
class RateTable:
    rates: tuple[Rate, ...]

    def currencies(self) -> set[str]:
        return {r.currency for r in self.rates} | {HOME_CURRENCY}

    def rate(self, currency: str, on: date | None = None) -> float:
        """CAD per unit of `currency` on `on` (latest period when None; nearest period when outside)."""
        cur = currency.upper()
        if cur == HOME_CURRENCY:
            return 1.0
        rows = [r for r in self.rates if r.currency == cur]
        if not rows:
            raise RateError(f"no exchange rate for currency {currency!r} in rates.toml")
        if on is None:
            return max(rows, key=lambda r: r.end).cad
        inside = [r for r in rows if r.start <= on <= r.end]
        if inside:
            return min(inside, key=lambda r: r.end - r.start).cad
        return min(rows, key=lambda r: min(abs((r.start - on).days), abs((r.end - on).days))).cad


def _as_date(value: object, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"{where}: not a date: {value!r}") from None


@lru_cache(maxsize=8)
def _load(path: str, mtime: float) -> RateTable:
    data = load_toml(Path(path))
    rows = []
    for i, entry in enumerate(data.get("rate", [])):
        where = f"{path}: rate #{i + 1}"
        try:
            cad = float(entry["cad"])
            currency = str(entry["currency"]).upper()
        except (KeyError, TypeError, ValueError):
            raise ConfigError(f"{where}: needs currency and a numeric cad") from None
        if cad <= 0:
            raise ConfigError(f"{where}: cad must be positive")
        start, end = _as_date(entry.get("start"), where), _as_date(entry.get("end"), where)
        if end < start:
            raise ConfigError(f"{where}: end before start")
        rows.append(Rate(currency, start, end, cad))
    return RateTable(tuple(rows))


def load_rates(path: Path | None = None) -> RateTable:
    """The rate table from `path` (default `config/rates.toml`), re-read when the file changes."""
    p = path or config_file("rates.toml")
    try:
        mtime = p.stat().st_mtime
    except FileNotFoundError:
        raise ConfigError(f"{p}: config file not found") from None
    return _load(str(p), mtime)


def to_cad(amount: float, currency: str | None, on: date | None = None, *, table: RateTable | None = None) -> float:
    """`amount` in `currency` as Canadian dollars at the rate of `on`.

    A missing currency counts as CAD: a bare "$" in Canadian government news is Canadian dollars.
    Raises RateError for a currency the table does not know.
    """
    if not currency or currency.upper() == HOME_CURRENCY:
        return float(amount)
    return float(amount) * (table or load_rates()).rate(currency, on)
