"""The socket.io channel, with its input checked like the REST channel's.

Registered in credentials.yml as `channels.socketio.SocketIOInput` in place of
Rasa's `socketio`, with the same keys (user_message_evt, bot_message_evt,
session_persistence, ...); its name stays "socketio" and its path /socket.io.

Rasa 3.6's handlers trust the client: a `user_uttered` payload that is not an
object, a message that is not a string, a `session_id` that is an object or a
metadata string that is not JSON raise inside python-socketio (logged with the
payload) or reach the assistant. Here every event is checked first and a bad one
is dropped with a warning that names the problem, never the content:

- `session_request`: an object (or nothing) whose `session_id`, if given, is a
  sender id the REST channel would accept; anything else gets a fresh id;
- `user_uttered`: an object with a `message` string, cleaned and bounded exactly as
  in channels.rest (control characters, MAX_MESSAGE_CHARS); `metadata` is ignored;
- a browser may connect only from an allowed origin (`allowed_origins`, which the
  launcher sets to the Rasa server's --cors list): socket.io's own CORS handling
  is off in Rasa, and a websocket is not subject to CORS, so without this check
  any web page could talk to the assistant. Clients without an Origin header (not
  browsers) are let in, as with REST;
- a message the assistant cannot handle or record (e.g. the tracker store is
  unavailable) gets one bot message saying so, with 911 and the non-emergency
  line, instead of the answer: the replies are sent once the conversation is
  recorded;
- socket.io's own buffer is bounded (max_http_buffer_size) like Sanic's bodies;
- with `session_persistence`, the client really joins its session's room: Rasa's
  handler calls python-socketio 5's `enter_room` coroutine without awaiting it, so
  the replies, sent to that room, reached nobody;
- handlers accept extra arguments: a client may emit an event named "connect" or
  "disconnect" with any data, which python-socketio passes to these handlers.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any, Awaitable, Callable, Dict, Iterable, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage, decode_bearer_token
from rasa.core.channels.socketio import SocketBlueprint, SocketIOOutput
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from channels.rest import InputError, check_message, check_sender, handle_and_record, unavailable_text

# socket.io's buffer for one polling request or websocket message; Sanic's
# REQUEST_MAX_SIZE (set by the launcher) bounds the HTTP bodies before it.
from settings.limits import MAX_WEBSOCKET_BYTES as MAX_PACKET_BYTES

logger = logging.getLogger(__name__)


class SocketIOInput(RasaSocketIOInput):
    """Rasa's socket.io channel with checked input (see the module's docstring)."""

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = credentials or {}
        channel = super().from_credentials(credentials)
        channel.allowed_origins = tuple(credentials.get("allowed_origins") or ())
        return channel

    allowed_origins: Iterable[str] = ()

    def origin_allowed(self, environ: Dict[str, Any]) -> bool:
        origin = environ.get("HTTP_ORIGIN")
        return origin is None or origin in self.allowed_origins

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=[], max_http_buffer_size=MAX_PACKET_BYTES)
        socketio_webhook = SocketBlueprint(sio, self.socketio_path, "jtpd_socketio_webhook", __name__)
        self.sio = sio  # Rasa's get_output_channel reads it

        @socketio_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: Text, environ: Any = None, auth: Any = None, *_: Any) -> bool:
            # also called when a client emits an event named "connect", with its data
            if not isinstance(environ, dict):
                return False
            if not self.origin_allowed(environ):
                logger.warning("socket.io: refused a connection from an origin that is not allowed")
                return False
            if self.jwt_key:
                token = auth.get("token") if isinstance(auth, dict) else None
                if not isinstance(token, str):
                    return False
                try:
                    payload = decode_bearer_token(token, self.jwt_key, self.jwt_algorithm)
                except Exception:  # noqa: BLE001 - any bad token is a refusal
                    return False
                return bool(payload)
            return True

        @sio.on("disconnect", namespace=self.namespace)
        async def disconnect(sid: Text, *_: Any) -> None:
            pass

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Any = None, *_: Any) -> None:
            session_id = data.get("session_id") if isinstance(data, dict) else None
            try:
                session_id = check_sender(session_id)
            except InputError:
                session_id = uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, session_id, namespace=self.namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: Text, data: Any = None, *_: Any) -> None:
            if not isinstance(data, dict):
                logger.warning("socket.io: dropped a message that is not an object")
                return
            try:
                if self.session_persistence:
                    sender_id = check_sender(data.get("session_id"))
                else:
                    sender_id = sid
                text = check_message(data.get("message"))
            except InputError as error:
                logger.warning("socket.io: dropped a message: %s", error)
                return
            # the replies are collected and sent once the conversation is recorded,
            # so that a message the assistant cannot record gets, like over REST, a
            # "can't answer right now" (and is sent again) instead of an answer
            # nobody can trace
            collector = CollectingOutputChannel()
            message = UserMessage(text, collector, sender_id, input_channel=self.name())
            output_channel = SocketIOOutput(sio, self.bot_message_evt)
            if not await handle_and_record(on_new_message, message, "socket.io"):
                await output_channel.send_text_message(sender_id, unavailable_text())
                return
            for reply in collector.messages:
                reply = {k: v for k, v in reply.items() if k != "recipient_id"}
                await output_channel.send_response(sender_id, reply)

        return socketio_webhook
