"""`make report`: python -m reporting [--days 30 | --since DATE --until DATE]
[--endpoints endpoints.yml] [--out reports] [--timezone America/Kentucky/Louisville]

Reads the tracker store named in the endpoints file (as the Rasa server does), writes
reports/report-<since>-to-<until>.html and reports/unanswered-<date>.yml, and prints
progress while it reads. Exit status 0, or 2 with a message for a bad setting."""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Optional, Tuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from launcher.retention import DEFAULT_ENDPOINTS, PROJECT_ROOT, RetentionError

DEFAULT_DAYS = 30
DEFAULT_ZONE = "America/Kentucky/Louisville"  # Jeffersontown's clock
DEFAULT_OUT = PROJECT_ROOT / "reports"


def period(
    days: float, since: Optional[str], until: Optional[str], zone: ZoneInfo, now: datetime
) -> Tuple[datetime, datetime]:
    """[start, end) in local time; SINCE and UNTIL are whole days, both included."""

    def day(text: str, name: str) -> datetime:
        try:
            return datetime.combine(date.fromisoformat(text), datetime.min.time(), zone)
        except ValueError:
            raise RetentionError(f"{name} must be a date such as 2026-11-30, not {text!r}") from None

    end = day(until, "UNTIL") + timedelta(days=1) if until else now
    start = day(since, "SINCE") if since else end - timedelta(days=days)
    if start >= end:
        raise RetentionError("SINCE must be before UNTIL")
    return start, end


def progress_printer(out=sys.stderr):
    started = time.monotonic()

    def show(done: int, total: int) -> None:
        share = 100 * done / total if total else 100
        out.write(
            f"\rreport: reading {done:,} of {total:,} events ({share:.0f} %, "
            f"{time.monotonic() - started:.1f} s)"
        )
        if done >= total:
            out.write("\n")
        out.flush()

    return show


def build(
    endpoints: Path,
    start: datetime,
    end: datetime,
    zone: ZoneInfo,
    out_dir: Path,
    progress=None,
    generated: Optional[datetime] = None,
):
    from assistant.matching import default_directory
    from reporting.conversations import conversations
    from reporting.export import export_yaml
    from reporting.figures import compute
    from reporting.html import render
    from reporting.store import flagged_senders, open_engine, read_events

    engine = open_engine(endpoints)
    try:
        flagged = flagged_senders(engine)
        events = read_events(engine, start.timestamp(), end.timestamp(), progress)
        figures = compute(conversations(events, flagged), start, end, zone)
    finally:
        engine.dispose()
    names = {entry.id: entry.name for entry in default_directory().entries}
    label = f"{start:%Y-%m-%d}-to-{(end - timedelta(seconds=1)):%Y-%m-%d}"
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path = out_dir / f"report-{label}.html"
    source = f"{engine.dialect.name} tracker store ({Path(endpoints).name})"
    generated = generated or datetime.now(zone)
    html_path.write_text(render(figures, names, generated, source), encoding="utf-8")
    export_path = None
    if figures.groups:
        export_path = out_dir / f"unanswered-{generated:%Y-%m-%d}.yml"
        export_path.write_text(export_yaml(figures.groups, label.replace("-to-", " to ")), encoding="utf-8")
    return figures, html_path, export_path


def main(argv: Optional[list] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m reporting", description="Write the staff report of the assistant."
    )
    parser.add_argument(
        "--days", type=float, default=DEFAULT_DAYS, help=f"the last N days (default {DEFAULT_DAYS})"
    )
    parser.add_argument("--since", help="first day, YYYY-MM-DD (local)")
    parser.add_argument("--until", help="last day, YYYY-MM-DD (local), included")
    parser.add_argument("--endpoints", type=Path, default=DEFAULT_ENDPOINTS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--timezone", default=DEFAULT_ZONE)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")  # Rasa's and SQLAlchemy's deprecation notices
    try:
        zone = ZoneInfo(args.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        print(f"report: unknown time zone {args.timezone!r}", file=sys.stderr)
        return 2
    try:
        start, end = period(args.days, args.since or None, args.until or None, zone, datetime.now(zone))
        figures, html_path, export_path = build(
            args.endpoints, start, end, zone, args.out, progress_printer()
        )
    except RetentionError as error:
        print(f"report: {error}", file=sys.stderr)
        return 2
    if figures.empty:
        print(
            f"report: nothing in this period: no conversation from {start:%Y-%m-%d %H:%M} "
            f"to {end:%Y-%m-%d %H:%M} ({start.tzname()})."
        )
    else:
        print(
            f"report: {figures.conversations:,} conversations, {figures.messages:,} "
            f"messages, {figures.unanswered_total:,} unanswered or low-confidence."
        )
    print(f"report: written {html_path}")
    if export_path:
        print(f"report: training data to check: {export_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
