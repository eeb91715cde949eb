"""One pass over a sentence finds the phrases of every lexicon list at once.

The extractor asks about a dozen lists (actors, status cues, categories, purposes ...) about each
sentence that might hold a commitment. Scanning the sentence once per list with a regex costs a few
microseconds per list; looking each word of the sentence up in one dictionary of first words, and
confirming the few candidates with an anchored match, costs about as much as one such scan in all.

Phrases that cannot be indexed by their first word (free "re:" regexes, phrases starting with a
symbol) are scanned with their own regex, as before.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from extractors.lexicon import Hit, PhraseSet

__all__ = ["PhraseIndex"]

_FIRST_RUN = re.compile(r"\w+")
_KEY = 3  # starred words are indexed by their first three letters
_MEMO_LIMIT = 20_000  # distinct words remembered with the entries they may start (bounds memory)


@dataclass
class _Entry:
    set_no: int
    rx: re.Pattern[str]
    case_sensitive: bool


@dataclass
class PhraseIndex:
    """First-word index over several PhraseSets."""

    sets: list[PhraseSet] = field(default_factory=list)
    exact: dict[str, list[_Entry]] = field(default_factory=dict)
    prefix: dict[str, list[_Entry]] = field(default_factory=dict)  # by first 3 letters
    short_prefix: list[tuple[str, _Entry]] = field(default_factory=list)  # starred runs under 3 letters
    fallback: list[tuple[int, re.Pattern[str], tuple[str, ...] | None]] = field(default_factory=list)
    _ids: list[int] = field(default_factory=list)
    _keys: re.Pattern[str] | None = None
    _by_word: dict[str, tuple[_Entry, ...]] = field(default_factory=dict)

    def _keys_regex(self) -> re.Pattern[str]:
        """Word starts worth looking up: an exact first word, or the first letters of a starred one.

        Scanning for them in C and returning to Python only at those words is several times cheaper
        than looking every word of the sentence up.
        """
        from extractors.lexicon import _trie_pattern

        words = [([re.escape(c) for c in w], True) for w in self.exact]
        prefixes = [([re.escape(c) for c in p], False) for p in self.prefix]
        prefixes += [([re.escape(c) for c in r], False) for r, _ in self.short_prefix]
        alts = []
        if words:
            alts.append(_trie_pattern(words))
        if prefixes:
            alts.append(_trie_pattern(prefixes))
        # The match runs on to the end of the word, so that the word to look up comes with it.
        return re.compile(r"(?<![\w$\u20ac])(?=" + ("|".join(alts) or "(?!)") + r")\w+")

    def add(self, ps: PhraseSet) -> None:
        from extractors.lexicon import _atoms, _trie_pattern, phrase_pattern

        if any(existing is ps for existing in self.sets):
            return
        set_no = len(self.sets)
        self.sets.append(ps)
        self._ids.append(id(ps))
        self._keys = None
        self._by_word.clear()
        # Phrases of this set sharing a first word are verified by one trie regex, not one by one.
        groups: dict[tuple[str, str, bool, bool], list[tuple[list[str], bool]]] = defaultdict(list)
        for phrase in ps.phrases:
            text = phrase.strip()
            if phrase.startswith("re:") or not (text[:1].isalnum() or text[:1] == "_"):
                rx = re.compile(phrase_pattern(phrase), re.I)
                self.fallback.append((set_no, rx, required_literals(rx)))
                continue
            atoms, cs, right = _atoms(phrase)
            lowered = text.lower()
            run = _FIRST_RUN.match(lowered)
            assert run is not None
            first = run.group(0)
            starred = lowered.endswith("*") and run.end() == len(lowered) - 1
            if starred and len(first) >= _KEY:  # "peacekeep*": any word starting with the run
                groups[("prefix", first[:_KEY], cs, True)].append((atoms, right))
            elif starred:
                groups[("short", first, cs, True)].append((atoms, right))
            else:
                groups[("exact", first, cs, False)].append((atoms, right))
        for (kind, key, cs, _), entries in groups.items():
            entry = _Entry(set_no, re.compile(_trie_pattern(entries)), cs)
            if kind == "prefix":
                self.prefix.setdefault(key, []).append(entry)
            elif kind == "short":
                self.short_prefix.append((key, entry))
            else:
                self.exact.setdefault(key, []).append(entry)

    def _entries_for(self, word: str) -> tuple[_Entry, ...]:
        """Every entry a phrase starting with `word` may belong to: exact first word, then three-letter
        prefix, then short starred runs (the order the scan tries them in)."""
        entries = list(self.exact.get(word, ()))
        entries += self.prefix.get(word[:_KEY], ())
        entries += [e for r, e in self.short_prefix if word.startswith(r)]
        if len(self._by_word) > _MEMO_LIMIT:
            self._by_word.clear()
        self._by_word[word] = found = tuple(entries)
        return found

    def scan(self, text: str, low: str, start: int, end: int) -> dict[int, list[Hit]]:
        """Hits of every indexed set inside text[start:end], keyed by id(PhraseSet).

        A set without hits maps to an empty tuple (read-only, shared): callers treat it as "scanned,
        nothing found" and never append to it.
        """
        found: dict[int, list[tuple[int, int]]] = {}
        if self._keys is None:
            self._keys = self._keys_regex()
            self._by_word.clear()
        by_word = self._by_word
        for k in self._keys.finditer(low, start, end):  # only the words some phrase can start with
            word = k.group()  # the whole word: the key regex reads on to its end
            entries = by_word.get(word)
            if entries is None:
                entries = self._entries_for(word)
            p = k.start()
            for e in entries:
                mm = e.rx.match(text if e.case_sensitive else low, p, end)
                if mm is not None:
                    q = mm.end()
                    if q > p:
                        spans = found.get(e.set_no)
                        if spans is None:
                            found[e.set_no] = [(p, -q)]
                        else:
                            spans.append((p, -q))
        for set_no, rx, need in self.fallback:
            if not may_match(need, text, low, start, end):
                continue
            for mm in rx.finditer(text, start, end):
                if mm.end() > mm.start():
                    found.setdefault(set_no, []).append((mm.start(), -mm.end()))
        ids = self._ids
        out: dict[int, list[Hit]] = dict.fromkeys(ids, ())  # type: ignore[arg-type]
        if not found:
            return out
        hit = _hit_class()
        for set_no, spans in found.items():
            if len(spans) == 1:
                a, neg_b = spans[0]
                out[ids[set_no]] = [hit(text, a, -neg_b)]
                continue
            spans.sort()  # by start, the longest first at one start
            hits: list[Hit] = []
            last_end = -1
            for a, neg_b in spans:
                if a >= last_end:
                    hits.append(hit(text, a, -neg_b))
                    last_end = -neg_b
            out[ids[set_no]] = hits
        return out


# Characters that re.IGNORECASE treats as another case of an ASCII letter (dotted and dotless i,
# long s, Kelvin sign). Where none occurs, a case-insensitive match contains its ASCII literals in the
# lowered text, so a missing literal proves there is no match.
_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")


def required_literals(rx: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-case ASCII strings one of which every match of `rx` contains, or None when the pattern
    has no such literal (or cannot be read). A free "re:" phrase is then only run on a sentence
    holding one of them: a substring test is far cheaper than trying the regex at every position."""
    try:
        from re import _constants as c, _parser

        parsed = _parser.parse(rx.pattern, rx.flags)
    except Exception:  # noqa: BLE001 (a private module: without it, no pre-test, same results)
        return None

    def need(items: object) -> list[str] | None:
        best: list[str] | None = None
        run: list[str] = []

        def consider(cand: list[str] | None) -> None:
            nonlocal best
            if cand and all(x and x.isascii() for x in cand):
                if best is None or min(map(len, cand)) > min(map(len, best)):
                    best = cand

        for op, av in items:  # type: ignore[attr-defined]
            if op is c.LITERAL:
                run.append(chr(av).lower())
                continue
            if run:
                consider(["".join(run)])
                run = []
            if op is c.SUBPATTERN:
                consider(need(av[-1]))
            elif op is c.ATOMIC_GROUP:
                consider(need(av))
            elif op is c.BRANCH:
                alts = [need(a) for a in av[1]]
                if all(alts):
                    consider([x for a in alts for x in a])  # type: ignore[union-attr]
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
                consider(need(av[2]))
        if run:
            consider(["".join(run)])
        return best

    found = need(parsed)
    return tuple(dict.fromkeys(found)) if found else None


def may_match(need: tuple[str, ...] | None, text: str, low: str, start: int, end: int) -> bool:
    """False only when no match of a pattern needing one of `need` can lie inside text[start:end]."""
    if need is None:
        return True
    for c in _FOLDS_TO_ASCII:
        if text.find(c, start, end) != -1:
            return True  # a rare letter that matches an ASCII one case-insensitively: just run it
    for lit in need:
        if low.find(lit, start, end) != -1:
            return True
    return False


_HIT: list[type[Hit]] = []  # extractors.lexicon.Hit, imported on first use (lexicon imports this module)


def _hit_class() -> type[Hit]:
    if not _HIT:
        from extractors.lexicon import Hit

        _HIT.append(Hit)
    return _HIT[0]
