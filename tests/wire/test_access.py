"""The wire's access helpers fetch and authorize at once: 404 unseen, 403 seen but not allowed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.test import RequestFactory

from internationale.accounts.models import User
from internationale.wire import access, permissions
from internationale.wire.models import Report


def _asking(user: User) -> HttpRequest:
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_a_report_the_person_may_not_see_on_the_desk_is_not_found(
    file_report: Callable[..., Report], europe_editor: User
) -> None:
    report = file_report()
    with pytest.raises(Http404):
        access.report_on_desk(_asking(europe_editor), report.pk)
    with pytest.raises(Http404):
        access.report_for(_asking(europe_editor), report.pk, permissions.can_work_on)


def test_a_missing_report_is_not_found(regional_editor: User, db: None) -> None:
    with pytest.raises(Http404):
        access.report_for(_asking(regional_editor), 10**9, permissions.can_work_on)


def test_a_report_seen_but_not_to_be_acted_on_is_forbidden(
    file_report: Callable[..., Report], carla: User
) -> None:
    report = file_report()
    with pytest.raises(PermissionDenied):
        access.report_for(_asking(carla), report.pk, permissions.can_unpublish)


def test_the_allowed_person_gets_themself_and_the_report(
    file_report: Callable[..., Report], carla: User, regional_editor: User
) -> None:
    report = file_report()
    user, found = access.report_for(_asking(carla), report.pk, permissions.can_work_on)
    assert (user, found.pk) == (carla, report.pk)
    user, found = access.report_for(_asking(regional_editor), report.pk, permissions.can_work_on)
    assert (user, found.pk) == (regional_editor, report.pk)
