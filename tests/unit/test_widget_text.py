"""The chat widget's words: generated from domain.yml (web/widget_text.py), never stale."""

import json
import re

from assistant.domain_text import response_buttons, response_text
from assistant.phone_text import EMERGENCY_NUMBER, SHORT_CODES
from web.widget_text import (
    BEGIN,
    END,
    WIDGET_PATH,
    generated_block,
    main,
    render_block,
    widget_text,
    with_block,
)

SCRIPT = WIDGET_PATH.read_text(encoding="utf-8")


def _declared(block: str, name: str):
    """The value a `var NAME = ...;` line of the generated block gives, as JSON."""
    match = re.search(r"var %s = (.*?);\n" % name, block, re.S)
    assert match, name
    return json.loads(match.group(1))


def test_the_widget_block_is_up_to_date_with_domain_yml():
    assert generated_block(SCRIPT) == render_block(), (
        "web/widget/jtpd-chat.js is stale: run `python -m web.widget_text` (make generate)"
    )
    assert main(["--check"]) == 0


def test_the_check_fails_on_a_hand_edited_block(tmp_path, monkeypatch):
    edited = SCRIPT.replace('"Chat with us"', '"Chat now"')
    assert edited != SCRIPT
    stale = tmp_path / "jtpd-chat.js"
    stale.write_text(edited, encoding="utf-8")
    monkeypatch.setattr("web.widget_text.WIDGET_PATH", stale)
    assert main(["--check"]) == 1
    assert main([]) == 0 and stale.read_text(encoding="utf-8") == SCRIPT


def test_the_welcome_is_the_greeting_with_its_buttons():
    block = generated_block(SCRIPT)
    texts = _declared(block, "TEXTS")
    assert sorted(texts) == ["en", "es"]
    for language, text in texts.items():
        assert text["welcome"] == response_text("utter_greet", language=language)
        assert text["welcomeButtons"] == response_buttons("utter_greet", language=language)
        assert text["offline"] == response_text("widget_offline", language=language)
        assert text == widget_text(language=language)
    assert texts["es"]["emergency"] == "¿Emergencia? Llame al 911"  # issue 13's banner
    assert texts["es"]["welcome"] != texts["en"]["welcome"]
    assert _declared(block, "SHORT_CODES") == list(SHORT_CODES)
    assert _declared(block, "EMERGENCY_NUMBER") == EMERGENCY_NUMBER


def test_every_word_the_script_uses_is_generated():
    """A TEXT.name the script reads and domain.yml does not give would show "undefined"."""
    outside = with_block(SCRIPT, BEGIN + "\n" + END + "\n")
    used = set(re.findall(r"\bTEXT\.(\w+)", outside))
    assert used, "the script reads no TEXT.*: the check would be empty"
    for language in ("en", "es"):
        missing = used - set(widget_text(language=language))
        assert not missing, f"domain.yml's widget_interface ({language}) lacks {sorted(missing)}"


def test_the_greeting_buttons_are_written_once_in_domain_yml():
    """utter_greet's buttons are reused by utter_capabilities and, in part, utter_default
    (YAML anchors), so the titles cannot drift apart again."""
    from assistant.domain_text import DOMAIN_PATH

    source = DOMAIN_PATH.read_text(encoding="utf-8")
    for button in response_buttons("utter_greet"):
        # once in English, once in Spanish
        assert source.count(f'payload: "{button["payload"]}"') == 2, button
    for language in ("en", "es"):
        greet = response_buttons("utter_greet", language=language)
        assert response_buttons("utter_capabilities", language=language) == greet
        assert response_buttons("utter_default", language=language) == [
            b for b in greet if b["payload"] != "/dialed_911_by_mistake"
        ]
