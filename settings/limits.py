"""Every limit in one place: bytes, characters, counts and time bounds, with why.

The modules that enforce them import them from here; README ("Limits of the public
endpoints") quotes the public ones. A limit a deployment may change is a setting
(settings/__init__.py) whose default comes from here.
"""

from __future__ import annotations

KIB = 1024

# --- what a client may send to a Rasa server -----------------------------------------
# The Rasa server and the action server are Sanic apps: the launcher gives them these
# as SANIC_* variables (launcher/stack.py). A larger body is refused with 413 before
# any code of ours or Rasa's reads it.
MAX_REQUEST_BYTES = 64 * KIB  # REST, Messenger and socket.io polling bodies
MAX_WEBSOCKET_BYTES = MAX_REQUEST_BYTES  # one websocket message (also socket.io's buffer)
# The action server is reached only by the Rasa server, on loopback, with the whole
# conversation and domain in each call: a long conversation is far over 64 KiB.
ACTION_SERVER_MAX_REQUEST_BYTES = 100 * 1024 * KIB
REQUEST_TIMEOUT_S = 10  # to receive a whole request's headers; then 408
RESPONSE_TIMEOUT_S = 15  # to answer one; below the chat widget's 20 s

MAX_MESSAGE_CHARS = 5_000  # the rest of a longer message is cut off (REST, socket.io, Messenger)
MAX_SENDER_CHARS = 255  # the tracker store's sender_id column
RETRY_AFTER_S = 5  # the Retry-After of a 503 (channels/rest.py, nginx's error body)
# The safety matcher reads only this much of a message: it must stay fast on a
# 20,000-character paste, and residents state the danger early.
SAFETY_MAX_CHARS = 2_000

# --- the Rasa server's waits ---------------------------------------------------------
ACTION_TIMEOUT_S = 5  # per lookup (JTPD_ACTION_TIMEOUT_S); Rasa's own is 5 minutes
SQLITE_BUSY_TIMEOUT_S = 1  # a statement waits this long for a lock another process holds
GRACEFUL_SHUTDOWN_S = 10  # a stopping server finishes what it does (SANIC_GRACEFUL_SHUTDOWN_TIMEOUT)

# --- Messenger ------------------------------------------------------------------------
GRAPH_TIMEOUT_S = 10.0  # one Send API call
MESSENGER_SEEN_IDS = 10_000  # message ids remembered to drop Meta's redeliveries
MESSENGER_SEEN_IDS_S = 24 * 60 * 60  # ... for this long
# Meta's own limits on what the Send API accepts.
MESSENGER_TEXT_CHARS = 2_000
MESSENGER_TEMPLATE_TEXT_CHARS = 640
MESSENGER_TEMPLATE_BUTTONS = 3
MESSENGER_QUICK_REPLIES = 13
MESSENGER_TITLE_CHARS = 20  # a button's or quick reply's title; the directory's short names
MESSENGER_PAYLOAD_CHARS = 1_000

# --- production mode: the lock store (scaling/lock_store.py) ----------------------------
LOCK_LIFETIME_S = 5.0  # a lock whose holder stopped renewing it (killed) is free after this
LOCK_POLL_INTERVAL_S = 0.05  # how often a waiting message looks whether its turn came
LOCK_KEY_GRACE_S = 60  # a lock key outlives its last ticket by this much
TRACKER_CACHE_CONVERSATIONS = 500  # conversations a Rasa server keeps in memory

# --- production mode: nginx (launcher/nginx.conf.template) ------------------------------
# nginx refuses larger bodies itself; the Rasa servers refuse those over
# MAX_REQUEST_BYTES (413) as they do without nginx.
NGINX_MAX_BODY_BYTES = 256 * KIB
UPSTREAM_FAIL_S = 5  # a server that refused or dropped a connection is skipped this long
PROXY_CONNECT_TIMEOUT_S = 2
PROXY_READ_TIMEOUT_S = 120  # above RESPONSE_TIMEOUT_S: the server's 503 comes first
PROXY_RETRY_TIMEOUT_S = 30  # retrying a refused request on the other servers
SOCKETIO_READ_TIMEOUT_S = 3600  # a websocket may stay open and quiet this long

# --- the launcher ---------------------------------------------------------------------------
STARTUP_TIMEOUT_S = 240.0  # a server that does not answer by then did not start
SUPERVISE_INTERVAL_S = 1.0  # how often the launcher looks for a child that died
MIN_UPTIME_BEFORE_RESTART_S = 30.0  # a child that keeps dying is started at most this often
STOP_TIMEOUT_S = 15  # after SIGTERM, before SIGKILL
HEALTH_CHECK_TIMEOUT_S = 2  # one "does it answer yet" request
PORT_ATTEMPTS = 5  # a picked free port taken meanwhile is replaced this many times
