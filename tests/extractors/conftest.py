"""Fixtures for the extractor tests: the default lexicon, and a helper that extracts from a text."""
from __future__ import annotations

from collections.abc import Callable

import pytest

from extractors.commitments import extract_commitments
from extractors.lexicon import Lexicon, load_lexicon
from extractors.model import Commitment


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return load_lexicon()


@pytest.fixture
def extract(lexicon: Lexicon) -> Callable[[str], list[Commitment]]:
    def run(text: str) -> list[Commitment]:
        return extract_commitments(text, lexicon)

    return run
