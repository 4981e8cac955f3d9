"""The policies see the recent turns of a conversation, not the whole of it.

Rasa 3.6 (`MessageProcessor._predict_next_with_tracker`) hands the policies the whole
tracker, and `RulePolicy` replays every event of the session to build every past state
(`DialogueStateTracker.past_states`, twice per prediction), formats them all for a
debug log, then compares only the last few with its rules: a rule reads as many states
as it has. So the cost of a message grew with the length of the conversation.

Here the policies get a view of the tracker: the same object's state (slots, latest
message, latest action, ...: a shallow copy) with only the events since a turn far
enough back that the states the policies read are the ones the whole tracker gives.
It is used only when that holds for sure; otherwise the whole tracker goes, as before:

- every policy of the model is one whose reach is known: `RulePolicy` (its longest
  rule), this project's `SafetyLinesRulePolicy` (the same, plus the safety lines of the
  current turn, which it sets aside before asking its rules) and `ActionFailurePolicy`
  (the events since the last action).
  Any other policy turns the view off for that model: a `MemoizationPolicy` skips the
  turns only rules predicted, so the states it compares can lie any distance back;
- no loop is active and none was activated or run in the kept events, and no
  follow-up action is pending; a slot that influences the conversation (`topic`) is
  carried over the cut: the view starts with a SlotSet of each such slot's value at the
  cut, so every state it builds holds the value the whole tracker's state holds;
- the kept events hold at least REACH + MARGIN actions after Rasa's own
  `applied_events()` (a reverted utterance must not reach back past the cut; a restart
  or new session inside them also makes the whole tracker go, as it is short anyway).

With these, a state of the view differs from the whole tracker's only in its first
one (before the first kept action and user message are applied), which the rules never
reach. Set JTPD_VERIFY_RECENT_HISTORY=1 to predict with both and log an error (and use
the whole tracker's prediction) whenever they differ; the tests do.

Installed in Rasa 3.6.21 by rasa_patches/recent_history.py, around
`rasa.core.processor.MessageProcessor._predict_next_with_tracker`.
"""

from __future__ import annotations

import copy
import json
import logging
from collections import deque
from typing import Any, Callable, Iterable, List, Optional

from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_TWO_STAGE_FALLBACK_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    AllSlotsReset,
    Event,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

import settings

logger = logging.getLogger(__name__)

MARGIN = 3  # states beyond the policies' reach: the view's first ones may differ
VERIFY_ENV = settings.JTPD_VERIFY_RECENT_HISTORY.name
_UNKNOWN = -1
_REACH_ATTRIBUTE = "_jtpd_policy_reach"


def _rule_length(key: str) -> int:
    try:
        return len(json.loads(key))
    except (TypeError, ValueError):
        return _UNKNOWN


def policy_reach(policies: Iterable[Any]) -> int:
    """How many past states the policies read at most; _UNKNOWN if not known for sure.

    A rule reads as many states as it has. A memoization policy's reach is not bounded:
    it skips the turns only rules predicted (`ignore_rule_only_turns`), so the states it
    compares can lie any distance back, whatever its `max_history`.
    """
    from assistant.safety_plan import LINE_NAMES
    from policies.action_failure import ActionFailurePolicy
    from policies.safety_lines import SafetyLinesRulePolicy

    reach, found = 0, False
    for policy in policies:
        found = True
        if type(policy) in (RulePolicy, SafetyLinesRulePolicy):
            keys = [k for table in policy.lookup.values() if isinstance(table, dict) for k in table]
            lengths = [_rule_length(k) for k in keys]
            if not lengths or _UNKNOWN in lengths:
                return _UNKNOWN
            # the safety lines of the current turn are states its rules look past
            extra = len(LINE_NAMES) if type(policy) is SafetyLinesRulePolicy else 0
            reach = max([reach, *(length + extra for length in lengths)])
        elif isinstance(policy, ActionFailurePolicy):
            continue  # reads only the events since the last action, which are kept
        else:
            return _UNKNOWN
    return reach if found else _UNKNOWN


def _graph_policies(processor: Any) -> Optional[List[Any]]:
    from rasa.core.policies.policy import Policy

    nodes = getattr(getattr(processor, "graph_runner", None), "_instantiated_nodes", None)
    if not isinstance(nodes, dict):
        return None
    components = [getattr(node, "_component", None) for node in nodes.values()]
    policies = [c for c in components if isinstance(c, Policy)]
    return policies


