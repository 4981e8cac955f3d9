"""Starts and stops the assistant's processes; used by `make run`, `make shell` and tests."""
