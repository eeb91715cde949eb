"""The extraction lexicon: cue words read from `config/lexicon.toml` and compiled once.

Analysts extend the lists in the TOML file; this module only turns phrases into regular expressions
(see the header of the TOML file for the phrase syntax) and caches the result, so extraction never
re-reads or re-compiles anything per article.
"""
from __future__ import annotations

import os
import re
import time
import tomllib
from contextvars import ContextVar, Token
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from extractors.phrase_index import PhraseIndex

__all__ = ["Lexicon", "LexiconError", "PhraseSet", "StatusCue", "default_lexicon_path", "load_lexicon", "lower_text", "scan_scope"]

_DEFAULT = Path(__file__).resolve().parent.parent / "config" / "lexicon.toml"


class LexiconError(Exception):
    """The lexicon file is missing or malformed; the message is one line and names the file."""


def default_lexicon_path() -> Path:
    """`$PLEDGEWATCH_CONFIG_DIR/lexicon.toml` when that variable is set, else the project's config/."""
    env = os.environ.get("PLEDGEWATCH_CONFIG_DIR")
    return Path(env) / "lexicon.toml" if env else _DEFAULT


def _atoms(phrase: str) -> tuple[list[str], bool, bool]:
    """Regex atoms of a plain phrase, whether it is case-sensitive, and whether it needs a right boundary."""
    text = phrase.strip()
    star = text.endswith("*")
    if star:
        text = text[:-1]
    letters = [c for c in text if c.isalpha()]
    case_sensitive = bool(letters) and text.upper() == text and any(c.isupper() for c in letters)
    atoms: list[str] = []
    for i, word in enumerate(text.split()):
        if i:
            atoms.append(r"[\s-]+")
        atoms.extend(re.escape(c if case_sensitive else c.lower()) for c in word)
    if star:
        atoms.append(r"[\w-]*")
    return atoms, case_sensitive, star or text[-1:].isalnum()


def phrase_pattern(phrase: str) -> str:
    """Regex source for one lexicon phrase (word-bounded; ALL-CAPS phrases stay case-sensitive)."""
    if phrase.startswith("re:"):
        return f"(?:{phrase[3:]})"
    atoms, cs, right = _atoms(phrase)
    body = "".join(atoms)
    if cs:
        body = f"(?-i:{body})"
    left = r"(?<![\w$€])" if (phrase.strip()[:1].isalnum() or phrase.strip()[:1] == "_") else ""
    return left + body + (r"(?![\w$])" if right else "")


def _trie_pattern(entries: list[tuple[list[str], bool]]) -> str:
    """One regex for many phrases, factored as a trie so each position tries one branch per character.

    A plain alternation of a few hundred phrases costs a few milliseconds per article; the trie keeps
    extraction well under a millisecond per kilobyte. Longer phrases win (children before the end).
    """
    root: dict[str, Any] = {}
    for atoms, right in entries:
        node = root
        for a in atoms:
            node = node.setdefault(a, {})
        node[""] = r"(?![\w$])" if right else ""

    def emit(node: dict[str, Any]) -> str:
        alts = [a + emit(child) for a, child in node.items() if a != ""]
        if "" in node:
            alts.append(node[""] or "")
        if len(alts) == 1:
            return alts[0]
        return "(?:" + "|".join(alts) + ")"

    return emit(root) if root else "(?!)"


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_lowered: list[tuple[str, str]] = []  # the last few texts seen and their lowered forms


def lower_text(text: str) -> str:
    """`text` lowered with every position kept (cached for the last few texts seen)."""
    for original, low in _lowered:
        if original is text:
            return low
    low = text.lower()
    if len(low) != len(text):  # a few non-ASCII capitals lower to two characters
        low = text.translate(_ASCII_LOWER)
    _lowered.insert(0, (text, low))
    del _lowered[4:]
    return low


class Hit:
    """A phrase found in a text: the part of `re.Match` the extractor uses (start, end, group)."""

    __slots__ = ("_text", "_start", "_end")

    def __init__(self, text: str, start: int, end: int) -> None:
        self._text, self._start, self._end = text, start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self, index: int = 0) -> str:
        return self._text[self._start : self._end]


_BOUNDARY_BEFORE = re.compile(r"[\w$€]")


def _word_hits(rx: re.Pattern[str], haystack: str, text: str, pos: int, end: int, first_only: bool) -> list[Hit]:
    """Matches of `rx` in haystack[pos:end] that start a word (positions are the same in `text`)."""
    hits: list[Hit] = []
    search = rx.search
    while pos < end:
        m = search(haystack, pos, end)
        if m is None:
            break
        a = m.start()
        if a and _BOUNDARY_BEFORE.match(haystack, a - 1):
            pos = a + 1
            continue
        hits.append(Hit(text, a, m.end()))
        if first_only:
            break
        pos = m.end() if m.end() > a else a + 1
    return hits