def processor_reach(processor: Any) -> int:
    """policy_reach of the processor's model, worked out once per processor."""
    reach = getattr(processor, _REACH_ATTRIBUTE, None)
    if reach is None:
        policies = _graph_policies(processor)
        reach = _UNKNOWN if policies is None else policy_reach(policies)
        setattr(processor, _REACH_ATTRIBUTE, reach)
        if reach == _UNKNOWN:
            logger.info("The policies get the whole conversation: their reach is not known")
    return reach


def _loop_actions(domain: Domain) -> set:
    return set(domain.form_names) | {ACTION_TWO_STAGE_FALLBACK_NAME}


def recent_view(tracker: DialogueStateTracker, domain: Domain, reach: int) -> Optional[DialogueStateTracker]:
    """A view of `tracker` with its recent events only, or None to use the whole tracker."""
    if reach == _UNKNOWN or tracker.followup_action or tracker.active_loop_name:
        return None
    needed = reach + MARGIN
    loops = _loop_actions(domain)
    kept: List[Event] = []
    actions = 0
    for event in reversed(tracker.events):
        if isinstance(event, (SessionStarted, Restarted, ActiveLoop)):
            return None  # short enough, or a loop: the whole tracker
        kept.append(event)
        if isinstance(event, ActionExecuted):
            if event.action_name in loops:
                return None
            actions += 1
            # twice what is needed: reverted utterances take some back (checked below)
            if actions >= 2 * needed and event.action_name == ACTION_LISTEN_NAME:
                break
    else:
        return None  # the whole conversation is short: nothing to cut
    kept.reverse()
    kept = _slots_at_cut(tracker, len(tracker.events) - len(kept), domain) + kept
    if not _applied_within(tracker, kept, needed):
        return None
    view = copy.copy(tracker)  # shares the current state; the policies only read it
    view.events = deque(kept, maxlen=tracker.events.maxlen)
    return view


def _slots_at_cut(tracker: DialogueStateTracker, cut: int, domain: Domain) -> List[Event]:
    """A SlotSet for each slot that influences the conversation and was set before the
    cut (after the last reset), as Rasa applies the events: the view starts with them."""
    featurized = {slot.name for slot in domain.slots if slot.influence_conversation}
    if not featurized:
        return []
    probe = copy.copy(tracker)
    probe.events = deque(list(tracker.events)[:cut])
    values: dict = {}
    for event in probe.applied_events():
        if isinstance(event, (Restarted, SessionStarted, AllSlotsReset)):
            values.clear()
        elif isinstance(event, SlotSet) and event.key in featurized:
            values[event.key] = event.value
    return [SlotSet(key, value) for key, value in values.items()]


def _applied_within(tracker: DialogueStateTracker, kept: List[Event], needed: int) -> bool:
    """Rasa's applied_events() on the kept events never reaches past the cut (two
    sentinel events before them stay), and leaves at least `needed` actions."""
    first, second = ActionExecuted("jtpd_cut_sentinel"), UserUttered("jtpd_cut_sentinel")
    probe = copy.copy(tracker)
    probe.events = deque([first, second, *kept])
    applied = probe.applied_events()
    if len(applied) < 2 or applied[0] is not first or applied[1] is not second:
        return False
    return sum(isinstance(e, ActionExecuted) for e in applied[2:]) >= needed


def _verify() -> bool:
    return bool(settings.JTPD_VERIFY_RECENT_HISTORY.read())


def predict(
    original: Callable[[Any, DialogueStateTracker], Any], processor: Any, tracker: DialogueStateTracker
) -> Any:
    """`original` (Rasa's `MessageProcessor._predict_next_with_tracker`) given the view
    of `tracker`'s recent turns when that is certain to predict the same; installed in
    Rasa by rasa_patches/recent_history.py."""
    view = None
    if not tracker.followup_action:  # else Rasa clears it on the tracker itself
        view = recent_view(tracker, processor.domain, processor_reach(processor))
    if view is None:
        return original(processor, tracker)
    prediction = original(processor, view)
    if _verify():
        whole = original(processor, tracker)
        if whole != prediction:
            logger.error("Recent-history prediction differs: %s (recent) vs %s (whole)", prediction, whole)
            return whole
    return prediction
