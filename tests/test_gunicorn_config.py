"""The server's time limit counts from a request's start, plus time for its body to arrive."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace

from gunicorn.config import Config  # type: ignore[import-untyped]
from gunicorn.http.parser import RequestParser  # type: ignore[import-untyped]

from config import gunicorn


def parsed(head: bytes) -> object:
    return next(RequestParser(Config(), iter([head]), ("192.0.2.1", 1)))


def deadline_of(head: bytes) -> float:
    worker = SimpleNamespace(requests_in_flight={})
    gunicorn.pre_request(worker, parsed(head))
    deadline, method, path = worker.requests_in_flight[threading.get_ident()]
    assert (method, path) == (head.split()[0].decode(), "/declarations/")
    return float(deadline) - time.monotonic()


def test_a_request_without_a_body_has_the_time_limit() -> None:
    left = deadline_of(b"GET /declarations/?q=secret HTTP/1.1\r\nHost: x\r\n\r\n")
    assert gunicorn.REQUEST_TIME_LIMIT - 1 < left <= gunicorn.REQUEST_TIME_LIMIT


def test_a_large_upload_has_time_to_arrive_over_a_slow_line() -> None:
    size = 150 * 1024 * 1024
    left = deadline_of(
        b"POST /declarations/ HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % size
    )
    assert left > gunicorn.REQUEST_TIME_LIMIT + 1500  # 25 minutes at 100 KB/s
