"""The production mode's configuration, without starting anything."""

from __future__ import annotations

from pathlib import Path

import pytest

import rasa_patches
import settings
from launcher.prod import PROD_ENDPOINTS, ProdSettings, ProdStack, render_nginx_conf
from rasa_patches import swap

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def rasa_stays_unpatched():
    """rasa_patches changes Rasa's classes; a test here must leave them as they were."""
    before = swap.changed()
    yield
    assert set(swap.changed()) <= set(before), "this test left Rasa patched"


def _clean_env(monkeypatch):
    for name in settings.ALL:
        monkeypatch.delenv(name, raising=False)


def test_settings_from_environment(monkeypatch):
    _clean_env(monkeypatch)
    settings = ProdSettings.from_env(
        {
            "RASA_INSTANCES": "3",
            "RASA_PORT": "6000",
            "WEB_PORT": "9090",
            "PUBLIC_URL": "https://chat.example.org",
        }
    )
    assert settings.rasa_ports == [6000, 6001, 6002]
    assert settings.web_port == 9090 and settings.public_url == "https://chat.example.org"
    assert ProdSettings.from_env({}).rasa_ports == [5005, 5006]
    with pytest.raises(ValueError):
        ProdSettings.from_env({"RASA_INSTANCES": "0"})


def test_local_defaults_fill_every_variable_of_the_endpoints_file(monkeypatch, tmp_path):
    _clean_env(monkeypatch)
    stack = ProdStack(ProdSettings(run_dir=tmp_path, env={"DB_PASSWORD": "secret"}))
    env = stack.environment()
    assert env["DB_HOST"] == "127.0.0.1" and env["DB_PORT"] == "5433"
    assert env["REDIS_PORT"] == "6380" and env["REDIS_PASSWORD"] == ""
    assert env["ACTION_SERVER_URL"] == "http://127.0.0.1:5055/webhook"
    stack.check_endpoints()  # no variable missing
    assert stack._manages("DB_HOST") and stack._manages("REDIS_HOST")


def test_managed_services_are_used_not_started(monkeypatch, tmp_path):
    _clean_env(monkeypatch)
    stack = ProdStack(
        ProdSettings(
            run_dir=tmp_path, env={"DB_HOST": "db.internal.example", "REDIS_HOST": "cache.internal.example"}
        )
    )
    assert not stack._manages("DB_HOST") and not stack._manages("REDIS_HOST")
    with pytest.raises(RuntimeError, match="DB_PASSWORD"):
        stack.check_endpoints()  # a remote database needs its password from the environment


def test_rasa_reads_the_endpoints_file_from_the_environment(monkeypatch, tmp_path):
    _clean_env(monkeypatch)
    stack = ProdStack(ProdSettings(run_dir=tmp_path, env={"DB_PASSWORD": "pw with space"}))
    for name, value in stack.environment().items():
        monkeypatch.setenv(name, value)
    from rasa.core.utils import read_endpoints_from_path

    endpoints = read_endpoints_from_path(str(PROD_ENDPOINTS))
    store = endpoints.tracker_store
    assert store.type == "SQL" and store.kwargs["dialect"] == "postgresql"
    assert (store.url, str(store.kwargs["port"]), store.kwargs["password"]) == (
        "127.0.0.1",
        "5433",
        "pw with space",
    )
    lock = endpoints.lock_store
    assert lock.type == "scaling.lock_store.AtomicRedisLockStore"
    assert (lock.url, str(lock.kwargs["port"]), lock.kwargs["key_prefix"]) == ("127.0.0.1", "6380", "jtpd")
    assert endpoints.action.url == "http://127.0.0.1:5055/webhook"

    from rasa.core.lock_store import LockStore

    from scaling.lock_store import AtomicRedisLockStore

    created = LockStore.create(lock)  # what the server does; Redis connects lazily
    assert isinstance(created, AtomicRedisLockStore) and created.key_prefix == "jtpd:lock:"


def test_a_busy_port_stops_the_production_mode_before_anything_starts(monkeypatch, tmp_path):
    import os
    import socket

    from launcher.stack import free_port

    _clean_env(monkeypatch)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        stack = ProdStack(
            ProdSettings(
                run_dir=tmp_path,
                rasa_ports=[free_port(), port],
                action_port=free_port(),
                web_port=free_port(),
                env={"DB_PASSWORD": "x"},
            )
        )
        with pytest.raises(RuntimeError) as error:
            stack.start()
    assert f"port {port} (RASA_PORT+1) is in use by process {os.getpid()}" in str(error.value)
    assert not stack.services_started and not (tmp_path / "pg").exists()


