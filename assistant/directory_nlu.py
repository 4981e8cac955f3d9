"""Generate data/nlu_directory.yml, the lookup training examples, from the directory.

Run `make generate` (or `python -m assistant.directory_nlu`) after editing
directory/phone-numbers.yml; tests/unit/test_directory_nlu.py fails while the committed
file and the directory disagree, so the classifier and the directory cannot drift.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List

from assistant.directory import PROJECT_ROOT, Directory, load_directory

OUTPUT_PATH = PROJECT_ROOT / "data" / "nlu_directory.yml"

_LOOKUP_TEMPLATES = [
    "{name}",
    "{name} number",
    "what's the number for {name}",
    "phone number for {name}",
    "how do i call {name}",
    "i need the {name} number",
    "can i get the number for {name}",
    "how do i reach {name}",
]
# Needs as residents describe them: "who do I call about a power outage".
_NEED_TEMPLATES = [
    "who do i call about {name}",
    "{name}",
    "number for {name}",
    "who handles {name}",
    "i need help with {name}",
    "who can i contact about {name}",
]
_CATEGORY_TEMPLATES = [
    "{name}",
    "list the {name}",
    "numbers for {name}",
    "what {name} numbers do you have",
]


def _examples(names: List[str], templates: List[str]) -> List[str]:
    seen, lines = set(), []
    for position, name in enumerate(names):
        example = templates[position % len(templates)].format(name=name.lower())
        if example not in seen:
            seen.add(example)
            lines.append(example)
    return lines


def render(directory: Directory) -> str:
    lookups = _examples([n for e in directory.entries for n in e.names], _LOOKUP_TEMPLATES)
    lookups += [
        example
        for example in _examples([n for e in directory.entries for n in e.all_needs], _NEED_TEMPLATES)
        if example not in lookups
    ]
    categories = _examples([n for c in directory.categories for n in c.names], _CATEGORY_TEMPLATES)
    out = [
        "# GENERATED from directory/phone-numbers.yml by `make generate`; do not edit.",
        'version: "3.1"',
        "",
        "nlu:",
    ]
    for intent, examples in (("ask_phone_number", lookups), ("list_category", categories)):
        out += [f"  - intent: {intent}", "    examples: |"]
        out += [f"      - {example}" for example in examples]
    return "\n".join(out) + "\n"


def main(argv: List[str]) -> int:
    output = Path(argv[1]) if len(argv) > 1 else OUTPUT_PATH
    output.write_text(render(load_directory()), encoding="utf-8")
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
