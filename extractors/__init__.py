"""Pure functions that turn an article into the Canada→Ukraine commitments it states.

No database, no network, no Prefect: text in, facts out.
"""
from extractors.model import Article, Commitment

__all__ = ["Article", "Commitment"]
