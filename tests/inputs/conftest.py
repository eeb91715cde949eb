"""A real HTTP server on 127.0.0.1 (port 0) serving the good and bad pages the input tests need.

Each route answers like a misbehaving or ordinary news site would: a UTF-8 article, cp1252 pages
(declared in the header, in <meta>, or not at all), binary and PDF bodies, an empty page, a body over
the size cap, a body that drips past the deadline, a server that stalls, redirects and a 404.
"""
from __future__ import annotations

import gzip
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

PAGES_DIR = Path(__file__).resolve().parent / "pages"
ARTICLE_HTML = (PAGES_DIR / "ottawa_military_aid.html").read_bytes()

# A Western page written in cp1252: curly quotes, an en dash, the euro sign and an accented name are
# all bytes 0x80-0xFF that are invalid UTF-8.
CP1252_BODY = """<html><head>{meta}<title>Canada’s pledge to Kyiv – explained</title>
<meta property="og:site_name" content="Le Courrier Libre"></head>
<body><nav><a href="/">Accueil</a> <a href="/monde">Monde</a></nav>
<article><h1>Canada’s pledge to Kyiv – explained</h1>
<p>Minister Mélanie Joly said Canada would give “€20 million” to a European fund that buys air defence
systems for Ukraine, on top of the $500 million Ottawa announced at the summit in Kananaskis.</p>
<p>The contribution, officials said, is meant to be delivered within the year, and Joly described it as
a “down payment” on what she called Canada’s long-term promise to stand with the Ukrainian people.</p>
<p>Critics in the Bloc Québécois asked for a clearer timetable, while the Conservatives said the amount
was too small for a G7 country and urged the government to send more equipment directly.</p>
</article><footer>© Le Courrier Libre</footer></body></html>"""

PDF_BODY = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
BINARY_BODY = bytes(range(256)) * 64
NAV_ONLY_HTML = b"""<html><head><title>Index</title></head><body><nav><ul>
<li><a href="/a">A</a></li><li><a href="/b">B</a></li><li><a href="/c">C</a></li></ul></nav></body></html>"""
TEXT_ARTICLE = (
    "Canada will provide $30 million for demining in Ukraine, the minister said on Monday.\n"
    "The money is to clear farmland in the Kharkiv region before the spring planting season.\n"
)


