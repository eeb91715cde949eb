"""Text normalisation applied before any extraction.

News text arrives with non-breaking and other odd spaces, curly quotes, soft hyphens and Windows line
endings. Every rule downstream (money patterns, lexicon cues, spans) assumes one canonical form, so the
text is normalised once, first, and all spans index the normalised text.

`normalize_text` is idempotent: normalising twice gives the same string as normalising once.
"""
from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize_text"]

# Characters NFKC leaves alone but that only ever mean "a space", "nothing", or a plain quote.
_REPLACE = {
    "\u00a0": " ",  # no-break space (NFKC already maps it; kept for clarity)
    "\u1680": " ",
    "\u180e": "",
    "\u200b": "",  # zero-width space
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",  # word joiner
    "\ufeff": "",  # byte-order mark
    "\u00ad": "",  # soft hyphen
    "\u2028": "\n",  # line separator
    "\u2029": "\n\n",  # paragraph separator
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u00b4": "'",
    "\u0060": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2212": "-",  # minus sign
    "\t": " ",
    "\r": "\n",
    "\v": "\n",
    "\f": "\n",
    "\x1c": "\n",
    "\x1d": "\n",
    "\x1e": "\n",
    "\x1f": "\n",
    "\x85": "\n",
}

# Two spaces: sre finds a literal prefix more than twice as fast as `"  " in s`.
_TWO_SPACES = re.compile("  ")
# " \n", "\n " or "\n\n\n": a regex that starts with one literal character scans for it fast.
_LINE_FIX = re.compile("\n(?:(?<= \n)| |\n\n)")

# The last few results, kept so that normalising one of them again costs nothing (normalising is
# idempotent, so the result is returned as it is). Identity, not equality: no hashing of long texts.
# Short strings (titles, site names) are cheap to redo and would only push article texts out.
_RECENT = 4
_WORTH_REMEMBERING = 256
_recent: list[str] = []


_DROPPED = frozenset(k for k, v in _REPLACE.items() if not v)


# The characters of `_REPLACE` an ASCII text may hold (tabs, control characters, the backtick).
_ASCII_ODD = tuple(c for c in _REPLACE if c.isascii())


def _replace_odd(s: str, chars: tuple[str, ...] | dict[str, str] = _REPLACE) -> tuple[str, set[str]]:
    """`s` with every character of `_REPLACE` replaced, and the set of those found (`chars`: the
    ones to look for, `_ASCII_ODD` when `s` is ASCII).

    One `in` test per character of `chars` (a C scan each, several times cheaper in all than one
    regex scan for the class of them), then one `str.replace` per character found. No replacement is
    itself in `_REPLACE`, so replacing one character after another is the same as replacing them all
    at once.
    """
    found = {c for c in chars if c in s}
    for c in found:
        s = s.replace(c, _REPLACE[c])
    return s, found


def normalize_text(s: str) -> str:
    """Return `s` in the canonical form every extractor works on.

    NFKC, odd spaces turned into plain spaces, invisible characters dropped, curly quotes made
    straight, runs of spaces collapsed, spaces around line breaks removed, at most one blank line in a
    row, no leading/trailing white space. Line breaks are kept: they carry the structure of bullet
    lists and headings.
    """
    if not s:
        return ""
    for done in _recent:  # an article's text is normalised when it is built and again by each extractor
        if done is s:
            return s
    if "\r" in s:  # finding one character is far cheaper than finding two
        s = s.replace("\r\n", "\n")
    if not s.isascii():
        # Dropping an invisible character can bring a letter and its accent together, so NFKC runs
        # again until nothing changes (normally once more at most): that keeps this idempotent.
        # A character replaced by a straight quote, hyphen, space or line break cannot: those never
        # compose with a neighbour, so the text stays NFKC and one round is enough.
        for _ in range(4):
            s, found = _replace_odd(unicodedata.normalize("NFKC", s))
            if found.isdisjoint(_DROPPED):
                break  # nothing was dropped after NFKC: another round would change nothing
    else:
        s = _replace_odd(s, _ASCII_ODD)[0]  # tabs, vertical tabs, form feeds
    # Only " " and "\n" are left as white space now; plain str methods are much faster than regexes
    # (but for one that starts with a literal character: sre scans for that as fast as `str.find`).
    while _TWO_SPACES.search(s):
        s = s.replace("  ", " ")
    if _LINE_FIX.search(s):  # one scan for a "\n" instead of three for two or three characters
        s = s.replace(" \n", "\n").replace("\n ", "\n")
        while "\n\n\n" in s:
            s = s.replace("\n\n\n", "\n\n")
    s = s.strip()
    if len(s) >= _WORTH_REMEMBERING:
        _recent.insert(0, s)
        del _recent[_RECENT:]
    return s
