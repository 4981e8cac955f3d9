"""A malformed directory or config file: a clear error at start-up that names the
file and the entry, and nothing left running (never a half-working assistant).

The launcher checks every file before it starts a process (launcher/preflight.py);
the servers also refuse to start on their own: the action server and the Rasa
server's directory component load the directory at start-up, and a Rasa server
whose model did not load stops instead of serving without it (rasa_patches/model_check.py).
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
import yaml

from assistant.directory import DEFAULT_DIRECTORY_PATH, DIRECTORY_PATH_ENV
from launcher.preflight import ConfigError
from launcher.stack import MODEL_PATH, PROJECT_ROOT, VENV_BIN, Stack, StackSettings, free_port
from rasa_patches.model_check import EXIT_NO_MODEL

DIRECTORY = yaml.safe_load(DEFAULT_DIRECTORY_PATH.read_text(encoding="utf-8"))
SECOND_ID = DIRECTORY["entries"][1]["id"]


def broken_directories():
    """(name, how to break a copy of the directory, what the error must name)."""

    def bad_number(d):
        d["entries"][1]["numbers"][0]["number"] = "502-267-O503"

    def duplicate_id(d):
        d["entries"].append(dict(d["entries"][1]))

    def unknown_category(d):
        d["entries"][1]["category"] = "no-such-category"

    def missing_numbers(d):
        del d["entries"][1]["numbers"]

    return [
        ("bad number", bad_number, [f"'{SECOND_ID}'", "502-267-O503"]),
        ("duplicate id", duplicate_id, [f"'{SECOND_ID}'", "twice"]),
        ("unknown category", unknown_category, [f"'{SECOND_ID}'", "no-such-category"]),
        ("missing numbers", missing_numbers, [f"'{SECOND_ID}'", "numbers"]),
    ]


def write_broken(tmp_path: Path, breaker) -> Path:
    data = yaml.safe_load(DEFAULT_DIRECTORY_PATH.read_text(encoding="utf-8"))
    breaker(data)
    path = tmp_path / "phone-numbers.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def assert_refused(settings: StackSettings, *names: str) -> str:
    stack = Stack(settings)
    with pytest.raises(ConfigError) as caught:
        stack.start()
    assert not stack._processes, "a process was started"
    message = str(caught.value)
    for name in names:
        assert name in message, message
    return message


@pytest.mark.parametrize(
    "name, breaker, expected", broken_directories(), ids=[b[0] for b in broken_directories()]
)
def test_launcher_refuses_a_malformed_directory(tmp_path, name, breaker, expected):
    path = write_broken(tmp_path, breaker)
    settings = StackSettings.for_tests(tmp_path / "run", env={DIRECTORY_PATH_ENV: str(path)})
    assert_refused(settings, str(path), *expected)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("entries: [\n  - id: x\n", "cannot read"),  # YAML syntax
        ("- just\n- a list\n", "categories"),
        ("", "expected 'categories' and 'entries'"),
    ],
)
def test_launcher_refuses_an_unreadable_directory(tmp_path, text, expected):
    path = tmp_path / "phone-numbers.yml"
    path.write_text(text, encoding="utf-8")
    settings = StackSettings.for_tests(tmp_path / "run", env={DIRECTORY_PATH_ENV: str(path)})
    assert_refused(settings, str(path), expected)


def test_launcher_refuses_a_directory_that_is_not_utf8(tmp_path):
    path = tmp_path / "phone-numbers.yml"
    path.write_bytes(DEFAULT_DIRECTORY_PATH.read_bytes().replace(b"Police", b"Polic\xe9", 1))
    settings = StackSettings.for_tests(tmp_path / "run", env={DIRECTORY_PATH_ENV: str(path)})
    message = assert_refused(settings, str(path))
    assert "utf-8" in message.lower(), message


@pytest.mark.parametrize(
    "text, expected",
    [
        ("action_endpoint:\n  url: [\n", "not valid YAML at line"),
        ("tracker_store:\n  - SQL\n", "'tracker_store'"),
        ("action_endpoint:\n  uri: http://x\n", "'action_endpoint' needs a 'url'"),
        ("- a list\n", "must map names"),
    ],
)
def test_launcher_refuses_a_malformed_endpoints_file(tmp_path, text, expected):
    path = tmp_path / "endpoints.yml"
    path.write_text(text, encoding="utf-8")
    assert_refused(StackSettings.for_tests(tmp_path / "run", endpoints_path=path), str(path), expected)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("channels.rest.RestInput:\n  - x\n", "'channels.rest.RestInput'"),
        ("rest:\nnot_a_channel:\n", "'not_a_channel'"),
        ("channels.nope.Input:\n", "cannot import channels.nope"),
        ("channels.rest.NoSuchInput:\n", "has no NoSuchInput"),
        ("rest: {\n", "not valid YAML"),
    ],
)
def test_launcher_refuses_a_malformed_credentials_file(tmp_path, text, expected):
    path = tmp_path / "credentials.yml"
    path.write_text(text, encoding="utf-8")
    assert_refused(StackSettings.for_tests(tmp_path / "run", credentials_path=path), str(path), expected)


def _run(command, env, timeout: float):
    started = time.monotonic()
    result = subprocess.run(
        command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    return result, time.monotonic() - started


@pytest.mark.e2e
def test_servers_started_without_the_launcher_refuse_a_malformed_directory(tmp_path):
    """`python -m rasa_sdk` and `rasa run` by hand: both stop, naming file and entry."""
    path = write_broken(tmp_path, broken_directories()[0][1])
    stack = Stack(StackSettings.for_tests(tmp_path / "run", env={DIRECTORY_PATH_ENV: str(path)}))
    env = stack.environment()
    actions, _ = _run(
        [str(VENV_BIN / "python"), "-m", "rasa_sdk", "--actions", "actions", "--port", str(free_port())],
        env,
        timeout=120,
    )
    assert actions.returncode != 0
    assert str(path) in actions.stdout + actions.stderr and f"'{SECOND_ID}'" in actions.stderr

    rasa, seconds = _run(
        [
            str(VENV_BIN / "rasa"),
            "run",
            "--model",
            str(MODEL_PATH),
            "--credentials",
            str(PROJECT_ROOT / "credentials.yml"),
            "--port",
            str(free_port()),
        ],
        env,
        timeout=240,
    )
    output = rasa.stdout + rasa.stderr
    assert rasa.returncode == EXIT_NO_MODEL, output[-3000:]
    assert str(path) in output and f"'{SECOND_ID}'" in output
