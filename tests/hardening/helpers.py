"""Small clients and test doubles for the hardening tests (no assertions here)."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import socket
import sqlite3
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import requests
import socketio

from launcher.stack import Stack

HTTP_TIMEOUT_S = 30  # no request of these tests may take longer: a "hung" request
NON_EMERGENCY = "(502) 267-0503"


@dataclass
class Reply:
    status: int
    body: Any
    seconds: float
    headers: Dict[str, str] = field(default_factory=dict)

    @property
    def texts(self) -> List[str]:
        if not isinstance(self.body, list):
            return []
        return [m.get("text") or "" for m in self.body if isinstance(m, dict)]

    @property
    def text(self) -> str:
        return "\n".join(self.texts)


def post_raw(
    url: str,
    body: bytes,
    headers: Optional[Dict[str, str]] = None,
    session: Optional[requests.Session] = None,
) -> Reply:
    """POST `body` as is; the answer's JSON when there is one."""
    started = time.monotonic()
    sender = session or requests
    response = sender.post(
        url, data=body, timeout=HTTP_TIMEOUT_S, headers=headers or {"Content-Type": "application/json"}
    )
    try:
        parsed = response.json()
    except ValueError:
        parsed = response.text
    return Reply(response.status_code, parsed, time.monotonic() - started, dict(response.headers))


def say(stack: Stack, sender: str, text: str, session: Optional[requests.Session] = None) -> Reply:
    body = json.dumps({"sender": sender, "message": text}).encode("utf-8")
    return post_raw(stack.rest_url, body, session=session)


def is_normal_answer(reply: Reply) -> bool:
    return reply.status == 200 and any(t.strip() for t in reply.texts)


def process_group_pids(leader_pid: int) -> List[int]:
    """Every live process of the process group `leader_pid` leads (Stack starts each
    server in its own session), children included."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[2]) == leader_pid:  # pgrp
            pids.append(int(entry.name))
    return pids


def process_environment(pid: int) -> Dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    pairs = (item.split(b"=", 1) for item in raw.split(b"\0") if b"=" in item)
    return {k.decode(errors="replace"): v.decode(errors="replace") for k, v in pairs}


# --- the tracker store, failing for a moment -----------------------------------
@contextmanager
def sqlite_locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on the SQLite tracker store: nobody can read or write
    it until the block ends (what a backup tool, a stuck migration or a full disk
    does to the server)."""
    connection = sqlite3.connect(str(path), timeout=30, isolation_level=None)
    try:
        connection.execute("BEGIN EXCLUSIVE")
        yield
    finally:
        connection.execute("ROLLBACK")
        connection.close()


def events_of(path: Path, sender: str) -> List[tuple]:
    with sqlite3.connect(str(path), timeout=30) as connection:
        return connection.execute(
            "SELECT type_name, timestamp, data FROM events WHERE sender_id = ? ORDER BY id", (sender,)
        ).fetchall()


# --- an action server that accepts connections and never answers ----------------
class SilentServer:
    """Listens on `port` and reads requests without ever answering them."""

    def __init__(self, port: int) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(64)
        self.accepted = 0
        self._clients: List[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        self.sock.settimeout(0.2)
        while not self._stop.is_set():
            try:
                client, _ = self.sock.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            self.accepted += 1
            self._clients.append(client)  # kept open, never answered

    def __enter__(self) -> "SilentServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        for client in self._clients:
            client.close()
        self.sock.close()


# --- Messenger: signed webhooks (the Graph API stand-in is tests/messenger/fake_graph.py)
def messenger_signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def messenger_text_event(psid: str, text: str, mid: Optional[str] = None) -> Dict[str, Any]:
    now = int(time.time() * 1000)
    return {
        "object": "page",
        "entry": [
            {
                "id": "PAGE",
                "time": now,
                "messaging": [
                    {
                        "sender": {"id": psid},
                        "recipient": {"id": "PAGE"},
                        "timestamp": now,
                        "message": {"mid": mid or f"m.{os.urandom(8).hex()}", "text": text},
                    }
                ],
            }
        ],
    }


# --- socket.io: one conversation, as the Rasa webchat widgets hold it --------------
class Client:
    """One socket.io conversation, as the Rasa webchat widgets hold it."""

    def __init__(self, url: str, origin: Optional[str] = None) -> None:
        self.sio = socketio.Client(reconnection=False, request_timeout=HTTP_TIMEOUT_S)
        self.replies: List[dict] = []
        self.confirmed: List[str] = []
        self._got = threading.Event()
        self.sio.on("bot_uttered", self._on_reply)
        self.sio.on("session_confirm", self._on_confirm)
        headers = {"Origin": origin} if origin else {}
        self.sio.connect(url, headers=headers, transports=["polling"], wait_timeout=10)

    def _on_reply(self, data) -> None:
        self.replies.append(data)
        self._got.set()

    def _on_confirm(self, session_id) -> None:
        self.confirmed.append(session_id)
        self._got.set()

    def wait(self, predicate, timeout: float = HTTP_TIMEOUT_S) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            self._got.wait(0.1)
            self._got.clear()
        return predicate()

    def start_session(self, session_id: Optional[str] = None) -> str:
        before = len(self.confirmed)
        self.sio.emit("session_request", {"session_id": session_id or uuid.uuid4().hex})
        assert self.wait(lambda: len(self.confirmed) > before), "no session_confirm"
        return self.confirmed[-1]

    def ask(self, session_id: str, text: str) -> List[dict]:
        before = len(self.replies)
        self.sio.emit("user_uttered", {"session_id": session_id, "message": text})
        self.wait(lambda: len(self.replies) > before)
        time.sleep(0.2)  # a reply may come in several messages
        return self.replies[before:]

    def close(self) -> None:
        # without waiting for the long-poll in flight (a clean disconnect waits ~20 s);
        # the server drops the session at its ping timeout
        self.sio.eio.disconnect(abort=True)
