"""split_segments' abbreviation test: the cheap check for ordinary words agrees with the full look-up."""
from __future__ import annotations

import pytest

from extractors.sentences import _is_abbreviation


def _before_dot(sentence: str, pos: int = 0) -> bool:
    return _is_abbreviation(sentence, pos, len(sentence) - 1)


@pytest.mark.parametrize("text", ["the U.S.", "Gen.", "said Mrs.", "MRS.", "approx.", "in Sept.", "Lt.",
                                  "John F.", "Acme Corp.", "e.g.", "(U.S.", "anti-U.S.", "No."])
def test_abbreviations_and_initials(text: str) -> None:
    assert _before_dot(text)


@pytest.mark.parametrize("text", ["the war.", "it.", "the largest.", "he kept.", "in 2025.", "Carney.",
                                  "co-production.", "a.m.s."])
def test_ordinary_words(text: str) -> None:
    assert not _before_dot(text)


def test_looks_back_no_further_than_the_last_sentence_end() -> None:
    assert not _before_dot("Carney.")
    assert _before_dot("Carney.", 5)  # only "y" is left to look at: an initial
    assert _before_dot("Smith. Gen.", 7)