class Scope:
    """A stretch of text (one sentence) whose phrase scans are done once and then sliced.

    The extractor asks a dozen questions about each sentence, each over a slightly different window;
    inside `scan_scope(...)` every PhraseSet scans the whole sentence once and answers from that.
    `hits` maps a PhraseSet to its phrases in the sentence: in order, without overlaps.
    """

    __slots__ = ("text", "start", "end", "hits")

    def __init__(self, text: str, start: int, end: int, hits: dict[PhraseSet, list[Hit]] | None = None) -> None:
        self.text, self.start, self.end = text, start, end
        self.hits: dict[PhraseSet, list[Hit]] = hits or {}


# The scope of the running `with scan_scope(...)` block. A context variable is per thread (and per
# asyncio task), like a threading.local, and several times cheaper to read: it is read ~50 times per
# sentence.
_SCOPE: ContextVar[Scope | None] = ContextVar("pledgewatch_scan_scope", default=None)
_current_scope = _SCOPE.get


class scan_scope:  # noqa: N801 (used like a function: `with scan_scope(...)`)
    """Within this block, phrase lookups inside text[start:end] share one scan per phrase set
    (one pass for all of `lexicon`'s lists when it is given).

    A small class rather than a generator-based context manager: it is entered once per sentence
    worth reading, and the generator machinery cost more than the scan it organises.
    """

    __slots__ = ("_scope", "_token")

    def __init__(self, text: str, start: int, end: int, lexicon: Lexicon | None = None) -> None:
        hits = lexicon.index.scan(text, lower_text(text), start, end) if lexicon is not None else None
        self._scope = Scope(text, start, end, hits)
        self._token: Token[Scope | None] | None = None

    def __enter__(self) -> Scope:
        self._token = _SCOPE.set(self._scope)
        return self._scope

    def __exit__(self, *exc: object) -> None:
        if self._token is not None:
            _SCOPE.reset(self._token)
            self._token = None


_UNKNOWN = object()  # not in a cache yet


