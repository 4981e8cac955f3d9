"""Hostile input, failing parts and privacy: the tests of README's hardening section."""
