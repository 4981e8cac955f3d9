"""The REST channel residents' browsers talk to, with its input checked first.

Registered in credentials.yml as `channels.rest.RestInput` in place of Rasa's `rest`;
its name stays "rest", so the URL stays POST /webhooks/rest/webhook and the body
stays `{"sender": "...", "message": "..."}`; the answer is the same list of replies.

Rasa 3.6's own REST channel reads the body without checking it: a body that is not
a JSON object answers 500, a missing sender puts the message in one conversation
("default") shared by everyone, a number or an object as the message is passed on
and fails inside the assistant (with the text written to the error log), and the
client may set the channel name and store any metadata in the tracker. Here:

- the body must be a JSON object (UTF-8) with `sender` and `message` strings, else
  400 with a JSON `{"error": ...}`. No other key is read: `metadata`,
  `input_channel` and `?stream=` are ignored (nothing a client sends is stored but
  its message);
- `sender`: 1 to MAX_SENDER_CHARS printable characters (the tracker store keeps
  sender ids in a 255-character column), else 400;
- `message`: control characters are removed (line breaks and tabs become spaces),
  unpaired surrogates become U+FFFD, and it is cut after MAX_MESSAGE_CHARS
  characters (the chat widget stops at 500, Messenger at 2,000); an empty message
  is answered like any message the assistant does not understand;
- bodies over the server's size limit (SANIC_REQUEST_MAX_SIZE, set by the launcher)
  are refused with 413 by Sanic before this code runs;
- a client that sends the headers and not the whole body within the server's
  response timeout gets 408 (Sanic would say 503), on every route of the server;
- a Rasa server whose model did not load (Rasa logs the error and would serve on,
  answering nothing) stops at start-up with exit status 78;
- if the message cannot be handled or recorded (e.g. the tracker store is
  unavailable), 503 with a JSON error (911 and the non-emergency line) and
  `Retry-After`; the log says which exception it was, never the message or the
  sender. Nothing of a refused message is kept, in the store or in memory.
"""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from typing import Any, Awaitable, Callable, Optional, Text, Tuple

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic import Blueprint, response
from sanic.exceptions import ServiceUnavailable
from sanic.request import Request
from sanic.response import HTTPResponse

from assistant.domain_text import response_text, variation_language
from assistant.safety_replies import is_safety_reply
from channels.feedback import RATINGS, Outcome, record_rating
from channels.text import clean_text
from rasa_patches import model_check, privacy, tracker_store_shield
from settings.limits import MAX_MESSAGE_CHARS, MAX_SENDER_CHARS, RETRY_AFTER_S

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def unavailable_text() -> str:
    """What a resident gets when a message cannot be handled (domain.yml). Read when
    first needed, not at import: a malformed directory must stop the server the way
    the model's load reports it (exit 78, naming the entry), not break this import."""
    return response_text("unavailable")


