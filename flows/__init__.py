"""Prefect flows: the only part of pledgewatch that knows Prefect. Thin flows and tasks over the core."""
