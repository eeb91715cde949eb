"""What an article or a clause is about when it names Ukraine only in passing.

A story about Canada's own defence budget may mention the war in Ukraine once ("the war in Ukraine
showed how thin our stocks are") and then list where the new money goes: none of that is aid. Two
cheap tests, both run only for a sentence that already holds a sum, count or trigger:

- `domestic_topic`: the headline or lead names Canada's own spending or forces, and the article names
  them more often than Ukraine; its paragraphs that never name Ukraine are then about home, whatever
  words they use ("a pay increase").
- `own_spending_clause`: a sum whose own words call it domestic spending ("$9 billion in new defence
  spending") is Canada's own even when Ukraine is named later in the sentence.
"""
from __future__ import annotations

from extractors.giver import domestic_use
from extractors.lexicon import Lexicon, lower_text

_CLEARLY_ABOUT_UKRAINE = 8  # an article naming Ukraine or Kyiv this often is about Ukraine

__all__ = ["domestic_topic", "own_spending_clause"]


def domestic_topic(text: str, lex: Lexicon, lead_end: int) -> bool:
    """True when the headline and lead (`text[:lead_end]`) name Canada's own spending or forces, and
    the article names them more often than Ukraine.

    Counting "ukrain"/"kyiv" with str.count is nearly free and answers most articles, so it comes
    first; then the lead test (a phrase scan of a few hundred characters); the phrase scans over the
    whole article (about 0.1 ms) run only when both let a yes through.
    """
    low = lower_text(text)
    rough = low.count("ukrain") + low.count("kyiv")
    if rough >= _CLEARLY_ABOUT_UKRAINE:
        return False
    if lex.domestic.search(text, 0, lead_end) is None:
        return False
    home = lex.domestic.finditer(text)
    if len(home) <= rough:
        return False  # each "ukrain"/"kyiv" is at least one Ukraine phrase: the full count is no smaller
    return len(home) > len(lex.ukraine.finditer(text))


def own_spending_clause(text: str, end: int, clause_end: int, lex: Lexicon) -> bool:
    """True when the words right after a sum, up to its clause end, name domestic spending and not Ukraine."""
    if clause_end <= end or lex.domestic.search(text, end, clause_end) is None:
        return False
    return lex.ukraine.search(text, end, clause_end) is None and domestic_use(text, end, clause_end, lex)
