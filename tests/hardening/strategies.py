"""Hypothesis strategies: what a hostile or broken client can send."""

from __future__ import annotations

import json

import yaml
from hypothesis import strategies as st

from launcher.stack import PROJECT_ROOT

INTENTS = sorted(yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())["intents"])

surrogates = st.integers(0xD800, 0xDFFF).map(chr)
controls = st.sampled_from([chr(c) for c in list(range(0, 32)) + [127] + list(range(0x80, 0xA0))])
invisible = st.sampled_from(
    ["\u200b", "\u200d", "\u202e", "\u2066", "\ufeff", "\u2028", "\u2029", "\u00ad", "\ufffe", "\uffff"]
)
any_char = st.one_of(st.characters(), surrogates, controls, invisible)

#: Text a resident would never type: control characters, lone surrogates, bidi
#: overrides, emoji, every plane; sometimes long.
hostile_text = st.one_of(
    st.text(any_char, max_size=200),
    st.text(any_char, min_size=1, max_size=5).map(lambda s: s * 1200),  # ~1,200-6,000 chars
    st.sampled_from(
        [
            "",
            " ",
            "\n",
            "\0",
            "\0hi",
            "what is the FBI number\0",
            "x" * 5000,
            "x" * 5001,
            "é" * 5000,
            "😀" * 5000,
            "<script>alert(1)</script>",
            "'; DROP TABLE events; --",
            "${jndi:ldap://x}",
            "{{7*7}}",
            "%s%s%s%n",
            "../../etc/passwd",
        ]
    ),
)

json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(any_char, max_size=30),
)
json_value = st.recursive(
    json_leaf,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)

#: Rasa reads "/intent{json}" as a button payload: real and made-up intents,
#: with entities that are JSON of any shape, broken JSON or text.
slash_payload = st.builds(
    lambda intent, rest: f"/{intent}{rest}",
    st.one_of(
        st.sampled_from(INTENTS + ["restart", "session_start", "back", "nlu_fallback"]),
        st.text(any_char, max_size=20),
    ),
    st.one_of(
        st.just(""),
        json_value.map(lambda v: json.dumps(v)),
        st.text(any_char, max_size=30),
        st.sampled_from(
            [
                '{"agency": "fbi"}',
                '{"agency": ["fbi", "dea"]}',
                '{"agency": {"x": 1}}',
                '{"category": null}',
                '{',
                '{"a":',
                '@0.5',
                '@notanumber',
                '{"agency": "' + "x" * 3000 + '"}',
            ]
        ),
    ),
)

sender_ids = st.one_of(
    st.sampled_from(["fuzz-1", "fuzz-2", "fuzz-3"]),  # the same conversations, growing
    st.text(any_char, max_size=300),
    json_value,
)

message_values = st.one_of(hostile_text, slash_payload, json_value)


def encode(value: object) -> bytes:
    return json.dumps(value).encode("utf-8")


#: Whole POST bodies: bytes that are not JSON or not UTF-8, JSON of any shape,
#: objects with the right keys and wrong values, and extra keys Rasa would store.
bodies = st.one_of(
    st.binary(max_size=3000),
    json_value.map(encode),
    st.builds(lambda s, m: encode({"sender": s, "message": m}), sender_ids, message_values),
    st.builds(
        lambda m, extra: encode({"sender": "fuzz-1", "message": m, **extra}),
        message_values,
        st.fixed_dictionaries(
            {}, optional={"metadata": json_value, "input_channel": json_value, "stream": json_value}
        ),
    ),
    st.builds(
        lambda m, codec: json.dumps({"sender": "fuzz-2", "message": m}, ensure_ascii=False).encode(
            codec, errors="surrogatepass"
        ),
        st.text(max_size=50),
        st.sampled_from(["utf-16", "utf-32", "utf-8-sig"]),
    ),
    st.builds(
        lambda m: json.dumps({"sender": "fuzz-2", "message": m}, ensure_ascii=False).encode(
            "latin-1", errors="replace"
        ),
        st.text(max_size=50),
    ),
    st.integers(1, 3000).map(lambda depth: b"[" * depth + b"]" * depth),
    st.integers(1, 3000).map(lambda depth: b'{"a":' * depth + b"1" + b"}" * depth),
)

content_types = st.sampled_from(
    [
        "application/json",
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/json; charset=latin-1",
        "",
    ]
)
