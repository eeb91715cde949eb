"""Prefect flows: the only part of pledgewatch that knows Prefect. Thin flows and tasks over the core.

`_env` is imported first so that Prefect starts offline and quiet whichever flow module is imported.
"""
from flows import _env  # noqa: F401  (must run before any `import prefect`)
