"""Dialogue policies of our own (config.yml names them)."""
