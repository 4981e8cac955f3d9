"""bench/results.py: the text of bench/results.md (no server)."""

import datetime
import re

from bench.long_conversation import Curve
from bench.measure import RunFigures
from bench.results import Setting, commit, document, each_run

LEVELS = [(1, 60), (10, 20)]


def setting() -> Setting:
    return Setting(
        started_at=datetime.datetime(2026, 12, 2, 17, 5, tzinfo=datetime.timezone.utc),
        commit="abc1234",
        node="vm",
        cores=2,
        rasa="3.6.21",
        python="3.10.13",
        load_before="2.00 1.50 1.00",
        load_after="1.00 1.10 1.20",
        reps=3,
        levels=LEVELS,
        long_messages=400,
    )


def prod_run() -> RunFigures:
    figures = RunFigures("prod", 7.62, rasa_rss=[624.4, 625.6], rasa_peak=[630.0, 631.0], action_rss=44.2)
    figures.levels = {
        1: {"throughput": 43.61, "p95": 34.4, "cpu_ms": 9.14, "failed": 0},
        10: {"throughput": 125.5, "p95": 138.0, "cpu_ms": 8.0, "failed": 2},
    }
    figures.rasa_cpu = {1: [42.0, 43.0], 10: [76.0, 80.0]}
    figures.others = {1: 0.01, 10: 0.0}
    figures.long = Curve([10.0] * 100, [9.0] * 10 + [8.5] * 90)
    figures.load = "1.21 1.28 1.54"
    return figures


def test_header_says_when_on_which_commit_and_how():
    text = document(setting(), "| table |", ["- verdict"], [], {})
    first = text.splitlines()[2]
    assert first.startswith(
        "Run 2026-12-02 17:05 UTC on commit abc1234 by `make bench` (bench/run.py) on vm: 2 cores"
    )
    assert "Medians of 3 runs per system" in first
    assert "Messages per conversation at 1/10/50 conversations: 60, 20;" in first
    assert "One conversation: 400 messages" in first
    assert "\n| table |\n\nTargets:\n\n- verdict\n\n## Each run\n" in text
    assert "Training:" not in text


def test_each_run_row():
    lines = each_run([prod_run()], LEVELS)
    head, rule, row = lines[3], lines[4], lines[5]
    assert head.count("|") == rule.count("|") == row.count("|")
    assert "one conversation: Rasa CPU ms per message at 1-10, 100, 200, 400 |" in head
    assert row == (
        "| prod | 7.6 | 624 + 626 | 630 + 631 | 44 | 43.6, 34, 42% + 43%, 9.1 ms | "
        "125.5, 138, 76% + 80%, 8.0 ms | 9.0, 8.5 | 2 | 1% / 0% | 1.21 1.28 1.54 |"
    )


def test_training_note():
    text = document(setting(), "", [], [], {"stock": 0.26, "ours": 0.28})
    assert text.endswith(
        "Training: others used 26% of the cores while stock trained, "
        "28% of the cores while ours trained (one run each, not repeated).\n"
    )


def test_commit_names_the_checkout():
    # The short hash of HEAD, not "unknown": the header must say what was measured.
    assert re.fullmatch(r"[0-9a-f]{7,}", commit().split()[0])
