"""How the chat page and the widget are served, by either server that serves them:
web/serve.py (`make run`) and nginx (`make run-prod`, launcher/nginx.conf.template).

Both send these headers and fill in the same placeholder, so the page behaves the
same in both modes. Plain Python: the launcher imports it without aiohttp.
Tests: tests/unit/test_web_serving.py.
"""

from __future__ import annotations

from typing import Dict
from urllib.parse import urlsplit

# The demo pages' widget tag carries this as its data-server-url; it is replaced by
# the Rasa server's URL when a page is served.
ASSISTANT_URL_PLACEHOLDER = "__JTPD_ASSISTANT_URL__"

# On every file: no MIME sniffing, no referrer sent on, always revalidated.
COMMON_HEADERS: Dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


def origin(url: str) -> str:
    """scheme://host[:port] of an http(s) URL."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"assistant URL must be http(s)://host[:port], got {url!r}")
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(assistant_origin: str) -> str:
    """The pages' policy: scripts, styles and images from this server only, connections
    only to it and to the assistant: nothing can load from a CDN."""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            f"connect-src 'self' {assistant_origin}",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "object-src 'none'",
        ]
    )


def page_headers(assistant_url: str) -> Dict[str, str]:
    """The headers of an HTML page whose widget talks to `assistant_url`."""
    return {**COMMON_HEADERS, "Content-Security-Policy": content_security_policy(origin(assistant_url))}