class PhraseSet:
    """A list of phrases matched as one case-insensitive regex (a trie), longest phrase first.

    `payloads` (same order as `phrases`) lets a match say which entry it came from.
    """

    def __init__(self, phrases: list[str], payloads: list[Any] | None = None) -> None:
        self.phrases = list(phrases)
        self.payloads = list(payloads) if payloads is not None else [None] * len(self.phrases)
        order = sorted(range(len(self.phrases)), key=lambda i: -len(self.phrases[i]))
        self._order = order
        self._entries: list[tuple[re.Pattern[str], Any]] | None = None  # compiled on first payload()
        self._payload_cache: dict[str, Any] = {}
        ci_word: list[tuple[list[str], bool]] = []
        cs_word: list[tuple[list[str], bool]] = []
        other: list[str] = []
        for p in self.phrases:
            if p.startswith("re:"):
                other.append(phrase_pattern(p))
                continue
            atoms, cs, right = _atoms(p)
            if not (p.strip()[:1].isalnum() or p.strip()[:1] == "_"):
                other.append(phrase_pattern(p))
            elif cs:
                cs_word.append((atoms, right))
            else:
                ci_word.append((atoms, right))
        parts = []
        if ci_word or cs_word:
            word_alts = []
            if ci_word:
                word_alts.append(_trie_pattern(ci_word))
            if cs_word:
                word_alts.append(f"(?-i:{_trie_pattern(cs_word)})")
            parts.append(r"(?<![\w$€])(?:" + "|".join(word_alts) + ")")
        parts.extend(other)
        # `regex` is the whole set as one pattern, for callers that embed or apply it directly.
        self.regex: re.Pattern[str] | None = re.compile("|".join(parts), re.I) if parts else None
        # The fast path used on whole articles: plain (flag-free) tries on ASCII-lowered text, the
        # left word boundary checked in Python, so the regex engine can skip ahead by first letter.
        self._ci_fast = re.compile(_trie_pattern(ci_word)) if ci_word else None
        self._cs_fast = re.compile(_trie_pattern(cs_word)) if cs_word else None
        self._other = re.compile("|".join(other), re.I) if other else None

    def _scan(self, text: str, pos: int, end: int, first_only: bool) -> list[Hit]:
        """Phrases inside text[pos:end] (the first one only when asked), longest at each start."""
        hits: list[Hit] = []
        sources = 0
        if self._ci_fast is not None:
            sources += 1
            hits += _word_hits(self._ci_fast, lower_text(text), text, pos, end, first_only)
        if self._cs_fast is not None:
            sources += 1
            hits += _word_hits(self._cs_fast, text, text, pos, end, first_only)
        if self._other is not None:
            sources += 1
            for m in self._other.finditer(text, pos, end):
                if m.end() > m.start():
                    hits.append(Hit(text, m.start(), m.end()))
                    if first_only:
                        break
        if sources > 1 and len(hits) > 1:
            hits.sort(key=lambda h: (h.start(), -h.end()))
            kept: list[Hit] = []
            for h in hits:
                if not kept or h.start() >= kept[-1].end():
                    kept.append(h)
            hits = kept
        return hits[:1] if first_only else hits

    def _scope_hits(self, sc: Scope) -> list[Hit]:
        """This set's phrases in the scope's sentence (scanned on first use if the index has not)."""
        hits = sc.hits.get(self)
        if hits is None:
            hits = sc.hits[self] = self._scan(sc.text, sc.start, sc.end, False)
        return hits

    def _scoped(self, text: str, pos: int, end: int) -> list[Hit] | None:
        """Hits inside [pos, end) taken from the current scope's one scan, if a scope covers it."""
        sc = _current_scope()
        if sc is None or sc.text is not text or pos < sc.start or end > sc.end:
            return None
        hits = sc.hits.get(self)
        if hits is None:
            hits = self._scope_hits(sc)
        if pos == sc.start and end == sc.end:
            return list(hits)  # the whole sentence: every hit (a copy: callers own their list)
        found = []
        for h in hits:  # in order and without overlaps: the ends grow with the starts
            if h._start >= pos:
                if h._end > end:
                    break
                found.append(h)
        return found

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> list[Hit]:
        """Phrases found inside text[pos:endpos], in order, without overlaps."""
        if self.regex is None:
            return []
        end = len(text) if endpos is None else endpos
        scoped = self._scoped(text, pos, end)
        return scoped if scoped is not None else self._scan(text, pos, end, False)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> Hit | None:
        """The first phrase found inside text[pos:endpos], or None."""
        if self.regex is None:
            return None
        end = len(text) if endpos is None else endpos
        # Asked hundreds of times per article, mostly inside a scope: answered there without building
        # the filtered list `_scoped` returns (same answer: its first element).
        sc = _current_scope()
        if sc is not None and sc.text is text and pos >= sc.start and end <= sc.end:
            hits = sc.hits.get(self)
            if hits is None:
                hits = self._scope_hits(sc)
            for h in hits:  # in order and without overlaps: the first one from `pos` or none
                if h._start >= pos:
                    return h if h._end <= end else None
            return None
        found = self._scan(text, pos, end, True)
        return found[0] if found else None

    def payload(self, matched: str) -> Any:
        """The payload of the (longest) entry that matches `matched` entirely."""
        found = self._payload_cache.get(matched, _UNKNOWN)
        if found is not _UNKNOWN:
            return found
        found = None
        if self._entries is None:
            self._entries = [(re.compile(phrase_pattern(self.phrases[i]), re.I), self.payloads[i]) for i in self._order]
        for rx, payload in self._entries:
            if rx.fullmatch(matched):
                found = payload
                break
        self._payload_cache[matched] = found
        return found

    def __bool__(self) -> bool:
        return bool(self.phrases)


@dataclass(frozen=True)
class StatusCue:
    status: str  # considering, pledged, allocated, delivered, rejected (cancels it) or neutral (hides a verb)
    weight: int
    forward_only: bool = False  # "includes": reaches only the sums after it
    backward_only: bool = False  # "funded out of": reaches only the sum before it


