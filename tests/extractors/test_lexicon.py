"""The lexicon lives in config/lexicon.toml: analysts extend it without touching code."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.commitments import extract_commitments
from extractors.lexicon import LexiconError, default_lexicon_path, load_lexicon

ROOT = Path(__file__).resolve().parents[2]


def test_default_is_the_project_config() -> None:
    lex = load_lexicon()
    assert lex.path == (ROOT / "config" / "lexicon.toml").resolve()
    assert load_lexicon() is lex  # cached


def test_config_dir_environment_variable_is_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "lexicon.toml").write_text((ROOT / "config" / "lexicon.toml").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("PLEDGEWATCH_CONFIG_DIR", str(tmp_path))
    assert default_lexicon_path() == tmp_path / "lexicon.toml"
    assert load_lexicon().path == (tmp_path / "lexicon.toml").resolve()


def test_an_analyst_can_add_a_donor_without_code(tmp_path: Path) -> None:
    text = "Ruritania will send $40 million in military aid to Ukraine, Canada's allies said."
    base = (ROOT / "config" / "lexicon.toml").read_text(encoding="utf-8")
    assert [c.amount for c in extract_commitments(text, load_lexicon())] == [40e6]  # nearest giver: Canada's
    extended = base.replace('others = [\n', 'others = [\n    "Ruritania",\n', 1)
    path = tmp_path / "lexicon.toml"
    path.write_text(extended, encoding="utf-8")
    assert extract_commitments("Ruritania will send $40 million in military aid to Ukraine.", load_lexicon(path)) == []


def test_an_analyst_can_add_a_status_cue(tmp_path: Path) -> None:
    text = "Canada greenlit $70 million for Ukraine's demining."
    base = (ROOT / "config" / "lexicon.toml").read_text(encoding="utf-8")
    assert extract_commitments(text, load_lexicon()) == []  # no commitment wording known
    path = tmp_path / "lexicon.toml"
    path.write_text(base.replace('"earmarked", "earmarks",', '"greenlit", "earmarked", "earmarks",', 1), encoding="utf-8")
    [c] = extract_commitments(text, load_lexicon(path))
    assert (c.amount, c.status, c.purpose, c.category) == (70e6, "allocated", "demining", "humanitarian")


def test_changed_file_is_reloaded(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.toml"
    base = (ROOT / "config" / "lexicon.toml").read_text(encoding="utf-8")
    path.write_text(base, encoding="utf-8")
    first = load_lexicon(path)
    path.write_text(base + "\n# edited\n", encoding="utf-8")
    import os

    os.utime(path, (first_time := path.stat().st_mtime + 5, first_time))
    assert load_lexicon(path) is not first


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("this is = not [ toml", "invalid TOML"),
        ('[actors]\ncanada = "Canada"\n', "must be a list of strings"),
        ('[[status_cue]]\nphrases = ["x"]\n', "invalid lexicon"),
    ],
)
def test_malformed_lexicon_gives_one_line_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "lexicon.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError) as info:
        load_lexicon(path)
    text = str(info.value)
    assert message in text and str(path) in text and "\n" not in text


def test_missing_lexicon(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="not found"):
        load_lexicon(tmp_path / "nope.toml")
