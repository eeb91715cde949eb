"""Bodies in the target's format, delivered to real receivers: HTML e-mail over SMTP (aiosmtpd),
Markdown and plain text over HTTP (json://), plain text over MQTT (Mosquitto)."""
from __future__ import annotations

from dataclasses import replace

from pledgewatch.alerts.dispatch import dispatch
from pledgewatch.alerts.targets import load_targets
from tests.alerts.conftest import NOW, add_event

EVIDENCE = "Canada will give <b>$31 million</b> * for winter_aid to Ukraine."


def _one(url: str):  # type: ignore[no-untyped-def]
    (target,) = load_targets(environ={"PLEDGEWATCH_NOTIFY": url})
    return target


def test_email_gets_an_html_body_with_escaped_values(session, smtp_receiver):
    add_event(session, evidence=EVIDENCE, url="https://news.example.org/a?x=1&y=2")
    target = _one(smtp_receiver.url())
    assert target.format == "html"  # e-mail's own preference
    report = dispatch(session, targets=[target], now=NOW)
    assert report.sent == 1, report.lines
    (msg,) = smtp_receiver.messages
    assert msg["Subject"] == "NEW pledge: C$31 million humanitarian aid to Ukraine"
    html_part = msg.get_body(preferencelist=("html",))
    assert html_part is not None
    html = html_part.get_content()
    assert "<blockquote>Canada will give &lt;b&gt;$31 million&lt;/b&gt; * for winter_aid to Ukraine.</blockquote>" in html
    assert 'href="https://news.example.org/a?x=1&amp;y=2"' in html


def test_markdown_and_text_bodies_over_http(session, http_receiver):
    add_event(session, evidence=EVIDENCE, url="https://news.example.org/story_(1)")
    markdown = replace(_one(http_receiver.url("md")), format="markdown")
    plain = _one(http_receiver.url("txt"))
    assert plain.format == "text"
    dispatch(session, targets=[markdown, plain], now=NOW)
    bodies = {p["path"].split("?")[0]: p["body"]["message"] for p in http_receiver.posts}
    assert "**C$31 million humanitarian aid** (humanitarian)" in bodies["/md"]
    assert r"> Canada will give <b>$31 million</b> \* for winter\_aid to Ukraine." in bodies["/md"]
    assert "(https://news.example.org/story_%281%29)" in bodies["/md"]
    assert bodies["/txt"].splitlines() == [
        "C$31 million humanitarian aid (humanitarian)",
        "Status: pledged",
        "Amount: C$31 million",
        f'Evidence: "{EVIDENCE}"',
        "Source: https://news.example.org/story_(1)",
    ]


def test_mqtt_subscriber_receives_the_alert(session, mqtt_subscriber):
    add_event(session, category="military", purpose="air defence", amount=500e6)
    target = _one(f"mqtt://127.0.0.1:1883/{mqtt_subscriber.topic}?qos=1")
    report = dispatch(session, targets=[target], now=NOW)
    assert report.sent == 1, report.lines
    (payload,) = mqtt_subscriber.wait_for(1)
    assert "NEW pledge: C$500 million air defence to Ukraine" in payload
    assert dispatch(session, targets=[target], now=NOW).sent == 0
    assert len(mqtt_subscriber.wait_for(2, timeout=0.5)) == 1
