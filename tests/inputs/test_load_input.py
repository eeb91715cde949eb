"""load_input and article_from_bytes: files and URLs, good and bad, each bad one a one-line InputError."""
from __future__ import annotations

import os
import threading
from pathlib import Path

import httpx
import pytest

from pledgewatch.fetch import make_client
from pledgewatch.inputs import InputError, article_from_bytes, decode_text, load_input
from tests.inputs.conftest import BINARY_BODY, PAGES_DIR, PDF_BODY, TEXT_ARTICLE, cp1252_page

CP1252_WORDS = ("Canada's pledge to Kyiv – explained", "Mélanie Joly", '"€20 million"', "Bloc Québécois")


def assert_one_line(exc: BaseException) -> None:
    assert str(exc) and "\n" not in str(exc)


# ---- URLs -----------------------------------------------------------------------------------------

def test_url_html_article(http_server: str) -> None:
    url = f"{http_server}/article.html"
    article = load_input(url)
    assert article.source == url
    assert article.url == "https://northernledger.example/world/2025/06/17/ottawa-military-aid-ukraine"
    assert article.site == "The Northern Ledger" and article.date == "2025-06-17"
    assert "another $500 million in military assistance" in article.text


@pytest.mark.parametrize("path", ["/article-no-type", "/article-octet"])
def test_url_html_sniffed_when_type_missing_or_generic(http_server: str, path: str) -> None:
    assert "another $500 million" in load_input(f"{http_server}{path}").text


def test_url_mislabelled_by_server(http_server: str) -> None:
    assert load_input(f"{http_server}/text-as-html").text == TEXT_ARTICLE.strip()
    html_page = load_input(f"{http_server}/html-as-text")
    assert html_page.site == "The Northern Ledger" and "<p>" not in html_page.text


def test_url_plain_text_keeps_fetched_url(http_server: str) -> None:
    article = load_input(f"{http_server}/moved-absolute")
    assert article.text == TEXT_ARTICLE.strip()
    assert article.url == f"{http_server}/text.txt"
    assert article.source == f"{http_server}/moved-absolute"


@pytest.mark.parametrize(
    "path", ["/cp1252-header.html", "/cp1252-latin1-label.html", "/cp1252-meta.html", "/cp1252-undeclared.html",
             "/wrongly-declared-utf8.html"],
)
def test_url_cp1252_page_reads_as_words(http_server: str, path: str) -> None:
    article = load_input(f"{http_server}{path}")
    for words in CP1252_WORDS:
        assert words in article.text
    assert "\ufffd" not in article.text and "â€" not in article.text


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/binary", "binary content (application/octet-stream), not an article"),
        ("/binary-as-html", "binary content (text/html), not an article"),
        ("/doc.pdf", "PDF, not an HTML article"),
        ("/pdf-as-html", "PDF, not an HTML article"),
        ("/image.png", "PNG image (image/png), not an article"),
        ("/empty", "empty page"),
        ("/blank", "empty page"),
        ("/nav-only.html", "no article text found"),
        ("/missing", "HTTP 404 Not Found"),
        ("/loop-a", "redirect loop"),
        ("/busy", "HTTP 503 Service Unavailable"),
        ("/feed.xml", "RSS/Atom feed, not an article"),
        ("/data.json", "JSON data (application/json), not an article"),
    ],
)
def test_url_bad_inputs_are_one_line_errors(http_server: str, path: str, reason: str) -> None:
    with pytest.raises(InputError) as info:
        load_input(f"{http_server}{path}")
    assert reason in str(info.value)
    assert_one_line(info.value)


def test_url_over_cap_and_past_deadline(http_server: str) -> None:
    with pytest.raises(InputError, match="over the 100,000-byte limit"):
        load_input(f"{http_server}/huge-chunked", max_bytes=100_000)
    with pytest.raises(InputError, match="longer than the 0.5 s limit"):
        load_input(f"{http_server}/drip", timeout=0.5)


def test_url_unreachable(closed_port_url: str) -> None:
    with pytest.raises(InputError, match="could not connect") as info:
        load_input(closed_port_url)
    assert_one_line(info.value)


def test_url_with_shared_client(http_server: str) -> None:
    with make_client() as client:
        assert load_input(f"{http_server}/article.html", client=client).site == "The Northern Ledger"
        assert load_input(f"{http_server}/text.txt", client=client).text == TEXT_ARTICLE.strip()


def test_unsupported_scheme() -> None:
    with pytest.raises(InputError, match="unsupported URL scheme 'ftp'"):
        load_input("ftp://example.org/story.html")


# ---- files ----------------------------------------------------------------------------------------

