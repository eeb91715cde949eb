"""Re-ingesting an article the ledger already holds changes nothing."""
from __future__ import annotations

import pytest

from pledgewatch.identity import content_hash
from pledgewatch.ledger.ingest import IngestError, article_known, ingest_article
from pledgewatch.ledger.models import ArticleRow, EventRow, MentionRow, PledgeRow
from tests.ledger.factories import article, commit, count, ingest

TEXT = "Canada will provide $500 million for the PURL initiative, the minister said on Monday."


def _counts(session) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    return tuple(count(session, m) for m in (ArticleRow, MentionRow, PledgeRow, EventRow))


def test_same_article_twice_is_unchanged(session) -> None:  # type: ignore[no-untyped-def]
    art = article(TEXT, url="https://news.example.org/canada-purl")
    found = [commit(amount=5e8, purpose="PURL")]
    first = ingest(session, art, found)
    assert first.outcome == "new" and first.event_ids
    before = _counts(session)
    again = ingest(session, art, found)
    assert (again.outcome, again.article_id, again.event_ids) == ("unchanged", first.article_id, [])
    assert _counts(session) == before


def test_same_url_with_tracking_parameters_is_the_same_article(session) -> None:  # type: ignore[no-untyped-def]
    ingest(session, article(TEXT, url="https://news.example.org/canada-purl"), [commit(amount=5e8, purpose="PURL")])
    before = _counts(session)
    copy = article(TEXT, url="https://www.news.example.org/canada-purl/?utm_source=x&fbclid=1#top")
    result = ingest(session, copy, [commit(amount=5e8, purpose="PURL")])
    assert result.outcome == "unchanged"
    assert _counts(session) == before


def test_same_text_under_another_url_is_the_same_article(session) -> None:  # type: ignore[no-untyped-def]
    first = ingest(session, article(TEXT, url="https://a.example.org/1"), [commit(amount=5e8, purpose="PURL")])
    before = _counts(session)
    rewrapped = "  " + TEXT.replace(" ", "\n", 3).upper() + "\n"
    result = ingest(session, article(rewrapped, url="https://b.example.org/2"), [commit(amount=5e8, purpose="PURL")])
    assert (result.outcome, result.article_id) == ("unchanged", first.article_id)
    assert _counts(session) == before


def test_article_known_by_url_or_hash(session) -> None:  # type: ignore[no-untyped-def]
    assert not article_known(session, url="https://news.example.org/canada-purl")
    ingest(session, article(TEXT, url="https://news.example.org/canada-purl"), [])
    assert article_known(session, url="https://NEWS.example.org/canada-purl?utm_medium=rss")
    assert article_known(session, content_hash=content_hash(TEXT))
    assert not article_known(session, url="https://news.example.org/other")
    assert not article_known(session, content_hash=content_hash("something else"))
    assert not article_known(session)


def test_article_without_commitments_is_stored_without_events(session) -> None:  # type: ignore[no-untyped-def]
    result = ingest(session, article("Nothing about money here."), [])
    assert result.outcome == "new" and result.event_ids == []
    assert count(session, ArticleRow) == 1 and count(session, PledgeRow) == 0


@pytest.mark.parametrize("origin, text", [("rss", TEXT), ("feed", "   \n ")])
def test_bad_input_is_refused_in_one_line(session, origin: str, text: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IngestError) as info:
        ingest_article(session, article(text), [], origin)
    assert "\n" not in str(info.value)
    assert count(session, ArticleRow) == 0


def test_failed_article_leaves_session_usable(session) -> None:  # type: ignore[no-untyped-def]
    """A commitment that cannot be stored rolls back that article only, with a one-line error."""
    ok = ingest(session, article(), [commit(amount=1e8, purpose="demining")])
    broken = commit(amount=5e8, purpose="PURL")
    object.__setattr__(broken, "purpose", 12345)  # not text: fails while the article is half stored
    before = count(session, ArticleRow)
    with pytest.raises(IngestError) as info:
        ingest_article(session, article(), [commit(amount=2e8, purpose="energy"), broken], "feed")
    assert "\n" not in str(info.value) and "could not store article" in str(info.value)
    later = ingest_article(session, article(), [commit(amount=3e8, purpose="field hospitals")], "feed")
    session.commit()
    assert count(session, ArticleRow) == before + 1
    assert session.get(ArticleRow, ok.article_id) is not None and later.outcome == "new"
    assert sorted(p.purpose for p in session.query(PledgeRow)) == ["demining", "field hospitals"]


def test_unparsable_url_is_kept_as_given(session) -> None:  # type: ignore[no-untyped-def]
    odd = "http://news.example.org:port/story"
    first = ingest(session, article(TEXT, url=odd), [])
    assert first.outcome == "new"
    assert article_known(session, url=odd)
    assert ingest(session, article(TEXT + " Updated.", url=odd), []).outcome == "updated"


def test_nonsense_sums_are_kept_as_commitments_without_a_sum(session) -> None:  # type: ignore[no-untyped-def]
    ingest(session, article(), [commit(amount=float("nan"), purpose="demining"), commit(amount=-5.0, purpose="mines")])
    from pledgewatch.ledger.queries import list_pledges

    rows = list_pledges(session)
    assert rows and all(p["amount"] is None for p in rows)
