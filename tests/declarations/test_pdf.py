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
    # pypdf gives the list markers apart from the names (side by side where the list's
    # columns put them level): networks 1; Brazil 1, Cuba 2.
    markers = re.findall(r"^((?:\d+\. *)+)$", text, re.M)
    assert sorted(n for line in markers for n in re.findall(r"\d+", line)) == ["1", "1", "2"], text


def test_the_arabic_pdf_has_the_arabic_text(declaration, client, worker) -> None:
    client.get("/declarations/peace/pdf/ar/")
    worker()
    response = client.get("/declarations/peace/pdf/ar/")
    assert response.status_code == 200
    text = text_of(response.content)
    # Extracted right-to-left text may come out in visual order; the words are there either way.
    assert "السلام" in text or "مالسلا" in text
    assert "Via Campesina" in text


def _sign_late(declaration: Declaration, name: str) -> None:
    """A signature confirmed now, as the confirmation link does (the list's version moves on)."""
    from internationale.declarations.services.signing import mark_list_changed

    Signature.objects.create(
        declaration=declaration, kind="organization", name=name, sort_name=name.lower(),
        email=f"{name.split()[0].lower()}@example.org", state="confirmed",
        confirmed_at=timezone.now(),
    )  # fmt: skip
    mark_list_changed(declaration.pk)


def test_a_pdf_asked_for_after_a_new_signature_lists_it(
    declaration, client, worker, settings
) -> None:
    """It lagged one request behind: the PDF made a moment before was served while a new one
    was made, and that one was made from the list the worker had counted before (kept for
    the busy list's few seconds), so it lacked the signature too."""
    settings.DECLARATION_LIST_MAX_AGE = 3600  # however long the counted list is kept
    client.get("/declarations/peace/pdf/en/")
    worker()
    assert client.get("/declarations/peace/pdf/en/").status_code == 200
    _sign_late(declaration, "Water Workers Union")
    response = client.get("/declarations/peace/pdf/en/")
    assert response.status_code == 503  # the reader waits for the PDF with it
    worker()
    response = client.get("/declarations/peace/pdf/en/")
    assert response.status_code == 200
    assert "Water Workers Union" in text_of(response.content)


def test_a_busy_list_does_not_keep_a_waiting_reader_waiting(declaration, client, worker) -> None:
    """The page that asks to wait reloads asking for the list as the reader first found it:
    signatures confirmed while the PDF was made are in the next one."""
    import re
    from html import unescape

    client.get("/declarations/peace/pdf/en/")
    worker()
    _sign_late(declaration, "Water Workers Union")
    waiting = client.get("/declarations/peace/pdf/en/").content.decode()
    found = re.search(r'data-reload-after="10" data-reload-url="([^"]+)"', waiting)
    assert found, waiting
    retry = unescape(found.group(1))
    assert retry.startswith("/declarations/peace/pdf/en/?since=")
    worker()
    _sign_late(declaration, "Wood Workers Union")  # while the reader waited
    response = client.get(retry)
    assert response.status_code == 200
    text = text_of(response.content)
    assert "Water Workers Union" in text
    assert "Wood Workers Union" not in text
    assert client.get("/declarations/peace/pdf/en/").status_code == 503  # a new reader waits
    worker()
    assert "Wood Workers Union" in text_of(client.get("/declarations/peace/pdf/en/").content)


@pytest.mark.parametrize(
    "since", ["nan", "inf", "-inf", "x", "1e400", "1e9", "١٢٣", "1²", " 1", "-1", "9" * 8192, ""]
)
def test_a_since_the_page_did_not_write_asks_for_the_list_as_it_is(
    declaration, client, worker, since
) -> None:
    client.get("/declarations/peace/pdf/en/")
    worker()
    _sign_late(declaration, "Water Workers Union")
    assert client.get(f"/declarations/peace/pdf/en/?since={since}").status_code == 503


def test_the_first_page_carries_the_text_and_the_start_of_the_list(
    declaration, client, worker
) -> None:
    from pypdf import PdfReader

    client.get("/declarations/peace/pdf/en/")
    worker()
    reader = PdfReader(io.BytesIO(client.get("/declarations/peace/pdf/en/").content))
    first = reader.pages[0].extract_text()
    assert "the end of the blockade" in first
    assert "Signatories" in first
    assert "Via Campesina" in first
    assert len(reader.pages) == 1


def test_names_in_an_arabic_pdf_keep_their_own_direction(declaration) -> None:
    """WeasyPrint ignores dir="auto": a Latin name in an Arabic list carries dir="ltr", and the
    style isolates it, so "(Unified Socialist)" does not wrap with a flipped bracket."""
    from django.template.loader import render_to_string

    from internationale.declarations import queries

    _, groups = queries.all_groups(declaration, "ar")
    html = render_to_string(
        "declarations/pdf.html",
        {"declaration": declaration, "shown": queries.text_for(declaration, "ar"),
         "groups": groups, "counts": queries.counts(declaration), "people_by_name": True,
         "language": "ar", "direction": "rtl"},
    )  # fmt: skip
    assert '<bdi dir="ltr">Via Campesina</bdi>' in html
    assert '<h1 dir="rtl">' in html
    style = pdf.STYLE.read_text()
    assert 'bdi[dir="ltr"] { direction: ltr; }' in style


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
