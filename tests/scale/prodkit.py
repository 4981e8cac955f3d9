"""Helpers of the scale-out tests: the tracker store's rows, a fake Graph API."""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Tuple
from urllib.parse import urlparse

import psycopg2

from launcher.prod import ProdStack


def events(stack: ProdStack, sender: str) -> List[Tuple[str, Dict[str, Any]]]:
    """(type, data) of every event of `sender` in PostgreSQL, in the order stored."""
    env = stack.environment()
    connection = psycopg2.connect(host=env["DB_HOST"], port=env["DB_PORT"], user=env["DB_USER"],
                                  password=env["DB_PASSWORD"], dbname=env["DB_DATABASE"],
                                  connect_timeout=10)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT type_name, data FROM events WHERE sender_id = %s ORDER BY id",
                           (sender,))
            return [(kind, json.loads(data)) for kind, data in cursor.fetchall()]
    finally:
        connection.close()


def all_events(stack: ProdStack) -> List[Tuple[str, str, str]]:
    """(sender, type, data) of every stored event, in the order stored."""
    env = stack.environment()
    connection = psycopg2.connect(host=env["DB_HOST"], port=env["DB_PORT"], user=env["DB_USER"],
                                  password=env["DB_PASSWORD"], dbname=env["DB_DATABASE"],
                                  connect_timeout=10)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT sender_id, type_name, data FROM events ORDER BY id")
            return list(cursor.fetchall())
    finally:
        connection.close()


def user_texts(stack: ProdStack, sender: str) -> List[str]:
    return [data.get("text") for kind, data in events(stack, sender) if kind == "user"]


def turns_are_serial(stack: ProdStack, sender: str) -> bool:
    """Each user message's events end with one action_listen before the next message:
    no two messages of the conversation were processed at the same time."""
    chunks: List[List[Tuple[str, Any]]] = []
    for kind, data in events(stack, sender):
        if kind == "user":
            chunks.append([])
        if chunks:
            chunks[-1].append((kind, data.get("name")))
    listen = ("action", "action_listen")
    return all(chunk[-1] == listen and chunk.count(listen) == 1 for chunk in chunks)


def session_starts(stack: ProdStack, sender: str) -> int:
    return sum(1 for kind, _ in events(stack, sender) if kind == "session_started")


class FakeGraph:
    """Records what the Messenger channel sends to POST .../me/messages."""

    def __init__(self) -> None:
        self.sent: List[Dict[str, Any]] = []
        self._cond = threading.Condition()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                data = json.dumps({"recipient_id": body.get("recipient", {}).get("id"),
                                   "message_id": "m_fake"}).encode()
                self.send_response(200 if urlparse(self.path).path.endswith("/me/messages") else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                with fake._cond:
                    fake.sent.append(body)
                    fake._cond.notify_all()

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v25.0"

    def __enter__(self) -> "FakeGraph":
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._server.shutdown()
        self._server.server_close()

    def texts_to(self, psid: str) -> List[str]:
        with self._cond:
            found = []
            for body in self.sent:
                if body.get("recipient", {}).get("id") != psid:
                    continue
                message = body.get("message", {})
                found.append(message.get("text")
                             or message.get("attachment", {}).get("payload", {}).get("text", ""))
            return found

    def wait_for(self, psid: str, count: int, timeout: float = 30.0) -> List[str]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self.texts_to(psid)) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._cond.wait(left)
        return self.texts_to(psid)
