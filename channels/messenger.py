"""Facebook Messenger channel for Rasa, replacing Rasa 3.6's `facebook` connector.

Enable it with a credentials entry (the launcher writes it when the FACEBOOK_*
variables are set, see `credentials_from_env`):

    channels.messenger.MessengerInput:
      verify_token: ...        # FACEBOOK_VERIFY_TOKEN
      app_secret: ...          # FACEBOOK_APP_SECRET
      page_access_token: ...   # FACEBOOK_PAGE_ACCESS_TOKEN
      graph_url: https://graph.facebook.com/v25.0   # FACEBOOK_GRAPH_URL, optional

Keys left out (or an empty entry) are read from those environment variables, so the
secrets need not be written to a file. Meta is then given the webhook
https://<host>/webhooks/messenger/webhook.

- GET  /webhooks/messenger/webhook: Meta's verification; answers hub.challenge only
  for hub.mode=subscribe and the right hub.verify_token, else 403.
- POST /webhooks/messenger/webhook: checked against X-Hub-Signature-256 before
  anything else (403 if missing or wrong, and nothing reaches the assistant);
  answered 200 at once, the messages being handled right after in order.
- GET  /webhooks/messenger/: health check.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, Awaitable, Callable, Dict, Iterable, List, Mapping, Optional, Set, Text

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

import settings
from assistant.lookup_marker import FOUND, LOOKUP_MARKER_KEY
from channels import messenger_format as fmt
from channels.dedup import RecentIds, SharedRecentIds
from channels.feedback import record_rating
from channels.graph import DEFAULT_GRAPH_URL, DEFAULT_TIMEOUT_SECONDS, GraphClient, mask_id
from channels.messenger_events import Incoming, Kind, parse_webhook
from channels.messenger_limits import MAX_TEMPLATE_BUTTONS
from channels.messenger_titles import shorten_title
from channels.signature import SIGNATURE_HEADER, signature_is_valid, verify_token_matches

logger = logging.getLogger(__name__)

CHANNEL_NAME = "messenger"
CREDENTIALS_KEY = "channels.messenger.MessengerInput"
WEBHOOK_PATH = f"/webhooks/{CHANNEL_NAME}/webhook"

_KEY_OF = {
    settings.FACEBOOK_VERIFY_TOKEN: "verify_token",
    settings.FACEBOOK_APP_SECRET: "app_secret",
    settings.FACEBOOK_PAGE_ACCESS_TOKEN: "page_access_token",
}


def _graph_url(environ: Optional[Mapping[str, str]] = None) -> str:
    return (settings.FACEBOOK_GRAPH_URL.read(environ) or "").strip() or DEFAULT_GRAPH_URL


def credentials_from_env(environ: Optional[Mapping[str, str]] = None) -> Optional[Dict[str, str]]:
    """The channel's credentials entry when all three FACEBOOK_* secrets are set in
    `environ` (default: this process's environment), else None.

    FACEBOOK_GRAPH_URL is optional (default Meta's, DEFAULT_GRAPH_URL).
    """
    values = {key: (setting.read(environ) or "").strip() for setting, key in _KEY_OF.items()}
    if not all(values.values()):
        return None
    values["graph_url"] = _graph_url(environ)
    return values


def describe_env(environ: Optional[Mapping[str, str]] = None) -> str:
    """One line for the launcher to print: whether Messenger is on, and why not."""
    if credentials_from_env(environ) is not None:
        return f"Messenger: on (webhook {WEBHOOK_PATH}, Send API {_graph_url(environ)})"
    secrets = [setting.name for setting in settings.MESSENGER_SECRETS]
    missing = [
        setting.name for setting in settings.MESSENGER_SECRETS if not (setting.read(environ) or "").strip()
    ]
    if len(missing) == len(secrets):
        return "Messenger: off (set " + ", ".join(secrets) + " to enable it)"
    return "Messenger: off (" + ", ".join(missing) + " not set)"


RATING_PAYLOADS = {"JTPD_RATING_YES": "yes", "JTPD_RATING_NO": "no"}
RATING_QUESTION = "Was this helpful?"
RATING_THANKS = "Thanks for your feedback."


def rating_question() -> Dict[str, Any]:
    return {
        "text": RATING_QUESTION,
        "quick_replies": [
            {"content_type": "text", "title": title, "payload": payload}
            for payload, title in (("JTPD_RATING_YES", "Yes"), ("JTPD_RATING_NO", "No"))
        ],
    }


class MessengerOutput(OutputChannel):
    """Sends the assistant's replies with the Send API, as Messenger elements."""

    @classmethod
    def name(cls) -> Text:
        return CHANNEL_NAME

    def __init__(self, graph: GraphClient) -> None:
        super().__init__()
        self.graph = graph

    async def send_messages(self, recipient_id: Text, messages: Iterable[Dict[str, Any]]) -> bool:
        """Send in order; a refused template is sent again as plain text. Never raises.

        Only a template Meta answered with an HTTP error is resent: after a timeout
        it may have been delivered, and the resident should not get it twice.
        """
        all_ok = True
        for message in messages:
            result = await self.graph.send_message(recipient_id, message)
            if result.ok:
                continue
            fallback = fmt.plain_text_of(message) if result.status is not None else None
            if fallback is not None:
                logger.info(
                    "Messenger: sending the refused template to %s as plain text", mask_id(recipient_id)
                )
                result = await self.graph.send_message(recipient_id, fallback)
            all_ok = all_ok and result.ok
        return all_ok

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        if await self.send_messages(recipient_id, fmt.build_messages(text)):
            await self.ask_if_helpful(recipient_id, kwargs)

    async def ask_if_helpful(self, recipient_id: Text, metadata: Mapping[str, Any]) -> None:
        """After a lookup that gave numbers (and reached the resident): "Was this
        helpful?" with Yes / No quick replies, whose payloads MessengerInput records as
        a rating (channels/feedback.py)."""
        lookup = metadata.get(LOOKUP_MARKER_KEY)
        if isinstance(lookup, Mapping) and lookup.get("outcome") == FOUND:
            await self.send_messages(recipient_id, [rating_question()])

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        if await self.send_messages(recipient_id, fmt.build_messages(text, buttons)):
            await self.ask_if_helpful(recipient_id, kwargs)

    async def send_quick_replies(
        self, recipient_id: Text, text: Text, quick_replies: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        await self.send_messages(recipient_id, fmt.build_messages(text, quick_replies))

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        await self.send_messages(recipient_id, [{"attachment": {"type": "image", "payload": {"url": image}}}])

    async def send_attachment(self, recipient_id: Text, attachment: Any, **kwargs: Any) -> None:
        if isinstance(attachment, Mapping) and "type" in attachment and "payload" in attachment:
            await self.send_messages(recipient_id, [{"attachment": dict(attachment)}])
        elif isinstance(attachment, str) and attachment.strip():
            await self.send_text_message(recipient_id, attachment)

    async def send_elements(
        self, recipient_id: Text, elements: Iterable[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        cards = []
        for element in list(elements)[:10]:
            card = dict(element)
            buttons = []
            for button in list(card.get("buttons") or [])[:MAX_TEMPLATE_BUTTONS]:
                button = dict(button)
                button.setdefault("type", "postback")
                if "title" in button:
                    button["title"] = shorten_title(button["title"])
                buttons.append(button)
            if buttons:
                card["buttons"] = buttons
            cards.append(card)
        if cards:
            await self.send_messages(
                recipient_id,
                [
                    {
                        "attachment": {
                            "type": "template",
                            "payload": {"template_type": "generic", "elements": cards},
                        }
                    }
                ],
            )

    async def send_custom_json(self, recipient_id: Text, json_message: Any, **kwargs: Any) -> None:
        """A custom payload is sent when it is a Messenger `message` object
        ({"text": ...} or {"attachment": ...}, optionally under "messenger"), or a list
        of them; anything else is meant for another channel and is skipped."""
        items = json_message if isinstance(json_message, list) else [json_message]
        messages = []
        for item in items:
            if isinstance(item, Mapping) and isinstance(item.get("messenger"), Mapping):
                item = item["messenger"]
            if isinstance(item, Mapping) and ("text" in item or "attachment" in item):
                messages.append({k: v for k, v in item.items() if k != "sender"})
        if messages:
            await self.send_messages(recipient_id, messages)
        else:
            logger.debug("Messenger: custom payload without a Messenger message, skipped")

    async def send_attachment_notice(self, recipient_id: Text, attachment_types: Iterable[str]) -> None:
        """The polite reply to a sticker, photo, voice message, location or file."""
        await self.send_messages(recipient_id, fmt.attachment_reply(list(attachment_types)))


class MessengerInput(InputChannel):
    """Receives Messenger webhooks at /webhooks/messenger/webhook."""

    @classmethod
    def name(cls) -> Text:
        return CHANNEL_NAME

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        merged: Dict[str, Any] = dict(credentials or {})
        from_env = credentials_from_env() or {}
        for key in ("verify_token", "app_secret", "page_access_token", "graph_url"):
            if not merged.get(key) and from_env.get(key):
                merged[key] = from_env[key]
        if not merged.get("graph_url"):
            merged["graph_url"] = _graph_url()
        missing = [k for k in ("verify_token", "app_secret", "page_access_token") if not merged.get(k)]
        if missing:
            cls.raise_missing_credentials_exception()
        return cls(
            verify_token=str(merged["verify_token"]),
            app_secret=str(merged["app_secret"]),
            page_access_token=str(merged["page_access_token"]),
            graph_url=str(merged["graph_url"]),
            timeout=float(merged.get("timeout") or DEFAULT_TIMEOUT_SECONDS),
        )

    def __init__(
        self,
        verify_token: str,
        app_secret: str,
        page_access_token: str,
        graph_url: str = DEFAULT_GRAPH_URL,
        timeout: float = DEFAULT_TIMEOUT_SECONDS,
        recent_ids: Optional[RecentIds] = None,
    ) -> None:
        if not (verify_token and app_secret and page_access_token):
            raise ValueError("verify_token, app_secret and page_access_token are required")
        self.verify_token = verify_token
        self.app_secret = app_secret
        self.graph = GraphClient(page_access_token, graph_url, app_secret=app_secret, timeout=timeout)
        self.recent_ids: Any = recent_ids if recent_ids is not None else RecentIds()
        self._tasks: Set["asyncio.Task[None]"] = set()
        if not graph_url.startswith("https://") and not _is_loopback(graph_url):
            logger.warning(
                "Messenger: FACEBOOK_GRAPH_URL is not https; the page token would travel in clear text"
            )

    def __repr__(self) -> str:  # never show the secrets
        return f"MessengerInput(graph={self.graph.redacted_url!r})"

    def get_output_channel(self) -> OutputChannel:
        return MessengerOutput(self.graph)

    async def drain(self) -> None:
        """Wait until every accepted message has been handled (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def accept(self, body: bytes, signature: Optional[str]) -> Optional[List[Incoming]]:
        """The events of a POST body to handle now: None if the signature is bad.

        Events that are not a person's message (echoes, deliveries, reads...) and
        messages already handled (same mid) are dropped here. A signed body that is
        not JSON raises ValueError.
        """
        if not signature_is_valid(self.app_secret, body, signature):
            return None
        payload = json.loads(body)
        accepted = []
        for event in parse_webhook(payload):
            if event.kind is Kind.IGNORED:
                logger.debug("Messenger: ignored a %s event", event.reason)
                continue
            if event.dedup_key and self.recent_ids.seen_before(event.dedup_key):
                logger.info(
                    "Messenger: message %s from %s delivered again; answered once",
                    event.mid or "(postback)",
                    mask_id(event.sender_id),
                )
                continue
            accepted.append(event)
        return accepted

    async def handle_events(
        self,
        events: Iterable[Incoming],
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        agent: Any = None,
    ) -> None:
        """Pass each event to the assistant (or answer an attachment, or record a
        rating with `agent`), in order."""
        for event in events:
            output = MessengerOutput(self.graph)
            try:
                if event.kind is Kind.ATTACHMENT:
                    await output.send_attachment_notice(event.sender_id, event.attachment_types)
                    continue
                if event.text in RATING_PAYLOADS and agent is not None:
                    # Not a message to the assistant: the dialogue does not see it.
                    await record_rating(agent, event.sender_id, RATING_PAYLOADS[event.text])
                    await output.send_messages(event.sender_id, [{"text": RATING_THANKS}])
                    continue
                await on_new_message(
                    UserMessage(
                        event.text,
                        output,
                        event.sender_id,
                        input_channel=self.name(),
                        message_id=event.mid,
                    )
                )
            except Exception:  # noqa: BLE001 - one failing message must not stop the others
                logger.exception("Messenger: handling a message from %s failed", mask_id(event.sender_id))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("messenger_webhook", __name__)

        @webhook.listener("after_server_start")
        async def share_message_ids(app: Any, _: Any) -> None:
            # several servers (production mode): a redelivery may reach another one
            if isinstance(self.recent_ids, SharedRecentIds):
                return
            agent = getattr(app.ctx, "agent", None)
            shared = SharedRecentIds.for_lock_store(
                getattr(agent, "lock_store", None), fallback=self.recent_ids
            )
            if shared is not None:
                self.recent_ids = shared
                logger.info("Messenger: message ids are shared through the Redis lock store")

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            mode = request.args.get("hub.mode")
            token = request.args.get("hub.verify_token")
            challenge = request.args.get("hub.challenge")
            if not verify_token_matches(self.verify_token, mode, token):
                logger.warning(
                    "Messenger: webhook verification with a wrong verify token or mode was refused"
                )
                return response.text("forbidden", status=403)
            if not challenge:
                return response.text("missing hub.challenge", status=400)
            return response.text(challenge)

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            signature = request.headers.get(SIGNATURE_HEADER)
            try:
                events = self.accept(request.body or b"", signature)
            except (ValueError, RecursionError):  # not JSON, or nested past what json parses
                return response.text("body is not JSON", status=400)
            if events is None:
                logger.warning(
                    "Messenger: refused a POST with a %s %s header",
                    "wrong" if signature else "missing",
                    SIGNATURE_HEADER,
                )
                return response.text("forbidden", status=403)
            if events:
                task = asyncio.get_running_loop().create_task(
                    self.handle_events(events, on_new_message, getattr(request.app.ctx, "agent", None))
                )
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
            return response.text("EVENT_RECEIVED")

        @webhook.listener("after_server_stop")
        async def close_graph(*_: Any) -> None:
            await self.drain()
            await self.graph.close()

        return webhook


def _is_loopback(url: str) -> bool:
    from urllib.parse import urlparse

    host = urlparse(url).hostname or ""
    return host in ("localhost", "127.0.0.1", "::1")
