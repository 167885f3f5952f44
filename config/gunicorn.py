"""gunicorn's settings for Internationale: `gunicorn -c python:config.gunicorn config.wsgi`.

`internationale serve` uses this module and adds the address, the number of
workers and, when asked, the access log. An operator who runs gunicorn as a
service directly should name it too (docs/operators.md).

Threads (gthread) serve slow clients without a process each; but gunicorn's
``timeout`` only replaces a worker whose main loop stops, and a gthread
worker's main loop goes on while a thread is stuck in a request. So each worker
watches its own requests: one running longer than ``REQUEST_TIME_LIMIT``
seconds (30 by default; more for a large body, see below) is logged in one line
(method and path, no query), the worker stops taking connections, gives its
other requests a moment to finish, and exits; the arbiter starts a fresh one.
A request stuck in C code that holds the interpreter lock also stops the
worker's heartbeat: ``timeout`` replaces that one. Decision 0018.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any

from internationale.core.logs import redact

REQUEST_TIME_LIMIT = float(os.environ.get("REQUEST_TIME_LIMIT", "30"))
#: A request with a body gets one more second for every this many bytes of it, so
#: that an upload over a slow line (a 150 MB video at 100 KB/s) is not cut while it is
#: still arriving. Behind a proxy that buffers bodies (nginx does) this is not needed.
REQUEST_BODY_BYTES_PER_SECOND = 100_000
#: Seconds the other requests of a worker being replaced get to finish.
REPLACEMENT_GRACE = 5.0
#: The exit status of a worker that replaced itself (the arbiter logs it).
STUCK_EXIT = 70  # EX_SOFTWARE

worker_class = "gthread"
threads = 4
# The arbiter replaces a worker whose heartbeat stops for this long.
timeout = max(60, int(REQUEST_TIME_LIMIT * 2))
graceful_timeout = 10
keepalive = 5
# The request line (the longest URL the site makes is far shorter), the number of
# headers and the size of one (cookies included): refused by gunicorn above these.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190
# No token-bearing path in a line; no client address unless an access log is asked for.
logger_class = "internationale.core.logs.ServerLogger"


def post_worker_init(worker: Any) -> None:
    worker.requests_in_flight = {}
    threading.Thread(target=_watch, args=(worker,), name="request-time-limit", daemon=True).start()


def pre_request(worker: Any, req: Any) -> None:
    deadline = (
        time.monotonic() + REQUEST_TIME_LIMIT + _body_length(req) / REQUEST_BODY_BYTES_PER_SECOND
    )
    worker.requests_in_flight[threading.get_ident()] = (deadline, req.method, req.path)


def _body_length(req: Any) -> int:
    for name, value in req.headers:
        if name == "CONTENT-LENGTH":
            return int(value) if value.isascii() and value.isdigit() else 0
    return 0


def post_request(worker: Any, req: Any, environ: Any, resp: Any) -> None:
    worker.requests_in_flight.pop(threading.get_ident(), None)


def _watch(worker: Any) -> None:
    """Replace this worker when one of its requests runs past the time limit."""
    every = min(1.0, REQUEST_TIME_LIMIT / 4)
    stuck: set[int] = set()
    while not stuck:
        time.sleep(every)
        now = time.monotonic()
        requests = dict(worker.requests_in_flight)
        stuck = {i for i, (deadline, _, _) in requests.items() if now > deadline}
    _, method, path = requests[min(stuck)]
    worker.log.error(
        "A request ran past the %g s limit; worker %s is replaced: %s %s",
        REQUEST_TIME_LIMIT, os.getpid(), method, redact(path),
    )  # fmt: skip
    worker.alive = False  # accept nothing more; let the other requests finish
    deadline = time.monotonic() + REPLACEMENT_GRACE
    while time.monotonic() < deadline and set(worker.requests_in_flight) - stuck:
        time.sleep(0.1)
    os._exit(STUCK_EXIT)  # the stuck thread cannot be stopped otherwise
