"""Every <time datetime> is a valid HTML date or date and time: at most three digits of a
second's fraction (the Nu checker refused the microseconds Django's "c" format gives)."""

from __future__ import annotations

import re

from internationale.demo import load_demo
from internationale.wire.models import Report

#: HTML's valid date string, or global date and time string (a date, "T", a time, a zone).
VALID = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2}))?")


def test_every_time_element_carries_a_valid_html_datetime(places, staff_client) -> None:
    load_demo()
    report = Report.objects.filter(published_at__isnull=False).first()
    assert report is not None
    pages = [
        "/wire/",
        f"/wire/report/{report.pk}/",
        "/wire/search/?q=land",
        "/wire/desk/",
        f"/wire/desk/{report.pk}/",
        "/directory/applications/",
        "/staff/audit/",
        "/accounts/invitations/",
        # The congress's pages: deadlines, the apportionment's moment, figures, bulletins.
        "/congresses/world-congress-2027/",
        "/congresses/world-congress-2027/sections/",
        "/congresses/world-congress-2027/sections/figures/",
        "/congresses/world-congress-2027/debate/",
        "/congresses/world-congress-2027/debate/bulletins/1/",
        "/congresses/world-congress-2027/agenda/",
    ]
    seen = 0
    for path in pages:
        response = staff_client.get(path)
        assert response.status_code == 200, path
        for value in re.findall(r'<time datetime="([^"]*)"', response.content.decode()):
            assert VALID.fullmatch(value), f"{path}: {value}"
            seen += 1
    assert seen >= 10  # the pages above show dates: the check is not empty
