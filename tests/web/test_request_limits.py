"""Request bodies the site cannot read, or larger than the page accepts: a short refusal.

Each used to answer 500 (a charset such as UTF-16 or rot13) or 400 with a
traceback in the log (multipart without a boundary), or to be read whole
(a 50 MB body to a text form). Now: 400 or 413, a page, one log line.
"""

from __future__ import annotations

import io
import logging
import os
import time

import pytest
from django.test import Client
from PIL import Image

from internationale.core.requests import readable_charset
from internationale.declarations.models import Declaration, DeclarationText
from internationale.organizations.services import OrganizationData, create_organization

URL = "/declarations/week-of-struggle/"
FIELDS = "kind=person&name=Ana+Souza&country=BR&email=ana%40example.org&show_name=on"


@pytest.fixture
def declaration(places) -> Declaration:
    declaration = Declaration.objects.create(slug="week-of-struggle", state="open")
    DeclarationText.objects.create(
        declaration=declaration, language="en", title="Week", body="Act.", is_original=True
    )
    return declaration


@pytest.fixture
def signer(declaration) -> tuple[Client, str]:
    """A reader on the sign form, with the CSRF check on as in production."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.get(URL)
    return client, client.cookies["csrftoken"].value


def multipart(token: str, boundary: str = "xx", name: bytes = b"Ana Souza") -> bytes:
    parts = [(b"csrfmiddlewaretoken", token.encode()), (b"kind", b"person"), (b"name", name),
             (b"email", b"ana@example.org"), (b"country", b"BR")]  # fmt: skip
    body = b"".join(
        b'--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
        % (boundary.encode(), key, value)
        for key, value in parts
    )
    return body + b"--%s--\r\n" % boundary.encode()


def one_line_logged(caplog: pytest.LogCaptureFixture) -> str:
    records = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(records) == 1, caplog.text
    assert records[0].exc_info is None
    assert "Traceback" not in caplog.text
    return records[0].getMessage()


@pytest.mark.parametrize(
    "charset",
    ["utf-16", "utf-8-sig", "base64", "rot13", "idna", "utf-7", "no-such-codec",
     '"\\x00bogus"', "latin-1"],
)  # fmt: skip
def test_a_form_in_a_charset_the_site_cannot_read_is_refused_with_400(
    signer, charset, caplog
) -> None:
    client, token = signer
    body = f"{FIELDS}&csrfmiddlewaretoken={token}"
    response = client.generic(
        "POST", URL, body, content_type=f"application/x-www-form-urlencoded; charset={charset}",
        HTTP_ACCEPT_LANGUAGE="fr",
    )  # fmt: skip
    assert response.status_code == 400
    page = response.content.decode()
    assert '<html lang="fr"' in page
    assert "400" in page
    assert "charset" in one_line_logged(caplog)
    assert not Declaration.objects.get(slug="week-of-struggle").signatures.exists()


@pytest.mark.parametrize("charset", ["utf-16", "rot13", "base64", "utf-32", "no-such-codec"])
def test_a_multipart_form_in_an_unreadable_charset_is_refused_with_400(
    signer, charset, caplog
) -> None:
    client, token = signer
    content_type = f"multipart/form-data; boundary=xx; charset={charset}"
    response = client.generic("POST", URL, multipart(token), content_type=content_type)
    assert response.status_code == 400
    one_line_logged(caplog)


@pytest.mark.parametrize(
    "content_type",
    ["multipart/form-data", "multipart/form-data; boundary=", 'multipart/form-data; boundary=""',
     "multipart/form-data; boundary=" + "x" * 300],
)  # fmt: skip
def test_a_multipart_body_without_a_usable_boundary_is_refused_with_400(
    signer, content_type, caplog
) -> None:
    client, token = signer
    response = client.generic("POST", URL, multipart(token), content_type=content_type)
    assert response.status_code == 400
    one_line_logged(caplog)


def test_a_multipart_body_whose_parts_are_broken_is_refused_with_400(signer, caplog) -> None:
    client, token = signer
    body = multipart(token).replace(b"\r\n\r\n", b"\r\n", 1)  # a part without its blank line
    body += (
        b'--xx\r\nContent-Disposition: form-data; name="f"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n!!!\r\n--xx--"
    )
    response = client.generic("POST", URL, body, content_type="multipart/form-data; boundary=xx")
    assert response.status_code in (400, 403)  # refused, one way or the other
    assert "Traceback" not in caplog.text


@pytest.mark.parametrize(
    ("content_type", "encode"),
    [("application/x-www-form-urlencoded; charset=UTF8", False),
     ("application/x-www-form-urlencoded; charset=utf-8", False),
     ("multipart/form-data; boundary=xx; charset=iso-8859-1", True),
     ("multipart/form-data; boundary=xx; charset=windows-1252", True)],
)  # fmt: skip
def test_a_form_in_a_readable_charset_still_signs(signer, content_type, encode) -> None:
    client, token = signer
    if encode:
        body = multipart(token, name="Ana Souza Conceição".encode("latin-1"))
    else:
        body = f"{FIELDS}&csrfmiddlewaretoken={token}".encode()
    response = client.generic("POST", URL, body, content_type=content_type)
    assert response.status_code == 302, response.content.decode()[:500]
    signature = Declaration.objects.get(slug="week-of-struggle").signatures.get()
    assert signature.name.startswith("Ana Souza")
    if encode:
        assert signature.name == "Ana Souza Conceição"


@pytest.mark.parametrize("charset", ["utf-16", "utf-8", "latin-1", "iso2022_jp", "unicode_escape"])
def test_which_charsets_are_read(charset) -> None:
    readable = {"utf-8", "latin-1"}
    assert (readable_charset(charset) is not None) == (charset in readable)


def test_a_50_mb_body_to_a_text_form_is_refused_before_it_is_read(signer, caplog) -> None:
    # Content-Length says 50 MB; the body holds a few bytes. Django's test payload
    # fails the request if more is read than it holds: the refusal reads nothing.
    client, token = signer
    started = time.monotonic()
    response = client.generic(
        "POST", URL, multipart(token), content_type="multipart/form-data; boundary=xx",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
    )  # fmt: skip
    assert response.status_code == 413
    assert time.monotonic() - started < 1
    assert "413" in response.content.decode()
    assert "52428800" in one_line_logged(caplog)


def test_form_fields_beyond_the_memory_limit_are_refused_with_413(signer, settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client, token = signer
    body = f"{FIELDS}&description={'x' * 2000}&csrfmiddlewaretoken={token}"
    response = client.generic("POST", URL, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413


def noise_png(size: int) -> bytes:
    side = int((size / 3) ** 0.5)
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(out, format="PNG")
    return out.getvalue()


def test_an_upload_page_accepts_the_file_size_it_documents(
    brazil, staff_client, settings, tmp_path, declaration
) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.MAX_REQUEST_BODY_BYTES = 1024 * 1024  # text forms: 1 MB
    logo = noise_png(3 * 1024 * 1024)
    assert len(logo) > 3 * 1024 * 1024
    organization = create_organization(
        by=None, data=OrganizationData(name="Frente Brasil Popular", country=brazil)
    )
    fields = {"name": organization.name, "kind": "other", "country": "BR",
              "description_language": "en"}  # fmt: skip
    files = {"logo": ("logo.png", logo)}
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = staff_client.post(
        f"/directory/{organization.pk}/edit/",
        {**fields, "logo": SimpleUploadedFile(*files["logo"], content_type="image/png")},
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.logo.name
    # The same body to a text form is refused.
    response = staff_client.post(
        URL, {**fields, "logo": SimpleUploadedFile(*files["logo"], content_type="image/png")}
    )
    assert response.status_code == 413


def test_a_long_pasted_list_can_be_confirmed(staff_client, places) -> None:
    # Its preview posts five fields a line: 250 lines were over Django's 1,000 fields.
    text = "".join(f"Brazil, Organization number {n}\n" for n in range(250))
    response = staff_client.post("/directory/import/", {"text": text})
    assert response.status_code == 302
    preview_url = response["Location"]
    from internationale.organizations.models import ListImport

    fields = {}
    for row in ListImport.objects.get().rows:
        line = row["line"]
        fields.update({f"action-{line}": "skip", f"name-{line}": row["name"], f"link-{line}": "",
                       f"country-{line}": "BR", f"acronym-{line}": ""})  # fmt: skip
    assert len(fields) == 1250
    response = staff_client.post(preview_url, fields)
    assert response.status_code == 302
