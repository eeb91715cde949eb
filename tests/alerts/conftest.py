"""Fixtures for the alert tests: real receivers, and ledger events written straight into the tables."""
from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from tests.alerts.receivers import HttpReceiver, MqttSubscriber, SmtpReceiver
from tests.conftest import require_service

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def http_receiver() -> Iterator[HttpReceiver]:
    receiver = HttpReceiver().start()
    yield receiver
    receiver.stop()


@pytest.fixture
def smtp_receiver() -> Iterator[SmtpReceiver]:
    receiver = SmtpReceiver()
    receiver.controller.start()
    yield receiver
    receiver.controller.stop()


@pytest.fixture
def mqtt_subscriber() -> Iterator[MqttSubscriber]:
    require_service("MQTT broker", "127.0.0.1", 1883)
    sub = MqttSubscriber(f"pledgewatch-test/{uuid.uuid4().hex[:8]}")
    yield sub
    sub.close()


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLEDGEWATCH_NOTIFY", raising=False)


@pytest.fixture
def alerts_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Write config/alerts.toml (and optionally templates) into a temporary config dir."""
    import shutil

    from tests.conftest import ROOT

    cfg = tmp_path / "config"
    (cfg / "templates").mkdir(parents=True)
    shutil.copy(ROOT / "config" / "templates" / "default.toml", cfg / "templates" / "default.toml")
    for name in ("pledgewatch.toml", "rates.toml"):
        if (ROOT / "config" / name).exists():
            shutil.copy(ROOT / "config" / name, cfg / name)
    monkeypatch.setenv("PLEDGEWATCH_CONFIG_DIR", str(cfg))
    monkeypatch.delenv("PLEDGEWATCH_NOTIFY", raising=False)

    def write(alerts_toml: str, **templates: str) -> Path:
        (cfg / "alerts.toml").write_text(alerts_toml, encoding="utf-8")
        for name, text in templates.items():
            (cfg / "templates" / f"{name}.toml").write_text(text, encoding="utf-8")
        return cfg / "alerts.toml"

    return write


def add_event(
    session: Session,
    kind: str = "NEW",
    *,
    category: str = "humanitarian",
    purpose: str = "humanitarian aid",
    status: str = "pledged",
    amount: float | None = 31e6,
    currency: str | None = "CAD",
    amount_cad: float | None = None,
    quantity: int | None = None,
    item: str | None = None,
    field: str | None = None,
    before: Any = None,
    after: Any = None,
    evidence: str = "Canada will provide $31 million in humanitarian aid to Ukraine.",
    url: str | None = None,
    created_at: datetime | None = None,
    baseline: bool = False,
    other: dict[str, Any] | None = None,
) -> int:
    """Write an article, a pledge and one event the way the ledger does; returns the event id."""
    from pledgewatch.ledger.models import ArticleRow, ConflictRow, EventRow, PledgeRow

    created = created_at or NOW - timedelta(hours=1)
    n = uuid.uuid4().hex[:10]
    url = url or f"https://news.example.org/{n}"
    article = ArticleRow(
        url=url, canonical_url=url, content_hash=n * 6 + "abcd", source=url, title=f"Story {n}",
        outlet="Example News", origin="feed", text=evidence, fetched_at=created, updated_at=created,
    )
    session.add(article)
    session.flush()

    def pledge(**kw: Any) -> PledgeRow:
        if kw.get("amount_cad") is None and (kw.get("currency") or "CAD") == "CAD":
            kw["amount_cad"] = kw.get("amount")
        row = PledgeRow(family=kw["category"], created_at=created, updated_at=created, **kw)
        session.add(row)
        session.flush()
        return row

    mine = pledge(category=category, purpose=purpose, status=status, amount=amount, currency=currency,
                  amount_cad=amount_cad, quantity=quantity, item=item)
    conflict_id = None
    if other is not None:
        theirs = pledge(**{"status": "pledged", "currency": currency, **other})
        conflict = ConflictRow(pledge_a=theirs.id, pledge_b=mine.id, kind="same-amount-different-purpose",
                               evidence_a=other.get("purpose", "") + " evidence", evidence_b=evidence,
                               article_a=article.id, article_b=article.id, created_at=created)
        session.add(conflict)
        session.flush()
        conflict_id = conflict.id
    event = EventRow(kind=kind, pledge_id=mine.id, field=field, before=before, after=after, evidence=evidence,
                     article_id=article.id, conflict_id=conflict_id, created_at=created, baseline=baseline)
    session.add(event)
    session.commit()
    return event.id
