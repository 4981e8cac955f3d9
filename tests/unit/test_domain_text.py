"""assistant/domain_text.py: the sentences the channels and the widget read from domain.yml."""

import pytest

from assistant import domain_text
from assistant.domain_text import (
    directory_values,
    fill,
    response,
    response_buttons,
    response_custom,
    response_text,
    variables,
)

CHANNEL_TEXTS = [
    "unavailable",
    "attachment_unsupported",
    "location_unsupported",
    "please_choose",
    "widget_offline",
]


def test_variables_are_filled_and_a_missing_one_is_an_error():
    assert fill("call {number} now", {"number": "911"}) == "call 911 now"
    assert variables("{a} and {b}") == ["a", "b"]
    with pytest.raises(KeyError):
        fill("call or text {non_emergency_number}", {})


def test_the_non_emergency_number_comes_from_the_directory(directory):
    line = [n for e in directory.entries for n in e.numbers if n.label.lower().startswith("non-emergency")]
    assert len(line) == 1, "the directory should give exactly one non-emergency line"
    assert directory_values(directory) == {"non_emergency_number": line[0].display}
    assert line[0].display in response_text("unavailable")
    assert "{" not in response_text("unavailable")


@pytest.mark.parametrize("name", CHANNEL_TEXTS)
def test_every_channel_text_is_in_domain_yml_with_known_variables(name):
    text = response(name)["text"]
    assert set(variables(text)) <= set(directory_values())
    assert response_text(name)


def test_the_channels_say_the_domain_texts():
    from channels import messenger_format, rest

    assert rest.UNAVAILABLE_TEXT == response_text("unavailable")
    assert messenger_format.ATTACHMENT_REPLY == response_text("attachment_unsupported")
    assert messenger_format.LOCATION_REPLY == response_text("location_unsupported")
    assert messenger_format.DEFAULT_CHOICE_TEXT == response_text("please_choose")


def test_the_default_variation_and_its_buttons_and_custom():
    # utter_non_emergency has a conditioned variation second: the default is the first
    assert "directory" not in response_text("utter_non_emergency")
    assert response_buttons("utter_greet")[0] == {"title": "When to call 911", "payload": "/when_to_call_911"}
    assert response_custom("widget_interface")["launcher"]
    with pytest.raises(KeyError):
        response("utter_no_such_response")
    with pytest.raises(KeyError):
        response_custom("utter_greet")


def test_a_name_in_both_sections_is_refused(tmp_path):
    path = tmp_path / "domain.yml"
    path.write_text(
        'responses:\n  x:\n    - text: "a"\nchannel_responses:\n  x:\n    - text: "b"\n', encoding="utf-8"
    )
    with pytest.raises(ValueError):
        domain_text.response("x", path)


def test_a_response_with_only_conditioned_variations_has_no_default(tmp_path):
    path = tmp_path / "domain.yml"
    path.write_text(
        'responses:\n  x:\n    - text: "a"\n      condition:\n'
        '        - {type: slot, name: language, value: es}\n',
        encoding="utf-8",
    )
    with pytest.raises(KeyError):
        domain_text.response("x", path)