def test_file_html_and_txt(tmp_path: Path) -> None:
    html = load_input(str(PAGES_DIR / "demining_energy_aid.html"))
    assert html.site == "Prairie Wire" and "$30 million to clear land mines" in html.text
    txt = tmp_path / "note.txt"
    txt.write_text(TEXT_ARTICLE, encoding="utf-8")
    article = load_input(str(txt))
    assert article.text == TEXT_ARTICLE.strip() and article.url is None and article.source == str(txt)


def test_file_without_suffix_is_sniffed(tmp_path: Path) -> None:
    page = tmp_path / "saved_page"
    page.write_bytes((PAGES_DIR / "ottawa_military_aid.html").read_bytes())
    assert load_input(str(page)).title == "Ottawa adds $500 million in military aid for Ukraine"
    note = tmp_path / "plain_note"
    note.write_text(TEXT_ARTICLE, encoding="utf-8")
    assert load_input(str(note)).text == TEXT_ARTICLE.strip()


def test_txt_file_holding_markup_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "snippet.txt"
    path.write_text("<p>Canada gives $5 million.</p>", encoding="utf-8")
    assert load_input(str(path)).text == "<p>Canada gives $5 million.</p>"


def test_file_non_utf8_text(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Ottawa’s “€20 million” for Kyiv – Mélanie Joly".encode("cp1252"))
    assert load_input(str(path)).text == "Ottawa's \"€20 million\" for Kyiv – Mélanie Joly"


def test_file_cp1252_html(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(cp1252_page())
    text = load_input(str(path)).text
    for words in CP1252_WORDS:
        assert words in text


def test_file_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes("Canada gives $5 million to Ukraine’s schools.".encode("utf-16"))
    assert load_input(str(path)).text == "Canada gives $5 million to Ukraine's schools."


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("spaces.html", b" \n\t \r\n", "empty file"),
        ("blob.txt", BINARY_BODY, "binary content (text/plain), not an article"),
        ("blob", BINARY_BODY, "binary content, not an article"),
        ("paper.html", PDF_BODY, "PDF, not an HTML article"),
        ("photo.txt", b"\xff\xd8\xff\xe0" + b"\x00\x10JFIF" * 20, "JPEG image"),
    ],
)
def test_bad_files(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        load_input(str(path))
    assert reason in str(info.value)
    assert_one_line(info.value)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="^no such file$"):
        load_input(str(tmp_path / "nope.txt"))
    with pytest.raises(InputError, match="is a directory"):
        load_input(str(tmp_path))


def test_file_over_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Canada gives aid. " * 1000, encoding="utf-8")
    with pytest.raises(InputError, match="over the 1,000-byte limit"):
        load_input(str(path), max_bytes=1000)


def test_endless_device_and_named_pipe(tmp_path: Path) -> None:
    if Path("/dev/zero").exists():
        with pytest.raises(InputError, match="over the 1,000-byte limit"):
            load_input("/dev/zero", max_bytes=1000)
    fifo = tmp_path / "article.pipe"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_text(TEXT_ARTICLE, encoding="utf-8"), daemon=True)
    writer.start()
    assert load_input(str(fifo)).text == TEXT_ARTICLE.strip()
    writer.join(timeout=5)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("text", encoding="utf-8")
    path.chmod(0)
    with pytest.raises(InputError, match="permission denied"):
        load_input(str(path))


# ---- bytes and decoding ---------------------------------------------------------------------------

def test_article_from_bytes_html_with_fetched_url() -> None:
    article = article_from_bytes(
        (PAGES_DIR / "demining_energy_aid.html").read_bytes(),
        content_type="text/html",
        source="feed item",
        url="https://prairiewire.example/x",
    )
    assert article.source == "feed item"
    assert article.url == "https://prairiewire.example/news/canada-demining-energy-ukraine"  # page's canonical


def test_decode_order() -> None:
    body = "“Café”".encode("cp1252")
    assert decode_text(body) == "“Café”"  # not UTF-8: cp1252 fallback
    assert decode_text("“Café”".encode()) == "“Café”"
    assert decode_text(body, "text/plain; charset=windows-1252") == "“Café”"
    assert decode_text("Café".encode("iso-8859-15"), "text/plain; charset=iso-8859-15") == "Café"
    assert decode_text(b'<meta charset="koi8-r">' + "да".encode("koi8_r"), html=True).endswith("да")
    assert decode_text(b"ok", "text/plain; charset=no-such-charset") == "ok"
    # an XML declaration names the charset of an XHTML page
    assert decode_text(b'<?xml version="1.0" encoding="koi8-r"?><p>' + "да".encode("koi8_r"), html=True).endswith("да")
    # the HTTP header wins over the page's own declaration
    assert decode_text(b'<meta charset="koi8-r">' + "да".encode(), "text/html; charset=utf-8", html=True).endswith("да")


