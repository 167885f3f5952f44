"""Request-level limits: a request body the site can read, of a size the page accepts.

``RequestLimitsMiddleware`` stands early in ``MIDDLEWARE``, before anything reads
the body (the CSRF check does). It refuses, with a short page in the reader's
language and one log line:

- a charset the site cannot decode as ASCII-compatible text (``utf-16``,
  ``utf-8-sig``, ``base64``, ``rot13``, ``idna``, an unknown name): 400. A form
  posted URL-encoded must be UTF-8 (Django decodes nothing else);
- a body larger than the page accepts, judged by ``Content-Length`` before a
  byte of it is read: 413. The limit is ``settings.MAX_REQUEST_BODY_BYTES``, and an
  upload view adds the largest file it takes with ``@accepts_upload(max_bytes)``. A body sent
  chunked, without ``Content-Length``, is never read by Django at all;
- a form body Django cannot parse (multipart without a boundary or with a
  broken one, too many fields, fields larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE``):
  400 or 413, where Django would log a traceback or answer 500.
"""

from __future__ import annotations

import codecs
import functools
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.http import HttpRequest, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.template import loader
from django.utils.log import log_response

#: The attribute ``accepts_upload`` sets on a view (``functools.wraps`` carries it
#: through the decorators stacked above).
ALLOWANCE = "max_upload_bytes"

FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")

#: ASCII text, with an escape that shifts stateful codecs (ISO-2022) and a Python escape.
_PRINTABLE = b"\\u0041\x1b$B" + bytes(range(0x20, 0x7F)) + b"\t\n\r"

ViewT = TypeVar("ViewT", bound=Callable[..., Any])


def accepts_upload(max_bytes: int) -> Callable[[ViewT], ViewT]:
    """Let a view receive a file of up to ``max_bytes`` besides the usual form fields."""

    def decorate(view: ViewT) -> ViewT:
        setattr(view, ALLOWANCE, max_bytes)
        return view

    return decorate


@functools.lru_cache(maxsize=64)
def readable_charset(name: str) -> str | None:
    """The codec's own name if it decodes ASCII text as ASCII both ways, else None.

    UTF-8, ASCII, Latin-1, the ISO 8859 and Windows code pages pass; UTF-16/32,
    UTF-8 with its signature, UTF-7, IDNA, ISO-2022, EBCDIC, Python's escapes and
    the bytes-to-bytes codecs (base64, rot13, zlib…) do not; nor does an unknown name.
    """
    try:
        codec = codecs.lookup(name)
        with warnings.catch_warnings():  # unicode_escape warns of the escapes it meets
            warnings.simplefilter("ignore")
            text = _PRINTABLE.decode(codec.name)
        same = text == _PRINTABLE.decode("ascii") and text.encode(codec.name) == _PRINTABLE
    except (LookupError, ValueError, TypeError):
        return None
    return codec.name if same else None


def _refuse(request: HttpRequest, status: int, reason: str) -> HttpResponse:
    template = "413.html" if status == 413 else "400.html"
    response = HttpResponse(loader.get_template(template).render(), status=status)
    # One line, through django.request like Django's own 4xx lines (never a traceback).
    log_response(
        "%s (%s): %s %s",
        response.reason_phrase,
        reason,
        request.method,
        request.path,
        response=response,
        request=request,
    )
    return response


class RequestLimitsMiddleware:
    """Refuse unreadable charsets, oversized and unparsable bodies before a view runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        charset = request.content_params.get("charset") if request.content_params else None
        if charset is not None:
            codec = readable_charset(charset[:40])
            if codec is None or (
                request.content_type == "application/x-www-form-urlencoded" and codec != "utf-8"
            ):
                return _refuse(request, 400, f"charset {charset[:40]!r}")
            request.encoding = codec  # "UTF8" read as "utf-8", as Django expects
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: object,
        view_kwargs: object,
    ) -> HttpResponse | None:
        allowed = settings.MAX_REQUEST_BODY_BYTES + getattr(view_func, ALLOWANCE, 0)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads nothing of such a body
        if length > allowed:
            return _refuse(request, 413, f"{length} bytes, at most {allowed}")
        if request.method == "POST" and request.content_type in FORM_TYPES:
            try:
                request.POST  # noqa: B018 -- parse the body here, once, where errors are caught
            except RequestDataTooBig:
                return _refuse(request, 413, "form fields too large")
            except (MultiPartParserError, SuspiciousOperation, BadRequest) as error:
                return _refuse(request, 400, str(error)[:80])
            except (UnreadablePostError, ValueError, LookupError) as error:
                return _refuse(request, 400, type(error).__name__)
        return None
