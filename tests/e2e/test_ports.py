"""Ports picked for tests: one taken by someone else before the server binds it is
replaced, instead of failing the run or, worse, talking to someone else's server."""

from __future__ import annotations

import socket

import pytest
import requests

from launcher.stack import Stack, StackSettings

pytestmark = pytest.mark.e2e


def test_a_stack_whose_picked_ports_were_taken_starts_on_others(tmp_path):
    with socket.socket() as actions, socket.socket() as rasa:
        for sock in (actions, rasa):
            sock.bind(("127.0.0.1", 0))
            sock.listen()
        taken = {actions.getsockname()[1], rasa.getsockname()[1]}
        settings = StackSettings.for_tests(
            tmp_path, start_web=False, action_port=actions.getsockname()[1], rasa_port=rasa.getsockname()[1]
        )
        with Stack(settings) as stack:
            assert not {settings.action_port, settings.rasa_port} & taken
            reply = requests.post(
                stack.rest_url, json={"sender": "ports-1", "message": "poison control"}, timeout=30
            )
            assert "(502) 589-8222" in reply.json()[0]["text"]


def test_ports_a_person_chose_are_not_changed(tmp_path):
    with socket.socket() as actions:
        actions.bind(("127.0.0.1", 0))
        actions.listen()
        settings = StackSettings.for_tests(
            tmp_path, start_web=False, action_port=actions.getsockname()[1], pick_free_ports=False
        )
        with pytest.raises(RuntimeError):
            Stack(settings).start()
        assert settings.action_port == actions.getsockname()[1]
