"""Hostile input, failing parts and privacy: tests of issue 6 (README.md, "Hostile input, failing parts and residents' privacy")."""
