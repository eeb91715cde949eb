"""pledgewatch: a sourced ledger of Canada's commitments to Ukraine, kept from the news."""

__version__ = "0.1.0"
