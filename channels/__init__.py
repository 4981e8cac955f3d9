"""The project's own chat channels for Rasa.

The Facebook Messenger channel is `channels.messenger` (Rasa input + output
channel); the plain, Rasa-free parts it is built from live in their own modules:

- `channels.signature`: X-Hub-Signature-256 check and the verify-token check;
- `channels.messenger_events`: what a webhook POST contains, as typed events;
- `channels.messenger_format`: replies as Messenger messages (text split under the
  2,000-character limit, call buttons, quick replies);
- `channels.dedup`: remembers message ids so a redelivered message is answered once;
- `channels.graph`: the Send API client (aiohttp, timeout, token never logged).
"""
