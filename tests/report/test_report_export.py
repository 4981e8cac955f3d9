"""reports/unanswered-<date>.yml: Rasa NLU training data, grouped, with the guessed
intent as a comment; `rasa data validate` accepts it beside the project's data."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from launcher.stack import PROJECT_ROOT, quiet_environment
from reporting.export import export_yaml
from reporting.grouping import Group

from . import scenario


def _export(sqlite_report) -> Path:
    _, out = sqlite_report
    [path] = out.glob("unanswered-*.yml")
    return path


def _read_nlu(path: Path):
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    return RasaYAMLReader().read(str(path))


def test_export_holds_the_shown_messages_grouped_with_guesses(sqlite_report):
    path = _export(sqlite_report)
    text = path.read_text(encoding="utf-8")
    examples = {m.get("text"): m.get("intent") for m in _read_nlu(path).intent_examples}
    assert set(examples) == set(scenario.EXPECTED_UNANSWERED_SHOWN)
    assert examples["necesito el número de la policía"] == "ask_phone_number"
    assert examples["I'm [name], my email is [email]"] == "out_of_scope"
    assert text.count("# Group ") == text.count("- intent: ")
    assert "guessed intent: ask_phone_number (100 % of the group)" in text
    for secret in scenario.SECRETS + scenario.PERSONAL:
        assert secret.lower() not in text.lower()


def test_entity_like_brackets_and_odd_characters_stay_plain_text(tmp_path):
    groups = [
        Group(
            [("[x](agency) and [y]{\"entity\": \"a\"} [phone][email]", 1), ("tab\there \ufeffbom", 1)],
            "greet",
            1.0,
        )
    ]
    path = tmp_path / "nlu.yml"
    path.write_text(export_yaml(groups, "test"), encoding="utf-8")
    messages = _read_nlu(path).intent_examples
    assert [m.get("entities") or [] for m in messages] == [[], []]
    assert len(messages) == 2


def test_rasa_data_validate_accepts_it(sqlite_report, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(PROJECT_ROOT / "data", data)
    shutil.copy(_export(sqlite_report), data / "unanswered.yml")
    rasa = str(Path(sys.executable).parent / "rasa")
    result = subprocess.run(
        [
            rasa,
            "data",
            "validate",
            "--fail-on-warnings",
            "--data",
            str(data),
            "--domain",
            str(PROJECT_ROOT / "domain.yml"),
            "--config",
            str(PROJECT_ROOT / "config.yml"),
        ],
        cwd=PROJECT_ROOT,
        env=quiet_environment({"PYTHONWARNINGS": "ignore"}),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
