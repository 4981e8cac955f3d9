"""Replies built from the directory: plain text plus buttons, channel-neutral.

Channels make numbers tappable: the web widget turns them into tel: links and the
Messenger channel adds call buttons, both recognising the one display format that
assistant.directory.format_number produces.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

from assistant.directory import SHORT_NAME_LIMIT, Category, Directory, Entry
from assistant.matching import LookupResult

MAX_CHOICES = 10  # buttons offered at once; Messenger shows at most 13 quick replies
BUTTON_TITLE_LIMIT = SHORT_NAME_LIMIT
NON_EMERGENCY_ENTRY = "jeffersontown-police"


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: List[Dict[str, str]] = field(default_factory=list)


def entry_text(entry: Entry) -> str:
    if len(entry.numbers) == 1 and entry.numbers[0].label == "Phone":
        return f"{entry.name}: {entry.numbers[0].display}"
    lines = [f"{entry.name}:"] + [f"- {n.label}: {n.display}" for n in entry.numbers]
    return "\n".join(lines)


def non_emergency_line(directory: Directory) -> str:
    entry = directory.get(NON_EMERGENCY_ENTRY)
    return entry.numbers[0].display if entry else ""


def _lookup_button(entry: Entry) -> Dict[str, str]:
    return {"title": entry.short_name,
            "payload": "/ask_phone_number" + json.dumps({"agency": entry.id})}


def _category_button(category: Category) -> Dict[str, str]:
    fitting = [n for n in category.names if len(n) <= BUTTON_TITLE_LIMIT] or [category.key]
    title = fitting[0]
    return {"title": title[0].upper() + title[1:],
            "payload": "/list_category" + json.dumps({"category": category.key})}


def category_buttons(directory: Directory) -> List[Dict[str, str]]:
    return [_category_button(c) for c in directory.categories]


def lookup_reply(result: LookupResult, directory: Directory) -> Reply:
    """Numbers for what was named, a choice when it was vague, never a guess."""
    if result.matches:
        return Reply("\n\n".join(entry_text(e) for e in result.matches))
    if result.choices:
        shown = result.choices[:MAX_CHOICES]
        more = len(result.choices) - len(shown)
        text = ("Is this the one you need?" if len(shown) == 1 else
                "I have several numbers that could match. Which one do you need?")
        if more > 0:
            text += f" ({more} more: tell me a more specific name.)"
        return Reply(text, [_lookup_button(e) for e in shown])
    return Reply(
        "I couldn't find that in the department's phone directory, and I won't guess a "
        f"number. Pick a category below, or call or text the non-emergency line at "
        f"{non_emergency_line(directory)}. In an emergency, call 911.",
        category_buttons(directory),
    )


def ask_which_reply(directory: Directory) -> Reply:
    """For "I need a number" with no name in it."""
    return Reply(
        "Which agency or service do you need the number for? For example: poison "
        "control, animal control, the FBI or LG&E. Or pick a category:",
        category_buttons(directory),
    )


def category_reply(key: Optional[str], directory: Directory) -> Reply:
    category = directory.category(key) if key else None
    if category is None:
        titles = "; ".join(c.title.lower() for c in directory.categories)
        return Reply(f"I have phone numbers for {titles}. Which would you like?",
                     category_buttons(directory))
    lines = [f"{category.title}:"]
    for entry in directory.in_category(category.key):
        numbers = "; ".join(n.display if n.label == "Phone" else f"{n.label} {n.display}"
                            for n in entry.numbers)
        lines.append(f"- {entry.name}: {numbers}")
    return Reply("\n".join(lines))


def entries_by_id(ids: Sequence[str], directory: Directory) -> List[Entry]:
    return [e for e in (directory.get(i) for i in dict.fromkeys(ids)) if e is not None]
