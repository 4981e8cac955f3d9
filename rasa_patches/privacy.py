"""What residents type stays out of the Rasa server's logs, on Rasa's error paths.

At the default log level (INFO) Rasa 3.6 logs no message text or sender id on the
normal path; it does on these error paths, closed here for the whole process:

- a message that starts with "/" but is not a valid intent payload ("/my address
  is ...") is quoted in full in a UserWarning ("Failed to parse arguments in line")
  and in a WARNING line ("message.parsing.failed", user_text=...) by Rasa's story
  reader, `rasa.shared.core.training_data.story_reader.yaml_story_reader`: the
  warning is ignored and that module's logger set to ERROR;
- when the tracker store fails (a locked SQLite file, PostgreSQL down), Rasa logs
  SQLAlchemy's error, whose text ends with the statement's parameters: the sender id
  and, when saving, the events with the message text. Every SQLAlchemy engine of the
  process (`rasa.core.tracker_store.SQLTrackerStore`'s included) is made to leave
  parameters out (`hide_parameters`) when it connects.

Rasa's own REST channel also logged the text of any message it failed to handle;
channels/rest.py replaces it and logs the exception's type only.

Applied by the REST channel (channels/rest.py, opened by every Rasa server of the
project) when it builds its routes, and by `rasa_patches.apply_all()`.
Guarded by tests/unit/test_rasa_patches.py::test_privacy_hides_story_reader_and_sql_parameters
and tests/hardening/test_privacy.py (the logs of a real server).
"""

from __future__ import annotations

import logging
import warnings
from typing import Any, Optional

from sqlalchemy import event
from sqlalchemy.engine import Engine

STORY_READER = "rasa.shared.core.training_data.story_reader.yaml_story_reader"
STORY_READER_WARNING = "Failed to parse arguments in line"
SYMBOLS = (
    f"{STORY_READER}.YAMLStoryReader.unpack_regex_message",  # quotes the text
    "rasa.core.tracker_store.SQLTrackerStore.__init__",
)  # its engine's errors

_saved_level: Optional[int] = None


def _hide_sql_parameters(connection: Any, *_: Any) -> None:
    connection.engine.hide_parameters = True


def _is_our_filter(entry: tuple) -> bool:
    action, message, category = entry[:3]
    return (
        action == "ignore"
        and category is UserWarning
        and message is not None
        and message.pattern == STORY_READER_WARNING
    )


def _filter_comes_first() -> bool:
    """Ours is the first filter: the first matching filter decides, and `rasa run`
    puts its own ("once" for every UserWarning) in front when it starts, after
    `apply_all()` has run."""
    return bool(warnings.filters) and _is_our_filter(warnings.filters[0])


def is_applied() -> bool:
    return (
        _filter_comes_first()
        and logging.getLogger(STORY_READER).level == logging.ERROR
        and event.contains(Engine, "engine_connect", _hide_sql_parameters)
    )


def apply() -> None:
    global _saved_level
    if not _filter_comes_first():
        warnings.filters[:] = [entry for entry in warnings.filters if not _is_our_filter(entry)]
        warnings.filterwarnings("ignore", message=STORY_READER_WARNING, category=UserWarning)
    reader = logging.getLogger(STORY_READER)
    if reader.level != logging.ERROR:
        _saved_level = reader.level
        reader.setLevel(logging.ERROR)
    if not event.contains(Engine, "engine_connect", _hide_sql_parameters):
        event.listen(Engine, "engine_connect", _hide_sql_parameters)


def undo() -> None:
    global _saved_level
    warnings.filters[:] = [entry for entry in warnings.filters if not _is_our_filter(entry)]
    warnings._filters_mutated()  # type: ignore[attr-defined] - what filterwarnings calls
    if _saved_level is not None:
        logging.getLogger(STORY_READER).setLevel(_saved_level)
        _saved_level = None
    if event.contains(Engine, "engine_connect", _hide_sql_parameters):
        event.remove(Engine, "engine_connect", _hide_sql_parameters)
