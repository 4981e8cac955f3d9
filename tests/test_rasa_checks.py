"""Rasa's own checks: data validation, conversation tests, held-out NLU evaluation."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from launcher.stack import MODEL_PATH, PROJECT_ROOT, quiet_environment

RASA = str(Path(sys.executable).parent / "rasa")
# The build fails below these figures on tests/nlu_holdout.yml (never used in training).
HOLDOUT_MIN_ACCURACY = 0.90
HOLDOUT_MIN_MACRO_F1 = 0.90
SAFETY_INTENTS = ["report_emergency", "crisis_support", "sexual_assault", "abuse_report"]
SAFETY_MIN_RECALL = 1.0


def _rasa(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    env = quiet_environment({"PYTHONWARNINGS": "ignore"})
    return subprocess.run(
        [RASA, *args], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def test_training_data_and_domain_validate_without_warnings():
    result = _rasa("data", "validate", "--fail-on-warnings")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


CONVERSATION_TESTS = PROJECT_ROOT / "tests" / "conversations" / "test_stories.yml"
# Stories the current model gets wrong: a resident's message is misunderstood. They stay,
# expected to fail (strict: once the NLU reads them right, the mark must go).
MISREAD = {
    "insult": "'you are a useless bot' is read as bot_challenge",
    "something that already happened": "'what if i just need to report something that "
    "already happened' is read as dispatcher_questions",
    "smart911, then what goes in it and how to get it": "'and how would i sign up for one' "
    "falls below the fallback threshold",
    # Since the Spanish training data and the lookups' routing joined the follow-ups:
    "lens, then who sends them and what kinds": "'who are they sent by' falls below the fallback threshold",
    "a past crime, then who to contact": "'who am i supposed to contact about it' falls below "
    "the fallback threshold",
}


def _story_names() -> list:
    names = [story["story"] for story in yaml.safe_load(CONVERSATION_TESTS.read_text())["stories"]]
    assert len(names) == len(set(names)), "story names must be unique"
    return names


def _stories_in(path: Path) -> dict:
    """Story name -> its text as Rasa wrote it (with `# predicted:` comments)."""
    if not path.exists():
        return {}
    stories = {}
    for chunk in path.read_text().split("- story: ")[1:]:
        title, _, _ = chunk.partition("\n")
        stories[title.rsplit(" (", 1)[0]] = "- story: " + chunk
    return stories


@pytest.fixture(scope="module")
def conversation_results(tmp_path_factory) -> tuple:
    """One end-to-end run of every story: each user message goes through the NLU."""
    out = tmp_path_factory.mktemp("conversations")
    result = _rasa(
        "test",
        "core",
        "--e2e",
        "--successes",
        "--stories",
        str(CONVERSATION_TESTS),
        "--model",
        str(MODEL_PATH),
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stderr[-4000:]
    passed = _stories_in(out / "successful_test_stories.yml")
    failed = _stories_in(out / "failed_test_stories.yml")
    assert sorted([*passed, *failed]) == sorted(_story_names()), "not every story was run"
    return passed, failed


@pytest.mark.parametrize(
    "story",
    [
        pytest.param(name, marks=pytest.mark.xfail(reason=MISREAD[name], strict=True))
        if name in MISREAD
        else name
        for name in _story_names()
    ],
)
def test_conversation_story_end_to_end(conversation_results, story):
    passed, failed = conversation_results
    assert story in passed, failed.get(story)


@pytest.fixture(scope="module")
def holdout_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("nlu")
    result = _rasa(
        "test", "nlu", "--nlu", "tests/nlu_holdout.yml", "--model", str(MODEL_PATH), "--out", str(out)
    )
    assert result.returncode == 0, result.stderr[-4000:]
    report = json.loads((out / "intent_report.json").read_text())
    results_dir = PROJECT_ROOT / "results"
    results_dir.mkdir(exist_ok=True)
    (results_dir / "nlu_holdout_report.json").write_text(json.dumps(report, indent=1))
    print(
        f"\nheld-out NLU: accuracy {report['accuracy']:.3f}, "
        f"macro F1 {report['macro avg']['f1-score']:.3f}, "
        f"weighted F1 {report['weighted avg']['f1-score']:.3f}"
    )
    return report


def test_holdout_intent_accuracy_and_f1_meet_the_floor(holdout_report):
    assert holdout_report["accuracy"] >= HOLDOUT_MIN_ACCURACY
    assert holdout_report["macro avg"]["f1-score"] >= HOLDOUT_MIN_MACRO_F1


@pytest.mark.parametrize("intent", SAFETY_INTENTS)
def test_no_held_out_safety_message_is_missed(holdout_report, intent):
    assert holdout_report[intent]["recall"] >= SAFETY_MIN_RECALL, holdout_report[intent]
