"""A section declares its membership, the secretariat validates it, and the sections page
shows the apportionment computed again, with its calculation: in English and in Arabic,
with a look at every page reached."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from internationale.accounts.models import Role, User
from internationale.accounts.services import assign_role
from internationale.congresses.models import Congress, MembershipFigure, Phase, SectionAllotment
from internationale.congresses.services.sections import decide_figure, declare_figure
from internationale.organizations.models import Country, Organization, OrganizationStatus
from tests.browser.look import look
from tests.conftest import enrol_totp, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def logged_in_context(browser: Any, live_server: Any, user: User, language: str) -> Any:
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale=language)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context


def _sections(secretariat: User) -> tuple[Congress, Organization, User]:
    congress = Congress.objects.create(
        title="XV World Congress", slug="xv", phase=Phase.DEBATE, delegates_total=12
    )
    argentina = Organization.objects.create(
        name="Partido Socialista Unificado de los Trabajadores",
        country=Country.objects.get(code="AR"),
        status=OrganizationStatus.OFFICIAL_SECTION,
    )
    lebanon = Organization.objects.create(
        name="حزب العمال",
        country=Country.objects.get(code="LB"),
        status=OrganizationStatus.SYMPATHIZING_SECTION,
    )
    representative = make_user("paula.argentina@example.org")
    assign_role(by=None, user=representative, role=Role.REPRESENTATIVE, organization=argentina)
    lebanese = make_user("karim.lebanon@example.org")
    assign_role(by=None, user=lebanese, role=Role.REPRESENTATIVE, organization=lebanon)
    figure = declare_figure(
        by=lebanese,
        congress_id=congress.pk,
        organization_id=lebanon.pk,
        members=333,
        as_of=congress.phase_since.date(),
    )
    decide_figure(by=secretariat, congress_id=congress.pk, figure_id=figure.pk, accept=True)
    return congress, argentina, representative


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_section_declares_the_secretariat_validates_and_the_seats_are_recomputed(
    places, live_server, browser, artifacts, secretariat, language
) -> None:
    congress, argentina, representative = _sections(secretariat)
    sections_url = live_server.url + reverse("congresses:sections", args=[congress.slug])
    context = logged_in_context(browser, live_server, representative, language)
    page = context.new_page()
    page.goto(sections_url)
    look(page, artifacts, f"congress-sections-before-{language}")
    with page.expect_navigation():
        page.click(f"a[href$='/sections/{argentina.pk}/figure/']")
    look(page, artifacts, f"congress-sections-figure-{language}")
    page.fill("#id_members", "900")
    page.fill("#id_as_of", "2026-09-30")
    page.fill("#id_note", "Counted at the national conference")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    look(page, artifacts, f"congress-sections-declared-{language}")
    assert MembershipFigure.objects.get(organization=argentina).members == 900
    context.close()

    enrol_totp(secretariat)
    context = logged_in_context(browser, live_server, secretariat, language)
    page = context.new_page()
    page.goto(live_server.url + reverse("congresses:figures", args=[congress.slug]))
    look(page, artifacts, f"congress-sections-to-validate-{language}")
    with page.expect_navigation():
        page.click("main form button[value=validate]")
    look(page, artifacts, f"congress-sections-validated-{language}")
    assert SectionAllotment.objects.get(organization=argentina).seats == 9
    page.goto(sections_url)
    look(page, artifacts, f"congress-sections-after-{language}")
    table = page.locator("table.calculation").inner_text()
    assert "900" in table
    assert "1233" in page.locator("main dl.facts").inner_text().replace(",", "").replace("٬", "")
    context.close()
