"""The rules that say whether two reports describe the same pledge: sums, purposes, families, dates.

Everything tunable comes from `config/reconcile.toml`, so that an analyst can widen a tolerance or add a
synonym without touching code. These functions are pure; `reconcile.py` applies them to database rows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from rapidfuzz import fuzz

from pledgewatch.settings import ConfigError, config_file, load_toml

_WORD = re.compile(r"[a-z0-9]+")
TRANCHE_WORDS = ("tranche", "instalment", "installment", "first payment", "second payment", "final payment",
                 "portion", "disbursement")


@dataclass(frozen=True, eq=False)  # hashed by identity: usable as a cache key
class Rules:
    """The reconciliation settings, read once from `config/reconcile.toml`."""

    same_currency: float = 0.015
    cross_currency: float = 0.05
    over_qualifier: float = 0.25
    date_window_days: int = 365
    families: dict[str, str] = field(default_factory=dict)
    related_families: tuple[frozenset[str], ...] = ()
    generic_score: float = 60
    with_amount_min_score: float = 50
    without_amount_min_score: float = 75
    cross_family_min_score: float = 80
    category_min_score: dict[str, float] = field(default_factory=dict)
    same_amount_max_score: float = 45
    same_purpose_min_score: float = 90
    same_amount_window_days: int = 45
    same_purpose_window_days: int = 180
    same_purpose_max_ratio: float = 2.0
    undated_same_amount_min_digits: int = 3
    undated_same_purpose_min_words: int = 2
    sub_allocation_statuses: frozenset[str] = frozenset({"allocated"})
    sub_allocation_slack: float = 0.02
    tranche_words: tuple[str, ...] = TRANCHE_WORDS
    tranche_min_score: float = 60
    tranche_window_chars: int = 400
    stopwords: frozenset[str] = frozenset()
    generic: frozenset[str] = frozenset()
    generic_by_category: dict[str, frozenset[str]] = field(default_factory=dict)
    synonyms: dict[str, str] = field(default_factory=dict)

    def family(self, category: str) -> str:
        return self.families.get(category, category)

    def join_families(self, family: str) -> set[str]:
        """The families whose pledges a sum in `family` may join (its own and related ones)."""
        out = {family}
        for group in self.related_families:
            if family in group:
                out |= group
        return out

    @property
    def widest_band(self) -> float:
        """The largest relative gap any rule accepts: the width of the candidate lookup."""
        return max(self.same_currency, self.cross_currency, self.over_qualifier)


def _words(values: Any) -> frozenset[str]:
    return frozenset(_normal_token(str(v).lower(), {}) for v in (values or []))


def _normal_token(tok: str, synonyms: dict[str, str]) -> str:
    tok = synonyms.get(tok, tok)
    if len(tok) > 3 and tok.endswith("s") and not tok.endswith(("ss", "us", "is")):
        tok = tok[:-1]
    return synonyms.get(tok, tok)


def rules_from_dict(data: dict[str, Any], where: str = "reconcile.toml") -> Rules:
    """Build Rules from the parsed TOML, with a one-line ConfigError on a bad value."""
    try:
        tol = data.get("tolerance", {})
        join = data.get("join", {})
        conflict = data.get("conflict", {})
        sub = data.get("sub_allocation", {})
        tranche = data.get("tranche", {})
        purpose = data.get("purpose", {})
        synonyms = {str(k).lower(): str(v).lower() for k, v in purpose.get("synonyms", {}).items()}
        return Rules(
            same_currency=float(tol.get("same_currency", 0.015)),
            cross_currency=float(tol.get("cross_currency", 0.05)),
            over_qualifier=float(tol.get("over_qualifier", 0.25)),
            date_window_days=int(tol.get("date_window_days", 365)),
            families={str(k): str(v) for k, v in data.get("families", {}).items()},
            related_families=tuple(frozenset(map(str, g)) for g in join.get("related_families", [])),
            generic_score=float(join.get("generic_score", 60)),
            with_amount_min_score=float(join.get("with_amount_min_score", 50)),
            without_amount_min_score=float(join.get("without_amount_min_score", 75)),
            cross_family_min_score=float(join.get("cross_family_min_score", 80)),
            category_min_score={str(k): float(v) for k, v in join.get("category_min_score", {}).items()},
            same_amount_max_score=float(conflict.get("same_amount_max_score", 45)),
            same_purpose_min_score=float(conflict.get("same_purpose_min_score", 90)),
            same_amount_window_days=int(conflict.get("same_amount_window_days", 45)),
            same_purpose_window_days=int(conflict.get("same_purpose_window_days", 180)),
            same_purpose_max_ratio=float(conflict.get("same_purpose_max_ratio", 2.0)),
            undated_same_amount_min_digits=int(conflict.get("undated", {}).get("same_amount_min_digits", 3)),
            undated_same_purpose_min_words=int(conflict.get("undated", {}).get("same_purpose_min_words", 2)),
            sub_allocation_statuses=frozenset(map(str, sub.get("statuses", ["allocated"]))),
            sub_allocation_slack=float(sub.get("slack", 0.02)),
            tranche_words=tuple(str(w).strip().lower() for w in tranche.get("words", TRANCHE_WORDS) if str(w).strip()),
            tranche_min_score=float(tranche.get("min_purpose_score", 60)),
            tranche_window_chars=int(tranche.get("window_chars", 400)),
            stopwords=frozenset(str(w).lower() for w in purpose.get("stopwords", [])),
            generic=_words(purpose.get("generic")),
            generic_by_category={str(k): _words(v) for k, v in purpose.get("generic_by_category", {}).items()},
            synonyms=synonyms,
        )
    except (TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(f"{where}: invalid value: {exc}") from None


@lru_cache(maxsize=8)
def tranche_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex for the tranche words (whole words, any spacing, an optional plural), or None if none."""
    if not words:
        return None
    alternatives = sorted((r"\s+".join(map(re.escape, w.split())) for w in words), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")(?:s|es)?\b", re.IGNORECASE)


