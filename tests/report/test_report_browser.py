"""The report in Chromium: it opens with no request and no script, axe-core finds no
accessibility violation, and a screenshot is taken (results/, and docs/ for the
README)."""

from __future__ import annotations

import os
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from launcher.stack import PROJECT_ROOT
from tests.browser.chat_page import AXE_JS, CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser
RESULTS = PROJECT_ROOT / "results"
README_PICTURE = PROJECT_ROOT / "docs" / "report.png"


@pytest.fixture(scope="module")
def chromium(sqlite_report, month_report):  # seeded first: Playwright runs an event loop
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} not found: run scripts/install-chromium.sh (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _report(sqlite_report) -> Path:
    _, out = sqlite_report
    [path] = out.glob("report-*.html")
    return path


def _open(chromium, path: Path, **options):
    context = chromium.new_context(viewport={"width": 1100, "height": 900}, **options)
    page = context.new_page()
    requests, errors, dialogs = [], [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    return context, page, requests, errors, dialogs


def test_opens_with_no_request_and_no_script(chromium, sqlite_report):
    context, page, requests, errors, dialogs = _open(chromium, _report(sqlite_report))
    try:
        assert requests == [_report(sqlite_report).as_uri()]
        assert dialogs == [] and errors == []
        assert page.evaluate("document.scripts.length") == 0
        assert page.locator("svg[role=img]").count() == 4
        shown = page.inner_text("main")
        assert "<script>alert(1)</script> weather forecast" in shown
    finally:
        context.close()


def _axe(page) -> list:
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} missing: run scripts/install-web.sh (make test does)")
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations'],
                                           rules: {'target-size': {enabled: true}}});
        return r.violations.map(v => ({id: v.id, help: v.help,
            nodes: v.nodes.slice(0, 3).map(n => n.target)}));
    }""")


@pytest.fixture(scope="module")
def month_report(tmp_path_factory):
    """A month of 2,000 varied conversations (bench/report.py's generator)."""
    from bench.report import ZONE, seed
    from reporting.__main__ import build

    folder = tmp_path_factory.mktemp("month")
    end = datetime(2026, 12, 1, tzinfo=ZONE)
    seed(folder / "conversations.db", 2000, 30, end)
    endpoints = folder / "endpoints.yml"
    endpoints.write_text(
        f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {folder / 'conversations.db'}\n"
    )
    _, html, _ = build(
        endpoints, end - timedelta(days=30), end, ZONE, folder / "reports", generated=end + timedelta(hours=7)
    )  # the same picture every run
    return html


@pytest.mark.parametrize("which", ["scenario", "month"])
def test_axe_finds_no_violation_folded_or_not(chromium, sqlite_report, month_report, which):
    path = _report(sqlite_report) if which == "scenario" else month_report
    # The page's own policy forbids every script, axe's too: bypassed for the audit only.
    context, page, _, _, _ = _open(chromium, path, bypass_csp=True)
    try:
        assert _axe(page) == []
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        assert _axe(page) == []
        RESULTS.mkdir(exist_ok=True)
        page.screenshot(path=str(RESULTS / f"report-{which}-full.png"), full_page=True)
    finally:
        context.close()


def test_screenshot_for_the_readme(chromium, month_report):
    context, page, _, _, _ = _open(chromium, month_report)
    try:
        RESULTS.mkdir(exist_ok=True)
        page.screenshot(path=str(RESULTS / "report.png"))
        README_PICTURE.parent.mkdir(exist_ok=True)
        shutil.copy(RESULTS / "report.png", README_PICTURE)
    finally:
        context.close()
