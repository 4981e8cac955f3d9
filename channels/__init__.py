"""The project's own chat channels for Rasa.

The Facebook Messenger channel is `channels.messenger` (Rasa input + output
channel); the plain, Rasa-free parts it is built from live in their own modules:

- `channels.signature`: X-Hub-Signature-256 check and the verify-token check;
- `channels.messenger_events`: what a webhook POST contains, as typed events;
- `channels.messenger_format`: one reply as Messenger messages, built from
  `channels.messenger_limits` (Meta's limits), `channels.messenger_calls` (call
  buttons), `channels.messenger_titles` (20-character titles) and
  `channels.text_split` (long text split where a reader would);
- `channels.text`: `clean_text`, how every channel cleans a resident's text;
- `channels.dedup`: remembers message ids so a redelivered message is answered once;
- `channels.graph`: the Send API client (aiohttp, timeout, token never logged).
"""
