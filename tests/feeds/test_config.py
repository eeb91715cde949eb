"""Reading config/feeds.toml: the shipped list, defaults, keyword groups and one-line errors."""
from __future__ import annotations

from pathlib import Path

import pytest

from pledgewatch.feeds.config import DEFAULT_INTERVAL_MINUTES, FeedConfig, load_feeds
from pledgewatch.settings import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "feeds.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_feed_list_is_valid_and_covers_government_and_outlets():
    feeds = load_feeds()
    names = {f.name for f in feeds}
    assert {"Prime Minister of Canada", "Global Affairs Canada", "Kyiv Independent"} <= names
    assert all(f.url.startswith("https://") for f in feeds)
    assert all(f.keywords for f in feeds)  # every default feed is filtered to the topic


def test_defaults_groups_and_disabled_entries(tmp_path):
    path = write(tmp_path, """
[defaults]
interval_minutes = 45
[[feed]]
name = "a"
url = "https://example.org/a.xml"
keywords = ["ukrain", "kyiv"]
[[feed]]
name = "b"
url = "https://example.org/b.xml"
interval_minutes = 10
keywords = [["ukrain"], ["canad", "ottawa"]]
[[feed]]
name = "c"
url = "https://example.org/c.xml"
enabled = false
""")
    assert load_feeds(path) == [
        FeedConfig("a", "https://example.org/a.xml", 45, (("ukrain", "kyiv"),)),
        FeedConfig("b", "https://example.org/b.xml", 10, (("ukrain",), ("canad", "ottawa"))),
    ]


def test_interval_defaults_without_a_defaults_table(tmp_path):
    path = write(tmp_path, '[[feed]]\nname = "a"\nurl = "http://example.org/"\n')
    assert load_feeds(path)[0].interval_minutes == DEFAULT_INTERVAL_MINUTES


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[[feed]]\nurl = "https://e.org/"\n', "missing 'name'"),
        ('[[feed]]\nname = "x"\nurl = "ftp://e.org/"\n', "http(s) URL"),
        ('[[feed]]\nname = "x"\nurl = "https://e.org/"\ninterval_minutes = 0\n', "positive whole number"),
        ('[[feed]]\nname = "x"\nurl = "https://e.org/"\nkeywords = "ukraine"\n', "keywords"),
        ('[[feed]]\nname = "x"\nurl = "https://e.org/"\nkeyword = ["a"]\n', "unknown setting(s) keyword"),
        ('[[feed]]\nname = "x"\nurl = "https://e.org/"\n[[feed]]\nname = "x"\nurl = "https://e.org/2"\n', "used twice"),
        ("[[feed]\n", "invalid TOML"),
        ('[[feed]]\nname = "' + "n" * 201 + '"\nurl = "https://e.org/"\n', "longer than 200"),
    ],
)
def test_bad_config_gives_one_line_error_naming_the_file(tmp_path, body, message):
    path = write(tmp_path, body)
    with pytest.raises(ConfigError) as info:
        load_feeds(path)
    text = str(info.value)
    assert message in text and str(path) in text and "\n" not in text


def test_missing_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_feeds(tmp_path / "nope.toml")
