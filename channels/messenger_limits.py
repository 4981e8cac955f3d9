"""The limits of Meta's Send API that every message we send must keep.

From Meta's documentation (tests/messenger/fake_graph.py refuses what Meta refuses):

- a text message holds at most 2,000 characters;
- a button template holds at most 640 characters of text and 1 to 3 buttons; a call
  button is {"type": "phone_number", "title": <= 20 characters, "payload": "+1..."}:
  "+", the country code and the number (a short code such as 911 or 988 is refused);
- a message carries at most 13 quick replies, each title at most 20 characters and
  payload at most 1,000 characters.
"""
TEXT_LIMIT = 2000
TEMPLATE_TEXT_LIMIT = 640
MAX_TEMPLATE_BUTTONS = 3
MAX_QUICK_REPLIES = 13
TITLE_LIMIT = 20
PAYLOAD_LIMIT = 1000
