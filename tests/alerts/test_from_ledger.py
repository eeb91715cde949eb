"""From the real ledger to a real receiver: ingest articles, dispatch, read the messages."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from extractors.model import Article, Commitment
from pledgewatch.alerts.dispatch import dispatch
from pledgewatch.alerts.targets import load_targets
from pledgewatch.ledger.ingest import ingest_article


def _ingest(session, n: int, text: str, purpose: str, status: str, amount: float, *, baseline: bool = False) -> None:  # type: ignore[no-untyped-def]
    url = f"https://news.example.org/story-{n}"
    article = Article(text=text, source=url, title=f"Story {n}", date="2025-10-01", site="Example News", url=url)
    commitment = Commitment(category="military", purpose=purpose, status=status, evidence=text,
                            span=(0, len(text)), amount=amount, currency="CAD")
    ingest_article(session, article, [commitment], "feed", baseline=baseline)
    session.commit()


def test_new_changed_and_conflict_alerts_from_ingested_articles(session, http_receiver):
    _ingest(session, 0, "Canada gave $90 million for winter fuel to Ukraine.", "winter fuel", "delivered", 9e7, baseline=True)
    _ingest(session, 1, "Canada will provide $500 million for the PURL initiative for Ukraine.", "PURL", "pledged", 5e8)
    _ingest(session, 2, "Canada has delivered the $500 million PURL package to Ukraine.", "PURL", "delivered", 5e8)
    _ingest(session, 3, "Canada will give $680 million for drone co-production with Ukraine.", "drone co-production", "pledged", 68e7)
    _ingest(session, 4, "Canada will give $680 million for air defence for Ukraine.", "air defence", "pledged", 68e7)
    (target,) = load_targets(environ={"PLEDGEWATCH_NOTIFY": http_receiver.url()})
    now = datetime.now(timezone.utc) + timedelta(seconds=1)

    report = dispatch(session, targets=[target], now=now)
    assert http_receiver.titles == [
        "NEW pledge: C$500 million PURL to Ukraine",  # as announced: pledged, not yet delivered
        "CHANGED pledge: C$500 million PURL — status pledged → delivered",
        "NEW pledge: C$680 million drone co-production to Ukraine",
        "NEW pledge: C$680 million air defence to Ukraine",
        "CONFLICT: C$680 million — drone co-production vs air defence",
    ]
    assert report.sent == 5
    new_purl = http_receiver.posts[0]["body"]["message"]
    assert "Status: pledged" in new_purl and "https://news.example.org/story-1" in new_purl
    conflict = http_receiver.posts[-1]["body"]["message"]
    assert "drone co-production with Ukraine" in conflict and "air defence for Ukraine" in conflict
    # Re-ingesting a known article and dispatching again sends nothing.
    _ingest(session, 2, "Canada has delivered the $500 million PURL package to Ukraine.", "PURL", "delivered", 5e8)
    assert dispatch(session, targets=[target], now=now + timedelta(hours=1)).sent == 0
    assert len(http_receiver.posts) == 5
