"""Hostile input, failing parts and privacy: tests of issue 6 (README: hardening section)."""
