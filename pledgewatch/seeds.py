"""The five seed articles shipped in `seeds/`: loaded as Articles and ingested once as the baseline.

The seeds are the ledger's history on a fresh install. Their first ingest marks its events as baseline,
so that installing pledgewatch does not alert on news that is already known.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from extractors.model import Article
from pledgewatch.settings import PROJECT_ROOT, ConfigError, home, load_toml


def seeds_dir() -> Path:
    """`<home>/seeds` when it has a manifest, else the seeds shipped with the project."""
    local = home() / "seeds"
    return local if (local / "manifest.toml").exists() else PROJECT_ROOT / "seeds"


def load_seed_articles(directory: Path | None = None) -> list[Article]:
    """The seed articles listed in `seeds/manifest.toml`, text normalised, in manifest order."""
    from extractors.normalize import normalize_text

    base = directory or seeds_dir()
    manifest = load_toml(base / "manifest.toml")
    articles = []
    for entry in manifest.get("seed", []):
        name = entry.get("file")
        if not name:
            raise ConfigError(f"{base / 'manifest.toml'}: a [[seed]] entry has no file")
        path = base / name
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ConfigError(f"{path}: seed file listed in the manifest is missing") from None
        articles.append(
            Article(
                text=normalize_text(raw),
                source=f"seeds/{name}",
                title=entry.get("title") or None,
                date=str(entry["date"]) if entry.get("date") else None,
                site=entry.get("outlet") or None,
                url=None,
            )
        )
    return articles


def ingest_seeds(session: Session, articles: list[Article] | None = None) -> list:  # list[IngestResult]
    """Extract and ingest every seed; the events are baseline when the ledger held no article before.

    Seeds already stored come back "unchanged", so calling this on every run costs a few lookups.
    """
    from extractors.commitments import extract_commitments
    from pledgewatch.identity import content_hash
    from pledgewatch.ledger.ingest import article_known, ingest_article, ledger_is_empty

    articles = load_seed_articles() if articles is None else articles
    baseline = ledger_is_empty(session)
    results = []
    for a in articles:
        known = article_known(session, content_hash=content_hash(a.text))  # skip extraction when stored
        found = [] if known else extract_commitments(a.text)
        results.append(ingest_article(session, a, found, "seed", baseline=baseline))
    return results