def test_nginx_config(tmp_path):
    text = render_nginx_conf(
        tmp_path, "127.0.0.1:8080", [5005, 5006], ROOT / "web", "https://chat.example.org"
    )
    assert "server 127.0.0.1:5005 max_fails=1" in text and "server 127.0.0.1:5006 max_fails=1" in text
    assert "least_conn;" in text and "ip_hash;" in text
    assert "listen 127.0.0.1:8080;" in text and "daemon off;" in text
    assert "sub_filter '__JTPD_ASSISTANT_URL__' 'https://chat.example.org';" in text
    assert "non_idempotent" in text
    # a 503 (one conversation waited for its lock) is neither retried nor a server failure
    next_upstream = [line for line in text.splitlines() if "proxy_next_upstream " in line]
    assert next_upstream and all("http_503" not in line for line in next_upstream)
    assert "proxy_intercept_errors on;" in text
    assert "error_page 500 502 503 504 =503 /unavailable.json;" in text
    assert f"root {ROOT / 'web'}/site;" in text and f"alias {ROOT / 'web'}/widget/;" in text
    assert f"root {ROOT / 'web'}/errors;" in text


def test_nginx_error_body_is_the_rest_channels_own(tmp_path):
    import json

    from channels.rest import UNAVAILABLE_TEXT
    from launcher.prod import unavailable_body

    assert json.loads(unavailable_body()) == {"error": UNAVAILABLE_TEXT}
    stack = ProdStack(ProdSettings(run_dir=tmp_path, env={"DB_PASSWORD": "x"}))
    try:
        folder = stack.publish_web()
        assert (folder / "errors" / "unavailable.json").read_text() == unavailable_body()
        assert (folder / "site" / "index.html").exists() and (folder / "widget" / "jtpd-chat.js").exists()
        # readable by anyone (nginx's workers), wherever the checkout is
        assert all(
            path.stat().st_mode & 0o005 == 0o005 if path.is_dir() else path.stat().st_mode & 0o004
            for path in [folder, *folder.rglob("*")]
        )
    finally:
        stack.stop()
    assert not folder.exists()
    with pytest.raises(ValueError):
        render_nginx_conf(tmp_path, "127.0.0.1:8080", [5005], ROOT / "web", "https://x.org/';evil")


def test_speedups_keep_rasa_behaviour():
    """rasa_patches' speed-ups: same answers, same errors, as the functions they replace;
    applying them twice wraps nothing twice; undoing them gives Rasa back."""
    from jsonschema import ValidationError
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.core.events import Event

    names = [
        "user",
        "bot",
        "action",
        "slot",
        "session_started",
        "followup",
        "reset_slots",
        "user_featurization",
        "action_execution_rejected",
        "active_loop",
        "entities",
    ]
    action = RemoteAction("action_lookup_phone_number", None)
    good = {"events": [{"event": "slot", "name": "a", "value": 1}], "responses": [{"text": "hi"}]}
    bad = {"events": [{"event": 5}], "responses": "not a list"}

    def observe():
        with pytest.raises(ValidationError) as error:
            action._validate_action_result(bad)
        with pytest.raises(ValueError) as unknown:
            Event.resolve_by_type("no_such_event")
        return (
            action._validate_action_result(good),
            error.value.message,
            {n: Event.resolve_by_type(n) for n in names},
            str(unknown.value),
            Event.resolve_by_type("topic"),
            Event.resolve_by_type("nope", default=Event),
        )

    stock = {
        name: vars(cls)[name]
        for cls, name in [(RemoteAction, "_validate_action_result"), (Event, "resolve_by_type")]
    }
    before = observe()
    try:
        rasa_patches.apply_all()
        rasa_patches.apply_all()  # idempotent
        validate = vars(RemoteAction)["_validate_action_result"]
        resolve = vars(Event)["resolve_by_type"].__func__
        assert validate.__wrapped__ is stock["_validate_action_result"]
        assert resolve.__wrapped__ is stock["resolve_by_type"].__func__
        assert observe() == before
    finally:  # the rest of the run sees Rasa as it is
        rasa_patches.undo_all()
    assert vars(RemoteAction)["_validate_action_result"] is stock["_validate_action_result"]
    assert vars(Event)["resolve_by_type"] is stock["resolve_by_type"]
    assert observe() == before
    assert "Failed to validate Action server response" in before[1]
