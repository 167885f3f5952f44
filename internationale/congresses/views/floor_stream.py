"""The floor as a stream of server-sent events, where the server has threads for it.

Each open stream holds one of gunicorn's threads, so streams are off unless the
operator gives the server threads for them (docs/decisions/0027): FLOOR_STREAMS,
the streams one process keeps open at most, beside gunicorn's threads
(`internationale serve --floor-streams N` sets both). Past that number, or
when streams are off, the stream answers 204, which tells the page's
EventSource not to come back; floor.js then polls the state instead.

One watcher thread per process reads the versions of the floors being followed
every WATCH_EVERY seconds and builds each new state once; the streams wait on
it and hold no database connection. A stream ends after 10 to 25 seconds (STREAM_SECONDS,
under the server's request time limit) and the page reconnects, naming the last
version it saw.
"""

from __future__ import annotations

import json
import os
import random
import threading
import time
from collections.abc import Iterator

from django.db import close_old_connections, connections
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import translation
from django.views.decorators.http import require_GET

from internationale.congresses import queries_floor
from internationale.congresses.models import FloorState
from internationale.congresses.views.floor import _token_congress
from internationale.congresses.views.floor_agenda import language

#: A stream lasts between these many seconds, at random, so that the pages opened
#: together do not all come back together.
STREAM_SECONDS = (10.0, 25.0)
WATCH_EVERY = 0.1
KEEP_ALIVE = 10.0


def streams_allowed() -> int:
    return int(os.environ.get("FLOOR_STREAMS", "0") or 0)


class Watcher:
    """This process's one reader of the followed floors' versions."""

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.versions: dict[int, int] = {}
        self.followed: dict[int, int] = {}  # congress id -> open streams
        self.thread: threading.Thread | None = None
        self.pid = 0

    def room(self) -> bool:
        """Whether one more stream may open (FLOOR_STREAMS); starts the watcher."""
        with self.changed:
            if sum(self.followed.values()) >= streams_allowed():
                return False
            if self.thread is None or self.pid != os.getpid() or not self.thread.is_alive():
                self.pid = os.getpid()
                self.thread = threading.Thread(
                    target=self._watch, name="floor-watcher", daemon=True
                )
                self.thread.start()
            return True

    def follow(self, congress_id: int) -> None:
        with self.changed:
            self.followed[congress_id] = self.followed.get(congress_id, 0) + 1

    def leave(self, congress_id: int) -> None:
        with self.changed:
            self.followed[congress_id] -= 1
            if not self.followed[congress_id]:
                del self.followed[congress_id]

    def wait(self, congress_id: int, after: int, timeout: float) -> int:
        """The floor's version once it passes ``after``, or as it is after ``timeout``."""
        with self.changed:
            self.changed.wait_for(lambda: self.versions.get(congress_id, 0) > after, timeout)
            return self.versions.get(congress_id, 0)

    def _watch(self) -> None:
        while True:
            time.sleep(WATCH_EVERY)
            try:
                self._read()
            except Exception:  # noqa: BLE001 (the database away a moment: read again)
                connections.close_all()

    def _read(self) -> None:
        followed = list(self.followed)
        if not followed:
            return
        rows = dict(
            FloorState.objects.filter(congress_id__in=followed).values_list(
                "congress_id", "version"
            )
        )
        with self.changed:
            moved = any(self.versions.get(c) != v for c, v in rows.items())
            self.versions.update(rows)
            if moved:
                self.changed.notify_all()


watcher = Watcher()
_building = threading.Lock()


def _event(congress_id: int, version: int, language_code: str) -> str:
    with _building:  # one thread builds a new state; the others find it built
        floor = queries_floor.floor_at(congress_id, version, language_code)
        connections.close_all()
    with translation.override(language_code):
        data = json.dumps(floor.as_json())
    return f"id: {floor.version}\nevent: floor\ndata: {data}\n\n"


def _events(congress_id: int, after: int, language_code: str) -> Iterator[str]:
    watcher.follow(congress_id)
    try:
        yield "retry: 1000\n\n"
        close_old_connections()
        connections.close_all()  # a stream holds no database connection while it waits
        ends = time.monotonic() + random.uniform(*STREAM_SECONDS)  # noqa: S311 (not a secret)
        while (left := ends - time.monotonic()) > 0:
            version = watcher.wait(congress_id, after, min(left, KEEP_ALIVE))
            if version > after:
                yield _event(congress_id, version, language_code)
                after = version
            else:
                yield ": still here\n\n"
    finally:
        watcher.leave(congress_id)


@require_GET
def floor_stream(request: HttpRequest, slug: str) -> HttpResponseBase:
    """The state as events for a follower's token (from the floor's pages); 204 when
    streams are off or all taken, 403 for a token that does not name this floor."""
    congress_id = _token_congress(request.GET.get("t", ""))
    if congress_id is None or queries_floor.version_by(congress_id, slug) is None:
        return HttpResponse(status=403)
    last = request.headers.get("Last-Event-ID", "")
    after = int(last) if last.isdigit() else 0
    if not watcher.room():
        return HttpResponse(status=204)
    response = StreamingHttpResponse(
        _events(congress_id, after, language()), content_type="text/event-stream"
    )
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response
