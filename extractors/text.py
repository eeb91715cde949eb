"""Plain-text articles: the text is normalised once here, so that every later step (commitment
spans, content hashes, evidence quotes) sees the same characters whichever way the article came in."""
from __future__ import annotations

from extractors.model import Article
from extractors.normalize import normalize_text

# Metadata an article may carry besides its text (the Article fields other than text and source).
META_FIELDS = ("title", "date", "site", "url")
_META_SET = frozenset(META_FIELDS)


class EmptyArticle(ValueError):
    """The text holds nothing but white space once normalised."""


def _clean_meta(value: str | None) -> str | None:
    """Normalise one metadata string; blank values become None so that 'unknown' has one spelling."""
    if value is None:
        return None
    value = " ".join(normalize_text(str(value)).split())
    return value or None


def article_from_text(text: str, source: str, **meta: str | None) -> Article:
    """Build an Article from plain text.

    Args:
        text: the article's text, in any Unicode form (it is normalised here).
        source: the path or URL the user gave, kept as is.
        **meta: optional `title`, `date` (ISO), `site` and `url`.

    Raises:
        EmptyArticle: the text is empty or white space only.
        TypeError: an unknown metadata name was given (a typo should not be silently dropped).
    """
    unknown = meta.keys() - _META_SET
    if unknown:
        raise TypeError(f"unknown article metadata: {', '.join(sorted(unknown))}")
    body = normalize_text(text).strip()
    if not body:
        raise EmptyArticle("empty text")
    return Article(text=body, source=source, **{k: _clean_meta(meta.get(k)) for k in META_FIELDS})
