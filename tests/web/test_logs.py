"""No log line holds the secret of a confirm, withdraw, invitation or reset link."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from internationale.core.logs import RedactTokenPaths, redact

SECRET = "Zk3uSECRETtoken_9-x"


def routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, route)
        else:
            yield route


def test_every_path_that_carries_a_secret_is_redacted() -> None:
    # A parameter named token or key (allauth's e-mail and reset keys) is a secret.
    secret_routes = [
        r for r in routes(get_resolver().url_patterns) if re.search(r"<(\w+:)?(token|key)>", r)
    ]
    assert len(secret_routes) >= 5, secret_routes
    for route in secret_routes:
        path = "/" + re.sub(r"<[^>]+>|\(\?P<\w+>[^)]*\)", SECRET, route)
        path = re.sub(r"[\\^$]", "", path)
        assert SECRET in path, route
        line = f"Not Found: {path} (from /?next={path.replace('/', '%2F')})"
        assert SECRET not in redact(line), (route, redact(line))
    assert redact("GET /declarations/week/signatories/") == "GET /declarations/week/signatories/"


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    """What the site's one log handler writes (its filter included)."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    output = io.StringIO()
    previous = handler.setStream(output)  # type: ignore[attr-defined]
    yield output
    handler.setStream(previous)  # type: ignore[attr-defined]


def test_refused_requests_on_token_paths_log_no_token(places, log_output) -> None:
    client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    paths = [f"/declarations/{p}/{SECRET}/" for p in ("confirm", "withdraw")]
    paths += [f"/accounts/{p}/{SECRET}/" for p in ("invitation", "confirm-email")]
    for path in paths:
        client.get(path)  # an unknown token: 404
        client.post(path, {"x": "1"})  # no CSRF token: 403
        client.post(path, "x=1", content_type="application/x-www-form-urlencoded; charset=utf-16")
        client.get(path.replace(SECRET, SECRET + "/nothing-here/"))  # 404 from the resolver
    written = log_output.getvalue()
    assert "Not Found: /declarations/confirm/[redacted]/" in written
    assert "Forbidden (CSRF" in written
    assert "Bad Request (charset" in written
    assert SECRET not in written


def test_a_traceback_that_names_a_token_path_is_redacted(log_output) -> None:
    logger = logging.getLogger("django.request")
    try:
        raise ValueError(f"cannot serve /accounts/password/reset/key/1-{SECRET}/")
    except ValueError:
        logger.exception("Internal Server Error: %s", f"/declarations/withdraw/{SECRET}/")
    written = log_output.getvalue()
    assert "Internal Server Error: /declarations/withdraw/[redacted]/" in written
    assert "ValueError: cannot serve /accounts/password/reset/key/[redacted]/" in written
    assert SECRET not in written


def test_the_filter_leaves_other_records_alone() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "Not Found: %s", ("/x/",), None)
    assert RedactTokenPaths().filter(record)
    assert (record.msg, record.args) == ("Not Found: %s", ("/x/",))


@pytest.mark.parametrize("access_log", [False, True])
def test_gunicorn_names_a_client_only_when_an_access_log_is_asked_for(access_log) -> None:
    from gunicorn.config import Config  # type: ignore[import-untyped]

    from internationale.core.logs import ServerLogger

    config = Config()
    if access_log:
        config.set("accesslog", "-")
    logger = ServerLogger(config)
    output = io.StringIO()
    for handler in logger.error_log.handlers:
        handler.setStream(output)
    logger.warning("Invalid request from ip=192.0.2.7: Invalid HTTP request line: 'GET /x y'")
    logger.error("Error handling request %s", f"/declarations/confirm/{SECRET}/?a=1")
    written = output.getvalue()
    assert ("192.0.2.7" in written) == access_log
    assert "Error handling request /declarations/confirm/[redacted]/?a=1" in written
    if access_log:  # the access log's lines, when asked for, hold no secret either
        for handler in logger.access_log.handlers:
            handler.setStream(output)
        logger.access_log.info(
            "%(r)s %(s)s", {"r": f"GET /accounts/invitation/{SECRET}/", "s": 404}
        )
        assert "GET /accounts/invitation/[redacted]/ 404" in output.getvalue()
    assert SECRET not in output.getvalue()
