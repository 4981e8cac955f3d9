"""Directory replies: which domain.yml response to give, its variables and its buttons.

Every sentence a resident reads is a response in domain.yml (`utter_lookup_*`,
`utter_category_*`); this module only picks the response and formats the data that
fills it: names and numbers, one per line, in the one display format of
assistant.directory.format_number (channels make those numbers tappable).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

from assistant.directory import SHORT_NAME_LIMIT, Category, Directory, Entry, PhoneNumber
from assistant.matching import NON_EMERGENCY_ENTRY, Answer, LookupResult

MAX_CHOICES = 10  # buttons offered at once; Messenger shows at most 13 quick replies
BUTTON_TITLE_LIMIT = SHORT_NAME_LIMIT
UNLABELLED = "Phone"  # the label of an entry's only number, not shown

# The responses (domain.yml) and the variables each one is filled with.
FOUND = "utter_lookup_found"  # {entries}: named or the only candidate
CANDIDATES = "utter_lookup_candidates"  # {entries}: two or three that could fit
CHOICES = "utter_lookup_choices"  # buttons: more than three
CHOICES_MORE = "utter_lookup_choices_more"  # {more}: buttons, and how many did not fit
NOT_FOUND = "utter_lookup_not_found"  # category buttons
ASK_WHICH = "utter_lookup_ask_which"  # category buttons
CATEGORY_LIST = "utter_category_list"  # {title}, {entries}
CATEGORY_ASK = "utter_category_ask"  # {titles}; category buttons


@dataclass(frozen=True)
class Reply:
    response: str
    variables: Dict[str, str] = field(default_factory=dict)
    buttons: List[Dict[str, str]] = field(default_factory=list)


def numbers_text(numbers: Sequence[PhoneNumber]) -> str:
    """ "(502) 589-8222", or "Electric trouble: (502) 589-3500" for a labelled number."""
    if len(numbers) == 1 and numbers[0].label == UNLABELLED:
        return numbers[0].display
    return "; ".join(f"{n.label}: {n.display}" for n in numbers)


def entry_text(entry: Entry, numbers: Optional[Sequence[PhoneNumber]] = None) -> str:
    """The entry's full name and its numbers (all, or the ones asked for)."""
    numbers = tuple(numbers or entry.numbers)
    if len(numbers) == 1 and numbers[0].label == UNLABELLED:
        return f"{entry.name}: {numbers[0].display}"
    return "\n".join([f"{entry.name}:"] + [f"- {n.label}: {n.display}" for n in numbers])


def non_emergency_line(directory: Directory) -> str:
    entry = directory.get(NON_EMERGENCY_ENTRY)
    return entry.numbers[0].display if entry else ""


def _lookup_button(entry: Entry) -> Dict[str, str]:
    return {"title": entry.short_name, "payload": "/ask_phone_number" + json.dumps({"agency": entry.id})}


def _category_button(category: Category) -> Dict[str, str]:
    fitting = [n for n in category.names if len(n) <= BUTTON_TITLE_LIMIT] or [category.key]
    title = fitting[0]
    return {
        "title": title[0].upper() + title[1:],
        "payload": "/list_category" + json.dumps({"category": category.key}),
    }


def category_buttons(directory: Directory) -> List[Dict[str, str]]:
    return [_category_button(c) for c in directory.categories]


def answers_text(answers: Sequence[Answer]) -> str:
    return "\n\n".join(entry_text(a.entry, a.numbers) for a in answers)


def lookup_reply(result: LookupResult, directory: Directory) -> Reply:
    """Numbers for what was named or described, choices when it was vague, never a guess."""
    if result.answers:
        named = all(a.how == "name" for a in result.answers)
        response = FOUND if named or len(result.answers) == 1 else CANDIDATES
        return Reply(response, {"entries": answers_text(result.answers)})
    if result.choices:
        shown = result.choices[:MAX_CHOICES]
        more = len(result.choices) - len(shown)
        buttons = [_lookup_button(e) for e in shown]
        if more > 0:
            return Reply(CHOICES_MORE, {"more": str(more)}, buttons)
        return Reply(CHOICES, {}, buttons)
    if result.bare:
        return ask_which_reply(directory)
    return Reply(NOT_FOUND, {}, category_buttons(directory))


def ask_which_reply(directory: Directory) -> Reply:
    """For "I need a number" with no name in it."""
    return Reply(ASK_WHICH, {}, category_buttons(directory))


def category_reply(key: Optional[str], directory: Directory) -> Reply:
    category = directory.category(key) if key else None
    if category is None:
        titles = "; ".join(c.title.lower() for c in directory.categories)
        return Reply(CATEGORY_ASK, {"titles": titles}, category_buttons(directory))
    lines = [
        f"- {entry.name}: {numbers_text(entry.numbers)}" for entry in directory.in_category(category.key)
    ]
    return Reply(CATEGORY_LIST, {"title": category.title, "entries": "\n".join(lines)})


def entries_by_id(ids: Sequence[str], directory: Directory) -> List[Entry]:
    return [e for e in (directory.get(i) for i in dict.fromkeys(ids)) if e is not None]
