"""The limits of Meta's Send API that every message we send must keep.

From Meta's documentation (tests/messenger/fake_graph.py refuses what Meta refuses):

- a text message holds at most 2,000 characters;
- a button template holds at most 640 characters of text and 1 to 3 buttons; a call
  button is {"type": "phone_number", "title": <= 20 characters, "payload": "+1..."}:
  "+", the country code and the number (a short code such as 911 or 988 is refused);
- a message carries at most 13 quick replies, each title at most 20 characters and
  payload at most 1,000 characters.
"""

# The values live with every other limit, in settings/limits.py; these are their Messenger names.
from settings.limits import MESSENGER_PAYLOAD_CHARS as PAYLOAD_LIMIT  # noqa: F401
from settings.limits import MESSENGER_QUICK_REPLIES as MAX_QUICK_REPLIES  # noqa: F401
from settings.limits import MESSENGER_TEMPLATE_BUTTONS as MAX_TEMPLATE_BUTTONS  # noqa: F401
from settings.limits import MESSENGER_TEMPLATE_TEXT_CHARS as TEMPLATE_TEXT_LIMIT  # noqa: F401
from settings.limits import MESSENGER_TEXT_CHARS as TEXT_LIMIT  # noqa: F401
from settings.limits import MESSENGER_TITLE_CHARS as TITLE_LIMIT  # noqa: F401
