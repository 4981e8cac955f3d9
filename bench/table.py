"""The benchmark's table: medians per system, the formatted Markdown table, the targets.

Pure functions of the measured figures (tests/unit/test_bench_table.py).
"""

from __future__ import annotations

import statistics
from typing import Dict, List

from bench import long_conversation
from bench.measure import Levels, RunFigures
from bench.systems import SYSTEMS

LABELS = {
    "stock": "stock `rasa init`",
    "ours": "ours, 1 server, plain `rasa run`",
    "ours-fast": "ours, 1 server + rasa_patches (`make run`)",
    "prod": "ours, prod: 2 servers + nginx + PostgreSQL + Redis",
}
# What each system must reach: start-up and memory for all; p95 at 10 conversations (ms)
# and throughput at 50 as a multiple of stock's, per system: one server is one core, so
# the production mode's two servers are held to more.
TARGETS = {"startup": 15.0, "rss_mb": 800.0}
SYSTEM_TARGETS = {"ours": (150.0, 1.5), "ours-fast": (150.0, 3.0), "prod": (100.0, 5.0)}
FLAT_RATIO = 1.5  # CPU per message at the last message of one conversation vs messages 1-10

Table = Dict[str, Dict[str, float]]


def median(values: List[float]) -> float:
    values = [v for v in values if v == v]
    return statistics.median(values) if values else float("nan")


def summarize(runs: List[RunFigures], levels: Levels) -> Table:
    """Per system, the median over its runs of every figure (NaN ignored)."""
    table: Table = {}
    for system in SYSTEMS:
        mine = [r for r in runs if r.system == system]
        if not mine:
            continue
        row = {
            "startup": median([r.startup for r in mine]),
            "rasa_rss": median([max(r.rasa_rss) for r in mine]),
            "rasa_rss_total": median([sum(r.rasa_rss) for r in mine]),
            "rasa_peak": median([max(r.rasa_peak) for r in mine]),
            "action_rss": median([r.action_rss for r in mine if r.action_rss is not None]),
        }
        for conversations, _ in levels:
            for key in ("throughput", "p50", "p95", "p99", "failed", "cpu_ms"):
                row[f"{key}_{conversations}"] = median([r.levels[conversations][key] for r in mine])
        for point in long_conversation.POINTS:
            windows = [r.long.points().get(point) for r in mine if r.long is not None]
            row[f"long_latency_{point}"] = median([w[0] for w in windows if w])
            row[f"long_cpu_{point}"] = median([w[1] for w in windows if w])
        table[system] = row
    return table


def fmt(value: float, unit: str) -> str:
    if value != value:
        return "n/a"
    if unit == "s":
        return f"{value:.1f} s"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "ms":
        return f"{value:.0f} ms"
    if unit == "cpu ms":
        return f"{value:.1f} ms"
    if unit == "msg/s":
        return f"{value:.1f} msg/s"
    return f"{value:.0f}"


def ratio(ours: float, stock: float) -> str:
    if ours != ours or stock != stock or not stock:
        return ""
    return f"×{ours / stock:.2f}"


def render(table: Table, levels: Levels, training: Dict[str, float], stock_action_rss: float) -> str:
    """The Markdown table: one row per figure, a column per system, ratios against stock."""
    columns = [system for system in SYSTEMS if system in table]
    rows = [
        ("Training from a clean cache", "train", "s"),
        ("Start to first answer", "startup", "s"),
        ("Rasa server RSS after load (each)", "rasa_rss", "MB"),
        ("Action server RSS after load", "action_rss", "MB"),
    ]
    for conversations, _ in levels:
        rows += [
            (f"{conversations} conv.: throughput", f"throughput_{conversations}", "msg/s"),
            (f"{conversations} conv.: p50", f"p50_{conversations}", "ms"),
            (f"{conversations} conv.: p95", f"p95_{conversations}", "ms"),
            (f"{conversations} conv.: p99", f"p99_{conversations}", "ms"),
            (f"{conversations} conv.: Rasa CPU per message", f"cpu_ms_{conversations}", "cpu ms"),
        ]
    for point in long_conversation.POINTS:
        label = (
            "1-10" if point == long_conversation.WINDOW else f"{point - long_conversation.WINDOW + 1}-{point}"
        )
        rows += [
            (f"one conversation, messages {label}: latency", f"long_latency_{point}", "ms"),
            (f"one conversation, messages {label}: Rasa CPU per message", f"long_cpu_{point}", "cpu ms"),
        ]
    head = ["Figure"]
    for system in columns:
        head += [LABELS[system]] + ([] if system == "stock" else ["ratio"])
    lines = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 1)]
    for label, key, unit in rows:

        def value(system: str) -> float:
            if key == "train":
                return training.get("stock" if system == "stock" else "ours", float("nan"))
            if key == "action_rss" and system == "stock":
                return stock_action_rss
            return table.get(system, {}).get(key, float("nan"))

        s = value("stock")
        cells = [label]
        for system in columns:
            v = value(system)
            if system == "stock":
                cells.append(
                    fmt(v, unit) + (" (not needed: empty SDK server)" if key == "action_rss" else "")
                )
            else:
                cells += [fmt(v, unit), ratio(v, s)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def verdicts(table: Table) -> List[str]:
    """One line per system and target: met or MISSED, with the figure."""
    stock, out = table.get("stock", {}), []
    for system in [s for s in SYSTEMS if s != "stock"]:
        label = LABELS[system]
        row = table.get(system)
        if not row:
            continue
        p95_target, ratio_target = SYSTEM_TARGETS[system]
        checks = [
            (
                "start-up to first answer ≤ 15 s",
                row["startup"] <= TARGETS["startup"],
                f"{row['startup']:.1f} s",
            ),
            ("Rasa server RSS ≤ 800 MB", row["rasa_rss"] <= TARGETS["rss_mb"], f"{row['rasa_rss']:.0f} MB"),
            (
                f"p95 at 10 conversations ≤ {p95_target:.0f} ms",
                row["p95_10"] <= p95_target,
                f"{row['p95_10']:.0f} ms",
            ),
            (
                f"throughput at 50 ≥ {ratio_target:g} × stock",
                stock and row["throughput_50"] >= ratio_target * stock["throughput_50"],
                f"{row['throughput_50']:.1f} vs {stock.get('throughput_50', float('nan')):.1f} msg/s = "
                f"×{row['throughput_50'] / stock['throughput_50']:.2f}"
                if stock
                else "no stock run",
            ),
        ]
        last_point = long_conversation.POINTS[-1]
        first = row.get(f"long_cpu_{long_conversation.POINTS[0]}", float("nan"))
        last = row.get(f"long_cpu_{last_point}", float("nan"))
        if first == first and last == last:
            checks.append(
                (
                    f"CPU per message at message {last_point} ≤ {FLAT_RATIO:g} × messages 1-10",
                    last <= FLAT_RATIO * first,
                    f"{last:.1f} vs {first:.1f} ms",
                )
            )
        for name, ok, value in checks:
            out.append(f"- {label}: {name}: {'met' if ok else 'MISSED'} ({value})")
    return out
