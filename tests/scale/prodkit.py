"""Helpers of the scale-out tests: the tracker store's rows."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Tuple

import psycopg2

from launcher.prod import ProdStack


def events(stack: ProdStack, sender: str) -> List[Tuple[str, Dict[str, Any]]]:
    """(type, data) of every event of `sender` in PostgreSQL, in the order stored."""
    env = stack.environment()
    connection = psycopg2.connect(
        host=env["DB_HOST"],
        port=env["DB_PORT"],
        user=env["DB_USER"],
        password=env["DB_PASSWORD"],
        dbname=env["DB_DATABASE"],
        connect_timeout=10,
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT type_name, data FROM events WHERE sender_id = %s ORDER BY id", (sender,))
            return [(kind, json.loads(data)) for kind, data in cursor.fetchall()]
    finally:
        connection.close()


def all_events(stack: ProdStack) -> List[Tuple[str, str, str]]:
    """(sender, type, data) of every stored event, in the order stored."""
    env = stack.environment()
    connection = psycopg2.connect(
        host=env["DB_HOST"],
        port=env["DB_PORT"],
        user=env["DB_USER"],
        password=env["DB_PASSWORD"],
        dbname=env["DB_DATABASE"],
        connect_timeout=10,
    )
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
