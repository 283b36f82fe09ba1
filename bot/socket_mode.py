"""Socket Mode: slack_sdk's built-in client, made to switch connections without a stall.

slack_sdk's `SocketModeClient` (slack_sdk.socket_mode.builtin) reads every connection on one
thread, in reads of up to 3 s that hold the connection's receive lock. When Slack asks for a
reconnect (a `disconnect` message, `refresh_requested` or `warning`), its message thread opens
a new connection, then closes the old one, and closing waits for that lock: until the old
socket's read times out, nothing is read from the new connection and no other message is
handled. The first envelope after a refresh was acked 0.4-0.9 s late and after a `warning`
about 2.7 s late, close to Slack's 3 s deadline (an event comes again with `retry_attempt`, a
slash command fails for the person). And when Slack or the network closes the connection, the
client sees it only at its next health check (`ping_interval`, 10 s in Bolt's handler), so a
cut took 6-9 s to mend. `bench/bench_socket.py` measures both clients.

`SocketModeClient` below changes only how connections are switched:
- each connection gets its own reading thread the moment it opens, so the new one is read at
  once while the old one drains what Slack still sends on it (Slack closes it; we do after
  DRAIN_SECONDS if it has not);
- a connection that ends while it is the current one is replaced at once;
- the TLS context is made once, not for every connection (slack_sdk makes a default one each
  time when the WebClient has none: reading the system's CA certificates, about 0.2 s);
- a refused app token is raised without slack_sdk's own ERROR line first: the caller says it
  once (for `serve --socket`, one line naming SLACK_APP_TOKEN).
Envelopes, acks, pings and the health check are slack_sdk's own.
"""

from __future__ import annotations

import ssl
import threading
import time
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler as BoltSocketModeHandler
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode.builtin import SocketModeClient as BuiltinSocketModeClient
from slack_sdk.socket_mode.builtin.connection import Connection, ConnectionState

# Slack closes a connection about 10 s after its `warning`; one still open well after that is
# closed by us, so a server that never closes it does not keep a thread and a socket.
DRAIN_SECONDS = 15.0
# How often the health check pings the current connection (Bolt's handler's default).
PING_INTERVAL_SECONDS = 10.0


class SocketModeClient(BuiltinSocketModeClient):
    """slack_sdk's built-in client with one reading thread per connection (see the module)."""

    def __init__(self, app_token: str, **kwargs: Any) -> None:
        super().__init__(app_token, **kwargs)
        # The base class reads the current connection on this one shared thread; ours are per
        # connection (_read), so it has nothing to do. It is idle now: stopping it is instant.
        self.current_session_runner.shutdown()  # type: ignore[no-untyped-call]
        self._ssl_context = self.web_client.ssl or ssl.create_default_context()
        self._draining: set[tuple[Connection, ConnectionState]] = set()
        self._draining_lock = threading.Lock()

    def issue_new_wss_url(self) -> str:
        """apps.connections.open; a refusal is raised as it came, logged by nobody here."""
        while True:
            try:
                response = self.web_client.apps_connections_open(app_token=self.app_token)
                return str(response["url"])
            except SlackApiError as error:
                if error.response.get("error") != "ratelimited":
                    raise  # (the base class logs it at ERROR first): the caller tells it once
                time.sleep(float(error.response.headers.get("Retry-After", "30")))

    def connect(self) -> None:
        """Open a new connection, read it at once, and let the previous one drain."""
        if self.wss_uri is None:
            self.wss_uri = self.issue_new_wss_url()
        session = self._new_connection(self.wss_uri)
        session.connect()  # on failure it logs, and leaves the session inactive
        if not session.is_active():
            self.wss_uri = None  # the URL is good for one connection: ask for a fresh one
            return  # the current connection (if any) stays; the health check tries again
        old = (self.current_session, self.current_session_state)
        state = ConnectionState()  # type: ignore[no-untyped-call]
        self.current_session, self.current_session_state = session, state
        self.auto_reconnect_enabled = self.default_auto_reconnect_enabled
        reader = threading.Thread(
            target=self._read, args=(session, state), name="socket-mode-read", daemon=True
        )
        reader.start()
        if old[0] is not None:
            self._drain(old[0], old[1])
        if not self.current_app_monitor_started:
            self.current_app_monitor_started = True
            self.current_app_monitor.start()
        self.logger.info(f"A new session has been established (session id: {session.session_id})")

    def close(self) -> None:
        super().close()
        with self._draining_lock:
            draining, self._draining = self._draining, set()
        for session, state in draining:
            self._retire(session, state)

    def _new_connection(self, url: str) -> Connection:
        """A connection set up as the base class's connect() sets it up."""
        return Connection(
            url=url,
            logger=self.logger,
            ping_interval=self.ping_interval,
            trace_enabled=self.trace_enabled,
            all_message_trace_enabled=self.all_message_trace_enabled,
            ping_pong_trace_enabled=self.ping_pong_trace_enabled,
            receive_buffer_size=self.receive_buffer_size,
            proxy=self.proxy,
            proxy_headers=self.proxy_headers,
            on_message_listener=self._on_message,
            on_error_listener=self._on_error,
            on_close_listener=self._on_close,
            ssl_context=self._ssl_context,
        )

    def _read(self, session: Connection, state: ConnectionState) -> None:
        """Read one connection until it ends; if it was the current one, reconnect now."""
        try:
            session.run_until_completion(state)
        except Exception as error:  # it catches its own; this only keeps the thread quiet
            self.logger.error(f"Socket Mode reading stopped ({type(error).__name__}: {error})")
        if session is not self.current_session or self.closed or not self.auto_reconnect_enabled:
            return
        # Slack or the network ended the current connection. The base class would wait for its
        # health check; connect_to_new_endpoint takes the same lock, so only one reconnects.
        try:
            self.connect_to_new_endpoint()
        except Exception as error:
            self.logger.error(
                f"Socket Mode: cannot reconnect yet ({type(error).__name__}: {error}); "
                "the health check tries again"
            )

    def _drain(self, session: Connection, state: ConnectionState) -> None:
        """Keep reading a replaced connection until Slack closes it, or DRAIN_SECONDS pass."""
        if not session.is_active():
            state.terminated = True  # already closed: its reader stops
            return
        with self._draining_lock:
            self._draining.add((session, state))
        timer = threading.Timer(DRAIN_SECONDS, self._retire, args=(session, state))
        timer.daemon = True
        timer.start()

    def _retire(self, session: Connection, state: ConnectionState) -> None:
        with self._draining_lock:
            self._draining.discard((session, state))
        state.terminated = True
        # Waits for the reader's current read (up to 3 s) to let go of the socket; nobody
        # waits for this thread.
        session.close()


class SocketModeHandler(BoltSocketModeHandler):
    """Bolt's Socket Mode handler on our client."""

    def __init__(self, app: App, app_token: str) -> None:
        # Not super().__init__(): Bolt's builds slack_sdk's client there, which starts its
        # threads at once. The rest of what it sets up is these three lines.
        self.app = app
        self.app_token = app_token
        self.client = SocketModeClient(
            app_token,
            logger=app.logger,
            web_client=app.client,
            proxy=app.client.proxy,
            ping_interval=PING_INTERVAL_SECONDS,
        )
        self.client.socket_mode_request_listeners.append(self.handle)  # type: ignore[arg-type]
