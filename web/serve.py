"""Static server for the chat widget and its demo site.

    python -m web.serve [--host 127.0.0.1] [--port 8080] [--assistant-url URL]

Serves
  /                -> web/site/index.html
  /<page>.html     -> web/site/<page>.html
  /site.css ...    -> other files of web/site/
  /widget/<file>   -> web/widget/<file>  (jtpd-chat.js, jtpd-chat.css)

The demo pages carry the placeholder ``__JTPD_ASSISTANT_URL__`` in their
widget tag (data-server-url); it is replaced, when a page is served, by the
Rasa server's URL from --assistant-url, else $JTPD_ASSISTANT_URL, else
http://localhost:5005. The Rasa server must allow CORS from this server's
origin (rasa run --cors http://localhost:8080). --host and --port default to
$WEB_INTERFACE and $WEB_PORT (settings/__init__.py).

The pages are sent with web/serving.py's headers, as nginx sends them in
production mode: a Content-Security-Policy that allows scripts, styles and
images from this server only and connections only to it and to the
assistant: nothing can load from a CDN.
"""

from __future__ import annotations

import argparse
import html
import logging
from pathlib import Path

from aiohttp import web

import settings
from web.serving import ASSISTANT_URL_PLACEHOLDER, COMMON_HEADERS, page_headers

HERE = Path(__file__).resolve().parent
SITE_DIR = HERE / "site"
WIDGET_DIR = HERE / "widget"
DEFAULT_ASSISTANT_URL = settings.JTPD_ASSISTANT_URL.default

log = logging.getLogger("web.serve")


def make_app(assistant_url: str = DEFAULT_ASSISTANT_URL) -> web.Application:
    assistant_url = assistant_url.rstrip("/")
    headers_of_pages = page_headers(assistant_url)
    escaped_url = html.escape(assistant_url, quote=True)

    async def page(request: web.Request) -> web.StreamResponse:
        name = request.match_info.get("name") or "index"
        path = SITE_DIR / f"{name}.html"
        # the route pattern only allows [A-Za-z0-9_-]+, so no traversal
        if not path.is_file():
            raise web.HTTPNotFound()
        body = path.read_text(encoding="utf-8").replace(ASSISTANT_URL_PLACEHOLDER, escaped_url)
        return web.Response(text=body, content_type="text/html", charset="utf-8", headers=headers_of_pages)

    @web.middleware
    async def headers(request: web.Request, handler):
        resp = await handler(request)
        for key, value in COMMON_HEADERS.items():
            resp.headers.setdefault(key, value)
        return resp

    app = web.Application(middlewares=[headers])
    app.router.add_get("/", page)
    app.router.add_get(r"/{name:[A-Za-z0-9_-]+}.html", page)
    app.router.add_static("/widget/", WIDGET_DIR, show_index=False, follow_symlinks=False)
    app.router.add_static("/", SITE_DIR, show_index=False, follow_symlinks=False)
    return app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the chat widget and its demo site.")
    parser.add_argument("--host", default=settings.WEB_INTERFACE.read())
    parser.add_argument("--port", type=int, default=settings.WEB_PORT.read())
    parser.add_argument(
        "--assistant-url",
        default=settings.JTPD_ASSISTANT_URL.read(),
        help="URL of the Rasa server with the REST channel (default: $JTPD_ASSISTANT_URL or %(default)s)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    app = make_app(args.assistant_url)
    print(
        f"Chat widget demo: http://{args.host}:{args.port}/  (assistant: {args.assistant_url.rstrip('/')})",
        flush=True,
    )
    web.run_app(app, host=args.host, port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
