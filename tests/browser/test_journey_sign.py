"""Sign and confirm, in a real browser, in English and in Arabic: a reader signs the demo
declaration, opens the link of the mail they get, is shown what they confirm (the declaration
and their name), then the declaration with their signature as the list shows it, a panel to
share it and their withdrawal link; their name is on the list and in the PDF asked for next."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from internationale.declarations.models import Signature
from internationale.demo import load_demo
from tests.browser.look import look
from tests.browser.test_declarations import _confirmation_path
from tests.browser.test_foundation import Recorder

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DECLARATION = "/declarations/week-of-common-struggle/"
SIGNERS = {
    "en": ("Rosa Quispe (Unified Socialist)", "PE", "The address is copied."),
    "ar": ("ليلى حداد", "LB", None),
}


def _first_page_png(pdf: bytes, artifacts: Path, name: str) -> None:
    """The PDF's first page as a picture to look at, where poppler's pdftoppm is installed."""
    (artifacts / f"{name}.pdf").write_bytes(pdf)
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile",
             str(artifacts / f"{name}.pdf"), str(artifacts / name)],
            check=True,
        )  # fmt: skip


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_reader_signs_confirms_and_finds_their_signature(
    places, live_server, browser, artifacts, worker, language
) -> None:
    load_demo()
    name, country, copied = SIGNERS[language]
    email = f"journey-{language}@example.org"
    context = browser.new_context(locale=language)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    recorder = Recorder(context)
    page = context.new_page()
    page.goto(live_server.url + DECLARATION)
    assert page.locator("html").get_attribute("lang") == language
    look(page, artifacts, f"journey-sign-form-{language}")
    page.check("input[name=kind][value=person]")
    page.fill("#id_name", name)
    page.select_option("#id_country", country)
    page.fill("#id_email", email)
    page.click("section.sign button[type=submit]")
    page.wait_for_url("**/thanks/")
    look(page, artifacts, f"journey-thanks-{language}")

    # The mail's link: a page that names what is confirmed, and a button.
    page.goto(live_server.url + _confirmation_path(email))
    main = page.locator("main")
    assert main.locator("bdi", has_text=name).is_visible()
    assert main.locator("bdi", has_text=re.compile("common struggle|نضال")).is_visible()
    assert email not in page.content()
    look(page, artifacts, f"journey-confirm-{language}")
    main.locator("form button[type=submit]").click()
    page.wait_for_url("**" + DECLARATION)

    # The declaration, with the signature instead of the form.
    assert page.locator("#id_email").count() == 0
    own = page.locator("section.own-signature")
    assert own.locator("bdi", has_text=name).is_visible()
    share = page.locator("#share-url")
    assert share.input_value() == live_server.url + DECLARATION
    withdraw = page.locator("p.withdraw a")
    assert withdraw.is_visible()
    copy = page.locator("button[data-copy=share-url]")
    assert copy.is_visible()  # shown by the script where the browser can copy
    copy.click()
    assert page.evaluate("navigator.clipboard.readText()") == live_server.url + DECLARATION
    if copied:
        page.get_by_text(copied).wait_for()
    look(page, artifacts, f"journey-signed-{language}")
    assert email not in page.content()

    page.goto(live_server.url + DECLARATION + "signatories/")
    assert page.get_by_text(name).first.is_visible()
    assert page.locator("#verified-legend").is_visible()
    look(page, artifacts, f"journey-signatories-{language}")

    # The PDF asked for now lists the new signature (it waits for the worker a moment).
    response = page.goto(live_server.url + DECLARATION + f"pdf/{language}/")
    assert response is not None
    assert response.status == 503
    look(page, artifacts, f"journey-pdf-wait-{language}", full_page=False)
    assert page.locator("meta[http-equiv=refresh]").count() == 0  # axe: meta-refresh
    status = page.locator("[data-reload-url]")
    assert status.get_attribute("data-reload-after")
    retry = status.get_attribute("data-reload-url") or ""
    assert page.locator(f'a[href="{retry}"]').count() == 1  # without a script, a link
    worker()
    pdf = context.request.get(live_server.url + retry)
    assert pdf.status == 200
    assert name in _pdf_text(pdf.body())
    _first_page_png(pdf.body(), artifacts, f"journey-pdf-{language}")

    # Back on the declaration's page from another browser: the form, as for anyone.
    other = browser.new_context(locale=language)
    fresh = other.new_page()
    fresh.goto(live_server.url + DECLARATION)
    assert fresh.locator("#id_email").is_visible()
    other.close()

    page.goto(live_server.url + DECLARATION)
    page.locator("p.withdraw a").click()
    look(page, artifacts, f"journey-withdraw-{language}")
    assert page.locator("main bdi", has_text=name).is_visible()
    context.close()
    assert Signature.objects.get(email=email).state == "confirmed"
    assert recorder.hosts() == {urlsplit(live_server.url).netloc}
    assert [e for e in recorder.errors if "503" not in e] == []  # the PDF asked to wait
