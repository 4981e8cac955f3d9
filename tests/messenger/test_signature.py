"""X-Hub-Signature-256 and verify-token checks (channels/signature.py)."""

import hashlib
import hmac

import pytest

from channels.signature import sign, signature_is_valid, verify_token_matches

SECRET = "app-secret-for-tests"
BODY = b'{"object":"page","entry":[]}'


def test_sign_is_hmac_sha256_of_the_raw_body_with_the_app_secret():
    expected = hmac.new(SECRET.encode(), BODY, hashlib.sha256).hexdigest()
    assert sign(SECRET, BODY) == "sha256=" + expected


def test_a_correct_signature_is_accepted():
    assert signature_is_valid(SECRET, BODY, sign(SECRET, BODY))


def test_upper_case_hex_and_surrounding_spaces_are_accepted():
    header = sign(SECRET, BODY)
    assert signature_is_valid(SECRET, BODY, "  sha256=" + header[7:].upper() + " ")


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "sha256=",
        "sha256=deadbeef",
        "sha256=" + "0" * 64,
        "sha1=" + hmac.new(SECRET.encode(), BODY, hashlib.sha1).hexdigest(),  # legacy header
        hmac.new(SECRET.encode(), BODY, hashlib.sha256).hexdigest(),  # no prefix
        "sha256=" + "é" * 64,  # not ASCII: refused, not an exception
        "md5=abc",
    ],
)
def test_missing_malformed_or_wrong_signatures_are_refused(header):
    assert not signature_is_valid(SECRET, BODY, header)


def test_a_signature_made_with_another_secret_is_refused():
    assert not signature_is_valid(SECRET, BODY, sign("another-secret", BODY))


def test_a_changed_body_is_refused():
    header = sign(SECRET, BODY)
    assert not signature_is_valid(SECRET, BODY + b" ", header)
    # The raw bytes count: the same JSON written differently is another body.
    assert not signature_is_valid(SECRET, b'{"object": "page", "entry": []}', header)


def test_an_empty_app_secret_never_validates():
    assert not signature_is_valid("", BODY, sign("", BODY))


def test_the_comparison_is_constant_time(monkeypatch):
    calls = []
    real = hmac.compare_digest
    monkeypatch.setattr(hmac, "compare_digest", lambda a, b: calls.append((a, b)) or real(a, b))
    signature_is_valid(SECRET, BODY, sign(SECRET, BODY))
    verify_token_matches("token", "subscribe", "token")
    assert len(calls) == 2


def test_verify_token_needs_subscribe_mode_and_the_same_token():
    assert verify_token_matches("s3cret", "subscribe", "s3cret")
    assert not verify_token_matches("s3cret", "subscribe", "wrong")
    assert not verify_token_matches("s3cret", "subscribe", "")
    assert not verify_token_matches("s3cret", "subscribe", None)
    assert not verify_token_matches("s3cret", "unsubscribe", "s3cret")
    assert not verify_token_matches("s3cret", None, "s3cret")
    assert not verify_token_matches("", "subscribe", "")
