"""Rasa's own checks: data validation, conversation tests, held-out NLU evaluation."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from launcher.stack import MODEL_PATH, PROJECT_ROOT, quiet_environment

RASA = str(Path(sys.executable).parent / "rasa")
# The build fails below these figures on tests/nlu_holdout.yml (never used in training).
HOLDOUT_MIN_ACCURACY = 0.90
HOLDOUT_MIN_MACRO_F1 = 0.90
SAFETY_INTENTS = ["report_emergency", "crisis_support", "sexual_assault", "abuse_report"]
SAFETY_MIN_RECALL = 1.0


def _rasa(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    env = quiet_environment({"PYTHONWARNINGS": "ignore"})
    return subprocess.run([RASA, *args], cwd=PROJECT_ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)


def test_training_data_and_domain_validate_without_warnings():
    result = _rasa("data", "validate", "--fail-on-warnings")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


def test_conversation_tests_pass(tmp_path):
    result = _rasa("test", "core", "--stories", "tests/conversations", "--model",
                   str(MODEL_PATH), "--out", str(tmp_path), "--fail-on-prediction-errors")
    failed = (tmp_path / "failed_test_stories.yml")
    detail = failed.read_text() if failed.exists() else result.stderr[-4000:]
    assert result.returncode == 0, detail


@pytest.fixture(scope="module")
def holdout_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("nlu")
    result = _rasa("test", "nlu", "--nlu", "tests/nlu_holdout.yml", "--model",
                   str(MODEL_PATH), "--out", str(out))
    assert result.returncode == 0, result.stderr[-4000:]
    report = json.loads((out / "intent_report.json").read_text())
    results_dir = PROJECT_ROOT / "results"
    results_dir.mkdir(exist_ok=True)
    (results_dir / "nlu_holdout_report.json").write_text(json.dumps(report, indent=1))
    print(f"\nheld-out NLU: accuracy {report['accuracy']:.3f}, "
          f"macro F1 {report['macro avg']['f1-score']:.3f}, "
          f"weighted F1 {report['weighted avg']['f1-score']:.3f}")
    return report


def test_holdout_intent_accuracy_and_f1_meet_the_floor(holdout_report):
    assert holdout_report["accuracy"] >= HOLDOUT_MIN_ACCURACY
    assert holdout_report["macro avg"]["f1-score"] >= HOLDOUT_MIN_MACRO_F1


@pytest.mark.parametrize("intent", SAFETY_INTENTS)
def test_no_held_out_safety_message_is_missed(holdout_report, intent):
    assert holdout_report[intent]["recall"] >= SAFETY_MIN_RECALL, holdout_report[intent]
