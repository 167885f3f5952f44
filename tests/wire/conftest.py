"""The wire's cast and a few reports, built through the services as people would."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from internationale.accounts.models import Role, User
from internationale.accounts.services import assign_role
from internationale.organizations.models import Country
from internationale.wire import services
from internationale.wire.models import Report, Topic
from tests.conftest import enrol_totp, make_user

BASE = "http://testserver/"


@pytest.fixture
def topics(places: None) -> list[Topic]:
    """The default topics, reloaded if a transactional test flushed the migration's copy."""
    if not Topic.objects.exists():
        from importlib import import_module

        migration = import_module("internationale.wire.migrations.0003_default_topics")
        from django.apps import apps

        migration.load(apps, None)
    return list(Topic.objects.all())


@pytest.fixture
def carla(correspondent: User) -> User:
    """The correspondent for Brazil, who signs as "Ana Terra"."""
    services.save_correspondent(
        user=correspondent, pen_name="Ana Terra", public_name="", byline="pen"
    )
    return correspondent


@pytest.fixture
def language_editor(db: None) -> User:
    """An editor for Arabic, whatever the region."""
    user = make_user("leila.language@example.org")
    assign_role(by=None, user=user, role=Role.EDITOR, language="ar")
    return user


@pytest.fixture
def europe_editor(other_region: Any) -> User:
    user = make_user("erik.europe@example.org")
    assign_role(by=None, user=user, role=Role.EDITOR, region=other_region)
    return user


def logged_in(user: User) -> Client:
    """A browser session for ``user``; staff have their second factor enrolled."""
    enrol_totp(user)
    client = Client()
    client.force_login(user)
    return client


def data(**overrides: Any) -> services.ReportData:
    values: dict[str, Any] = {
        "kind": "report",
        "language": "pt",
        "title": "Greve dos petroleiros chega ao décimo dia",
        "lede": "Trabalhadores de vinte refinarias mantêm a paralisação contra as demissões.",
        "body": "A greve começou no dia 1.\n\nOs **petroleiros** exigem a readmissão.",
        "countries": [Country.objects.get(code="BR")],
        "topics": [],
    }
    values.update(overrides)
    return services.ReportData(**values)


@pytest.fixture
def file_report(carla: User, topics: list[Topic]) -> Callable[..., Report]:
    def make(**overrides: Any) -> Report:
        return services.create_report(by=carla, data=data(**overrides))

    return make


@pytest.fixture
def publish(regional_editor: User) -> Callable[[Report], Report]:
    """Take a draft through the desk to the wire, as the regional editor."""

    def run(report: Report, **kwargs: Any) -> Report:
        if report.state in ("draft", "returned"):
            services.submit_report(by=report.author, report_id=report.pk, base_url=BASE)
        return services.publish_report(
            by=regional_editor, report_id=report.pk, base_url=BASE, **kwargs
        )

    return run
