"""Checks the launcher runs before starting anything: a malformed file stops it.

A broken directory, endpoints or credentials file must give one clear error at
start-up that names the file and the entry, never a half-started assistant (the
action server refusing to start while the Rasa server answers without lookups, or
the Rasa server failing deep in its start-up with a traceback). `check_all` raises
ConfigError, a RuntimeError, so `python -m launcher run` prints it and stops.

The servers check again themselves: the action server and the Rasa server's
directory component both load the directory at start-up and stop on DirectoryError.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Iterable, Optional

import yaml

from assistant.directory import DirectoryError, load_directory


class ConfigError(RuntimeError):
    """A file the assistant needs is malformed; the message names the file and entry."""


def load_yaml_mapping(path: Path, what: str) -> Dict[str, Any]:
    """The YAML file at `path` as a mapping (empty file: {}), else ConfigError."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read the {what} file: {error}") from error
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        where = ""
        mark = getattr(error, "problem_mark", None)
        if mark is not None:
            where = f" at line {mark.line + 1}, column {mark.column + 1}"
        problem = getattr(error, "problem", None) or str(error)
        raise ConfigError(f"{path}: the {what} file is not valid YAML{where}: {problem}") from error
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(
            f"{path}: the {what} file must map names to settings, not be a {type(data).__name__}"
        )
    return data


def check_directory(path: Optional[Path] = None) -> None:
    try:
        load_directory(path)
    except DirectoryError as error:
        raise ConfigError(str(error)) from error
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: the directory file is not UTF-8 text: {error}") from error


def check_endpoints(path: Path) -> Dict[str, Any]:
    endpoints = load_yaml_mapping(path, "endpoints")
    for name, value in endpoints.items():
        if value is not None and not isinstance(value, dict):
            raise ConfigError(f"{path}: entry '{name}' must be a mapping of settings, not {value!r}")
    action = endpoints.get("action_endpoint")
    if action is not None and not isinstance(action.get("url"), str):
        raise ConfigError(f"{path}: entry 'action_endpoint' needs a 'url'")
    store = endpoints.get("tracker_store")
    if store is not None and not isinstance(store.get("type"), str):
        raise ConfigError(f"{path}: entry 'tracker_store' needs a 'type'")
    return endpoints


def check_credentials(path: Path, known_channels: Iterable[str] = ()) -> Dict[str, Any]:
    credentials = load_yaml_mapping(path, "credentials")
    known = set(known_channels)
    for name, value in credentials.items():
        if value is not None and not isinstance(value, dict):
            raise ConfigError(
                f"{path}: channel '{name}' must be a mapping of settings (or empty), not {value!r}"
            )
        if known and name not in known and "." not in str(name):
            raise ConfigError(
                f"{path}: channel '{name}' is not a channel Rasa knows "
                f"({', '.join(sorted(known))}, or a module.Class path)"
            )
        if "." in str(name):
            _check_importable(path, str(name))
    return credentials


def _check_importable(path: Path, dotted: str) -> None:
    import importlib

    module_name, _, class_name = dotted.rpartition(".")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise ConfigError(f"{path}: channel '{dotted}': cannot import {module_name}: {error}") from error
    if not hasattr(module, class_name):
        raise ConfigError(f"{path}: channel '{dotted}': {module_name} has no {class_name}")


def rasa_channel_names() -> Iterable[str]:
    from rasa.core.channels import BUILTIN_CHANNELS

    return BUILTIN_CHANNELS.keys()


def check_all(directory_path: Optional[Path], endpoints_path: Path, credentials_path: Path) -> None:
    """Every file the servers read at start-up; ConfigError on the first problem."""
    check_directory(directory_path)
    check_endpoints(endpoints_path)
    check_credentials(credentials_path, rasa_channel_names())
