"""The site's URLs plus one that never finishes: for tests/test_server_limits.py only.

Served when the test starts the platform with ROOT_URLCONF=tests.slow_urls (as
benchmarks/sign.py adds its reference view); never part of the site's own URLs.
"""

from __future__ import annotations

import time

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as site


def spin(request: HttpRequest) -> HttpResponse:
    """Keep the processor busy, as a parser looping on hostile input did."""
    deadline = time.monotonic() + 120
    count = 0
    while time.monotonic() < deadline:
        count += 1
    return HttpResponse(str(count))


urlpatterns = [path("test-only/spin/", spin), *site]
