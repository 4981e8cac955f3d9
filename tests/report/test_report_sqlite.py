"""`make report` on a real SQLite tracker store seeded with known conversations:
every figure of the page is checked against them, and no word of a conversation
with a safety reply, nor any personal detail, appears in it."""

from __future__ import annotations

import re

from . import scenario
from .checks import check_every_figure, check_privacy
from .page import ReportPage


def _page(sqlite_report) -> tuple:
    result, out = sqlite_report
    [html_file] = out.glob("report-*.html")
    html = html_file.read_text(encoding="utf-8")
    return ReportPage(html), html, result


def test_files_written_and_progress_shown(sqlite_report):
    result, out = sqlite_report
    assert (out / "report-2026-11-10-to-2026-11-12.html").is_file()
    assert len(list(out.glob("unanswered-*.yml"))) == 1
    assert re.search(r"reading [\d,]+ of [\d,]+ events \(100 %", result.stderr)
    assert "9 conversations, 15 messages, 6 unanswered" in result.stdout


def test_every_figure(sqlite_report):
    page, html, _ = _page(sqlite_report)
    check_every_figure(page)
    check_privacy(page, html)


def test_unanswered_groups(sqlite_report):
    page, _, _ = _page(sqlite_report)
    items = [re.sub(r" × \d+$", "", item) for group in page.groups for item in group["items"]]
    assert sorted(items) == sorted(scenario.EXPECTED_UNANSWERED_SHOWN)
    counts = [int(re.search(r": (\d+) messages?,", g["title"]).group(1)) for g in page.groups]
    assert sum(counts) == len(scenario.EXPECTED_UNANSWERED_SHOWN)
    assert f"{scenario.EXPECTED_UNANSWERED_TOTAL} messages were not understood" in page.text
    assert "2 from conversations with a safety reply are not shown" in page.text
    dora = next(g for g in page.groups if any("necesito" in i for i in g["items"]))
    assert "likely topic: ask_phone_number" in dora["title"]


def test_no_word_of_a_safety_conversation_nor_personal_detail(sqlite_report):
    page, html, _ = _page(sqlite_report)
    for secret in scenario.SECRETS + scenario.PERSONAL:
        assert secret.lower() not in html.lower(), secret
    for secret in scenario.SECRETS:
        assert secret.lower() not in page.text.lower()


def test_hostile_text_is_shown_as_text(sqlite_report):
    page, html, _ = _page(sqlite_report)
    assert "script" not in page.tags and "img" not in page.tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt; weather forecast" in html
    assert "http://" not in html.replace("http://www.w3.org", "")  # no external resource
    assert "<link" not in html and "src=" not in html


def test_a_period_with_nothing_says_so(seeded_sqlite, tmp_path):
    from .conftest import run_report

    result = run_report(seeded_sqlite, tmp_path, "--since", "2020-01-01", "--until", "2020-01-31")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "nothing in this period: no conversation from 2020-01-01 00:00" in result.stdout
    [html_file] = tmp_path.glob("report-*.html")
    page = ReportPage(html_file.read_text(encoding="utf-8"))
    assert "Nothing in this period" in page.text
    assert not list(tmp_path.glob("unanswered-*.yml"))


def test_a_store_never_written_is_not_created(tmp_path):
    from .conftest import run_report

    database = tmp_path / "never.db"
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {database}\n")
    result = run_report(endpoints, tmp_path / "out", "--days", "7")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "nothing in this period" in result.stdout
    assert not database.exists()


def test_bad_dates_are_refused(seeded_sqlite, tmp_path):
    from .conftest import run_report

    result = run_report(seeded_sqlite, tmp_path, "--since", "November")
    assert result.returncode == 2
    assert "SINCE must be a date" in result.stderr
