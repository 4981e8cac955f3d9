"""A fake Graph API on 127.0.0.1 that records what the channel sends.

It answers POST .../me/messages like the Send API ({"recipient_id", "message_id"}),
or with an error or a delay the test asks for. Like the real one, it refuses (400,
code 100) a message that breaks Messenger's documented limits; `problems` says why. It runs in its own thread with the
standard library's HTTP server, so it serves an in-process channel and a separate
Rasa process alike.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Optional
from urllib.parse import parse_qs, urlparse

VERSION_PATH = "/v25.0"


@dataclass
class Sent:
    path: str
    query: Dict[str, str]
    body: Dict[str, Any]
    status: int  # what the fake answered
    problems: List[str]  # how the request breaks Messenger's format, if it does

    @property
    def recipient(self) -> str:
        return self.body.get("recipient", {}).get("id", "")

    @property
    def message(self) -> Dict[str, Any]:
        return self.body.get("message", {})

    @property
    def text(self) -> str:
        """The words of the message, whether plain text or a button template."""
        message = self.message
        if "text" in message:
            return message["text"]
        payload = message.get("attachment", {}).get("payload", {})
        return payload.get("text", "")

    @property
    def call_buttons(self) -> List[Dict[str, str]]:
        payload = self.message.get("attachment", {}).get("payload", {})
        return [b for b in payload.get("buttons", []) if b.get("type") == "phone_number"]

    @property
    def quick_replies(self) -> List[Dict[str, str]]:
        return self.message.get("quick_replies", [])


# Meta: a call button's payload is "+", the country code and the number; a bare
# short code (911, 988) is refused.
_E164 = re.compile(r"^\+1\d{10}$")


def problems(body: Dict[str, Any], query: Dict[str, str]) -> List[str]:
    """What in a Send API request breaks Messenger's documented format and limits."""
    found: List[str] = []
    if not query.get("access_token"):
        found.append("no access_token")
    if not isinstance(body.get("recipient"), dict) or not body["recipient"].get("id"):
        found.append("no recipient.id")
    if body.get("messaging_type") not in ("RESPONSE", "UPDATE", "MESSAGE_TAG"):
        found.append(f"messaging_type {body.get('messaging_type')!r}")
    message = body.get("message")
    if not isinstance(message, dict):
        return found + ["no message"]
    if ("text" in message) == ("attachment" in message):
        found.append("a message needs text or an attachment, not both")
    if "text" in message:
        text = message["text"]
        if not isinstance(text, str) or not text.strip() or len(text) > 2000:
            found.append(f"text of {len(text) if isinstance(text, str) else '?'} characters")
    attachment = message.get("attachment")
    if isinstance(attachment, dict) and attachment.get("type") == "template":
        payload = attachment.get("payload") or {}
        if payload.get("template_type") == "button":
            text = payload.get("text")
            if not isinstance(text, str) or not text.strip() or len(text) > 640:
                found.append("button template text must be 1-640 characters")
            buttons = payload.get("buttons") or []
            if not 1 <= len(buttons) <= 3:
                found.append(f"{len(buttons)} buttons in a button template")
            for button in buttons:
                title = button.get("title")
                if not isinstance(title, str) or not title or len(title) > 20:
                    found.append(f"button title {title!r}")
                if button.get("type") == "phone_number":
                    number = str(button.get("payload"))
                    if not _E164.match(number):
                        found.append(f"call button payload {number!r}")
                elif button.get("type") == "postback":
                    if not button.get("payload") or len(str(button["payload"])) > 1000:
                        found.append("postback payload")
    replies = message.get("quick_replies")
    if replies is not None:
        if not isinstance(replies, list) or not 1 <= len(replies) <= 13:
            found.append("quick_replies must be 1-13")
        for reply in replies or []:
            if reply.get("content_type") == "text":
                title, payload = reply.get("title"), reply.get("payload")
                if not isinstance(title, str) or not title or len(title) > 20:
                    found.append(f"quick reply title {title!r}")
                if not isinstance(payload, str) or not payload or len(payload) > 1000:
                    found.append("quick reply payload")
    return found


@dataclass
class _Plan:
    status: int
    delay: float = 0.0
    body: Optional[Dict[str, Any]] = None


