"""What the assistant says first, given the safety net and the intent classifier.

Safety-critical: decides which safety lines a resident reads and in what order.
Tests: tests/unit/test_safety_plan.py; end to end: tests/test_safety_eval.py.

Two tiers (docs/safety.md, "Two tiers of reply"):
- certain: the rules are sure, or the classifier is confident of a safety intent and
  nothing says the danger is over or imagined. The intent becomes the most urgent
  concern, so its fixed reply (911 / 988 / Rape Crisis / abuse hotline) comes first;
  every other concern found gets its one-line version after it.
- possible: only a weak signal. The intent stays the best non-safety answer, and each
  possible concern's one line comes before it.
The classifier's guesses count only in a message that is not about the past, a
hypothetical or how 911 works: on held-out development data its guesses there were
false alarms ("after my dad's heart attack in April...").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

from assistant.safety import Assessment, Concern

# The classifier's guess of a safety intent is certain at or above this confidence,
# and possible from POSSIBLE_CONFIDENCE up (chosen on tests/safety_eval/dev.yml and
# the training data's cross-validation; see docs/safety.md).
CERTAIN_CONFIDENCE = 0.6
POSSIBLE_CONFIDENCE = 0.6
# A safety intent that is not the classifier's first guess must be at least this likely.
SECOND_GUESS_CONFIDENCE = 0.7
FALLBACK_INTENT = "nlu_fallback"
# The message field (parse data) that carries the plan from the NLU pipeline
# (pipeline/safety_net.py) to the dialogue policy (policies/safety_lines.py).
PLAN_KEY = "safety"

# The short name of each concern's line, as in the response `utter_line_<name>`.
LINE_NAMES: Dict[Concern, str] = {
    Concern.EMERGENCY: "emergency",
    Concern.CRISIS: "crisis",
    Concern.SEXUAL_ASSAULT: "sexual_assault",
    Concern.ABUSE: "abuse",
}
_SAFETY_INTENTS = {concern.value: concern for concern in Concern}


@dataclass(frozen=True)
class SafetyPlan:
    """The intent to answer, and the safety lines before and after its answer."""

    intent: str
    confidence: float
    lines_first: Tuple[str, ...] = ()
    lines_after: Tuple[str, ...] = ()

    def as_dict(self) -> Dict[str, object]:
        return {"first": list(self.lines_first), "after": list(self.lines_after)}


def line_action(name: str) -> str:
    return f"utter_line_{name}"


def _lines(concerns: Sequence[Concern]) -> Tuple[str, ...]:
    ordered = [c for c in Concern if c in concerns]
    return tuple(LINE_NAMES[c] for c in ordered)


def plan_reply(
    assessment: Assessment, ranking: Sequence[Tuple[str, float]], fallback_threshold: float
) -> Optional[SafetyPlan]:
    """The plan for one message, or None when nothing about it is a safety concern.

    `ranking` is the message's intent ranking, best first, as the classifier and the
    components before the safety net left it (the directory's lookup override and the
    fallback included).
    """
    certain: List[Concern] = list(assessment.certain)
    possible: List[Concern] = list(assessment.possible)
    # A directory name ("rape crisis line") or a figure of speech ("dying to know")
    # explains the danger words the classifier reacted to, unless a rule fired.
    trust_classifier = not (
        (assessment.names_entry or assessment.figurative) and not certain and not possible
    )
    for position, (name, confidence) in enumerate(ranking if trust_classifier else ()):
        concern = _SAFETY_INTENTS.get(name)
        if concern is None or confidence < POSSIBLE_CONFIDENCE or concern in assessment.denied:
            continue
        if position > 0 and confidence < SECOND_GUESS_CONFIDENCE:
            continue
        if assessment.not_current:
            # over, imagined, or a question about 911: the rules alone judge such a
            # message (a hypothetical suicide risk still gets its line from them)
            continue
        confident = position == 0 and confidence >= CERTAIN_CONFIDENCE and not assessment.not_current
        if confident and concern not in certain:
            certain.append(concern)
        elif concern not in certain and concern not in possible:
            possible.append(concern)
    # A suicide risk with a life in danger now is an emergency too: 911 first.
    if Concern.CRISIS in certain and assessment.imminent and Concern.EMERGENCY not in certain:
        certain.append(Concern.EMERGENCY)
    classifier_top = _SAFETY_INTENTS.get(ranking[0][0]) if ranking else None
    if not certain and not possible and classifier_top is None:
        return None
    if certain:
        first = [c for c in Concern if c in certain][0]
        rest = [c for c in Concern if (c in certain or c in possible) and c is not first]
        return SafetyPlan(intent=first.value, confidence=1.0, lines_after=_lines(rest))
    intent, confidence = _best_answer(ranking, fallback_threshold)
    return SafetyPlan(intent=intent, confidence=confidence, lines_first=_lines(possible))


def _best_answer(ranking: Sequence[Tuple[str, float]], fallback_threshold: float) -> Tuple[str, float]:
    """The best intent that is not a safety concern: what the resident asked."""
    for name, confidence in ranking:
        if name in _SAFETY_INTENTS:
            continue
        if name != FALLBACK_INTENT and confidence < fallback_threshold:
            break
        return name, confidence
    return FALLBACK_INTENT, fallback_threshold
