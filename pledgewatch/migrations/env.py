"""Alembic environment: runs migrations on the engine pledgewatch hands over (see pledgewatch.db)."""
from __future__ import annotations

from alembic import context

from pledgewatch.db import Base
from pledgewatch import models_registry  # noqa: F401  (imports every model module)

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        from pledgewatch.db import make_engine

        engine = make_engine(config.get_main_option("sqlalchemy.url") or None)
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        context.run_migrations()


run_migrations_online()
