"""The ledger: articles, mentions, pledges, reconciliation across sources, and change events."""