def __getattr__(name: str) -> Any:
    """`UNAVAILABLE_TEXT`, as launcher/prod.py and the tests import it (lazily, above)."""
    if name == "UNAVAILABLE_TEXT":
        return unavailable_text()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class InputError(ValueError):
    """A message a client should not have sent: answered with `status`, never 5xx."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def check_sender(sender: Any) -> str:
    if not isinstance(sender, str):
        raise InputError("'sender' must be a string")
    if not sender.strip() or len(sender) > MAX_SENDER_CHARS:
        raise InputError(f"'sender' must have 1 to {MAX_SENDER_CHARS} characters")
    if not sender.isprintable():
        raise InputError("'sender' must not contain control or invisible characters")
    return sender


def check_message(message: Any) -> str:
    """The text to pass on: cleaned, and cut at MAX_MESSAGE_CHARS (a resident who
    pastes a long story still gets an answer). It may be empty: Rasa answers that
    as a message it did not understand."""
    if not isinstance(message, str):
        raise InputError("'message' must be a string")
    return clean_text(message[:MAX_MESSAGE_CHARS])


def parse_body(body: Optional[bytes]) -> Tuple[str, str]:
    """(sender, text) of a POST body, or InputError saying what is wrong with it."""
    try:
        data = json.loads(body or b"")
    except (ValueError, RecursionError):  # not JSON, not UTF-8, nested too deep
        raise InputError("the body must be a JSON object with 'sender' and 'message'") from None
    if not isinstance(data, dict):
        raise InputError("the body must be a JSON object with 'sender' and 'message'")
    return check_sender(data.get("sender")), check_message(data.get("message"))


def parse_rating(body: Optional[bytes]) -> Tuple[str, str]:
    """(sender, rating) of a feedback POST body, or InputError."""
    try:
        data = json.loads(body or b"")
    except (ValueError, RecursionError):
        data = None
    if not isinstance(data, dict) or data.get("rating") not in RATINGS:
        raise InputError("the body must be a JSON object with 'sender' and 'rating' ('yes' or 'no')")
    return check_sender(data.get("sender")), data["rating"]


class MarkingOutputChannel(CollectingOutputChannel):
    """Rasa's collecting channel; a safety reply is marked `"jtpd_safety": true` so the
    chat widget never asks "Was this helpful?" under it, and every reply carries its
    language, `"jtpd_lang": "en"` or `"es"` (the domain variation Rasa chose), so the
    widget speaks the conversation's language and marks each message's (lang=)."""

    async def send_response(self, recipient_id: Text, message: Any) -> None:
        before = len(self.messages)
        safety = is_safety_reply(message.get("utter_action"))
        language = variation_language(message)
        await super().send_response(recipient_id, message)
        for sent in self.messages[before:]:
            sent["jtpd_lang"] = language
            if safety:
                sent["jtpd_safety"] = True


def describe_failure(error: BaseException) -> str:
    """The exception's type and its cause's: what may be logged (never its text,
    which can quote the SQL parameters, i.e. what the resident typed)."""
    names = []
    while error is not None and len(names) < 3:
        names.append(f"{type(error).__module__}.{type(error).__qualname__}")
        error = error.__cause__ or error.__context__
    return " <- ".join(names)


def error_response(message: str, status: int) -> HTTPResponse:
    headers = {"Retry-After": str(RETRY_AFTER_S)} if status == 503 else None
    return response.json({"error": message}, status=status, headers=headers)


# The tracker store failing: rasa_patches/tracker_store_shield.py makes Rasa's fallback
# keep nothing and note the failed save; the channel, whose answer is still in hand,
# refuses the message with 503 instead: the resident (the chat widget offers to send
# it again) retries, and nothing is lost.
def log_tracker_store_error(error: Exception) -> None:
    logger.error("The tracker store failed (%s)", describe_failure(error))


async def handle_and_record(
    on_new_message: Callable[[UserMessage], Awaitable[Any]], message: UserMessage, channel: str
) -> bool:
    """Pass `message` to the assistant; False if it could not be handled or its
    conversation could not be recorded (logged by exception type only)."""
    with tracker_store_shield.noting_failed_saves() as saves:
        try:
            await on_new_message(message)
        except Exception as error:  # noqa: BLE001 - reported to the client, no text logged
            logger.error("%s: a message could not be handled (%s)", channel, describe_failure(error))
            return False
    return not saves.failed


async def slow_body_is_408(request: Request, exception: Exception) -> HTTPResponse:
    """Sanic answers 503 "Response Timeout" when a client sends the headers and then
    not the whole body within RESPONSE_TIMEOUT: that is the client's fault, 408."""
    if request is None:
        raise exception
    http = getattr(request, "stream", None)
    if http is not None and getattr(http, "request_body", None):
        return error_response("the request body did not arrive in time", 408)
    return request.app.error_handler.default(request, exception)


class RestInput(RasaRestInput):
    """Rasa's REST channel with checked input (see the module's docstring)."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        privacy.apply()  # every Rasa server of the project opens this channel
        webhook = Blueprint("jtpd_rest_webhook", __name__)

        @webhook.listener("before_server_start")
        async def answer_slow_bodies_with_408(app: Any, _: Any) -> None:
            app.error_handler.add(ServiceUnavailable, slow_body_is_408)  # every route

        @webhook.listener("after_server_start")
        async def check_the_agent(app: Any, _: Any) -> None:
            agent = model_check.loaded_agent_or_exit(app)
            tracker_store_shield.apply(agent, on_error=log_tracker_store_error)
            unavailable_text()  # read now, not during the outage it is for

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                sender, text = parse_body(request.body)
            except InputError as error:
                return error_response(str(error), error.status)
            collector = MarkingOutputChannel()
            message = UserMessage(text, collector, sender, input_channel=self.name())
            if not await handle_and_record(on_new_message, message, "REST"):
                return error_response(unavailable_text(), 503)
            return response.json(collector.messages)

        @webhook.route("/feedback", methods=["POST"])
        async def feedback(request: Request) -> HTTPResponse:
            """{"sender", "rating": "yes"|"no"}: rates the last answer (channels/feedback.py).
            204 recorded; 404 no answer to rate; 409 a safety reply, or rated already."""
            try:
                sender, rating = parse_rating(request.body)
            except InputError as error:
                return error_response(str(error), error.status)
            try:
                outcome = await record_rating(request.app.ctx.agent, sender, rating)
            except Exception as error:  # noqa: BLE001 - reported to the client, no text logged
                logger.error("REST: a rating could not be recorded (%s)", describe_failure(error))
                return error_response("the rating could not be recorded", 503)
            if outcome is Outcome.RECORDED:
                return response.empty(status=204)
            return error_response(outcome.value, 404 if outcome is Outcome.NO_ANSWER else 409)

        return webhook
