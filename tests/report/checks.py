"""Checks of a report written from the scenario's conversations, whatever the store
(SQLite here, PostgreSQL in tests/scale)."""

from __future__ import annotations

import re

from . import scenario
from .page import ReportPage


def check_every_figure(page: ReportPage) -> None:
    assert page.column("overview") == scenario.EXPECTED_OVERVIEW
    assert page.rows("per-day") == scenario.EXPECTED_PER_DAY
    hours = {int(row[0][:2]): int(row[1]) for row in page.rows("by-hour")}
    assert hours == {h: scenario.EXPECTED_HOURS.get(h, 0) for h in range(24)}
    assert page.column("channels") == scenario.EXPECTED_CHANNELS
    assert page.column("languages") == scenario.EXPECTED_LANGUAGES
    assert page.column("topics") == scenario.EXPECTED_TOPICS
    assert page.column("lookup-outcomes") == scenario.EXPECTED_LOOKUP_OUTCOMES
    assert page.column("lookups") == scenario.EXPECTED_LOOKUPS
    assert page.rows("not-found") == scenario.EXPECTED_NOT_FOUND
    assert page.column("safety") == scenario.EXPECTED_SAFETY
    assert page.rows("ratings") == scenario.EXPECTED_RATINGS
    assert page.rows("rated-no") == scenario.EXPECTED_RATED_NO
    assert "Share of fallback answers: 26.7 %" in page.text
    items = [re.sub(r" × \d+$", "", item) for group in page.groups for item in group["items"]]
    assert sorted(items) == sorted(scenario.EXPECTED_UNANSWERED_SHOWN)


def check_privacy(page: ReportPage, html: str) -> None:
    for secret in scenario.SECRETS + scenario.PERSONAL:
        assert secret.lower() not in html.lower(), secret
    assert "script" not in page.tags
