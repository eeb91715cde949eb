"""normalize_text: NFKC, odd spaces, curly quotes, line structure kept, idempotent."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.normalize import normalize_text

ARTICLES = Path(__file__).parent / "articles"


def test_non_breaking_and_odd_spaces_become_plain_spaces() -> None:
    assert normalize_text("$2\u00a0billion for\u2009Ukraine\u202fnow") == "$2 billion for Ukraine now"


def test_curly_quotes_become_straight() -> None:
    assert normalize_text("\u201cWe\u2019re ready,\u201d Carney said") == "\"We're ready,\" Carney said"


def test_invisible_characters_are_dropped() -> None:
    assert normalize_text("Ukr\u00adaine\u200b aid\ufeff") == "Ukraine aid"


def test_nfkc_folds_compatibility_forms() -> None:
    assert normalize_text("\uff12\uff10\uff10 tanks") == "200 tanks"  # full-width digits


def test_runs_of_spaces_and_blank_lines_collapse_but_line_breaks_stay() -> None:
    text = "Lead line:\r\n\r\n\r\n-  first item \n- second\titem\n"
    assert normalize_text(text) == "Lead line:\n\n- first item\n- second item"


@pytest.mark.parametrize(
    "text",
    [
        "a\u00a0\u00a0b\t c\r\n\r\n\r\n\r\nd \n e",
        " \u2003x\u2029y\u2028 z ",
        "\u201cquoted\u201d \u2014 \u2018single\u2019",
        "",
    ],
)
def test_idempotent_on_awkward_input(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


def test_idempotent_on_seeds_and_own_articles(seeds_dir: Path) -> None:
    paths = sorted(seeds_dir.glob("*.txt")) + sorted(ARTICLES.glob("*.txt"))
    assert paths
    for path in paths:
        once = normalize_text(path.read_text(encoding="utf-8"))
        assert normalize_text(once) == once, path.name
        assert "\u00a0" not in once and "\u2019" not in once


def test_idempotent_on_random_unicode() -> None:
    import random

    rng = random.Random(7)
    pool = [chr(c) for c in range(0x20, 0x2100)] + ["\n", "\r", "\t", "\u00a0", "\u2029", "\ufeff", "\u200b"]
    for _ in range(300):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 120)))
        once = normalize_text(text)
        assert normalize_text(once) == once, repr(text)


def test_idempotent_when_an_invisible_character_separated_an_accent() -> None:
    once = normalize_text("e\u200b\u0301 and A\u00ad\u030a")
    assert once == "\u00e9 and \u00c5"
    assert normalize_text(once) == once


def test_one_round_when_a_replaced_character_meets_an_accent() -> None:
    # Only dropping a character starts another NFKC round; a straight quote or space never composes.
    once = normalize_text("\u2019\u0301 e\u2019\u0301 \u201c\u0327c\u00a0\u0301")
    assert once == "'\u0301 e'\u0301 \"\u0327c \u0301"
    assert normalize_text(once) == once
