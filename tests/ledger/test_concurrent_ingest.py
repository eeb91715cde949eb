"""Two runs ingesting at the same time queue on the ledger lock instead of opening the same pledge twice."""
from __future__ import annotations

import threading
import time

from pledgewatch.db import session_factory
from pledgewatch.ledger.ingest import ingest_article
from pledgewatch.ledger.queries import list_pledges
from tests.ledger.factories import article, commit


def test_second_writer_waits_and_joins_the_first_writers_pledge(engine) -> None:  # type: ignore[no-untyped-def]
    factory = session_factory(engine)
    first_done = threading.Event()
    waited: dict[str, float] = {}
    errors: list[BaseException] = []

    def writer_a() -> None:
        s = factory()
        try:
            ingest_article(s, article(), [commit(amount=4.4e8, purpose="armoured vehicles")], "feed")
            first_done.set()
            time.sleep(0.6)  # hold the lock while B tries to ingest the same pledge
            s.commit()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
            first_done.set()
        finally:
            s.close()

    def writer_b() -> None:
        first_done.wait(10)
        s = factory()
        try:
            start = time.monotonic()
            ingest_article(s, article(), [commit(amount=4.4e8, purpose="armoured vehicles")], "feed")
            waited["b"] = time.monotonic() - start
            s.commit()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            s.close()

    threads = [threading.Thread(target=writer_a), threading.Thread(target=writer_b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors, errors
    assert waited["b"] > 0.3, "the second ingest should have waited for the first to commit"
    s = factory()
    try:
        [p] = list_pledges(s)
        assert p["source_count"] == 2
    finally:
        s.close()


def test_same_article_at_once_is_stored_once(engine) -> None:  # type: ignore[no-untyped-def]
    factory = session_factory(engine)
    text = "Canada announced $90 million for demining equipment on Tuesday."
    barrier = threading.Barrier(3)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def writer() -> None:
        s = factory()
        try:
            barrier.wait(10)
            r = ingest_article(s, article(text, url="https://news.example.org/demining"),
                               [commit(amount=9e7, purpose="demining")], "feed")
            s.commit()
            outcomes.append(r.outcome)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            s.close()

    threads = [threading.Thread(target=writer) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors, errors
    assert sorted(outcomes) == ["new", "unchanged", "unchanged"]
    s = factory()
    try:
        assert len(list_pledges(s)) == 1
    finally:
        s.close()
