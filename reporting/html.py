"""The report as one self-contained HTML page: inline CSS and SVG, no script, no
request anywhere (its Content-Security-Policy forbids them too). Every text is
escaped: a message holding HTML or a script shows as the characters typed."""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Dict, Iterable, List, Optional, Sequence

from reporting.charts import bar_chart, line_chart
from reporting.figures import FALLBACK_TOPIC_LABEL, Figures

MAX_ROWS = 200  # rows of a text list shown; the rest are counted
CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#111827;
background:#fff;line-height:1.45}
header{background:#0b3d91;color:#fff;padding:1rem 1.5rem}
header h1{margin:0 0 .25rem;font-size:1.5rem}
header p{margin:.2rem 0}
main{padding:0 1.5rem 2rem;max-width:64rem}
h2{margin-top:2rem;border-bottom:2px solid #0b3d91;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;min-width:20rem}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #9ca3af;padding:.25rem .6rem;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
thead th{background:#e5e7eb}
.notice{background:#fef3c7;border-left:4px solid #92400e;padding:.5rem 1rem}
.empty{font-size:1.2rem;font-weight:600}
figure{margin:.5rem 0}
svg{max-width:100%;height:auto}
q{quotes:none}
.text{white-space:pre-wrap;overflow-wrap:anywhere}
.group{border:1px solid #9ca3af;border-radius:4px;padding:.25rem 1rem;margin:.75rem 0}
.group h3{font-size:1rem;margin:.5rem 0}
.group ul{margin:.25rem 0 .5rem;padding-left:1.25rem}
nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;padding:0;list-style:none}
nav a{color:#0b3d91}
details{margin:.5rem 0 1rem}
summary{cursor:pointer;color:#0b3d91;font-weight:600;padding:.25rem 0}
"""


def _number(value: float) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"


def _percent(value: Optional[float]) -> str:
    return "–" if value is None else f"{100 * value:.1f} %"


def _table(
    table_id: str, caption: str, headers: Sequence[str], rows: Iterable[Sequence], numeric: Sequence[bool]
) -> str:
    head = "".join(
        f'<th scope="col"{" class=n" if n else ""}>{escape(h)}</th>' for h, n in zip(headers, numeric)
    )
    body = []
    for row in rows:
        cells = []
        for index, (value, is_number) in enumerate(zip(row, numeric)):
            text = _number(value) if is_number and isinstance(value, (int, float)) else str(value)
            tag = "th scope=row" if index == 0 else "td"
            css = ' class="n"' if is_number else (' class="text"' if index == 0 else "")
            cells.append(f"<{tag}{css}>{escape(text)}</{tag.split()[0]}>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    if not body:
        body.append(f'<tr><td colspan="{len(headers)}">None in this period.</td></tr>')
    return (
        f'<table id="{table_id}"><caption>{escape(caption)}</caption><thead><tr>{head}'
        f"</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def _section(section_id: str, title: str, *parts: str) -> str:
    return (
        f'<section aria-labelledby="{section_id}-h"><h2 id="{section_id}-h">'
        f"{escape(title)}</h2>{''.join(parts)}</section>"
    )


def _p(text: str, css: str = "") -> str:
    attribute = f' class="{css}"' if css else ""
    return f"<p{attribute}>{escape(text)}</p>"


def _topic(name: str) -> str:
    return FALLBACK_TOPIC_LABEL.get(name, name)


def render(figures: Figures, entry_names: Dict[str, str], generated: datetime, source: str) -> str:
    period = f"{figures.since:%Y-%m-%d %H:%M} to {figures.until:%Y-%m-%d %H:%M} ({figures.since.tzname()})"
    header = (
        f"<header><h1>Assistant report</h1><p>{escape(period)}</p>"
        f"<p>Generated {escape(f'{generated:%Y-%m-%d %H:%M %Z}')} from "
        f"{escape(source)}</p></header>"
    )
    notice = (
        '<p class="notice">For the staff who maintain the assistant only. Messages '
        "are shown redacted (phone numbers, emails, addresses, names, long numbers "
        "and links are replaced); conversations that had a safety reply are counted "
        "but none of their words are shown. Do not forward this file.</p>"
    )
    if figures.empty:
        body = _p(f"Nothing in this period: no conversation between {period}.", "empty")
        return _page(header, notice + body)
    sections = [
        _contents(),
        _overview(figures),
        _activity(figures),
        _channels(figures),
        _topics(figures, entry_names),
        _not_found(figures),
        _fallback(figures),
        _safety(figures),
        _ratings(figures),
        _unanswered(figures),
    ]
    return _page(header, notice + "".join(sections))


def _page(header: str, main: str) -> str:
    csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Assistant report</title><style>{CSS}</style></head><body>"
        f"{header}<main>{main}</main></body></html>\n"
    )


SECTIONS = [
    ("overview", "Overview"),
    ("activity", "Conversations and messages"),
    ("channels", "Channels and languages"),
    ("topics", "Topics and lookups"),
    ("not-found-section", "Lookups that found nothing"),
    ("fallback", "Fallback answers"),
    ("safety-section", "Safety replies"),
    ("ratings-section", "Ratings"),
    ("unanswered", "Unanswered and low-confidence messages"),
]


def _contents() -> str:
    links = "".join(f'<li><a href="#{key}-h">{escape(title)}</a></li>' for key, title in SECTIONS)
    return f'<nav aria-label="Contents"><ul>{links}</ul></nav>'


def _details(summary: str, content: str) -> str:
    """A long table, folded (no script: the browser's own details element)."""
    return f"<details><summary>{escape(summary)}</summary>{content}</details>"


def _overview(f: Figures) -> str:
    rows = [
        ("Conversations", f.conversations),
        ("Messages from residents", f.messages),
        ("Answered with the fallback", f.fallback),
        ("Conversations whose words are not shown (safety)", f.safety_conversations),
    ]
    return _section(
        "overview",
        "Overview",
        _table("overview", "Totals for the period", ["what", "count"], rows, [False, True]),
        _p(f"Share of fallback answers: {_percent(f.fallback_share)}."),
    )


def _activity(f: Figures) -> str:
    days = [d.isoformat() for d in f.days]
    per_day = _table(
        "per-day",
        "Conversations and messages per day",
        ["day", "conversations", "messages", "fallback answers", "fallback share"],
        [
            (d.isoformat(), v.conversations, v.messages, v.fallback, _percent(v.fallback_share))
            for d, v in f.days.items()
        ],
        [False, True, True, True, True],
    )
    chart = bar_chart(
        "chart-day",
        days,
        [v.messages for v in f.days.values()],
        "Bar chart: messages per day; the numbers are under \"Numbers per day\".",
        ylabel="messages",
    )
    hours = _table(
        "by-hour",
        f"Messages by hour of day ({f.since.tzname()})",
        ["hour", "messages"],
        [(f"{h:02d}:00", n) for h, n in enumerate(f.hours)],
        [False, True],
    )
    hour_chart = bar_chart(
        "chart-hour",
        [f"{h:02d}" for h in range(24)],
        f.hours,
        "Bar chart: messages by hour of day; the numbers are under \"Numbers per hour\".",
        ylabel="messages",
    )
    return _section(
        "activity",
        "Conversations and messages",
        f"<figure>{chart}</figure>",
        _details("Numbers per day", per_day),
        f"<figure>{hour_chart}</figure>",
        _details("Numbers per hour", hours),
    )


def _channels(f: Figures) -> str:
    language_note = _p(
        "Language: the conversation's language slot when set, else a "
        "guess from common English and Spanish words; \"unknown\" when "
        "neither is recognised."
    )
    return _section(
        "channels",
        "Channels and languages",
        _table(
            "channels",
            "Conversations by channel",
            ["channel", "conversations"],
            f.channels.most_common(),
            [False, True],
        ),
        _table(
            "languages",
            "Conversations by language",
            ["language", "conversations"],
            f.languages.most_common(),
            [False, True],
        ),
        language_note,
    )


def _topics(f: Figures, entry_names: Dict[str, str]) -> str:
    topics = f.topics.most_common()
    chart = (
        bar_chart(
            "chart-topics",
            [_topic(t) for t, _ in topics[:25]],
            [n for _, n in topics[:25]],
            "Bar chart: messages per topic; numbers in the table below.",
            horizontal=True,
        )
        if topics
        else ""
    )
    lookups = f.lookups.most_common()
    outcome_names = {
        "found": "numbers given",
        "choices": "choices offered (vague request)",
        "not_found": "found nothing",
        "ask_which": "asked which one",
    }
    return _section(
        "topics",
        "Topics and lookups",
        f"<figure>{chart}</figure>",
        _table(
            "topics",
            "Messages per topic (intent)",
            ["topic", "messages"],
            [(_topic(t), n) for t, n in topics],
            [False, True],
        ),
        _table(
            "lookup-outcomes",
            "Phone-number lookups by outcome",
            ["outcome", "lookups"],
            [(outcome_names.get(o, o), n) for o, n in f.lookup_outcomes.most_common()],
            [False, True],
        ),
        _table(
            "lookups",
            "Lookups per directory entry (numbers given)",
            ["entry", "lookups"],
            [(entry_names.get(e, e), n) for e, n in lookups],
            [False, True],
        ),
    )


def _text_rows(counter, limit: int = MAX_ROWS) -> List[Sequence]:
    return [(text, n) for text, n in counter.most_common(limit)]


def _not_found(f: Figures) -> str:
    hidden = f.not_found_total - sum(f.not_found.values())
    note = (
        _p(
            f"{f.not_found_total} lookups found nothing; the words of {hidden} are not "
            "shown (conversations with a safety reply)."
        )
        if hidden
        else ""
    )
    return _section(
        "not-found-section",
        "Lookups that found nothing",
        note,
        _table(
            "not-found",
            "What was asked (redacted)",
            ["words asked", "times"],
            _text_rows(f.not_found),
            [False, True],
        ),
    )


def _fallback(f: Figures) -> str:
    days = list(f.days)
    chart = line_chart(
        "chart-fallback",
        [d.isoformat() for d in days],
        [f.days[d].fallback_share for d in days],
        "Line chart: share of messages answered with the fallback, per day; "
        "the numbers are under \"Numbers per day\".",
        ylabel="% fallback",
        percent=True,
    )
    return _section(
        "fallback",
        "Share of fallback answers over time",
        _p(
            f"Overall: {_percent(f.fallback_share)} ({f.fallback} of "
            f"{f.messages} messages). Per day: under \"Numbers per day\" above."
        ),
        f"<figure>{chart}</figure>",
    )


def _safety(f: Figures) -> str:
    return _section(
        "safety-section",
        "Safety replies given",
        _p("Counts only. The words of these conversations are never shown."),
        _table(
            "safety",
            "Safety replies",
            ["reply", "times given"],
            list(f.safety_replies.items()),
            [False, True],
        ),
    )


def _ratings(f: Figures) -> str:
    rows = [
        (_topic(t), c.yes, c.no)
        for t, c in sorted(f.ratings.items(), key=lambda item: -(item[1].yes + item[1].no))
    ]
    rated_no = [(text, topic, n) for (topic, text), n in f.rated_no.most_common(MAX_ROWS)]
    return _section(
        "ratings-section",
        "Was this helpful? Ratings",
        _table("ratings", "Ratings per topic", ["topic", "yes", "no"], rows, [False, True, True]),
        _table(
            "rated-no",
            "Answers rated \u201cno\u201d",
            ["answer", "topic", "times"],
            rated_no,
            [False, False, True],
        ),
    )


def _unanswered(f: Figures) -> str:
    hidden = f.unanswered_total - len(f.unanswered)
    intro = _p(
        f"{f.unanswered_total} messages were not understood, out of scope, or "
        f"guessed with low confidence; {len(f.groups)} groups of similar messages "
        "below (redacted), largest first."
        + (f" {hidden} from conversations with a safety reply are not shown." if hidden else "")
    )
    groups = []
    for number, group in enumerate(f.groups[:MAX_ROWS], 1):
        topic = (
            f"likely topic: {_topic(group.topic)} ({_percent(group.topic_share)} of its messages)"
            if group.topic
            else "likely topic: none"
        )
        items = "".join(
            f'<li><span class="text">{escape(text)}</span> × {n}</li>' for text, n in group.examples[:20]
        )
        more = len(group.examples) - 20
        more_text = f"<p>and {more} more different messages</p>" if more > 0 else ""
        noun = "message" if group.count == 1 else "messages"
        groups.append(
            f'<div class="group" id="group-{number}"><h3>Group {number}: '
            f"{group.count} {noun}, {escape(topic)}</h3><ul>{items}</ul>"
            f"{more_text}</div>"
        )
    if not groups:
        groups.append(_p("None in this period."))
    return _section("unanswered", "Unanswered and low-confidence messages", intro, "".join(groups))
