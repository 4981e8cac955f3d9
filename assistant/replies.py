"""Directory replies: which domain.yml response to give, its variables and its buttons.

Every sentence a resident reads is a response in domain.yml (`utter_lookup_*`,
`utter_category_*`); this module only picks the response and formats the data that
fills it: names and numbers, one per line, in the one display format of
assistant.directory.format_number (channels make those numbers tappable).

Each variable comes in both languages ({entries} and {entries_es}: Spanish labels and
the entry's Spanish gloss, from the directory): the response's Spanish variation uses
the _es ones, and Rasa picks the variation from the `language` slot, so the reply's
language is decided in one place. Only the category buttons' titles, which the action
adds to the response, are chosen here by language.
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
SPANISH = "es"
SPANISH_SUFFIX = "_es"  # {entries_es}: the Spanish of {entries}


@dataclass(frozen=True)
class Reply:
    response: str
    variables: Dict[str, str] = field(default_factory=dict)
    buttons: List[Dict[str, str]] = field(default_factory=list)


def _label(number: PhoneNumber, spanish: bool) -> str:
    return (number.label_es or number.label) if spanish else number.label


def _name(entry: Entry, spanish: bool) -> str:
    """The name as the page writes it; in Spanish with its gloss: "LG&E (luz y gas)"."""
    return f"{entry.name} ({entry.gloss_es})" if spanish and entry.gloss_es else entry.name


def numbers_text(numbers: Sequence[PhoneNumber], spanish: bool = False) -> str:
    """ "(502) 589-8222", or "Electric trouble: (502) 589-3500" for a labelled number."""
    if len(numbers) == 1 and numbers[0].label == UNLABELLED:
        return numbers[0].display
    return "; ".join(f"{_label(n, spanish)}: {n.display}" for n in numbers)


def entry_text(entry: Entry, numbers: Optional[Sequence[PhoneNumber]] = None, spanish: bool = False) -> str:
    """The entry's full name and its numbers (all, or the ones asked for)."""
    numbers = tuple(numbers or entry.numbers)
    name = _name(entry, spanish)
    if len(numbers) == 1 and numbers[0].label == UNLABELLED:
        return f"{name}: {numbers[0].display}"
    return "\n".join([f"{name}:"] + [f"- {_label(n, spanish)}: {n.display}" for n in numbers])


def both_languages(make) -> Dict[str, str]:  # type: ignore[no-untyped-def]
    """{name: English, name_es: Spanish} from make(spanish) -> {name: text}."""
    variables = dict(make(False))
    variables.update({k + SPANISH_SUFFIX: v for k, v in make(True).items()})
    return variables


def non_emergency_line(directory: Directory) -> str:
    entry = directory.get(NON_EMERGENCY_ENTRY)
    return entry.numbers[0].display if entry else ""


def _lookup_button(entry: Entry) -> Dict[str, str]:
    return {"title": entry.short_name, "payload": "/ask_phone_number" + json.dumps({"agency": entry.id})}


def _category_button(category: Category, language: str = "en") -> Dict[str, str]:
    fitting = [n for n in category.names if len(n) <= BUTTON_TITLE_LIMIT] or [category.key]
    title = (category.button_es or fitting[0]) if language == SPANISH else fitting[0]
    return {
        "title": title[0].upper() + title[1:],
        "payload": "/list_category" + json.dumps({"category": category.key}),
    }


def category_buttons(directory: Directory, language: str = "en") -> List[Dict[str, str]]:
    return [_category_button(c, language) for c in directory.categories]


def answers_text(answers: Sequence[Answer], spanish: bool = False) -> str:
    return "\n\n".join(entry_text(a.entry, a.numbers, spanish) for a in answers)


def lookup_reply(result: LookupResult, directory: Directory, language: str = "en") -> Reply:
    """Numbers for what was named or described, choices when it was vague, never a guess.
    `language` only picks the category buttons' titles (the text is the response's)."""
    if result.answers:
        named = all(a.how == "name" for a in result.answers)
        response = FOUND if named or len(result.answers) == 1 else CANDIDATES
        return Reply(
            response, both_languages(lambda spanish: {"entries": answers_text(result.answers, spanish)})
        )
    if result.choices:
        shown = result.choices[:MAX_CHOICES]
        more = len(result.choices) - len(shown)
        buttons = [_lookup_button(e) for e in shown]
        if more > 0:
            return Reply(CHOICES_MORE, {"more": str(more)}, buttons)
        return Reply(CHOICES, {}, buttons)
    if result.bare:
        return ask_which_reply(directory, language)
    return Reply(NOT_FOUND, {}, category_buttons(directory, language))


def ask_which_reply(directory: Directory, language: str = "en") -> Reply:
    """For "I need a number" with no name in it."""
    return Reply(ASK_WHICH, {}, category_buttons(directory, language))


def category_reply(key: Optional[str], directory: Directory, language: str = "en") -> Reply:
    category = directory.category(key) if key else None
    if category is None:

        def titles(spanish: bool) -> Dict[str, str]:
            return {
                "titles": "; ".join(
                    ((c.title_es or c.title) if spanish else c.title).lower() for c in directory.categories
                )
            }

        return Reply(CATEGORY_ASK, both_languages(titles), category_buttons(directory, language))

    def listing(spanish: bool) -> Dict[str, str]:
        lines = [
            f"- {_name(entry, spanish)}: {numbers_text(entry.numbers, spanish)}"
            for entry in directory.in_category(category.key)
        ]
        title = (category.title_es or category.title) if spanish else category.title
        return {"title": title, "entries": "\n".join(lines)}

    return Reply(CATEGORY_LIST, both_languages(listing))


def entries_by_id(ids: Sequence[str], directory: Directory) -> List[Entry]:
    return [e for e in (directory.get(i) for i in dict.fromkeys(ids)) if e is not None]
