"""The demo page with the chat widget, driven in Chromium as a resident would use it.

Shared by the browser tests (conftest.py holds the fixtures).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Dict, List
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "results" / "screenshots"  # `make screenshots` copies them to docs/
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
REPLY_TIMEOUT_MS = 30_000


class Chat:
    """The demo page with the widget, seen as a resident would use it."""

    def __init__(self, page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url.rstrip("/")
        self.requests: List[str] = []
        self.webhook_bodies: List[Dict] = []
        self.console_errors: List[str] = []
        self.dialogs: List[str] = []
        page.on("request", self._on_request)
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.console_errors.append(f"pageerror: {e}"))
        page.on("dialog", self._on_dialog)

    def _on_request(self, request) -> None:
        self.requests.append(request.url)
        if request.method == "POST" and request.url.endswith("/webhooks/rest/webhook"):
            self.webhook_bodies.append(json.loads(request.post_data or "{}"))

    def _on_dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    # --- locators ---------------------------------------------------------
    def loc(self, selector: str):
        return self.page.locator(selector)  # CSS locators pierce the open shadow root

    @property
    def launcher(self):
        return self.loc("#jtpd-launcher")

    @property
    def panel(self):
        return self.loc("#jtpd-panel")

    @property
    def input(self):
        return self.loc("#jtpd-input")

    @property
    def bot_messages(self):
        return self.loc("#jtpd-log .jtpd-msg.jtpd-bot")

    @property
    def user_messages(self):
        return self.loc("#jtpd-log .jtpd-msg.jtpd-user")

    @property
    def quick_replies(self):
        return self.loc("#jtpd-quick .jtpd-qr")

    # --- actions ----------------------------------------------------------
    def goto(self, path: str = "/") -> "Chat":
        self.page.goto(self.base_url + path)
        self.launcher.wait_for(state="attached")
        self.page.wait_for_function("() => !document.getElementById('jtpd-chat').hidden")
        return self

    def open(self) -> None:
        if not self.panel.is_visible():
            self.launcher.click()
        self.panel.wait_for(state="visible")

    def wait_idle(self) -> None:
        self.loc("#jtpd-typing").wait_for(state="hidden", timeout=REPLY_TIMEOUT_MS)

    def send(self, text: str) -> List[str]:
        """Types `text`, sends it with Enter, and returns the texts of the new bot bubbles."""
        before_user = self.user_messages.count()
        before_bot = self.bot_messages.count()
        self.input.fill(text)
        self.input.press("Enter")
        self.page.wait_for_function(
            "n => document.getElementById('jtpd-chat').shadowRoot"
            ".querySelectorAll('#jtpd-log .jtpd-user').length > n",
            arg=before_user,
        )
        self.wait_idle()
        return [self.text_of(self.bot_messages.nth(i)) for i in range(before_bot, self.bot_messages.count())]

    @staticmethod
    def text_of(message) -> str:
        """The visible text of a message (without its "Assistant said:" prefix for screen readers)."""
        return message.evaluate(
            """m => { const b = m.querySelector('.jtpd-bubble');
                      return [...b.childNodes].filter(n => !(n.classList && n.classList.contains('jtpd-sr')))
                          .map(n => n.nodeType === 1 ? n.innerText : n.textContent).join('\\n').trim(); }"""
        )

    def texts(self, selector: str = "#jtpd-log .jtpd-msg") -> List[str]:
        loc = self.loc(selector)
        return [self.text_of(loc.nth(i)) for i in range(loc.count())]

    def session_id(self) -> str:
        return self.page.evaluate("() => window.JTPDChat.sessionId()")

    def active(self) -> Dict:
        """What has the keyboard focus (inside the widget's shadow root or not)."""
        return self.page.evaluate(
            """() => {
                let a = document.activeElement;
                while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
                if (!a) return null;
                const cs = getComputedStyle(a);
                return {id: a.id, tag: a.tagName.toLowerCase(), cls: a.className || '',
                        text: (a.innerText || a.value || '').trim().slice(0, 60),
                        label: a.getAttribute('aria-label') || '',
                        outlineStyle: cs.outlineStyle, outlineWidth: parseFloat(cs.outlineWidth) || 0,
                        outlineColor: cs.outlineColor};
            }"""
        )

    def external_requests(self) -> List[str]:
        return [
            u
            for u in self.requests
            if urlsplit(u).scheme in ("http", "https") and urlsplit(u).hostname not in LOCAL_HOSTS
        ]

    def run_axe(self) -> List[Dict]:
        """Runs axe-core on the page: all its default rules (WCAG 2.0/2.1 A and AA, and
        best practices), plus target-size (24 x 24 px, from WCAG 2.2), which is off by default."""
        if not AXE_JS.is_file():
            pytest.fail(f"{AXE_JS} missing: run `npm ci --prefix web` (scripts/install-web.sh)")
        if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
            self.page.add_script_tag(path=str(AXE_JS))
        return self.page.evaluate(
            """async () => {
                const r = await axe.run(document, {resultTypes: ['violations'],
                                                   rules: {'target-size': {enabled: true}}});
                return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary}))}));
            }"""
        )