@dataclass(eq=False)
class Lexicon:
    """Everything the commitment extractor reads cues from (compiled)."""

    path: Path
    actors: PhraseSet  # every actor phrase below, payload: its kind (canada, ukraine, other, adversary, pronoun)
    canada: PhraseSet
    pronouns: PhraseSet
    ukraine: PhraseSet
    others: PhraseSet
    adversaries: PhraseSet
    programme_nouns: PhraseSet
    procurement: PhraseSet
    own_purchase: PhraseSet
    other_recipients: PhraseSet
    domestic: PhraseSet
    asks: PhraseSet
    joint: PhraseSet
    each: PhraseSet
    status: PhraseSet  # payload: StatusCue
    running_total: PhraseSet
    running_weak: PhraseSet
    running_forward: PhraseSet
    perfect_verbs: PhraseSet
    money: dict[str, Any]
    qualifiers: PhraseSet  # payload: qualifier value
    category_words: PhraseSet  # payload: category
    category_order: list[str]
    standalone: dict[str, PhraseSet]
    standalone_all: PhraseSet  # every standalone phrase, payload: its category
    not_after: dict[str, PhraseSet]
    agreement_verbs: PhraseSet
    default_purpose: dict[str, str]
    yield_to: dict[str, list[str]]
    in_kind: PhraseSet  # payload: category
    of_heads: set[str]
    inkind_stop: set[str]
    year_range: tuple[int, int]
    donation_verbs: PhraseSet
    purposes: PhraseSet  # payload: canonical purpose
    purpose_order: dict[str, int]
    purpose_category: dict[str, str]
    spelling: dict[str, str]
    drop_leading: set[str]
    stop_at: PhraseSet
    max_purpose_words: int
    referents: set[str]
    drop_trailing: set[str]
    raw: dict[str, Any] = field(repr=False, default_factory=dict)
    index: PhraseIndex = field(repr=False, default_factory=PhraseIndex)

    def __post_init__(self) -> None:
        # The lists the extractor queries sentence by sentence; the others are used as whole regexes.
        for ps in (self.actors, self.ukraine, self.status, self.asks, self.domestic, self.other_recipients,
                   self.running_total, self.category_words, self.purposes, self.standalone_all, self.joint):
            self.index.add(ps)


def _list(d: dict[str, Any], key: str) -> list[str]:
    value = d.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"'{key}' must be a list of strings")
    return value


