"""What the platform's logs may say: no token-bearing path, no client address.

A declaration's confirm and withdraw links, an invitation, an e-mail
confirmation and a password reset carry a secret in their path; whoever reads
a log line that holds one can act as its owner. ``RedactTokenPaths`` replaces
the secret with ``[redacted]`` in every record it sees: Django's handler
carries it (settings.LOGGING), and so do gunicorn's error and access logs
(``ServerLogger``, named by config/gunicorn.py). A new token-bearing URL is
added to ``TOKEN_PATHS`` (tests/web/test_logs.py fails until it is).

gunicorn writes ``Invalid request from ip=…`` for every malformed request;
unless the operator asked for an access log, ``ServerLogger`` drops those lines:
they name the client and let anyone fill the log.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from gunicorn import glogging  # type: ignore[import-untyped]

#: Paths whose next segment is a secret (the URL patterns in declarations/urls.py,
#: accounts/urls.py, organizations/urls.py and allauth's account URLs).
TOKEN_PATHS = (
    "declarations/confirm",
    "declarations/withdraw",
    "accounts/invitation",
    "directory/join/confirm",
    "accounts/confirm-email",
    "accounts/password/reset/key",
)

_SLASH = r"(?:/|%2[Ff])"  # a path may be logged percent-encoded, as in ?next=
_TOKEN_PATH = re.compile(
    rf"({_SLASH}(?:{'|'.join(p.replace('/', _SLASH) for p in TOKEN_PATHS)}){_SLASH})"
    rf"(?:(?!%2[Ff])[^/\s?&#'\"])+"
)
REDACTED = "[redacted]"


def redact(text: str) -> str:
    """``text`` with the secret segment of every token-bearing path replaced."""
    return _TOKEN_PATH.sub(rf"\g<1>{REDACTED}", text)


class RedactTokenPaths(logging.Filter):
    """Rewrite a record whose message or traceback holds a token-bearing path."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class NoClientAddresses(logging.Filter):
    """Drop gunicorn's lines about a malformed request: they name the client's address."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Invalid request from ip=")


_REDACT = RedactTokenPaths()
_NO_ADDRESSES = NoClientAddresses()


class ServerLogger(glogging.Logger):  # type: ignore[misc]
    """gunicorn's logger, with token-bearing paths redacted and client addresses left out."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        self.error_log.addFilter(_REDACT)
        self.access_log.addFilter(_REDACT)
        if not cfg.accesslog:
            self.error_log.addFilter(_NO_ADDRESSES)
        else:
            self.error_log.removeFilter(_NO_ADDRESSES)
