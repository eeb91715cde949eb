"""HTML articles: trafilatura finds the main text and the metadata (title, date, site, URL) offline.

The trafilatura call lives in `run_trafilatura` so that the speed benchmark times exactly the call
pledgewatch makes, and the rest of this module only maps its result onto an Article.
"""
from __future__ import annotations

from datetime import date
from typing import Any

import trafilatura

from extractors.model import Article
from extractors.text import article_from_text

# Why each option: comments under a news story are not the outlet's reporting; tables often carry the
# aid figures; no links or formatting markup, because commitment spans index plain text.
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "with_metadata": True,
    "include_comments": False,
    "include_tables": True,
    "include_links": False,
    "include_images": False,
    "include_formatting": False,
}


# What trafilatura returns for a page without a story is a few menu labels, one per line; an article
# has at least one line of running prose.
MIN_PROSE_WORDS = 6


class NoArticleText(ValueError):
    """trafilatura found no main text in the page (a navigation page, a login wall, an empty shell)."""


def _date_params() -> dict[str, Any]:
    """The publication date from the page's metadata, never a date guessed from the story's text
    (news stories mention many dates), and none after today."""
    return {"original_date": True, "extensive_search": False, "max_date": date.today().isoformat()}


def has_prose(text: str) -> bool:
    """True when at least one line reads like a sentence rather than a menu label.

    Read a "\n"-separated piece at a time (each split as `str.splitlines` would, for its other line
    breaks): an article's first paragraph usually answers, so the rest of the text is never split.
    """
    start = 0
    while start <= len(text):
        stop = text.find("\n", start)
        if stop == -1:
            stop = len(text)
        if any(len(line.split()) >= MIN_PROSE_WORDS for line in text[start:stop].splitlines()):
            return True
        start = stop + 1
    return False


def run_trafilatura(html: str, url: str | None = None) -> Any:
    """The one trafilatura call pledgewatch makes: a Document (text and metadata) or None."""
    return trafilatura.bare_extraction(
        html, url=url, date_extraction_params=_date_params(), **TRAFILATURA_OPTIONS
    )


def article_from_html(html: str, source: str, url: str | None = None) -> Article:
    """Extract an article's main text and metadata from an HTML page; no network access.

    Args:
        html: the page, already decoded to str.
        source: the path or URL the user gave, kept as is.
        url: where the page was fetched from, if it was; the page's own canonical URL is used otherwise.

    Returns:
        An Article with normalised text; `date` is YYYY-MM-DD when the page states one.

    Raises:
        NoArticleText: trafilatura found no main text.
    """
    try:
        doc = run_trafilatura(html, url)
    except (ValueError, TypeError, AttributeError) as exc:  # lxml refusing a malformed document
        raise NoArticleText(f"HTML could not be parsed ({type(exc).__name__})") from None
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not has_prose(text):
        raise NoArticleText("no article text found")
    return article_from_text(
        text,
        source,
        title=doc.title,
        date=doc.date,
        site=doc.sitename,
        url=doc.url or url,
    )
