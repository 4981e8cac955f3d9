"""A small client for Messenger's Send API (POST {graph}/me/messages).

Every request has a timeout; a timeout, a refused connection, a 4xx or a 5xx is
logged (status, Graph error code and message) and reported as a failed `SendResult`,
never raised. The page access token goes in the query string as Meta documents, so
it is never put in a log line: logs show the URL with the token replaced, and any
text that came back is scrubbed of the token and the appsecret_proof.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
from dataclasses import dataclass
from typing import Any, Dict, Mapping, Optional

import aiohttp

import settings
from settings.limits import GRAPH_TIMEOUT_S

logger = logging.getLogger(__name__)

DEFAULT_GRAPH_URL = settings.FACEBOOK_GRAPH_URL.default
DEFAULT_TIMEOUT_SECONDS = GRAPH_TIMEOUT_S
REDACTED = "REDACTED"


@dataclass(frozen=True)
class SendResult:
    ok: bool
    status: Optional[int] = None  # HTTP status; None when no response came back
    error: str = ""  # short, token-free description of what went wrong


def appsecret_proof(page_access_token: str, app_secret: str) -> str:
    """HMAC-SHA256 of the token keyed with the app secret (Graph API "appsecret_proof").

    Sent with every call so that the app can turn on "Require App Secret": a leaked
    page token alone is then useless.
    """
    return hmac.new(app_secret.encode("utf-8"), page_access_token.encode("utf-8"), hashlib.sha256).hexdigest()


def mask_id(psid: str) -> str:
    """A person's page-scoped id shortened for logs: enough to correlate, no more."""
    return f"…{psid[-4:]}" if len(psid) > 4 else "…"


class GraphClient:
    def __init__(
        self,
        page_access_token: str,
        graph_url: str = DEFAULT_GRAPH_URL,
        app_secret: Optional[str] = None,
        timeout: float = DEFAULT_TIMEOUT_SECONDS,
    ) -> None:
        if not page_access_token:
            raise ValueError("a page access token is required")
        self._token = page_access_token
        self._proof = appsecret_proof(page_access_token, app_secret) if app_secret else None
        self.messages_url = graph_url.rstrip("/") + "/me/messages"
        self.timeout = timeout
        self._session: Optional[aiohttp.ClientSession] = None
        self._session_loop: Optional[asyncio.AbstractEventLoop] = None

    @property
    def redacted_url(self) -> str:
        return f"{self.messages_url}?access_token={REDACTED}"

    def redact(self, text: str) -> str:
        for secret in (self._token, self._proof):
            if secret:
                text = text.replace(secret, REDACTED)
        return text

    def _params(self) -> Dict[str, str]:
        params = {"access_token": self._token}
        if self._proof:
            params["appsecret_proof"] = self._proof
        return params

    def _get_session(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._session_loop is not loop:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.timeout),
                headers={"Content-Type": "application/json"},
            )
            self._session_loop = loop
        return self._session

    async def close(self) -> None:
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()

    async def send_message(
        self,
        recipient_id: str,
        message: Mapping[str, Any],
        messaging_type: str = "RESPONSE",
    ) -> SendResult:
        """Send one `message` object to a person; never raises."""
        body = {
            "recipient": {"id": recipient_id},
            "messaging_type": messaging_type,
            "message": message,
        }
        return await self._post(body, recipient_id)

    async def _post(self, body: Dict[str, Any], recipient_id: str) -> SendResult:
        who = mask_id(recipient_id)
        try:
            session = self._get_session()
            async with session.post(
                self.messages_url, params=self._params(), data=json.dumps(body)
            ) as response:
                text = await response.text()
                if response.status < 400:
                    return SendResult(True, response.status)
                error = self.redact(_graph_error(text))
                logger.warning(
                    "Messenger Send API answered HTTP %s for recipient %s at %s: %s",
                    response.status,
                    who,
                    self.redacted_url,
                    error,
                )
                return SendResult(False, response.status, error)
        except asyncio.TimeoutError:
            error = f"timed out after {self.timeout:g} s"
        except aiohttp.ClientError as exc:
            error = self.redact(f"{type(exc).__name__}: {exc}")
        except Exception as exc:  # noqa: BLE001 - a send must never take the channel down
            error = self.redact(f"{type(exc).__name__}: {exc}")
        logger.warning(
            "Messenger Send API request for recipient %s to %s failed: %s",
            who,
            self.redacted_url,
            error,
        )
        return SendResult(False, None, error)


def _graph_error(text: str) -> str:
    """ "code 10 (OAuthException): message" from Graph's {"error": {...}}, else the text cut."""
    try:
        error = json.loads(text).get("error")
    except (ValueError, AttributeError):
        error = None
    if isinstance(error, dict):
        parts = [f"code {error.get('code')}"]
        if error.get("error_subcode"):
            parts.append(f"subcode {error.get('error_subcode')}")
        kind = f" ({error.get('type')})" if error.get("type") else ""
        return f"{', '.join(parts)}{kind}: {str(error.get('message', ''))[:300]}"
    return " ".join(text.split())[:300] or "(empty body)"
