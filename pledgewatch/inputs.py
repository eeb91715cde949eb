"""Turning what the user (or a feed) hands pledgewatch into an Article: a file, a URL or raw bytes.

This is the gate where bad input is refused with a one-line reason (`InputError`) before it reaches
the extractor: missing or empty files, binary bodies, PDFs, images, pages without article text. It
also decodes text correctly whatever its charset, so that a cp1252 page reads as words, not as an
error or mojibake.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

import httpx

from extractors.html import NoArticleText, article_from_html
from extractors.model import Article
from extractors.text import EmptyArticle, article_from_text
from pledgewatch.fetch import (
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT,
    FetchError,
    charset_from_content_type,
    fetch_url,
    raise_for_status,
)

__all__ = ["InputError", "article_from_bytes", "decode_text", "is_url", "load_input"]

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml"})

# Magic numbers of formats that are never an article (checked before any decoding).
_SIGNATURES: list[tuple[bytes, str]] = [
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x7fELF", "executable"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"\x00\x00\x00\x18ftyp", "MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "MP4 video"),
]
_BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
# Browsers read these labels as windows-1252 (WHATWG Encoding standard); Python's latin-1 would turn
# 0x80-0x9F (curly quotes, dashes, the euro sign) into invisible control characters.
_CP1252_ALIASES = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii", "windows-1252"})
# <meta charset="...">, <meta http-equiv="Content-Type" content="...; charset=...">, <?xml encoding="..."?>
_META_CHARSET = re.compile(
    rb"""(?:<meta[^>]+charset|<\?xml[^>]+encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_HTML_START = re.compile(r"<(!doctype\s+html|html|head|body|article|meta|title)\b", re.IGNORECASE)
_SAMPLE = 8192
_CONTROL_LIMIT = 0.10  # share of control bytes (or odd characters, after a BOM) above which content is binary
_TEXT_CONTROLS = frozenset("\t\n\x0c\r\x1b")  # the control characters real text holds
# Controls, unassigned code points, private use, lone surrogates and U+FFFD: rare in text, common in
# bytes read as UTF-16/32.
_ODD_CATEGORIES = frozenset({"Cc", "Cn", "Co", "Cs"})
_SCATTERED_PAGES = 12  # Unicode pages a short text may touch before its scripts look random


class InputError(Exception):
    """An input cannot be read as an article. `str()` is a one-line reason (no source, no secrets)."""

    def __init__(self, reason: str) -> None:
        super().__init__(" ".join(str(reason).split()))


def is_url(path_or_url: str) -> bool:
    """True for something that looks like an http(s) URL rather than a file path."""
    return bool(re.match(r"^https?://", path_or_url.strip(), re.IGNORECASE))


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _refuse_non_article(content: bytes, content_type: str | None, noun: str) -> None:
    """Raise InputError for empty, binary, PDF or image content; return quietly for text."""
    media = _media_type(content_type)
    label = f" ({media})" if media else ""
    if not content.strip():
        raise InputError(f"empty {noun}")
    head = content[:_SAMPLE]
    if head.lstrip()[:5] == b"%PDF-" or media == "application/pdf":
        raise InputError("PDF, not an HTML article")
    for magic, kind in _SIGNATURES:
        if head.startswith(magic):
            raise InputError(f"{kind}{label}, not an article")
    if media.startswith(("image/", "audio/", "video/", "font/")):
        raise InputError(f"{media} content, not an article")
    codec = next((codec for bom, codec in _BOMS if head.startswith(bom)), None)
    if codec == "utf-8-sig":
        head = head[len(codecs.BOM_UTF8):]  # a UTF-8 BOM says nothing about what follows: judge the bytes
        if not head.strip():
            raise InputError(f"empty {noun}")
    elif codec:
        # UTF-16/32 text legitimately holds NUL bytes, so judge the decoded characters instead.
        text = _bom_text(content, codec)
        if text is not None and not text.strip():
            raise InputError(f"empty {noun}")
        if text is None or _odd_text(text):
            raise InputError(f"binary content{label}, not an article")
        return
    controls = sum(1 for b in head if b < 0x20 and b not in (0x09, 0x0A, 0x0C, 0x0D, 0x1B))
    if b"\x00" in head or controls > _CONTROL_LIMIT * len(head):
        raise InputError(f"binary content{label}, not an article")


def _bom_text(content: bytes, codec: str) -> str | None:
    """The first `_SAMPLE` bytes of UTF-16/32 content decoded strictly, or None when they are not valid
    UTF-16/32 (odd length, lone surrogate, code point past U+10FFFF): a BOM alone proves nothing, and
    binary bytes behind one rarely decode. A character cut by the sample's end is not an error."""
    decoder = codecs.getincrementaldecoder(codec)("strict")
    try:
        return decoder.decode(content[:_SAMPLE], final=len(content) <= _SAMPLE)
    except UnicodeDecodeError:
        return None


def _page(ch: str) -> int:
    """A 256-code-point page, with the large CJK and Hangul blocks each counted as one page."""
    code = ord(ch)
    if 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x3FFFF:
        return 0x4E
    if 0xAC00 <= code <= 0xD7AF:
        return 0xAC
    return code >> 8


def _odd_text(text: str) -> bool:
    """Whether decoded UTF-16/32 text is really binary. Text in any language uses few scripts, no NUL,
    hardly any controls, unassigned or private-use code points, and has spaces, punctuation or ASCII
    somewhere; bytes read as UTF-16 fail one of these (e.g. b"\\x00\\x01bin" reads as "Ā楢" plus a
    stray byte, bytes 0x01-0x1F as letters of thirty scripts)."""
    if "\x00" in text:
        return True
    odd = sum(
        1 for ch in text
        if ch == "\ufffd" or (ch not in _TEXT_CONTROLS and unicodedata.category(ch) in _ODD_CATEGORIES)
    )
    if odd > _CONTROL_LIMIT * len(text):
        return True
    wide = [ch for ch in text if ch >= "\x80"]
    pages = len({_page(ch) for ch in wide})
    if pages >= _SCATTERED_PAGES and pages * 3 > len(text):  # nearly every character from another script
        return True
    return not any(ch < "\x80" or ch.isspace() or unicodedata.category(ch)[0] == "P" for ch in text)


def _codec(label: str | None) -> str | None:
    """A Python codec name for a charset label, or None when Python does not know it."""
    if not label:
        return None
    label = label.strip().lower()
    if label in _CP1252_ALIASES:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _cp1252_lossless(content: bytes) -> str:
    """cp1252 leaves five bytes undefined; keep them as their latin-1 characters so nothing is lost."""
    out = content.decode("cp1252", errors="surrogateescape")
    return re.sub(r"[\udc80-\udcff]", lambda m: chr(ord(m.group()) - 0xDC00), out)


def decode_text(content: bytes, content_type: str | None = None, *, html: bool = False) -> str:
    """Decode bytes to str: BOM, then the HTTP charset, then <meta charset> (HTML), then UTF-8, then
    cp1252, the usual charset of Western pages that declare nothing."""
    for bom, codec in _BOMS:
        if content.startswith(bom):
            return content.decode(codec, errors="replace")
    declared = [charset_from_content_type(content_type)]
    if html:
        match = _META_CHARSET.search(content[:4096])
        declared.append(match.group(1).decode("ascii", "ignore") if match else None)
    for label in declared:
        codec = _codec(label)
        if codec is None:
            continue
        if codec == "cp1252":
            return _cp1252_lossless(content)
        try:
            return content.decode(codec)
        except UnicodeDecodeError:
            continue  # a wrong declaration is common; fall through to the guesses below
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return _cp1252_lossless(content)


_FEED_MEDIA = frozenset({"application/rss+xml", "application/atom+xml", "application/feed+json"})
_FEED_START = re.compile(r"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(rss|feed|rdf:RDF)\b", re.IGNORECASE | re.DOTALL)


def _refuse_feed_or_data(text_head: str, media: str) -> None:
    """A feed or a JSON document is not an article; say what it is, so the user knows where it goes."""
    if media in _FEED_MEDIA or _FEED_START.match(text_head):
        raise InputError("RSS/Atom feed, not an article (feeds belong in config/feeds.toml)")
    if media == "application/json" or media.endswith("+json"):
        raise InputError(f"JSON data ({media}), not an article")


_MARKUP = re.compile(r"<[A-Za-z!/]")
_PAGE_START = re.compile(r"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL)


def _looks_like_html(text: str) -> bool:
    return bool(_HTML_START.search(text[:2048]))


def _is_html(head: str, media: str, fetched: bool) -> bool:
    """Whether to read the content as HTML. The declared type decides, except that "HTML" holding no
    tag at all is read as text, and a fetched "text/plain" body that opens like a web page is HTML
    (both are common server mislabellings); a local .txt file is always text."""
    if media in HTML_MEDIA_TYPES:
        return bool(_MARKUP.search(head))
    if media == "text/plain":
        return fetched and bool(_PAGE_START.match(head))
    return _looks_like_html(head)


def article_from_bytes(
    content: bytes, *, content_type: str | None, source: str, url: str | None = None
) -> Article:
    """Read raw bytes (a fetched body or a file) as an article.

    Args:
        content: the bytes.
        content_type: a Content-Type value ("text/html; charset=windows-1252") or None to sniff.
        source: the path or URL the user gave.
        url: the URL the bytes came from (after redirects), if any.

    Raises:
        InputError: empty, binary, PDF, image, or an HTML page without article text.
    """
    noun = "page" if url else "file"
    _refuse_non_article(content, content_type, noun)
    media = _media_type(content_type)
    head = decode_text(content[:_SAMPLE], content_type)
    _refuse_feed_or_data(head, media)
    html = _is_html(head, media, fetched=url is not None)
    text = decode_text(content, content_type, html=html)
    try:
        if html:
            return article_from_html(text, source, url=url)
        return article_from_text(text, source, url=url)
    except NoArticleText as exc:
        raise InputError(str(exc)) from None
    except EmptyArticle:
        raise InputError(f"empty {noun}") from None


def _load_file(path_text: str, max_bytes: int) -> Article:
    """Read a file, a named pipe or a device, never more than `max_bytes` (so /dev/zero or an endless
    pipe cannot hang the run)."""
    path = Path(path_text).expanduser()
    try:
        if path.is_dir():
            raise InputError("is a directory, not a file")
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"file is {size:,} bytes, over the {max_bytes:,}-byte limit")
        with path.open("rb") as fh:
            content = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError("no such file") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror or type(exc).__name__})") from None
    if len(content) > max_bytes:
        raise InputError(f"file is over the {max_bytes:,}-byte limit")
    suffix = path.suffix.lower()
    content_type = "text/html" if suffix in HTML_SUFFIXES else "text/plain" if suffix in TEXT_SUFFIXES else None
    return article_from_bytes(content, content_type=content_type, source=path_text)


def load_input(
    path_or_url: str,
    *,
    client: httpx.Client | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Article:
    """Read a file path (.txt, .html/.htm, or sniffed) or fetch an http(s) URL, as an Article.

    Raises:
        InputError: with a one-line reason; for URLs it never carries userinfo or query tokens.
    """
    if not is_url(path_or_url):
        if re.match(r"^[a-z][a-z0-9+.-]*://", path_or_url, re.IGNORECASE):
            scheme = path_or_url.split(":", 1)[0]
            raise InputError(f"unsupported URL scheme {scheme!r} (only http and https)")
        return _load_file(path_or_url, max_bytes)
    try:
        page = raise_for_status(fetch_url(path_or_url, client=client, timeout=timeout, max_bytes=max_bytes))
    except FetchError as exc:
        raise InputError(exc.reason) from None
    return article_from_bytes(page.content, content_type=page.content_type, source=path_or_url, url=page.final_url)
