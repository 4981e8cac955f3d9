"""The unanswered messages as Rasa NLU training data (reports/unanswered-<date>.yml):
one block per group of similar messages, under the intent the classifier guessed,
with that guess in a comment. Staff check each line, move it to the right intent or
delete it, and paste the blocks into data/nlu.yml (README: "Staff report")."""

from __future__ import annotations

import re
from typing import List, Sequence

from reporting.grouping import Group

# When the classifier had no guess at all: staff must choose.
NO_GUESS_INTENT = "out_of_scope"
# Rasa reads "[text](entity)", "[text]{...}" and "[text][...]" as entity annotations.
_ANNOTATION = re.compile(r"\](?=[(\[{])")
_NOT_YAML = re.compile("[\ufffe\uffff\ufeff]")


def example_line(text: str) -> str:
    return _NOT_YAML.sub("\ufffd", _ANNOTATION.sub("] ", " ".join(text.split())))


def export_yaml(groups: Sequence[Group], period: str) -> str:
    lines: List[str] = [
        f"# Unanswered and low-confidence messages, {period}: from the assistant's report.",
        "# Redacted. Each block is a group of similar messages under the intent the",
        "# classifier guessed. Check every line: move it under the right intent, or delete",
        "# it; then paste the blocks into data/nlu.yml and run `make test`.",
        'version: "3.1"',
        "nlu:",
    ]
    seen = set()
    for number, group in enumerate(groups, 1):
        examples = []
        for text, _ in group.examples:
            line = example_line(text)
            if line and line.lower() not in seen:
                seen.add(line.lower())
                examples.append(line)
        if not examples:
            continue
        guess = (
            f"guessed intent: {group.topic} ({100 * group.topic_share:.0f} % of the group)"
            if group.topic
            else "no guess: choose the intent"
        )
        noun = "message" if group.count == 1 else "messages"
        lines += [
            f"# Group {number}: {group.count} {noun}; {guess}",
            f"- intent: {group.topic or NO_GUESS_INTENT}",
            "  examples: |",
        ]
        lines += [f"    - {line}" for line in examples]
    if len(lines) == 6:
        lines[-1] = "nlu: []"
    return "\n".join(lines) + "\n"