@lru_cache(maxsize=8)
def _load(path: str, mtime: float) -> Rules:
    return rules_from_dict(load_toml(Path(path)), path)


def load_rules(path: Path | None = None) -> Rules:
    """Rules from `path` (default `config/reconcile.toml`); built-in defaults when the file is absent."""
    p = path or config_file("reconcile.toml")
    try:
        mtime = p.stat().st_mtime
    except FileNotFoundError:
        if path is not None:
            raise ConfigError(f"{p}: config file not found") from None
        return Rules()
    return _load(str(p), mtime)


# ---- purposes -------------------------------------------------------------------------------------

@lru_cache(maxsize=65536)
def purpose_tokens(purpose: str, category: str, rules: Rules) -> tuple[str, ...]:
    """The words of a purpose that say what it is for: lower case, singular, synonyms unified,
    stop words and generic words (including the category's own) removed. Sorted and unique."""
    generic = rules.generic | rules.generic_by_category.get(category, frozenset())
    out = set()
    for raw in _WORD.findall((purpose or "").lower()):
        tok = _normal_token(raw, rules.synonyms)
        if tok in rules.stopwords or raw in rules.stopwords or tok in generic:
            continue
        out.add(tok)
    return tuple(sorted(out))


def purpose_score(a: tuple[str, ...], b: tuple[str, ...], rules: Rules) -> float:
    """0-100: how much two purposes (as `purpose_tokens`) agree. Generic purposes get a neutral score."""
    if not a and not b:
        return 100.0
    if not a or not b:
        return rules.generic_score
    if set(a) == set(b):
        return 100.0
    return float(fuzz.token_set_ratio(" ".join(a), " ".join(b)))


def purposes_conflict(a: tuple[str, ...], b: tuple[str, ...], rules: Rules) -> bool:
    """Two specific purposes that cannot be the same thing: no shared word and a low score."""
    if not a or not b or set(a) & set(b):
        return False
    return purpose_score(a, b, rules) <= rules.same_amount_max_score


def purposes_same(a: tuple[str, ...], b: tuple[str, ...], rules: Rules) -> bool:
    """Strictly the same specific purpose (used for same-purpose-different-sum conflicts).

    Stricter than joining: the whole word sets must agree ("loan" is not the same as "ERA loan"), so
    that a vague report never raises a conflict against a precise one.
    """
    if not a or not b:
        return False
    if set(a) == set(b):
        return True
    return fuzz.token_sort_ratio(" ".join(a), " ".join(b)) >= rules.same_purpose_min_score