class FakeGraph:
    def __init__(self) -> None:
        self.sent: List[Sent] = []
        self._malformed: List[Sent] = []  # kept by clear()
        self._plans: List[_Plan] = []
        self._cond = threading.Condition()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                fake._handle(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{VERSION_PATH}"

    def start(self) -> "FakeGraph":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "FakeGraph":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # --- what the test asks for ---

    def fail_next(self, status: int = 500, times: int = 1, body: Optional[Dict[str, Any]] = None) -> None:
        body = body or {
            "error": {
                "message": "An unexpected error has occurred.",
                "type": "OAuthException",
                "code": 2,
                "fbtrace_id": "AbCdEf",
            }
        }
        with self._cond:
            self._plans.extend(_Plan(status, 0.0, body) for _ in range(times))

    def delay_next(self, seconds: float, times: int = 1) -> None:
        with self._cond:
            self._plans.extend(_Plan(200, seconds) for _ in range(times))

    def clear(self) -> None:
        with self._cond:
            self.sent.clear()
            self._plans.clear()

    def to(self, recipient: str) -> List[Sent]:
        with self._cond:
            return [s for s in self.sent if s.recipient == recipient]

    def malformed(self) -> List[Sent]:
        """Every request that broke Messenger's format (none should)."""
        with self._cond:
            return list(self._malformed)

    def delivered(self, recipient: str) -> List[Sent]:
        """What reached `recipient`: the requests the fake answered with success."""
        return [s for s in self.to(recipient) if s.status < 400]

    def wait_for(self, predicate: Callable[[List[Sent]], bool], timeout: float = 20.0) -> List[Sent]:
        """Wait until `predicate(sent)` holds; return the recorded requests."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not predicate(list(self.sent)):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"fake Graph API: condition not met in {timeout} s; "
                        f"recorded {[(s.recipient, s.text[:60]) for s in self.sent]}"
                    )
                self._cond.wait(left)
            return list(self.sent)

    def wait_for_count(self, recipient: str, count: int, timeout: float = 20.0) -> List[Sent]:
        self.wait_for(lambda sent: len([s for s in sent if s.recipient == recipient]) >= count, timeout)
        return self.to(recipient)

    def settle(self, recipient: str, quiet: float = 1.0, timeout: float = 20.0) -> List[Sent]:
        """Wait until nothing more is sent to `recipient` for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        last = -1
        while time.monotonic() < deadline:
            count = len(self.to(recipient))
            if count == last:
                return self.to(recipient)
            last = count
            time.sleep(quiet)
        return self.to(recipient)

    # --- the server side ---

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        parsed = urlparse(request.path)
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length) if length else b""
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            body = {"unparsable": raw.decode("utf-8", "replace")}
        query = {k: v[0] for k, v in parse_qs(parsed.query).items()}
        with self._cond:
            plan = self._plans.pop(0) if self._plans else _Plan(200)
        if plan.delay:
            time.sleep(plan.delay)
        wrong = problems(body, query)
        if not parsed.path.endswith("/me/messages"):
            plan = _Plan(404, 0.0, {"error": {"message": "Unknown path", "code": 803}})
        elif wrong and plan.status < 400:
            plan = _Plan(
                400,
                0.0,
                {"error": {"message": "(#100) " + "; ".join(wrong), "type": "OAuthException", "code": 100}},
            )
        answer = (
            plan.body
            if plan.status >= 400
            else {
                "recipient_id": body.get("recipient", {}).get("id"),
                "message_id": f"m_fake{len(self.sent) + 1}",
            }
        )
        data = json.dumps(answer).encode("utf-8")
        # Recorded before answering: when the client has its answer, the test sees it.
        with self._cond:
            record = Sent(parsed.path, query, body, plan.status, wrong)
            self.sent.append(record)
            if wrong:
                self._malformed.append(record)
            self._cond.notify_all()
        try:
            request.send_response(plan.status)
            request.send_header("Content-Type", "application/json")
            request.send_header("Content-Length", str(len(data)))
            request.end_headers()
            request.wfile.write(data)
        except OSError:
            pass  # the client gave up (timeout test)
