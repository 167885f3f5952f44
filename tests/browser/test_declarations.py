"""An open declaration, as a reader in Spanish or Arabic sees and signs it."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from internationale.declarations.models import Signature
from internationale.demo import load_demo
from tests.browser.look import look
from tests.browser.test_foundation import Recorder

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["es", "ar"])
def test_a_reader_signs_an_open_declaration(
    places, live_server, browser, artifacts, language
) -> None:
    load_demo()
    context = browser.new_context(locale=language)
    recorder = Recorder(context)
    page = context.new_page()
    page.goto(live_server.url + "/declarations/week-of-common-struggle/")
    assert page.locator("html").get_attribute("lang") == language
    page.check("input[name=kind][value=person]")
    # A person is asked nothing about an organization; an organization is not asked to hide.
    assert not page.locator("#id_acronym").is_visible()
    assert not page.locator("#id_representative").is_visible()
    assert page.locator("#id_show_name").is_visible()
    page.check("input[name=kind][value=organization]")
    assert page.locator("#id_representative").is_visible()
    assert not page.locator("#id_show_name").is_visible()
    page.check("input[name=kind][value=person]")
    look(page, artifacts, f"declaration-{language}")
    page.fill("#id_name", "Lucía Pérez")
    page.select_option("#id_country", "UY")
    page.fill("#id_email", f"lucia-{language}@example.org")
    page.click("section.sign button[type=submit]")
    page.wait_for_url("**/thanks/")
    page.goto(live_server.url + "/declarations/week-of-common-struggle/signatories/")
    look(page, artifacts, f"signatories-{language}")
    context.close()
    assert Signature.objects.get(email=f"lucia-{language}@example.org").state == "pending"
    assert recorder.hosts() == {urlsplit(live_server.url).netloc}
    assert recorder.errors == []


def _confirmation_path(email: str) -> str:
    import re

    from internationale.declarations.services.confirmations import send_due_confirmations
    from internationale.mail.models import OutboxMessage

    send_due_confirmations()  # what the worker does first
    message = OutboxMessage.objects.filter(to=[email]).latest("id")
    found = re.search(r"https?://[^/\s]+(/declarations/confirm/[^/\s]+/)", message.body)
    assert found
    return found.group(1)


def test_a_signer_confirms_and_finds_their_name_on_the_list_then_the_pdf(
    places, live_server, browser, artifacts, worker
) -> None:
    load_demo()
    context = browser.new_context(locale="es")
    recorder = Recorder(context)
    page = context.new_page()
    page.goto(live_server.url + "/declarations/week-of-common-struggle/")
    page.check("input[name=kind][value=person]")
    page.fill("#id_name", "Rosa Quispe")
    page.select_option("#id_country", "PE")
    page.fill("#id_email", "rosa@example.org")
    page.keyboard.press("Enter")  # the form is sent from the keyboard too
    page.wait_for_url("**/thanks/")
    page.goto(live_server.url + _confirmation_path("rosa@example.org"))
    page.get_by_role("button", name="Confirmar").click()
    page.wait_for_url("**/week-of-common-struggle/")
    assert "Gracias: tu firma está confirmada." in page.content()
    page.goto(live_server.url + "/declarations/week-of-common-struggle/signatories/")
    assert page.get_by_text("Rosa Quispe").is_visible()
    look(page, artifacts, "signatories-confirmed-es")
    link = page.goto(live_server.url + "/declarations/week-of-common-struggle/pdf/es/")
    assert link is not None
    assert link.status == 503  # made by the worker: the reader is asked to wait a moment
    assert page.locator("[data-reload-after]").count() == 1  # site.js reloads it
    assert page.locator("meta[http-equiv=refresh]").count() == 0
    look(page, artifacts, "pdf-wait-es", full_page=False)
    worker()
    pdf = context.request.get(live_server.url + "/declarations/week-of-common-struggle/pdf/es/")
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    (artifacts / "declaration-es.pdf").write_bytes(pdf.body())
    context.close()
    assert recorder.hosts() == {urlsplit(live_server.url).netloc}
    assert [e for e in recorder.errors if "503" not in e] == []  # the PDF asked to wait


def test_an_organization_picks_itself_from_the_directory(
    places, live_server, browser, artifacts, organization
) -> None:
    load_demo()
    context = browser.new_context(locale="pt")
    page = context.new_page()
    page.goto(live_server.url + "/declarations/week-of-common-struggle/")
    page.check("input[name=kind][value=organization]")
    page.fill("#id_name", "Movimento Trabalhadores Rurais Sem Terra")
    page.fill("#id_representative", "João Pedro")
    page.select_option("#id_country", "BR")
    page.fill("#id_email", "mst@example.org")
    page.click("section.sign button[type=submit]")
    page.get_by_text("Movimento dos Trabalhadores Rurais Sem Terra").wait_for()
    look(page, artifacts, "declaration-pick-organization-pt")
    assert page.input_value("#id_representative") == "João Pedro"  # nothing typed was lost
    page.check(f"#organization-{organization.pk}")
    page.click("section.sign button[type=submit]")
    page.wait_for_url("**/thanks/")
    context.close()
    assert Signature.objects.get(email="mst@example.org").organization == organization


def test_a_long_list_in_arabic_is_paged_and_the_secretariat_writes_a_declaration(
    places, live_server, browser, artifacts, secretariat
) -> None:
    from django.test import Client
    from django.utils import timezone

    from internationale.declarations.models import Declaration
    from internationale.organizations.models import Country
    from tests.conftest import enrol_totp

    load_demo()
    declaration = Declaration.objects.get(slug="week-of-common-struggle")
    countries = list(Country.objects.filter(code__in=["EG", "MA", "PS", "LB", "TN"]))
    Signature.objects.bulk_create(
        Signature(
            declaration=declaration, kind="person", name=f"مشارك {n}",
            sort_name=Signature.sort_key(f"مشارك {n}"), email=f"p{n}@example.org",
            country=countries[n % len(countries)], state="confirmed", confirmed_at=timezone.now(),
        )
        for n in range(1200)
    )  # fmt: skip
    Declaration.objects.filter(pk=declaration.pk).update(list_changed_at=timezone.now())
    context = browser.new_context(locale="ar")
    recorder = Recorder(context)
    page = context.new_page()
    page.goto(live_server.url + "/declarations/week-of-common-struggle/signatories/?page=2")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("nav.pagination").is_visible()
    look(page, artifacts, "signatories-page-2-ar")
    enrol_totp(secretariat)
    staff = Client()
    staff.force_login(secretariat)
    host = urlsplit(live_server.url).hostname
    context.add_cookies([{"name": "sessionid", "value": staff.cookies["sessionid"].value,
                          "domain": host, "path": "/"}])  # fmt: skip
    page.goto(live_server.url + "/declarations/week-of-common-struggle/manage/")
    look(page, artifacts, "declaration-manage-ar")
    page.goto(live_server.url + "/declarations/week-of-common-struggle/manage/text/fr/")
    page.fill("#id_body", "Nouvelle version française.")
    page.click("main button[type=submit]")
    page.wait_for_url("**/manage/")
    assert "ترجمة محدّثة" in page.content()  # French: a translation, up to date
    context.close()
    assert recorder.hosts() == {urlsplit(live_server.url).netloc}
    assert recorder.errors == []
