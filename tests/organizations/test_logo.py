"""Logos are re-encoded: no location, camera or author data survives the upload."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from internationale.organizations.services import OrganizationData, create_organization


def geotagged_jpeg() -> bytes:
    image = Image.new("RGB", (800, 600), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SpyCam Inc."  # Make
    exif[0x013B] = "Jane Activist"  # Artist
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "S", (23.0, 33.0, 1.0), "W", (46.0, 38.0, 2.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    data = out.getvalue()
    assert b"Jane Activist" in data
    return data


@pytest.fixture
def editable(brazil, staff_client):
    organization = create_organization(
        by=None, data=OrganizationData(name="Frente Brasil Popular", country=brazil)
    )
    return organization


def post_logo(client: Client, organization, upload) -> Any:
    return client.post(
        f"/directory/{organization.pk}/edit/",
        {
            "name": organization.name,
            "kind": "other",
            "country": "BR",
            "description_language": "en",
            "logo": upload,
        },
    )


def test_an_uploaded_logo_keeps_no_metadata(editable, staff_client, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("IMG_2024_home.jpg", geotagged_jpeg(), content_type="image/jpeg")
    assert post_logo(staff_client, editable, upload).status_code == 302
    editable.refresh_from_db()
    stored = (tmp_path / editable.logo.name).read_bytes()
    assert b"Jane Activist" not in stored
    assert b"SpyCam" not in stored
    assert "IMG_2024_home" not in editable.logo.name
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "PNG"
        assert max(image.size) <= 512
        assert not image.getexif()
        assert "exif" not in image.info


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.png", b"<svg onload=alert(1)></svg>", "not an image we can read"),
        ("logo.jpg", b"%PDF-1.4 not an image", "not an image we can read"),
        ("huge.png", b"\x89PNG" + b"0" * (5 * 1024 * 1024 + 10), "larger than 5 MB"),
    ],
)
def test_a_file_that_is_not_a_small_image_is_refused(
    editable, staff_client, settings, tmp_path, name, content, message
) -> None:
    settings.MEDIA_ROOT = tmp_path
    response = post_logo(staff_client, editable, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert message in response.content.decode()
    editable.refresh_from_db()
    assert not editable.logo


def test_the_logo_the_page_shows_is_served_by_the_application(
    editable, staff_client, client, settings, tmp_path
) -> None:
    """No web server serves MEDIA_ROOT: the URL on the page must answer with the image."""
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("logo.jpg", geotagged_jpeg(), content_type="image/jpeg")
    assert post_logo(staff_client, editable, upload).status_code == 302
    editable.refresh_from_db()
    page = client.get(f"/directory/{editable.pk}/").content.decode()
    found = re.search(r'<img class="logo" src="([^"]+)"', page)
    assert found is not None
    url = found.group(1)
    assert url.startswith("/media/logos/")
    response = client.get(url)  # anonymous, as any reader of the directory
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    served = b"".join(response.streaming_content)
    assert served == (tmp_path / editable.logo.name).read_bytes()
    with Image.open(io.BytesIO(served)) as image:
        assert image.format == "PNG"


@pytest.mark.parametrize(
    "path",
    [
        "/media/logos/0123456789abcdef0123456789abcdef.png",  # no such logo
        "/media/logos/..%2Fsecret_key",
        "/media/logos/..%2F..%2Fconfig%2Fsettings.py",
        "/media/logos/%2E%2E",
        "/media/secret_key",
        "/media/wire/anything.jpg",
    ],
)
def test_unknown_names_and_paths_out_of_the_logos_are_not_found(
    editable, client, settings, tmp_path, path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "secret_key").write_text("do not serve")
    (tmp_path / "media" / "logos").mkdir(parents=True)
    (tmp_path / "media" / "secret_key").write_text("do not serve")
    response = client.get(path)
    assert response.status_code == 404
    assert b"do not serve" not in response.content


def test_a_logo_whose_file_is_gone_is_not_found(editable, staff_client, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("logo.jpg", geotagged_jpeg(), content_type="image/jpeg")
    assert post_logo(staff_client, editable, upload).status_code == 302
    editable.refresh_from_db()
    (tmp_path / editable.logo.name).unlink()
    assert client.get(editable.logo.url).status_code == 404
