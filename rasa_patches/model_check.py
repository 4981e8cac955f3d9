"""A Rasa server whose model did not load stops at start-up instead of serving on.

`rasa.core.agent.load_agent` catches any error while loading the model (e.g.
DirectoryError from the directory component: a malformed phone directory), logs it,
and returns an agent without a model; `rasa run` then serves on, answering nothing.
After the server has started, `stop_unless_model_loaded` checks the agent Rasa put in
`app.ctx.agent` (`rasa.core.agent.Agent.is_ready`) and ends the process with
EXIT_NO_MODEL, so the launcher and the tests see the failure.

Registered by the REST channel (channels/rest.py) as an "after_server_start" listener.
Guarded by tests/hardening/test_startup_checks.py (a broken directory stops the server
with this status).
"""

from __future__ import annotations

import logging
import os
from typing import Any

logger = logging.getLogger(__name__)

EXIT_NO_MODEL = 78  # EX_CONFIG
SYMBOLS = ("rasa.core.agent.load_agent", "rasa.core.agent.Agent.is_ready")


def loaded_agent_or_exit(app: Any) -> Any:
    """The server's agent, if its model loaded; else the process ends (status 78)."""
    agent = getattr(app.ctx, "agent", None)
    if agent is None or not agent.is_ready():
        logger.critical(
            "The model could not be loaded (the error is above): the server stops rather than run without it."
        )
        logging.shutdown()
        os._exit(EXIT_NO_MODEL)
    return agent
