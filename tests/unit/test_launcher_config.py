"""What the launcher writes and runs, without starting anything: one Rasa command line
for both modes, one Content-Security-Policy for both page servers, the nginx
template fully filled in."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, List

import pytest

from launcher import prod
from launcher.prod import ProdSettings, ProdStack, render_nginx_conf, render_template
from launcher.stack import Stack, StackSettings
from settings import limits
from web.serving import COMMON_HEADERS, content_security_policy, page_headers

ROOT = Path(__file__).resolve().parents[2]


def _spawned(stack: Stack, monkeypatch, start) -> Dict[str, List[str]]:
    """The command lines `start()` gives each child, the children not started."""
    commands: Dict[str, List[str]] = {}
    monkeypatch.setattr(stack, "_spawn", lambda name, command, env=None: commands.update({name: command}))
    monkeypatch.setattr(stack, "_wait_until", lambda name, url: None)
    start()
    return commands


def _without_values(command: List[str]) -> List[str]:
    """The options of a command line, in order, without their values."""
    return [part for part in command if part.startswith("-") or part in ("run",)]


def test_make_run_and_run_prod_start_rasa_with_the_same_command_line(monkeypatch, tmp_path):
    local = Stack(StackSettings.for_tests(tmp_path / "run"))
    local_command = _spawned(local, monkeypatch, local.start_rasa)["rasa"]
    production = ProdStack(
        ProdSettings.for_tests(tmp_path / "prod", tmp_path / "services", env={"DB_PASSWORD": "x"})
    )
    commands = _spawned(production, monkeypatch, production.start_instances)
    assert sorted(commands) == ["rasa-1", "rasa-2"]
    for command in [local_command, *commands.values()]:
        assert command[1:3] == ["-m", "scaling.rasa_server"]
        at = command.index("--response-timeout")
        assert command[at + 1] == str(limits.RESPONSE_TIMEOUT_S)
        assert command[command.index("--interface") + 1] == "127.0.0.1"
    assert _without_values(local_command) == _without_values(commands["rasa-1"])
    ports = [int(c[c.index("--port") + 1]) for c in commands.values()]
    assert ports == production.prod.rasa_ports


def test_the_api_token_never_shows_on_the_command_line(monkeypatch, tmp_path):
    token = "token-for-this-test-only"
    stack = Stack(StackSettings.for_tests(tmp_path, enable_api=True, env={"RASA_API_TOKEN": token}))
    command = _spawned(stack, monkeypatch, stack.start_rasa)["rasa"]
    assert "--enable-api" in command and token not in " ".join(command)
    assert command[1] == "-c" and "RASA_API_TOKEN" in command[2]
    monkeypatch.delenv("RASA_API_TOKEN", raising=False)
    without = Stack(StackSettings.for_tests(tmp_path / "no-token", enable_api=True))
    with pytest.raises(RuntimeError, match="RASA_API_TOKEN"):
        _spawned(without, monkeypatch, without.start_rasa)


def test_nginx_sends_the_pages_the_same_headers_as_web_serve(tmp_path):
    text = render_nginx_conf(tmp_path, "127.0.0.1:8080", [5005], ROOT / "web", "https://chat.example.org/")
    page = text.split("location / {", 1)[1]
    for name, value in page_headers("https://chat.example.org").items():
        assert f'add_header {name} "{value}" always;' in page
    assert content_security_policy("https://chat.example.org") in page
    widget = text.split("location /widget/ {", 1)[1].split("}", 1)[0]
    for name, value in COMMON_HEADERS.items():
        assert f'add_header {name} "{value}" always;' in widget
    assert "Content-Security-Policy" not in widget


def test_the_policy_is_written_in_one_place():
    """A CSP typed anywhere but web/serving.py would drift from it."""
    found = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*")
        if path.suffix in (".py", ".template", ".conf", ".js", ".html")
        and not {".venv", "node_modules", "tests", ".run"} & set(path.relative_to(ROOT).parts)
        and "frame-ancestors" in path.read_text(encoding="utf-8", errors="replace")
    ]
    assert found == ["web/serving.py"]


def test_the_nginx_template_is_filled_in_whole(tmp_path):
    text = render_nginx_conf(tmp_path, "127.0.0.1:8080", [5005, 5006], ROOT / "web", "http://localhost:8080")
    assert "{{" not in text and "}}" not in text
    assert f"client_max_body_size {limits.NGINX_MAX_BODY_BYTES};" in text
    assert f"add_header Retry-After {limits.RETRY_AFTER_S} always;" in text
    assert f"fail_timeout={limits.UPSTREAM_FAIL_S}s;" in text
    assert text.count("{") == text.count("}")  # nginx's own blocks still balanced
    # nginx's own variables are left as they are
    assert "$remote_addr" in text and "$http_upgrade $connection_upgrade" in text


def test_a_template_name_without_a_value_or_a_value_without_a_name_is_an_error():
    assert render_template("a {{x}} b", {"x": 1}) == "a 1 b"
    with pytest.raises(KeyError):
        render_template("a {{x}} {{y}}", {"x": 1})
    with pytest.raises(KeyError):
        render_template("a {{x}}", {"x": 1, "unused": 2})
    template = prod.NGINX_TEMPLATE.read_text(encoding="utf-8")
    assert len(set(re.findall(r"\{\{(\w+)\}\}", template))) >= 15


def test_the_launcher_prints_the_channels_own_messenger_line(tmp_path):
    from channels.messenger import describe_env

    secrets = {"FACEBOOK_VERIFY_TOKEN": "v", "FACEBOOK_APP_SECRET": "s", "FACEBOOK_PAGE_ACCESS_TOKEN": "p"}
    on = Stack(StackSettings.for_tests(tmp_path / "on", env=secrets))
    assert on.messenger_status() == describe_env(secrets) and "Messenger: on" in on.messenger_status()
    off = Stack(StackSettings.for_tests(tmp_path / "off", env={**secrets, "FACEBOOK_APP_SECRET": " "}))
    assert off.messenger_status() == "Messenger: off (FACEBOOK_APP_SECRET not set)"


# --- free ports (launcher/ports.py) -------------------------------------------------------


def test_a_free_port_is_below_the_kernels_ephemeral_range_and_free():
    from launcher.ports import LOWEST_PICKED, ephemeral_range, free_port, is_free

    low, _ = ephemeral_range()
    ports = {free_port() for _ in range(20)}
    assert all(LOWEST_PICKED <= port < low for port in ports), ports
    assert all(is_free(port) for port in ports)
    assert len(ports) > 1  # picked at random, not the same one for every caller


def test_a_port_being_listened_on_is_never_picked():
    import socket

    from launcher.ports import free_port

    class Choices:
        """Picks the given ports in turn (what free_port asks of its random source)."""

        def __init__(self, ports):
            self.ports = list(ports)

        def randint(self, low, high):
            return self.ports.pop(0)

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", free_port()))
        busy.listen()
        taken = busy.getsockname()[1]
        other = free_port()
        assert free_port(rng=Choices([taken, other])) == other


def test_the_ephemeral_range_is_read_from_the_kernel_or_its_default(tmp_path):
    from launcher.ports import DEFAULT_EPHEMERAL, ephemeral_range

    custom = tmp_path / "range"
    custom.write_text("40000\t50000\n")
    assert ephemeral_range(custom) == (40000, 50000)
    assert ephemeral_range(tmp_path / "missing") == DEFAULT_EPHEMERAL
