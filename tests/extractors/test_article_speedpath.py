"""Cheaper paths around trafilatura's output give the answers of the plain code they replace."""
from __future__ import annotations

import os
import random
import re
from pathlib import Path

import pytest

import extractors.lexicon as lexicon_module
from extractors.html import MIN_PROSE_WORDS, has_prose
from extractors.lexicon import load_lexicon
from extractors.normalize import _ASCII_ODD, _REPLACE, _replace_odd, normalize_text

ROOT = Path(__file__).resolve().parents[2]
# Every line break `str.splitlines` knows, spaces of several kinds, and a few letters.
_POOL = ["\n", "\r", "\r\n", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029",
         " ", " ", " ", "\t", "\u00a0", "\u3000", "word", "a", "Canada", "$5"]


def _has_prose_reference(text: str) -> bool:
    return any(len(line.split()) >= MIN_PROSE_WORDS for line in text.splitlines())


def _replace_odd_reference(s: str) -> tuple[str, set[str]]:
    odd = re.compile("[" + "".join(re.escape(k) for k in _REPLACE) + "]")
    found = set(odd.findall(s))
    return odd.sub(lambda m: _REPLACE[m.group()], s), found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", False),
        ("Home\nWorld\nSports", False),
        ("Home\n\nCanada pledged more aid to Ukraine today", True),
        ("one two three\u2028four five six", False),  # a line separator ends the line, as splitlines says
        ("one two three four five\r\nsix", False),
        ("menu\n" * 50 + "Canada will send four tanks to Ukraine", True),
    ],
)
def test_has_prose_on_chosen_texts(text: str, expected: bool) -> None:
    assert has_prose(text) is expected is _has_prose_reference(text)


def test_has_prose_agrees_with_splitting_every_line() -> None:
    rng = random.Random(11)
    for _ in range(3000):
        text = "".join(rng.choice(_POOL) for _ in range(rng.randint(0, 40)))
        assert has_prose(text) == _has_prose_reference(text), repr(text)


def test_replace_odd_agrees_with_one_regex_substitution() -> None:
    rng = random.Random(5)
    pool = list(_REPLACE) + ["a", " ", "\n", "\u2014", "\u00e9", "$"]
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 30)))
        assert _replace_odd(text) == _replace_odd_reference(text), repr(text)
        if text.isascii():
            assert _replace_odd(text, _ASCII_ODD) == _replace_odd_reference(text), repr(text)


def test_replace_odd_on_ascii_text_needs_only_the_ascii_characters() -> None:
    rng = random.Random(9)
    pool = list(_ASCII_ODD) + ["a", " ", "\n", "$", "Z"]
    for _ in range(2000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 30)))
        assert _replace_odd(text, _ASCII_ODD) == _replace_odd_reference(text), repr(text)


def test_runs_of_spaces_collapse_however_long() -> None:
    assert normalize_text("a" + " " * 17 + "b  c   d") == "a b c d"


def test_default_lexicon_file_is_checked_at_most_once_per_interval(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "lexicon.toml"
    base = (ROOT / "config" / "lexicon.toml").read_text(encoding="utf-8")
    path.write_text(base, encoding="utf-8")
    monkeypatch.setenv("PLEDGEWATCH_CONFIG_DIR", str(tmp_path))
    monkeypatch.setattr(lexicon_module, "RECHECK_SECONDS", 3600.0)
    first = load_lexicon()
    assert first.path == path.resolve()
    path.write_text(base + "\n# edited\n", encoding="utf-8")
    os.utime(path, (later := path.stat().st_mtime + 5, later))
    assert load_lexicon() is first  # inside the interval: the file is not looked at
    assert load_lexicon(path) is not first  # a file given by name is checked at every call
    monkeypatch.setattr(lexicon_module, "RECHECK_SECONDS", 0.0)
    assert load_lexicon() is not first  # the interval over: the edit is read


def test_default_lexicon_follows_a_change_of_config_dir_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lexicon_module, "RECHECK_SECONDS", 3600.0)
    default = load_lexicon()
    (tmp_path / "lexicon.toml").write_text((ROOT / "config" / "lexicon.toml").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("PLEDGEWATCH_CONFIG_DIR", str(tmp_path))
    assert load_lexicon().path == (tmp_path / "lexicon.toml").resolve()
    monkeypatch.delenv("PLEDGEWATCH_CONFIG_DIR")
    assert load_lexicon().path == default.path
