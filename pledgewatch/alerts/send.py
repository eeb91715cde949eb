"""Send one message to one target through apprise and say, in one clean line, why it failed.

apprise's `notify()` returns False rather than raising and explains itself only in log records; we
capture those records (`quiet_apprise`), keep the most telling line and scrub every secret from it.
Sending to one target at a time is what lets the outbox know which delivery failed.
"""
from __future__ import annotations

from dataclasses import dataclass

import apprise

from pledgewatch.alerts.quiet import quiet_apprise
from pledgewatch.alerts.redact import SCRUBBER
from pledgewatch.alerts.targets import Target

MAX_REASON = 300


@dataclass(frozen=True)
class SendResult:
    ok: bool
    reason: str | None = None  # one line, scrubbed; None when ok


def _reason(log_text: str) -> str:
    lines = [ln.strip() for ln in log_text.splitlines() if ln.strip()]
    # apprise logs the cause first ("Connection refused", "HTTP 500 ...") and a summary after.
    detail = [ln for ln in lines if "error" in ln.lower() or "fail" in ln.lower() or "refused" in ln.lower()]
    chosen = " | ".join(dict.fromkeys(detail or lines)) or "apprise reported a failure without a reason"
    chosen = SCRUBBER.scrub(" ".join(chosen.split()))
    return chosen if len(chosen) <= MAX_REASON else chosen[: MAX_REASON - 1] + "…"


def send(target: Target, title: str, body: str) -> SendResult:
    """Deliver (title, body) in the target's format; never raises for a delivery problem."""
    try:
        with quiet_apprise() as captured:
            app = apprise.Apprise()
            added = app.add(target.url)
            ok = bool(added) and bool(
                app.notify(title=title, body=body, body_format=apprise.NotifyFormat(target.format))
            )
    except Exception as exc:  # a plugin bug must not stop the run
        return SendResult(False, SCRUBBER.scrub(f"{type(exc).__name__}: {exc}")[:MAX_REASON])
    if ok:
        return SendResult(True)
    if not added:
        return SendResult(False, "apprise could not load this target's URL")
    return SendResult(False, _reason(captured.getvalue()))
