"""One pass over a sentence finds the phrases of every lexicon list at once.

The extractor asks about a dozen lists (actors, status cues, categories, purposes ...) about each
sentence that might hold a commitment. Scanning the sentence once per list with a regex costs a few
microseconds per list; looking each word of the sentence up in one dictionary of first words, and
confirming the few candidates with an anchored match, costs about as much as one such scan in all.

Most phrases need no confirming match at all: the regex that finds the candidate words matches the
longest phrase there, and a table built with the lexicon says what every list finds in that phrase.

Phrases that cannot be indexed by their first word (free "re:" regexes, phrases starting with a
symbol) are scanned with their own regex, as before.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import chain
from typing import TYPE_CHECKING, Any, Iterable, NamedTuple

if TYPE_CHECKING:
    from extractors.lexicon import Hit, PhraseSet

__all__ = ["PhraseIndex"]

_FIRST_RUN = re.compile(r"\w+")
_KEY = 3  # starred words are indexed by their first three letters
_MEMO_LIMIT = 20_000  # distinct words remembered with the entries they may start (bounds memory)
_STAR = r"[\w-]*"  # the atom of a trailing "*"
_WORD_CHAR = re.compile(r"\w")
_NOT_AFTER = r"(?![\w$])"


class _Entry(NamedTuple):
    phrases: PhraseSet  # the set it belongs to, the key of the scan's answer
    rx: re.Pattern[str]
    case_sensitive: bool
    run: str | None  # a starred entry's run: it can only match a word starting with it (None: unknown)
    whole: bool  # every phrase of it is matched in full by the key regex (see _key_phrase)


Answer = tuple[tuple["PhraseSet", int], ...]  # (set, length of its phrase) for the sets found at a word


@dataclass
class PhraseIndex:
    """First-word index over several PhraseSets, with the answers for the commonest phrases precomputed."""

    sets: list[PhraseSet] = field(default_factory=list)
    exact: dict[str, list[_Entry]] = field(default_factory=dict)
    prefix: dict[str, list[_Entry]] = field(default_factory=dict)  # by first 3 letters
    short_prefix: list[tuple[str, _Entry]] = field(default_factory=list)  # starred runs under 3 letters
    fallback: list[tuple[PhraseSet, re.Pattern[str], tuple[str, ...] | None]] = field(default_factory=list)
    _keys: tuple[re.Pattern[str], re.Pattern[str]] | None = None
    _key_phrases: list[tuple[list[str], bool, bool]] = field(default_factory=list)  # see _key_phrase
    _texts: dict[str, set[str]] = field(default_factory=dict)  # first word -> its phrases' plain texts
    _answers: dict[str, Answer] = field(default_factory=dict)  # see _answer_table
    _none: dict[PhraseSet, list[Hit]] = field(default_factory=dict)  # every set -> () (copied per scan)
    _free_words: tuple[str, ...] | None = None  # one of which every free regex needs (None: some needs none)
    _by_word: dict[str, tuple[_Entry, ...]] = field(default_factory=dict)

    def _keys_regex(self) -> tuple[re.Pattern[str], re.Pattern[str]]:
        """Word starts worth looking up: where some indexed phrase can match.

        Scanning for them in C and returning to Python only at those words is several times cheaper
        than looking every word of the sentence up. Matching every case-insensitive phrase in full
        here skips the common words that only start longer phrases ("to", "in", "of") where none of
        those phrases follows, and its group 1 (the phrase matched) finds the answer in a table
        (see _answer_table). Group 2 matches (empty) when a word character, "$" or "-" follows it:
        the table does not hold then. The first regex starts with the character before the word
        (anything but a word character, "$" or "€"), which lets the engine skip the letters inside
        words in C; the second serves a word at the very start of the text.
        """
        from extractors.lexicon import _trie_pattern

        words = [([re.escape(c) for c in w], True) for w in self.exact]
        prefixes = [([re.escape(c) for c in p], False) for p in self.prefix]
        prefixes += [([re.escape(c) for c in r], False) for r, _ in self.short_prefix]
        old = "|".join(_trie_pattern(alts) for alts in (words, prefixes) if alts) or "(?!)"
        plain = [(atoms, right) for atoms, right, behind_key in self._key_phrases if not behind_key]
        rare = [(atoms, right) for atoms, right, behind_key in self._key_phrases if behind_key]
        alts = [f"({_longest_first(plain)})(?:(?=[\\w$\\-])()|)"] if plain else []
        if rare:
            alts.append(f"(?={old}){_trie_pattern(rare)}")
        key = f"(?={'|'.join(alts) or '(?!)'})"
        return re.compile(r"[^\w$\u20ac]" + key), re.compile(key)

    def add(self, ps: PhraseSet) -> None:
        from extractors.lexicon import _atoms, _trie_pattern, phrase_pattern

        if any(existing is ps for existing in self.sets):
            return
        self.sets.append(ps)
        self._keys = None
        self._by_word.clear()
        # Phrases of this set sharing a first word (or a starred run) are verified by one trie regex.
        groups: dict[tuple[str, str, bool, str | None], list[tuple[list[str], bool]]] = defaultdict(list)
        whole: dict[tuple[str, str, bool, str | None], bool] = {}
        for phrase in ps.phrases:
            text = phrase.strip()
            if phrase.startswith("re:") or not (text[:1].isalnum() or text[:1] == "_"):
                rx = re.compile(phrase_pattern(phrase), re.I)
                self.fallback.append((ps, rx, required_literals(rx)))
                continue
            atoms, cs, right = _atoms(phrase)
            lowered = text.lower()
            run = _FIRST_RUN.match(lowered)
            assert run is not None
            first = run.group(0)
            starred = lowered.endswith("*") and run.end() == len(lowered) - 1
            if starred and len(first) >= _KEY:  # "peacekeep*": any word starting with the run
                kind, key = "prefix", first[:_KEY]
            elif starred:
                kind, key = "short", first
            else:
                kind, key = "exact", first
                if not cs and not lowered.endswith("*"):
                    self._texts.setdefault(key, set()).add(" ".join("".join(c.lower() for c in w) for w in text.split()))
            group = (kind, key, cs, first if starred and text.isascii() else None)
            groups[group].append((atoms, right))
            key_atoms, key_right, behind_key = _key_phrase(kind, key, atoms, right, cs)
            self._key_phrases.append((key_atoms, key_right, behind_key))
            # Matched in full by the key regex (not a case-sensitive word or starred run standing for it).
            full = not cs and not behind_key and (kind == "exact" or key_atoms == atoms)
            whole[group] = whole.get(group, True) and full
        for group, entries in groups.items():
            kind, key, cs, starred_run = group
            entry = _Entry(ps, re.compile(_trie_pattern(entries)), cs, starred_run, whole[group])
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
        entries += [e for e in self.prefix.get(word[:_KEY], ()) if e.run is None or word.startswith(e.run)]
        entries += [e for r, e in self.short_prefix if word.startswith(r)]
        if len(self._by_word) > _MEMO_LIMIT:
            self._by_word.clear()
        self._by_word[word] = found = tuple(entries)
        return found

    def _answer_table(self) -> dict[str, Answer]:
        """What every set finds at a word where the key regex matched the phrase text K, for the
        phrase texts of the first words whose every entry the key regex matches in full.

        Then K is the longest phrase there (the key regex tries a "*" after the letters that go on and
        before a phrase's end): no phrase of such a word reaches beyond it. When K holds no "-" and
        neither a word character, "$" nor "-" follows it (a "*" or a separator stops there), what each
        entry matches lies inside K and does not depend on what follows: the entry's own regex on
        K + " " says it once. Other phrase texts (two spaces, a hyphen, a "*" completed by the text)
        and the other words are looked up and verified as before.
        """
        table: dict[str, Answer] = {}
        pairs: dict[tuple[PhraseSet, int], tuple[PhraseSet, int]] = {}  # shared, to touch fewer objects
        runs = {e.run for es in self.prefix.values() for e in es if e.run} | {e.run for _, e in self.short_prefix if e.run}
        for word in set(self.exact) | runs:
            entries = self._entries_for(word)
            if not entries or not all(e.whole for e in entries):
                continue
            for phrase in self._texts.get(word, set()) | {word}:
                if "-" in phrase or _FIRST_RUN.match(phrase).group(0) != word:  # type: ignore[union-attr]
                    continue
                probe = phrase + " "
                longest: dict[PhraseSet, int] = {}
                for e in entries:
                    m = e.rx.match(probe)
                    if m is not None and m.end() > longest.get(e.phrases, 0):
                        longest[e.phrases] = m.end()
                table[phrase] = tuple(pairs.setdefault(pair, pair) for pair in longest.items())
        self._by_word.clear()
        return table

    def _prepare(self) -> tuple[re.Pattern[str], re.Pattern[str]]:
        self._keys = self._keys_regex()
        self._answers = self._answer_table()
        self._none = dict.fromkeys(self.sets, ())  # type: ignore[arg-type]
        needs = [need for _, _, need in self.fallback]
        self._free_words = None if None in needs else tuple(dict.fromkeys(w for need in needs for w in need))  # type: ignore[union-attr]
        self._by_word.clear()
        return self._keys

    def scan(self, text: str, low: str, start: int, end: int) -> dict[PhraseSet, list[Hit]]:
        """Hits of every indexed set inside text[start:end].

        Per set: the longest phrase at each start, left to right, without overlaps. A set without hits
        maps to an empty tuple (read-only, shared): callers treat it as "scanned, nothing found" and
        never append to it.
        """
        keys, first_key = self._keys or self._prepare()
        out = self._none.copy()
        pending = None
        if self.fallback and _free_words_in(self._free_words, text, low, start, end):
            pending = self._fallback_spans(text, low, start, end)
        answers = self._answers
        hit = _hit_class()
        new = hit.__new__
        if start:  # the key regex reads the character before each word: start one early
            found: Iterable[re.Match[str] | None] = keys.finditer(low, start - 1, end)
        else:
            found = chain((first_key.match(low, 0, end),), keys.finditer(low, 0, end))
        for k in found:  # only the words some phrase can start with
            if k is None:
                continue
            p = k.end()
            if pending and pending[-1][0] <= p:
                _keep_spans(out, pending, p, text)
            answer = answers.get(k.group(1)) if k.lastindex == 1 else None
            if answer is None:
                answer = self._verify(text, low, p, end)
            q = p
            for ps, n in answer:
                if p + n != q:  # one Hit per phrase, shared by the sets that found the same one
                    q = p + n
                    h = new(hit)
                    h._text, h._start, h._end = text, p, q
                # Inlined _keep (the hottest loop of the extractor): the words come left to right.
                hits = out[ps]
                if not hits:
                    out[ps] = [h]
                elif p >= hits[-1]._end:
                    hits.append(h)
                elif p == hits[-1]._start and q > hits[-1]._end:
                    hits[-1] = h
        if pending:
            _keep_spans(out, pending, end, text)
        return out

    def _verify(self, text: str, low: str, p: int, end: int) -> list[tuple[PhraseSet, int]]:
        """(set, length) of what the entries of the word at `p` match there, in the entries' order."""
        run = _FIRST_RUN.match(low, p, end)
        word = run.group(0) if run is not None else ""
        entries = self._by_word.get(word)
        if entries is None:
            entries = self._entries_for(word)
        found = []
        for ps, rx, case_sensitive, _, _ in entries:
            mm = rx.match(text if case_sensitive else low, p, end)
            if mm is not None:
                found.append((ps, mm.end() - p))
        return found

    def _fallback_spans(self, text: str, low: str, start: int, end: int) -> list[tuple[int, int, PhraseSet]]:
        """(start, end, set) of the free-regex phrases inside text[start:end], the last start first."""
        spans: list[tuple[int, int, PhraseSet]] = []
        for ps, rx, need in self.fallback:
            if not may_match(need, text, low, start, end):
                continue
            for mm in rx.finditer(text, start, end):
                if mm.end() > mm.start():
                    spans.append((mm.start(), mm.end(), ps))
        if len(spans) > 1:
            spans.sort(key=lambda s: -s[0])
        return spans


def _longest_first(entries: list[tuple[list[str], bool]]) -> str:
    r"""A trie regex like lexicon._trie_pattern, whose match at a place is the longest phrase there
    (what the answer table relies on): at each node the letters that go on are tried before a "*",
    and the "*" before the end. Phrases ending at the same node keep the weakest end (none beats a
    right boundary), so that the key regex never misses a phrase.

    After a word character (or a "*" after one) the right boundary is a plain `\b`, several times
    smaller and cheaper than `(?![\w$])`: it only lets "$" follow too, and the scan does not take the
    answer table's word for a phrase that "$" follows.
    """
    root: dict[str, Any] = {}
    for atoms, right in entries:
        node = root
        for a in atoms:
            node = node.setdefault(a, {})
        last = atoms[-2:-1] if atoms[-1:] == [_STAR] else atoms[-1:]
        end = (r"\b" if last and _WORD_CHAR.fullmatch(last[0]) else _NOT_AFTER) if right else ""
        node[""] = "" if node.get("") == "" else end

    def emit(node: dict[str, Any]) -> str:
        order = [a for a in node if a not in ("", _STAR)] + [a for a in node if a == _STAR]
        alts = [a + emit(node[a]) for a in order]
        if "" in node:
            alts.append(node[""])
        if len(alts) == 1:
            return alts[0]
        return "(?:" + "|".join(alts) + ")"

    return emit(root) if root else "(?!)"


def _key_phrase(kind: str, key: str, atoms: list[str], right: bool, cs: bool) -> tuple[list[str], bool, bool]:
    """(atoms, right, whether the first-word key must be tested too): what the lowered text holds at
    a word start where this phrase matches and the index's first-word key ("old key": an exact first
    word followed by neither a word character nor "$", or the first letters of a starred run) is there.
    The scan looks only there.

    A case-insensitive phrase is matched in the lowered text itself, in full (what follows its first
    word is neither a word character nor "$", or it is a rare phrase). A case-sensitive one (matched in the original text)
    stands for its own key. The rare phrase whose first word can be followed by "$", or whose first
    word does not lower letter for letter, is matched in full (or not at all) behind the whole key.
    """
    spelled = [re.escape(c) for c in key]
    n = len(spelled)
    aligned = [a.lower() for a in atoms[:n]] == spelled if cs else atoms[:n] == spelled
    if kind != "exact":
        return (atoms, right, False) if aligned and not cs else (spelled, False, False)
    if not aligned or atoms[n : n + 1] == [re.escape("$")] or (len(atoms) == n and not right):
        return ([], False, True) if cs else (atoms, right, True)
    if cs:
        return spelled, True, False
    return atoms, right, False


def _keep(out: dict[PhraseSet, list[Hit]], ps: PhraseSet, a: int, b: int, text: str) -> None:
    """Record the phrase text[a:b] of `ps`, given that every phrase starting before `a` has been
    recorded: kept if it starts after the last one kept ends, or replaces that one if it starts at the
    same place and reaches further (the longest phrase at each start)."""
    hits = out[ps]
    if not hits:
        out[ps] = [_hit_class()(text, a, b)]
    elif a >= hits[-1]._end:
        hits.append(_hit_class()(text, a, b))
    elif a == hits[-1]._start and b > hits[-1]._end:
        hits[-1] = _hit_class()(text, a, b)


def _keep_spans(out: dict[PhraseSet, list[Hit]], pending: list[tuple[int, int, PhraseSet]], upto: int, text: str) -> None:
    """_keep the pending spans (the last start first) that start at or before `upto`."""
    while pending and pending[-1][0] <= upto:
        a, b, ps = pending.pop()
        _keep(out, ps, a, b, text)


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
    for lit in need:
        if low.find(lit, start, end) != -1:
            return True
    # A rare letter that matches an ASCII one case-insensitively: just run the pattern.
    return _has_fold(text, start, end)


def _free_words_in(words: tuple[str, ...] | None, text: str, low: str, start: int, end: int) -> bool:
    """Whether some free regex may match inside text[start:end]: may_match for all of them at once,
    asked for every sentence (the free regexes' own checks then run only where this says yes)."""
    if words is None:
        return True
    for word in words:
        if low.find(word, start, end) != -1:
            return True
    return _has_fold(text, start, end)


_FOLD_FREE: list[str] = []  # the last text seen to hold none of _FOLDS_TO_ASCII


def _has_fold(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] holds one of _FOLDS_TO_ASCII. Asked for every sentence of the same
    article, so the answer for the whole text (almost always no) is remembered for the last text."""
    if _FOLD_FREE and _FOLD_FREE[0] is text:
        return False
    if not any(c in text for c in _FOLDS_TO_ASCII):
        _FOLD_FREE[:] = [text]
        return False
    return any(text.find(c, start, end) != -1 for c in _FOLDS_TO_ASCII)


_HIT: list[type[Hit]] = []  # extractors.lexicon.Hit, imported on first use (lexicon imports this module)


def _hit_class() -> type[Hit]:
    if not _HIT:
        from extractors.lexicon import Hit

        _HIT.append(Hit)
    return _HIT[0]