# ---- a BOM does not make bytes text ---------------------------------------------------------------

BOM_BLOBS = {
    "utf-16-le": b"\xff\xfe\x00\x01bin",  # odd length: not UTF-16
    "utf-16-be": b"\xfe\xff\x00\x01bin",
    "utf-16-le even": b"\xff\xfe\x00\x01binary",  # decodes, but to "Ā楢慮祲": scattered scripts, no space
    "utf-16-be even": b"\xfe\xff\x00\x01binary",  # U+0001 control
    "utf-16-le lone surrogate": b"\xff\xfe" + "Canada gives".encode("utf-16-le") + b"\x00\xd8 \x00",
    "utf-16-le controls": b"\xff\xfe" + bytes(range(1, 32)) * 4,
    "utf-32-le": b"\xff\xfe\x00\x00\x01\x00\x00\x00bin!",  # U+21 6E69 62: past U+10FFFF
    "utf-32-be": b"\x00\x00\xfe\xff\x00\x00\x00\x01",
    "utf-8": b"\xef\xbb\xbf\x00\x01bin",
    "utf-16-le big binary": b"\xff\xfe" + BINARY_BODY,
}


@pytest.mark.parametrize("suffix", [".txt", ".html"])
@pytest.mark.parametrize("blob", list(BOM_BLOBS.values()), ids=list(BOM_BLOBS))
def test_binary_behind_a_bom_is_refused(tmp_path: Path, blob: bytes, suffix: str) -> None:
    path = tmp_path / f"x{suffix}"
    path.write_bytes(blob)
    media = "text/plain" if suffix == ".txt" else "text/html"
    with pytest.raises(InputError) as info:
        load_input(str(path))
    assert str(info.value) == f"binary content ({media}), not an article"


def test_binary_behind_a_bom_is_refused_without_suffix_and_as_bytes(tmp_path: Path) -> None:
    path = tmp_path / "blob"
    path.write_bytes(BOM_BLOBS["utf-16-le"])
    with pytest.raises(InputError, match="^binary content, not an article$"):
        load_input(str(path))
    with pytest.raises(InputError, match=r"^binary content \(text/html\), not an article$"):
        article_from_bytes(BOM_BLOBS["utf-16-be"], content_type="text/html", source="feed item", url="https://x.example/a")


@pytest.mark.parametrize("blob", [BOM_BLOBS["utf-16-le"], BOM_BLOBS["utf-16-be"]], ids=["le", "be"])
def test_url_binary_behind_a_bom_is_refused(blob: bytes) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=blob, headers={"Content-Type": "text/html"}))
    with httpx.Client(transport=transport) as client:
        with pytest.raises(InputError) as info:
            load_input("https://news.example/story.html", client=client)
    assert str(info.value) == "binary content (text/html), not an article"


@pytest.mark.parametrize("content", [b"\xff\xfe", b"\xfe\xff\x00 \x00\n", b"\xef\xbb\xbf \n"])
def test_bom_with_nothing_after_it_is_empty(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match="^empty file$"):
        load_input(str(path))


UKRAINE_RU = "Канада выделит Украине 500 миллионов долларов на военную помощь, заявил министр."
UKRAINE_ZH = "加拿大宣布向乌克兰提供5亿加元军事援助。"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("words", [TEXT_ARTICLE.strip(), UKRAINE_RU, UKRAINE_ZH], ids=["en", "ru", "zh"])
def test_real_text_behind_a_bom_is_read(tmp_path: Path, codec: str, words: str) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(("\ufeff" + words + "\r\n").encode(codec))
    assert load_input(str(path)).text == words


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-be"])
def test_real_html_behind_a_bom_is_read(tmp_path: Path, codec: str) -> None:
    page = (PAGES_DIR / "ottawa_military_aid.html").read_text(encoding="utf-8")
    path = tmp_path / "wide.html"
    path.write_bytes(("\ufeff" + page).encode(codec))
    article = load_input(str(path))
    assert article.site == "The Northern Ledger" and "another $500 million in military assistance" in article.text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_long_utf16_article_with_emoji_across_the_sample_edge(tmp_path: Path, codec: str) -> None:
    # 4094 BMP characters after the BOM put the emoji's surrogate pair across the 8,192-byte sample.
    body = ("Ukraine " * 600)[:4094] + "\U0001f1fa\U0001f1e6 " + (TEXT_ARTICLE + UKRAINE_RU + "\n") * 40
    path = tmp_path / "long.txt"
    path.write_bytes(("\ufeff" + body).encode(codec))
    assert path.stat().st_size > 16_000
    assert load_input(str(path)).text == body.strip()
