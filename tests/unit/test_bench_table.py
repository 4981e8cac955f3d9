"""bench/table.py: medians per system, the Markdown table and the targets (no server)."""

import math

from bench.long_conversation import Curve
from bench.measure import RunFigures
from bench.table import LABELS, fmt, median, ratio, render, summarize, verdicts

LEVELS = [(1, 6), (10, 2), (50, 1)]
NAN = float("nan")


def run(system: str, startup: float, throughput_50: float, p95_10: float, rss=(600.0,), long=None):
    figures = RunFigures(system, startup, rasa_rss=list(rss), rasa_peak=[r + 1 for r in rss])
    figures.action_rss = None if system == "stock" else 45.0
    for conversations, _ in LEVELS:
        figures.levels[conversations] = {
            "throughput": throughput_50 if conversations == 50 else 10.0,
            "p50": 20.0,
            "p95": p95_10 if conversations == 10 else 30.0,
            "p99": 40.0,
            "messages": 6,
            "failed": 0,
            "cpu_ms": 9.0,
        }
    figures.long = long
    return figures


def flat_curve(first_cpu: float, last_cpu: float) -> Curve:
    cpu = [first_cpu] * 10 + [5.0] * 380 + [last_cpu] * 10
    return Curve(latency_ms=[12.0] * 400, cpu_ms=cpu)


def test_median_skips_missing_figures():
    assert median([3.0, NAN, 1.0, 2.0]) == 2.0
    assert math.isnan(median([NAN]))
    assert math.isnan(median([]))


def test_units():
    assert fmt(7.06, "s") == "7.1 s"
    assert fmt(621.6, "MB") == "622 MB"
    assert fmt(248.5, "ms") == "248 ms"  # round half to even, as the old table did
    assert fmt(9.14, "cpu ms") == "9.1 ms"
    assert fmt(87.44, "msg/s") == "87.4 msg/s"
    assert fmt(NAN, "ms") == "n/a"


def test_ratio_against_stock():
    assert ratio(50.0, 25.0) == "×2.00"
    assert ratio(NAN, 25.0) == ""
    assert ratio(5.0, 0.0) == ""


def test_summarize_takes_medians_per_system_and_the_largest_server():
    runs = [
        run("stock", 25.0, 40.0, 450.0, rss=(1100.0,)),
        run("prod", 9.0, 140.0, 130.0, rss=(620.0, 640.0)),
        run("prod", 7.0, 150.0, 120.0, rss=(610.0, 630.0)),
        run("prod", 8.0, 160.0, 125.0, rss=(600.0, 650.0)),
    ]
    table = summarize(runs, LEVELS)
    assert list(table) == ["stock", "prod"]  # the fixed order of the columns
    prod = table["prod"]
    assert prod["startup"] == 8.0
    assert prod["throughput_50"] == 150.0
    assert prod["p95_10"] == 125.0
    assert prod["rasa_rss"] == 640.0  # median of each run's largest server
    assert prod["rasa_rss_total"] == 1250.0  # 1260, 1240, 1250
    assert math.isnan(prod["long_cpu_10"])  # no long conversation was run


def test_render_columns_and_ratios():
    runs = [run("stock", 25.0, 40.0, 450.0), run("ours-fast", 7.0, 88.0, 250.0, long=flat_curve(10.0, 9.0))]
    text = render(summarize(runs, LEVELS), LEVELS, {"stock": 57.4, "ours": 24.5}, 37.0)
    lines = text.splitlines()
    assert lines[0] == f"| Figure | {LABELS['stock']} | {LABELS['ours-fast']} | ratio |"
    assert lines[1] == "|---|---:|---:|---:|"
    rows = {line.split(" | ")[0].lstrip("| "): line for line in lines[2:]}
    assert rows["Training from a clean cache"] == "| Training from a clean cache | 57.4 s | 24.5 s | ×0.43 |"
    assert rows["50 conv.: throughput"] == "| 50 conv.: throughput | 40.0 msg/s | 88.0 msg/s | ×2.20 |"
    assert "37 MB (not needed: empty SDK server)" in rows["Action server RSS after load"]
    assert rows["one conversation, messages 391-400: Rasa CPU per message"].endswith("| n/a | 9.0 ms |  |")


def test_the_patched_server_is_labelled_by_its_package():
    assert "rasa_patches" in LABELS["ours-fast"] and "make run" in LABELS["ours-fast"]
    assert not any("scaling.speedups" in label for label in LABELS.values())


def test_verdicts_met_and_missed():
    runs = [
        run("stock", 25.0, 40.0, 450.0),
        run("ours-fast", 7.0, 130.0, 160.0, long=flat_curve(10.0, 16.0)),  # 3.25 × stock, p95 missed
        run("prod", 16.0, 190.0, 90.0, rss=(900.0, 600.0)),  # slow start, too big, 4.75 × stock
    ]
    lines = verdicts(summarize(runs, LEVELS))
    fast, prod = LABELS["ours-fast"], LABELS["prod"]
    assert f"- {fast}: start-up to first answer ≤ 15 s: met (7.0 s)" in lines
    assert f"- {fast}: p95 at 10 conversations ≤ 150 ms: MISSED (160 ms)" in lines
    assert f"- {fast}: throughput at 50 ≥ 3 × stock: met (130.0 vs 40.0 msg/s = ×3.25)" in lines
    assert (
        f"- {fast}: CPU per message at message 400 ≤ 1.5 × messages 1-10: MISSED (16.0 vs 10.0 ms)" in lines
    )
    assert f"- {prod}: start-up to first answer ≤ 15 s: MISSED (16.0 s)" in lines
    assert f"- {prod}: Rasa server RSS ≤ 800 MB: MISSED (900 MB)" in lines
    assert f"- {prod}: p95 at 10 conversations ≤ 100 ms: met (90 ms)" in lines
    assert f"- {prod}: throughput at 50 ≥ 5 × stock: MISSED (190.0 vs 40.0 msg/s = ×4.75)" in lines
    assert not any("CPU per message" in line for line in lines if prod in line)  # no long run
    assert len(lines) == 4 + 1 + 4


def test_verdicts_without_a_stock_run():
    lines = verdicts(summarize([run("ours", 8.0, 50.0, 400.0)], LEVELS))
    assert f"- {LABELS['ours']}: throughput at 50 ≥ 1.5 × stock: MISSED (no stock run)" in lines
