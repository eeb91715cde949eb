"""What an article or a clause is about when it names Ukraine only in passing.

A story about Canada's own defence budget may mention the war in Ukraine once ("the war in Ukraine
showed how thin our stocks are") and then list where the new money goes: none of that is aid. Two
cheap tests, both run only for a sentence that already holds a sum, count or trigger:

- `domestic_topic`: the article names Canada's own spending or forces more often than Ukraine; its
  paragraphs that never name Ukraine are then about home, whatever words they use ("a pay increase").
- `own_spending_clause`: a sum whose own words call it domestic spending ("$9 billion in new defence
  spending") is Canada's own even when Ukraine is named later in the sentence.
"""
from __future__ import annotations

from extractors.giver import domestic_use
from extractors.lexicon import Lexicon

__all__ = ["domestic_topic", "own_spending_clause"]


def domestic_topic(text: str, lex: Lexicon) -> bool:
    """True when Canada's own spending or forces are named more often than Ukraine in `text`."""
    home = lex.domestic.finditer(text)
    if not home:
        return False
    return len(home) > len(lex.ukraine.finditer(text))


def own_spending_clause(text: str, end: int, clause_end: int, lex: Lexicon) -> bool:
    """True when the words right after a sum, up to its clause end, name domestic spending and not Ukraine."""
    if clause_end <= end or lex.domestic.search(text, end, clause_end) is None:
        return False
    return lex.ukraine.search(text, end, clause_end) is None and domestic_use(text, end, clause_end, lex)
