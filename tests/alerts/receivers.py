"""Real local receivers for alert tests: an HTTP endpoint (apprise json://), an SMTP server
(aiosmtpd, for mailto://) and an MQTT subscriber on the local broker (mqtt://)."""
from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class HttpReceiver:
    """Records JSON posts. `status` sets the reply code; `stop()`/`start()` take it down and up on
    the same port (connection refused in between)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.status = 200
        self.posts: list[dict[str, Any]] = []
        self._server: ThreadingHTTPServer | None = None
        self._lock = threading.Lock()

    def url(self, path: str = "alerts", **params: str) -> str:
        query = "&".join(f"{k}={v}" for k, v in {"cto": "1", "rto": "1.5", **params}.items())
        return f"json://127.0.0.1:{self.port}/{path}?{query}"

    def start(self) -> "HttpReceiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                if receiver.status < 300:
                    with receiver._lock:
                        receiver.posts.append({"path": self.path, "body": json.loads(raw or b"{}")})
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        ThreadingHTTPServer.allow_reuse_address = True
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def titles(self) -> list[str]:
        return [p["body"].get("title", "") for p in self.posts]


@dataclass
class SmtpReceiver:
    """An aiosmtpd server on 127.0.0.1 that keeps every message it receives."""

    port: int = field(default_factory=free_port)
    messages: list[EmailMessage] = field(default_factory=list)

    def __post_init__(self) -> None:
        from aiosmtpd.controller import Controller

        receiver = self

        class Handler:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
                receiver.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)

    def url(self) -> str:
        return f"mailto://127.0.0.1:{self.port}?from=pledgewatch@example.org&to=desk@example.org&cto=2"


class MqttSubscriber:
    """A paho client subscribed to one topic on the local broker, collecting payloads."""

    def __init__(self, topic: str, host: str = "127.0.0.1", port: int = 1883) -> None:
        import paho.mqtt.client as mqtt

        self.topic = topic
        self.payloads: list[str] = []
        self._ready = threading.Event()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
        self.client.on_connect = lambda c, u, f, rc, p=None: c.subscribe(topic, qos=1)
        self.client.on_subscribe = lambda *a: self._ready.set()
        self.client.on_message = lambda c, u, msg: self.payloads.append(msg.payload.decode("utf-8"))
        self.client.connect(host, port)
        self.client.loop_start()
        if not self._ready.wait(5):
            raise RuntimeError("MQTT subscription not confirmed within 5 s")

    def wait_for(self, count: int, timeout: float = 5.0) -> list[str]:
        deadline = time.monotonic() + timeout
        while len(self.payloads) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return list(self.payloads)

    def close(self) -> None:
        self.client.loop_stop()
        self.client.disconnect()
