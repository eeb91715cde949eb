"""article_from_text and article_from_html: normalised text and the page's metadata, offline."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.html import NoArticleText, article_from_html
from extractors.normalize import normalize_text
from extractors.text import EmptyArticle, article_from_text

PAGES = Path(__file__).resolve().parent / "pages"


def test_text_is_normalised_and_meta_kept() -> None:
    raw = "Canada\u00a0will give \u201c$500\u202fmillion\u201d to Ukraine\u2019s army.\r\n\r\n\r\nMore later.  "
    article = article_from_text(raw, "note.txt", title=" A\u00a0title ", date="2025-06-17")
    assert article.text == 'Canada will give "$500 million" to Ukraine\'s army.\n\nMore later.'
    assert article.text == normalize_text(article.text)  # later normalising changes nothing: spans stay valid
    assert (article.source, article.title, article.date, article.site, article.url) == (
        "note.txt", "A title", "2025-06-17", None, None,
    )


def test_text_rejects_empty_and_unknown_meta() -> None:
    with pytest.raises(EmptyArticle):
        article_from_text(" \u00a0\n\u200b ", "blank.txt")
    with pytest.raises(TypeError, match="unknown article metadata: outlet"):
        article_from_text("Some text.", "x.txt", outlet="Nobody")


def test_html_article_metadata() -> None:
    html = (PAGES / "ottawa_military_aid.html").read_text(encoding="utf-8")
    article = article_from_html(html, "ottawa_military_aid.html")
    assert article.title == "Ottawa adds $500 million in military aid for Ukraine"
    assert article.site == "The Northern Ledger"
    assert article.date == "2025-06-17"
    assert article.url == "https://northernledger.example/world/2025/06/17/ottawa-military-aid-ukraine"
    assert article.source == "ottawa_military_aid.html"


def test_html_main_text_without_boilerplate_and_normalised() -> None:
    html = (PAGES / "ottawa_military_aid.html").read_text(encoding="utf-8")
    text = article_from_html(html, "p.html").text
    assert "Canada will send another $500 million in military assistance" in text
    assert "$19.5 billion in total assistance" in text
    assert '"Ukraine\'s security is our security,"' in text  # curly quotes straightened
    for boilerplate in ("Privacy policy", "Related stories", "Subscribe", "All rights reserved"):
        assert boilerplate not in text
    assert text == normalize_text(text)


def test_html_fetched_url_used_when_page_has_no_canonical() -> None:
    html = (
        "<html><head><title>Aid news</title></head><body><article><p>"
        + "Canada will provide $30 million for demining in Ukraine this year, officials said. " * 6
        + "</p></article></body></html>"
    )
    article = article_from_html(html, "https://news.example/a?x=1", url="https://news.example/a")
    assert article.url == "https://news.example/a"
    assert article.date is None  # no date in the page: none is guessed from the text
    assert "$30 million for demining" in article.text


def test_html_second_page_date_and_site() -> None:
    article = article_from_html((PAGES / "demining_energy_aid.html").read_text(encoding="utf-8"), "d.html")
    assert (article.site, article.date) == ("Prairie Wire", "2025-11-03")
    assert "CA$100 million (US$72 million)" in article.text
    assert "cookies" not in article.text and "newsletter" not in article.text.lower()


@pytest.mark.parametrize(
    "html",
    [
        "",
        "<html><body><nav><a href='/a'>Home</a><a href='/b'>World</a></nav></body></html>",
        "<html><head><title>Only a title</title></head><body></body></html>",
    ],
)
def test_html_without_main_text_is_refused(html: str) -> None:
    with pytest.raises(NoArticleText, match="no article text found"):
        article_from_html(html, "x.html")
