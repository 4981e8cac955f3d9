"""channels/text.py: how every channel cleans a resident's text."""

import pytest

from channels.text import clean_text


@pytest.mark.parametrize(
    "raw,clean",
    [
        ("line one\nline\ttwo", "line one line two"),
        ("a\r\nb\u2028c\u0085d", "a  b c d"),
        ("nul\x00 and escape\x1b[31m", "nul and escape[31m"),
        ("C1\x85\x9f controls", "C1  controls"),
        ("lone \ud800 surrogate", "lone \ufffd surrogate"),
        ("  padded  ", "padded"),
        ("\x00\x01\x02", ""),
        ("¿Dónde está? 🚓 שלום", "¿Dónde está? 🚓 שלום"),
        ("zero\u200bwidth", "zero\u200bwidth"),  # not a control character (Cf): kept
    ],
)
def test_control_characters_go_and_words_stay(raw, clean):
    assert clean_text(raw) == clean


def test_the_channels_use_it():
    from channels import messenger_events, rest

    assert rest.clean_text is clean_text
    assert messenger_events.clean_text is clean_text
