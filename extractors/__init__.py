"""Pure functions that turn an article into the Canada→Ukraine commitments it states.

No database, no network, no Prefect: text in, facts out.
"""
from extractors.commitments import extract_commitments
from extractors.lexicon import Lexicon, LexiconError, load_lexicon
from extractors.model import Article, Commitment
from extractors.normalize import normalize_text

__all__ = ["Article", "Commitment", "Lexicon", "LexiconError", "extract_commitments", "load_lexicon", "normalize_text"]
