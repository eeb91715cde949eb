"""Alerts: apprise delivery of ledger events through a database outbox, exactly once."""