def _build(data: dict[str, Any], path: Path) -> Lexicon:
    actors = data.get("actors", {})
    phrases: list[str] = []
    cues: list[StatusCue] = []
    for block in data.get("status_cue", []):
        cue = StatusCue(str(block["status"]), int(block.get("weight", 1)), bool(block.get("forward_only", False)),
                        bool(block.get("backward_only", False)))
        for p in _list(block, "phrases"):
            phrases.append(p)
            cues.append(cue)
    rt = data.get("running_total", {})
    quals: list[str] = []
    qual_vals: list[str] = []
    for value, words in data.get("qualifiers", {}).items():
        for w in words:
            quals.append(w)
            qual_vals.append(value)
    cats = data.get("category", {})
    cat_words: list[str] = []
    cat_vals: list[str] = []
    for name, block in cats.items():
        for w in _list(block, "words"):
            cat_words.append(w)
            cat_vals.append(name)
    ik = data.get("in_kind", {})
    ik_words: list[str] = []
    ik_vals: list[str] = []
    for name in ("military", "humanitarian", "other"):
        for w in ik.get(name, []):
            ik_words.append(w)
            ik_vals.append(name)
    pur_words: list[str] = []
    pur_vals: list[str] = []
    for block in data.get("purpose", []):
        for w in _list(block, "match"):
            pur_words.append(w)
            pur_vals.append(str(block["purpose"]))
    cleanup = data.get("purpose_cleanup", {})
    yr = ik.get("year_range", [1990, 2100])
    kinds = (("canada", "canada"), ("ukraine", "ukraine"), ("others", "other"), ("adversaries", "adversary"), ("pronouns", "pronoun"))
    actor_phrases: list[str] = []
    actor_kinds: list[str] = []
    for key, kind in kinds:
        for p in _list(actors, key):
            actor_phrases.append(p)
            actor_kinds.append(kind)
    return Lexicon(
        path=path,
        actors=PhraseSet(actor_phrases, actor_kinds),
        canada=PhraseSet(_list(actors, "canada")),
        pronouns=PhraseSet(_list(actors, "pronouns")),
        ukraine=PhraseSet(_list(actors, "ukraine")),
        others=PhraseSet(_list(actors, "others")),
        adversaries=PhraseSet(_list(actors, "adversaries")),
        programme_nouns=PhraseSet(_list(actors, "programme_nouns")),
        procurement=PhraseSet(_list(actors, "procurement_words")),
        own_purchase=PhraseSet(_list(actors, "own_purchase")),
        other_recipients=PhraseSet(_list(actors, "other_recipients")),
        domestic=PhraseSet(_list(actors, "domestic")),
        asks=PhraseSet(_list(actors, "asks")),
        joint=PhraseSet(_list(actors, "joint")),
        each=PhraseSet(_list(actors, "each")),
        status=PhraseSet(phrases, cues),
        running_total=PhraseSet(_list(rt, "phrases")),
        running_weak=PhraseSet(_list(rt, "weak_phrases")),
        running_forward=PhraseSet(_list(rt, "forward_phrases")),
        perfect_verbs=PhraseSet(_list(rt, "perfect_verbs")),
        money=dict(data.get("money", {})),
        qualifiers=PhraseSet(quals, qual_vals),
        category_words=PhraseSet(cat_words, cat_vals),
        category_order=list(data.get("category_order", {}).get("order", list(cats))),
        standalone={name: PhraseSet(_list(b, "standalone")) for name, b in cats.items() if b.get("standalone")},
        standalone_all=PhraseSet(
            [p for b in cats.values() for p in _list(b, "standalone")],
            [name for name, b in cats.items() for _ in _list(b, "standalone")],
        ),
        not_after={name: PhraseSet(_list(b, "not_after")) for name, b in cats.items() if b.get("not_after")},
        agreement_verbs=PhraseSet(_list(cats.get("agreement", {}), "verbs")),
        default_purpose={name: str(b.get("default_purpose", name)) for name, b in cats.items()},
        yield_to={name: [str(x) for x in b.get("yield_to", [])] for name, b in cats.items()},
        in_kind=PhraseSet(ik_words, ik_vals),
        of_heads={w.lower() for w in ik.get("of_heads", [])},
        inkind_stop={w.lower() for w in ik.get("stop_words", [])},
        year_range=(int(yr[0]), int(yr[1])),
        donation_verbs=PhraseSet(_list(ik, "donation_verbs")),
        purposes=PhraseSet(pur_words, pur_vals),
        purpose_order={p: i for i, p in enumerate(dict.fromkeys(pur_vals))},
        purpose_category={str(b["purpose"]): str(b.get("category", "")) for b in data.get("purpose", [])},
        spelling={k.lower(): v for k, v in cleanup.get("spelling", {}).items()},
        drop_leading={w.lower() for w in cleanup.get("drop_leading", [])},
        stop_at=PhraseSet(_list(cleanup, "stop_at")),
        max_purpose_words=int(cleanup.get("max_words", 5)),
        referents={w.lower() for w in cleanup.get("referents", [])},
        drop_trailing={w.lower() for w in cleanup.get("drop_trailing", [])},
        raw=data,
    )


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime: float) -> Lexicon:
    p = Path(path)
    try:
        with p.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise LexiconError(f"{p}: lexicon file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"{p}: invalid TOML: {exc}") from None
    try:
        return _build(data, p)
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise LexiconError(f"{p}: invalid lexicon: {exc}") from None


def load_lexicon(path: Path | None = None) -> Lexicon:
    """Load and compile the lexicon (cached per file and modification time).

    Args:
        path: a lexicon TOML file; default `config/lexicon.toml` (or `$PLEDGEWATCH_CONFIG_DIR/lexicon.toml`).
            A file given is checked for edits at every call; the default one at most once per
            `RECHECK_SECONDS` (extraction asks for it once per article).

    Raises:
        LexiconError: the file is missing, is not TOML, or a list/regex in it is malformed.
    """
    global _last_default
    if path is not None:
        return _load_checked(os.fspath(path))
    name = _default_name(os.environ.get("PLEDGEWATCH_CONFIG_DIR"))
    last = _last_default
    if last is not None and last[0] is name and time.monotonic() - last[1] < RECHECK_SECONDS:
        return last[2]
    lexicon = _load_checked(name)
    if os.path.isabs(name):  # a relative name depends on the working directory: checked every time
        _last_default = (name, time.monotonic(), lexicon)
    return lexicon


# The default file is looked at (a stat(), costly right after trafilatura has filled the processor
# caches) at most once per RECHECK_SECONDS, so an edit is picked up within that time.
RECHECK_SECONDS = 1.0
_last_default: tuple[str, float, Lexicon] | None = None  # (file name, when checked, its lexicon then)


def _load_checked(name: str) -> Lexicon:
    """The lexicon of file `name`, read again when its modification time changed."""
    try:
        mtime = os.stat(name).st_mtime  # an edited file is read again
    except OSError:
        raise LexiconError(f"{Path(name)}: lexicon file not found") from None
    resolved = _resolved.get(name)
    if resolved is None:
        resolved = str(Path(name).resolve())
        if os.path.isabs(name):  # a relative name depends on the working directory: never remembered
            _resolved[name] = resolved
    return _load_cached(resolved, mtime)


# Extraction asks for the lexicon once per article: the absolute path spellings seen and what they
# resolve to are remembered, so that a call costs one stat() and no path arithmetic.
_resolved: dict[str, str] = {}


@lru_cache(maxsize=8)
def _default_name(config_dir: str | None) -> str:
    return str(Path(config_dir) / "lexicon.toml" if config_dir else _DEFAULT)