# ---- sums -----------------------------------------------------------------------------------------

class Sum(Protocol):
    """Anything with a reported sum: a mention, a pledge or a pledge's saved state."""

    amount: float | None
    currency: str | None
    amount_cad: float | None
    qualifier: str | None


def _rel_gap(x: float, y: float) -> float:
    big = max(abs(x), abs(y))
    return abs(x - y) / big if big else 0.0


def _precision(x: float) -> float:
    """The rounding step a figure was given at: 1e8 for 1.5 billion, 1e6 for 835 million."""
    n = round(abs(x))
    if n == 0 or abs(abs(x) - n) > 1e-6:
        return 1.0
    step = 1
    while n % (step * 10) == 0:
        step *= 10
    return float(step)


def significant_digits(x: float) -> int:
    """How many digits a figure was given with: 1 for 500 million, 2 for 680 million, 3 for 835 million."""
    step = _precision(x)
    return len(str(round(abs(x) / step))) if step > 1 else len(str(round(abs(x))))


def _rounds_to(a: float, b: float) -> bool:
    """The more precise figure, rounded at the other's precision, gives the other (1.48 bn ~ 1.5 bn;
    76 million and 75 million are two different exact figures)."""
    pa, pb = _precision(a), _precision(b)
    coarse, fine, step = (a, b, pa) if pa >= pb else (b, a, pb)
    return abs(round(fine / step) * step - coarse) < 0.5


def same_sum(a: Sum, b: Sum, rules: Rules) -> bool:
    """The same sum: in one currency, the same figure up to rounding (compared as reported, so a
    US$ figure reported in two years is still one figure); across currencies, within the conversion
    tolerance after converting both to C$ at their dates."""
    if a.amount is None or b.amount is None:
        return False
    if (a.currency or "CAD") == (b.currency or "CAD"):
        return _rel_gap(a.amount, b.amount) <= rules.same_currency and _rounds_to(a.amount, b.amount)
    if a.amount_cad is None or b.amount_cad is None:
        return False
    return _rel_gap(a.amount_cad, b.amount_cad) <= rules.cross_currency


def same_figure_same_currency(a: Sum, b: Sum, rules: Rules) -> bool:
    """Strictly the same figure in the same currency (what a same-sum conflict needs: an accidental
    match after conversion is no evidence that two sources speak of one sum)."""
    return (a.currency or "CAD") == (b.currency or "CAD") and same_sum(a, b, rules)


def _within_qualifier(bound: float, qualifier: str | None, other: float, rules: Rules) -> bool:
    if qualifier == "over":
        return bound * (1 - rules.same_currency) <= other <= bound * (1 + rules.over_qualifier)
    if qualifier == "up to":
        return bound * (1 - rules.over_qualifier) <= other <= bound * (1 + rules.same_currency)
    if qualifier == "about":
        return _rel_gap(bound, other) <= rules.cross_currency
    return False


def sums_compatible(a: Sum, b: Sum, rules: Rules) -> bool:
    """Same sum, or one a qualified bound the other satisfies ("over $2 billion" and "$2.1 billion")."""
    if same_sum(a, b, rules):
        return True
    if a.amount_cad is None or b.amount_cad is None:
        return False
    return (_within_qualifier(a.amount_cad, a.qualifier, b.amount_cad, rules)
            or _within_qualifier(b.amount_cad, b.qualifier, a.amount_cad, rules))


def dates_plausible(a: date | None, b: date | None, rules: Rules, window: int | None = None) -> bool:
    """Two reports close enough in time to be about one pledge (unknown dates do not rule it out)."""
    if a is None or b is None:
        return True
    return abs((a - b).days) <= (rules.date_window_days if window is None else window)


def purpose_key(tokens: tuple[str, ...]) -> str:
    """The indexed form of a purpose's significant words (`purpose_tokens`), at most 200 characters."""
    return " ".join(tokens)[:200]
