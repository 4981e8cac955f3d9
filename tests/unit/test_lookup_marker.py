"""The lookup action records its outcome with its reply (assistant/lookup_marker.py),
for the staff report: numbers given, choices offered, nothing found, asked which."""

from __future__ import annotations

import json

import pytest

from tests.unit.test_actions import _agency, lookup


@pytest.mark.parametrize(
    "text, entities, outcome, entries",
    [
        ("poison control number", None, "found", ["poison-control"]),
        ("number for the dea and the fbi", None, "found", ["dea", "fbi"]),
        ('/ask_phone_number{"agency": "lge"}', [_agency("lge")], "found", ["lge"]),
        ("number for the zoo", None, "not_found", []),
        ("can you give me a phone number", None, "ask_which", []),
    ],
)
def test_marker(text, entities, outcome, entries):
    marker = lookup(text, entities)["jtpd_lookup"]
    assert marker["outcome"] == outcome
    assert sorted(marker["entries"]) == sorted(entries)


def test_vague_request_offers_choices():
    message = lookup("metro")
    marker = message["jtpd_lookup"]
    assert marker["outcome"] == "choices"
    offered = [
        json.loads(b["payload"].split("/ask_phone_number", 1)[1])["agency"] for b in message["buttons"]
    ]
    assert len(offered) > 1 and set(offered) <= set(marker["entries"])
    assert "metro-corrections" in marker["entries"]
