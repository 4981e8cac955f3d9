"""The Rasa 3.6.21 code that rasa_patches/ and scaling/ patch or rely on is the code it was written
against: a new Rasa (or an edited one) fails here, before a patch silently misbehaves.

For each symbol, the hash of its source as Rasa 3.6.21 ships it. When this fails,
read the new source against the patch named next to it, adapt the patch, and record
the new hash.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect

import rasa

# symbol -> (sha256 of its source, first 16 hex digits); the patch that depends on it
SYMBOLS = {
    # scaling/recent_history.py: wraps it
    "rasa.core.processor.MessageProcessor._predict_next_with_tracker": "111a9023a5bcb32d",
    # ... and relies on how states are built and rules matched
    "rasa.shared.core.trackers.DialogueStateTracker.applied_events": "764d5065ea9997d6",
    "rasa.shared.core.trackers.DialogueStateTracker.generate_all_prior_trackers": "a1f6954347b52649",
    "rasa.shared.core.domain.Domain.states_for_tracker_history": "035111ce73ac90ba",
    "rasa.shared.core.domain.Domain.get_active_state": "5a4a505743120441",
    "rasa.core.policies.rule_policy.RulePolicy._is_rule_applicable": "64a108b016b46e57",
    "rasa.core.policies.rule_policy.RulePolicy._get_possible_keys": "2915fd81711e194c",
    "rasa.core.policies.policy.Policy._prediction_states": "ed9b82bed2f26ad7",
    # scaling/tracker_cache.py: subclasses SQLTrackerStore, replaces the class that
    # `type: SQL` builds, writes the rows its save writes, and applies new events as
    # its retrieve does
    "rasa.core.tracker_store.SQLTrackerStore._retrieve": "c8adbf6f4b61ddd1",
    "rasa.core.tracker_store.SQLTrackerStore._event_query": "cd44f7901b860bfd",
    "rasa.core.tracker_store.SQLTrackerStore.save": "57165e46eab3de08",
    "rasa.core.tracker_store.SQLTrackerStore._additional_events": "d22f99eb863acb07",
    "rasa.shared.core.trackers.DialogueStateTracker.from_dict": "4960bd6a26b53fc8",
    "rasa.shared.core.events.deserialise_events": "38dfc592a4be4dec",
    "rasa.core.tracker_store._create_from_endpoint_config": "03774fe65131c374",
    # scaling/tracker_replay.py (and recent_history.py, which calls it)
    "rasa.shared.core.trackers.DialogueStateTracker.copy": "dfa48dca9f355ad1",
    "rasa.shared.core.trackers.DialogueStateTracker.travel_back_in_time": "09d16f28f007492f",
    # rasa_patches/action_result_validation.py, rasa_patches/event_type_lookup.py
    "rasa.core.actions.action.RemoteAction._validate_action_result": "f8cdb4be68123961",
    "rasa.shared.core.events.Event.resolve_by_type": "b5cf570fa7f286c7",
}


def resolve(dotted: str):
    """The object named `dotted`, unwrapped from any patch of ours."""
    parts = dotted.split(".")
    for split in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for name in parts[split:]:
            target = inspect.getattr_static(target, name)
            if isinstance(target, (staticmethod, classmethod)):
                target = target.__func__
            while hasattr(target, "__wrapped__"):
                target = target.__wrapped__
            if isinstance(target, type) and target.__module__.startswith("scaling."):
                target = target.__mro__[1]  # our subclass standing in for Rasa's class
        return target
    raise ImportError(dotted)


def source_hash(dotted: str) -> str:
    return hashlib.sha256(inspect.getsource(resolve(dotted)).encode()).hexdigest()[:16]


def test_rasa_is_the_version_the_patches_were_written_for():
    assert rasa.__version__ == "3.6.21"


def test_every_patched_or_relied_on_symbol_is_unchanged(speedups_applied):
    changed = {name: source_hash(name) for name, digest in SYMBOLS.items() if source_hash(name) != digest}
    assert not changed, f"Rasa code that scaling/ depends on changed: {changed}"


def test_the_patches_are_in_place(speedups_applied):
    from rasa.core import tracker_store
    from rasa.core.processor import MessageProcessor

    from scaling.tracker_cache import CachingSQLTrackerStore

    assert tracker_store.SQLTrackerStore is CachingSQLTrackerStore
    assert hasattr(MessageProcessor._predict_next_with_tracker, "__wrapped__")
