"""The PDF of a declaration with its signatories, made by the real worker with WeasyPrint."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from internationale.declarations import pdf
from internationale.declarations.models import (
    Declaration,
    DeclarationPdf,
    DeclarationText,
    Signature,
)
from internationale.organizations.models import Country

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def declaration(places) -> Declaration:
    from tests.conftest import require

    require(pdf.available(), "WeasyPrint cannot load Pango here (bootstrap.py test installs it)")
    declaration = Declaration.objects.create(slug="peace", state="open")
    DeclarationText.objects.create(
        declaration=declaration, language="en", title="For peace and sovereignty",
        body="We **demand** the end of the blockade.", is_original=True,
    )  # fmt: skip
    DeclarationText.objects.create(
        declaration=declaration, language="ar", title="من أجل السلام والسيادة",
        body="نطالب بإنهاء الحصار.", translated_from_version=1,
    )  # fmt: skip
    for name, code, kind, named in [
        ("Via Campesina", None, "organization", True),
        ("Central de Trabajadores", "CU", "organization", True),
        ("Ana Souza", "BR", "person", True),
        ("Someone At Risk", "BR", "person", False),
    ]:
        Signature.objects.create(
            declaration=declaration, kind=kind, name=name, sort_name=Signature.sort_key(name),
            email=f"{name.split()[0].lower()}@example.org", show_name=named,
            country=Country.objects.get(code=code) if code else None,
            state="confirmed", confirmed_at=timezone.now(),
        )  # fmt: skip
    return declaration


def text_of(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_first_reader_waits_while_the_worker_makes_it(declaration, client, worker) -> None:
    response = client.get("/declarations/peace/pdf/en/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "being prepared" in response.content.decode()
    client.get("/declarations/peace/pdf/en/")  # a crowd asking at once makes one task
    assert DBTaskResult.objects.filter(task_path__endswith="build_declaration_pdf").count() == 1
    worker()
    response = client.get("/declarations/peace/pdf/en/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    assert "For peace and sovereignty" in text
    for listed in ("Via Campesina", "Central de Trabajadores", "Ana Souza", "Cuba", "Brazil"):
        assert listed in text
    assert "Someone At Risk" not in text
    assert "1 not named" in text
    assert "@example.org" not in text


def test_the_pdf_numbers_and_counts_by_region_as_the_page_does(declaration, client, worker) -> None:
    import re

    client.get("/declarations/peace/pdf/en/")
    worker()
    text = text_of(client.get("/declarations/peace/pdf/en/").content)
    # Latin America: Brazil's Ana Souza is 1, Cuba's union 2 (numbered per region, not country).
    assert re.search(r"Latin America and the Caribbean \(2\)", text), text
    # pypdf gives the list markers apart from the names: networks 1; Brazil 1, Cuba 2.
    assert sorted(re.findall(r"^(\d+)\. *$", text, re.M)) == ["1", "1", "2"], text


def test_the_arabic_pdf_has_the_arabic_text(declaration, client, worker) -> None:
    client.get("/declarations/peace/pdf/ar/")
    worker()
    response = client.get("/declarations/peace/pdf/ar/")
    assert response.status_code == 200
    text = text_of(response.content)
    # Extracted right-to-left text may come out in visual order; the words are there either way.
    assert "السلام" in text or "مالسلا" in text
    assert "Via Campesina" in text


def test_a_new_signature_is_in_the_next_pdf_while_the_last_one_still_serves(
    declaration, client, worker
) -> None:
    client.get("/declarations/peace/pdf/en/")
    worker()
    Signature.objects.create(
        declaration=declaration, kind="organization", name="Late Union",
        sort_name="late union", email="late@example.org", state="confirmed",
        confirmed_at=timezone.now(),
    )  # fmt: skip
    Declaration.objects.filter(pk=declaration.pk).update(list_changed_at=timezone.now())
    response = client.get("/declarations/peace/pdf/en/")
    assert response.status_code == 200  # the last one, a moment old
    assert "Late Union" not in text_of(response.content)
    worker()
    assert "Late Union" in text_of(client.get("/declarations/peace/pdf/en/").content)


def test_a_changed_text_is_never_served_from_an_older_pdf(declaration, client, worker) -> None:
    client.get("/declarations/peace/pdf/en/")
    worker()
    DeclarationText.objects.filter(declaration=declaration, language="en").update(
        title="For peace, sovereignty and bread", version=2
    )
    assert client.get("/declarations/peace/pdf/en/").status_code == 503
    worker()
    text = text_of(client.get("/declarations/peace/pdf/en/").content)
    assert "bread" in text


@pytest.mark.parametrize("language", ["xx", "../en"])
def test_an_unknown_language_is_not_found(declaration, client, language) -> None:
    assert client.get(f"/declarations/peace/pdf/{language}/").status_code == 404
    assert not DeclarationPdf.objects.exists()


def test_asking_whether_pdfs_can_be_made_does_not_load_weasyprint() -> None:
    """The web process only asks (the worker makes PDFs); loading WeasyPrint and Pango to
    answer took one to five seconds, which the first reader of a PDF in each web worker
    waited for (the security battery's time limit caught it)."""
    import os
    import subprocess
    import sys

    code = (
        "import sys, django; django.setup()\n"
        "from internationale.declarations import pdf\n"
        "print(pdf.available(), 'weasyprint' in sys.modules)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split()[-1] == "False"
