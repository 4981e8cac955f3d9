"""What residents type stays out of the Rasa server's logs: process-wide settings.

Imported by channels.rest (the REST channel every Rasa server of the project opens),
so they apply to every channel of the process. At the default log level (INFO)
Rasa 3.6 logs no message text or sender id on the normal path; it does on these
error paths, closed here:

- a message that starts with "/" but is not a valid intent payload ("/my address
  is ...") is quoted in full in a UserWarning and in a WARNING line
  ("message.parsing.failed", user_text=...) by Rasa's story reader;
- when the tracker store fails (a locked SQLite file, PostgreSQL down), Rasa logs
  SQLAlchemy's error, whose text ends with the statement's parameters: the sender
  id and, when saving, the events with the message text. Every SQLAlchemy engine
  of the process is made to leave parameters out (`hide_parameters`).

Rasa's own REST channel also logged the text of any message it failed to handle;
channels.rest replaces it and logs the exception's type only.
"""
from __future__ import annotations

import logging
import warnings

from sqlalchemy import event
from sqlalchemy.engine import Engine

_STORY_READER_LOGGER = "rasa.shared.core.training_data.story_reader.yaml_story_reader"


def _hide_sql_parameters(connection, *_) -> None:
    connection.engine.hide_parameters = True


def install() -> None:
    warnings.filterwarnings("ignore", message="Failed to parse arguments in line",
                            category=UserWarning)
    logging.getLogger(_STORY_READER_LOGGER).setLevel(logging.ERROR)
    if not event.contains(Engine, "engine_connect", _hide_sql_parameters):
        event.listen(Engine, "engine_connect", _hide_sql_parameters)


install()
