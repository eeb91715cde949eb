"""Article texts for the flow tests: each states one Canada→Ukraine commitment the extractor finds and
that no seed article mentions, so that it becomes a NEW pledge."""
from __future__ import annotations

ARMOURED = [
    "OTTAWA - Prime Minister Mark Carney announced on Tuesday that Canada will provide $325 million in new "
    "military assistance to Ukraine to buy armoured vehicles.",
    "The package was confirmed by the Department of National Defence, which said deliveries would begin "
    "before the end of the year.",
]

AMBULANCES = [
    "MONTRÉAL - Canada will donate 40 ambulances worth $12 million to Ukraine's Ministry of Health, the "
    "minister said in Québec on Friday.",
    "Officials in Montréal and Québec City said the vehicles were bought from a Lévis manufacturer.",
]


def cp1252_page(title: str, paragraphs: list[str]) -> bytes:
    """An HTML page encoded in windows-1252 that declares it only in a meta tag."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (f'<!DOCTYPE html><html><head><meta charset="windows-1252"><title>{title}</title></head>'
            f"<body><article><h1>{title}</h1>{body}</article></body></html>")
    return html.encode("cp1252")
