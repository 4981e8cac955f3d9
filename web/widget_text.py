"""The chat widget's words, written into web/widget/jtpd-chat.js from domain.yml.

    python -m web.widget_text           # rewrite the generated block (make generate)
    python -m web.widget_text --check   # exit status 1 when the block is stale

The widget is one script that must show its welcome and its "can't be reached"
message without asking any server, so its words are part of the script: a block
between two marker lines, generated from domain.yml's responses (utter_greet is the
welcome and its buttons, widget_offline, widget_interface's labels), in English and
in Spanish (each response's variation for the `language` slot), and
from assistant/phone_text.py (which three-digit numbers are tappable). Nobody edits
that block by hand; tests/unit/test_widget_text.py fails when it is stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

from assistant.domain_text import (
    DOMAIN_PATH,
    ENGLISH,
    SPANISH,
    response_buttons,
    response_custom,
    response_text,
)
from assistant.phone_text import EMERGENCY_NUMBER, SHORT_CODES

LANGUAGES = (ENGLISH, SPANISH)  # the first is the widget's until a reply says otherwise
WIDGET_PATH = Path(__file__).resolve().parent / "widget" / "jtpd-chat.js"
BEGIN = "  // BEGIN GENERATED TEXT"
END = "  // END GENERATED TEXT"
_NOTE = (
    ": python -m web.widget_text, from domain.yml and\n"
    "  // assistant/phone_text.py. Do not edit here: edit those and run it again.\n"
)


def widget_text(domain_path: Path = DOMAIN_PATH, language: str = ENGLISH) -> Dict[str, Any]:
    """Every word the widget shows on its own, in `language`: its labels, welcome,
    buttons, offline text."""
    text: Dict[str, Any] = dict(response_custom("widget_interface", domain_path, language))
    text["welcome"] = response_text("utter_greet", path=domain_path, language=language)
    text["welcomeButtons"] = response_buttons("utter_greet", domain_path, language)
    text["offline"] = response_text("widget_offline", path=domain_path, language=language)
    return text


def widget_texts(domain_path: Path = DOMAIN_PATH) -> Dict[str, Dict[str, Any]]:
    """The widget's words by language: {"en": {...}, "es": {...}}."""
    return {language: widget_text(domain_path, language) for language in LANGUAGES}


def _js_value(value: Any) -> str:
    # JSON is JavaScript; non-ASCII is escaped so the script's encoding cannot garble it.
    return json.dumps(value, indent=2, ensure_ascii=True).replace("\n", "\n  ")


def render_block(domain_path: Path = DOMAIN_PATH) -> str:
    short_codes: List[str] = list(SHORT_CODES)
    return (
        BEGIN
        + _NOTE
        + f"  var TEXTS = {_js_value(widget_texts(domain_path))};\n"
        + f"  var EMERGENCY_NUMBER = {_js_value(EMERGENCY_NUMBER)};\n"
        + f"  var SHORT_CODES = {json.dumps(short_codes)};\n"
        + END
        + "\n"
    )


def with_block(script: str, block: str) -> str:
    """`script` with its generated block replaced by `block`."""
    start = script.index(BEGIN)
    end = script.index(END, start)
    end = script.index("\n", end) + 1
    return script[:start] + block + script[end:]


def generated_block(script: str) -> str:
    start = script.index(BEGIN)
    end = script.index("\n", script.index(END, start)) + 1
    return script[start:end]


def main(argv: Optional[List[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    script = WIDGET_PATH.read_text(encoding="utf-8")
    updated = with_block(script, render_block())
    if "--check" in argv:
        if updated != script:
            print(f"{WIDGET_PATH} is stale: run python -m web.widget_text", file=sys.stderr)
            return 1
        return 0
    if updated != script:
        WIDGET_PATH.write_text(updated, encoding="utf-8")
        print(f"wrote the generated text of {WIDGET_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