def cp1252_page(meta: str = "") -> bytes:
    return CP1252_BODY.format(meta=meta).encode("cp1252")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - keep test output quiet
        pass

    def send_body(self, status: int, body: bytes, content_type: str | None, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path = self.path.split("?", 1)[0]
        route = ROUTES.get(path)
        try:
            if route is None:
                self.send_body(404, b"<html><body>not found</body></html>", "text/html")
            else:
                route(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (size cap, deadline): expected


def _drip(handler: _Handler, pause: float, first_pause: float = 0.0) -> None:
    """Headers, then one byte per `pause` seconds for far longer than any test deadline."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", "100000")
    handler.end_headers()
    handler.wfile.flush()
    time.sleep(first_pause)
    for _ in range(100_000):
        handler.wfile.write(b"<")
        handler.wfile.flush()
        time.sleep(pause)


def _stall(handler: _Handler) -> None:
    """Headers, one byte 0.8 s later, then silence. Per-read timeouts alone would wait a full timeout
    after that late byte; the deadline watchdog must cut the read at the deadline itself."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", "1000")
    handler.end_headers()
    handler.wfile.flush()
    time.sleep(0.8)
    handler.wfile.write(b"<")
    handler.wfile.flush()
    time.sleep(6)


def _huge_chunked(handler: _Handler) -> None:
    """A body with no Content-Length that exceeds any small cap (the cap must count while reading)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    chunk = b"<p>" + b"x" * 65_536 + b"</p>"
    for _ in range(200):  # about 13 MB
        handler.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
    handler.wfile.write(b"0\r\n\r\n")


def _redirect(location: str, status: int = 302) -> Callable[[_Handler], None]:
    def answer(handler: _Handler) -> None:
        handler.send_body(status, b"", None, {"Location": location})

    return answer


def _echo_headers(handler: _Handler) -> None:
    lines = [f"{k.lower()}: {v}" for k, v in handler.headers.items()]
    handler.send_body(200, "\n".join(lines).encode(), "text/plain; charset=utf-8")


ROUTES: dict[str, Callable[[_Handler], None]] = {
    "/article.html": lambda h: h.send_body(200, ARTICLE_HTML, "text/html; charset=utf-8"),
    "/article-no-type": lambda h: h.send_body(200, ARTICLE_HTML, None),
    "/article-octet": lambda h: h.send_body(200, ARTICLE_HTML, "application/octet-stream"),
    "/article.gz": lambda h: h.send_body(200, gzip.compress(ARTICLE_HTML), "text/html", {"Content-Encoding": "gzip"}),
    "/cp1252-header.html": lambda h: h.send_body(200, cp1252_page(), "text/html; charset=windows-1252"),
    "/cp1252-latin1-label.html": lambda h: h.send_body(200, cp1252_page(), "text/html; charset=ISO-8859-1"),
    "/cp1252-meta.html": lambda h: h.send_body(200, cp1252_page('<meta charset="windows-1252">'), "text/html"),
    "/cp1252-undeclared.html": lambda h: h.send_body(200, cp1252_page(), "text/html"),
    "/wrongly-declared-utf8.html": lambda h: h.send_body(200, cp1252_page(), "text/html; charset=utf-8"),
    "/text.txt": lambda h: h.send_body(200, TEXT_ARTICLE.encode(), "text/plain; charset=utf-8"),
    "/binary": lambda h: h.send_body(200, BINARY_BODY, "application/octet-stream"),
    "/binary-as-html": lambda h: h.send_body(200, BINARY_BODY, "text/html"),
    "/doc.pdf": lambda h: h.send_body(200, PDF_BODY, "application/pdf"),
    "/pdf-as-html": lambda h: h.send_body(200, PDF_BODY, "text/html"),
    "/image.png": lambda h: h.send_body(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png"),
    "/empty": lambda h: h.send_body(200, b"", "text/html"),
    "/blank": lambda h: h.send_body(200, b"  \n\t\n  ", "text/html"),
    "/nav-only.html": lambda h: h.send_body(200, NAV_ONLY_HTML, "text/html"),
    "/huge-declared": lambda h: h.send_body(200, b"<p>" + b"y" * 300_000 + b"</p>", "text/html"),
    "/huge-chunked": _huge_chunked,
    "/drip": lambda h: _drip(h, 0.05),
    "/stall": _stall,
    "/loop-a": _redirect("/loop-b"),
    "/loop-b": _redirect("/loop-a"),
    "/self-loop": _redirect("/self-loop", 301),
    "/moved": _redirect("/article.html", 301),
    "/moved-absolute": lambda h: _redirect(f"http://127.0.0.1:{h.server.server_address[1]}/text.txt")(h),
    "/to-ftp": _redirect("ftp://127.0.0.1/file"),
    "/not-modified": lambda h: h.send_body(304, b"", None, {"ETag": '"v1"'}),
    "/busy": lambda h: h.send_body(503, b"busy", "text/plain", {"Retry-After": "120"}),
    "/headers": _echo_headers,
    "/feed.xml": lambda h: h.send_body(
        200, b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>News</title></channel></rss>', "text/xml"
    ),
    "/text-as-html": lambda h: h.send_body(200, TEXT_ARTICLE.encode(), "text/html"),
    "/html-as-text": lambda h: h.send_body(200, ARTICLE_HTML, "text/plain"),
    "/data.json": lambda h: h.send_body(200, b'{"aid": 500000000}', "application/json"),
}
for n in range(8):  # /chain-N is 8 - N redirects away from a text page
    ROUTES[f"/chain-{n}"] = _redirect(f"/chain-{n + 1}")
ROUTES["/chain-8"] = ROUTES["/text.txt"]


@pytest.fixture(scope="session")
def http_server() -> Iterator[str]:
    """Base URL ("http://127.0.0.1:PORT") of the test server, running for the whole session."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="inputs-http", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def closed_port_url() -> str:
    """A URL on a local port nothing listens on (connection refused)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}/article.html"
