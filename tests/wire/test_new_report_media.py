"""A photo or a recording filed with the new report, in one go, cleaned as any upload is.

A refused file leaves no draft and no stored file, and the page comes back
with the report's text as it was typed and a clear reason.
"""

from __future__ import annotations

import io
from typing import Any

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from internationale.wire.models import Media, Report
from tests.security.payloads import hostile_files
from tests.wire.conftest import logged_in
from tests.wire.test_desk_pages import form
from tests.wire.test_media import geotagged_jpeg, mp3_with_tags

TITLE = "Ocupação da fábrica entra na segunda semana"
LEDE = "Operárias ocupam a fábrica de tecidos desde o dia 3."


def with_file(name: str, content: bytes, **fields: Any) -> dict[str, Any]:
    return {
        **form(),
        "media-file": SimpleUploadedFile(name, content),
        "media-caption": "Piquete",
        **{f"media-{k}": v for k, v in fields.items()},
    }


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_the_new_report_form_asks_for_a_photo_or_a_recording(carla, topics) -> None:
    body = logged_in(carla).get("/wire/mine/new/").content.decode()
    assert 'enctype="multipart/form-data"' in body
    assert 'type="file" name="media-file"' in body
    assert "<legend>A photo or a recording (optional)</legend>" in body


def test_a_correspondent_files_a_report_with_a_photo_in_one_go(carla, topics, media_root) -> None:
    client = logged_in(carla)
    response = client.post(
        "/wire/mine/new/", with_file("IMG_Recife.jpg", geotagged_jpeg(), description="A picket")
    )
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/wire/desk/{report.pk}/"
    media = Media.objects.get(report=report)
    assert (media.kind, media.caption, media.description) == ("image", "Piquete", "A picket")
    assert "Recife" not in media.file.name
    stored = media.file.read()
    assert media.size == len(stored)
    for marker in (b"Jane Activist", b"SpyCam", b"SN-4242", b"Photoshop", b"xmpmeta"):
        assert marker not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif()
    # Its correspondent sees it before publication; nobody else does.
    assert client.get(f"/wire/media/{media.name}").status_code == 200
    assert Client().get(f"/wire/media/{media.name}").status_code == 404


def test_a_recording_comes_with_the_report_without_its_tags(carla, topics, media_root) -> None:
    response = logged_in(carla).post("/wire/mine/new/", with_file("voice.mp3", mp3_with_tags()))
    assert response.status_code == 302
    media = Media.objects.get()
    assert (media.kind, media.content_type) == ("audio", "audio/mpeg")
    assert b"Jane Activist" not in media.file.read()


def test_a_report_is_filed_without_a_file_as_before(carla, topics, media_root) -> None:
    assert logged_in(carla).post("/wire/mine/new/", form()).status_code == 302
    assert Report.objects.count() == 1
    assert not Media.objects.exists()


def assert_kept_and_nothing_saved(response: Any, reason: str, media_root: Any) -> None:
    assert response.status_code == 400
    body = response.content.decode()
    assert reason in body
    assert f'value="{TITLE}"' in body  # the headline, as typed
    assert LEDE in body  # the lede, as typed
    checked = lxml.html.fromstring(body).xpath("//input[@name='topics'][@checked]/@value")
    assert checked == ["strikes-and-labour"]  # the topics, as ticked
    assert "your text is kept" in body
    assert not Report.objects.exists()
    assert not Media.objects.exists()
    assert [p for p in media_root.rglob("*") if p.is_file()] == []


def test_a_refused_file_keeps_the_text_and_saves_nothing(carla, topics, media_root) -> None:
    response = logged_in(carla).post(
        "/wire/mine/new/", with_file("recording.mp3", b"%PDF-1.4 a document", description="x")
    )
    assert_kept_and_nothing_saved(response, "not a recording we can take", media_root)


def test_a_photo_without_a_description_keeps_the_text(carla, topics, media_root) -> None:
    response = logged_in(carla).post("/wire/mine/new/", with_file("p.jpg", geotagged_jpeg()))
    assert_kept_and_nothing_saved(response, "Please describe the photo", media_root)
    assert 'value="Piquete"' in response.content.decode()  # the caption too


def test_a_good_file_with_a_bad_text_saves_nothing_and_says_to_choose_it_again(
    carla, topics, media_root
) -> None:
    data = with_file("p.jpg", geotagged_jpeg(), description="A picket")
    data["dateline"] = "AR"  # not Carla's country
    response = logged_in(carla).post("/wire/mine/new/", data)
    assert_kept_and_nothing_saved(response, "Select a valid choice", media_root)
    assert "please choose it again" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content"),
    [(name, content) for _, name, content in hostile_files("newreport")],
    ids=[kind for kind, _, _ in hostile_files("newreport")],
)
def test_hostile_files_are_refused_clearly_and_leave_nothing(
    carla, topics, media_root, name, content
) -> None:
    response = logged_in(carla).post("/wire/mine/new/", with_file(name, content, description="x"))
    assert_kept_and_nothing_saved(response, "please choose it again", media_root)
    assert "<script>alert('newreport')" not in response.content.decode()


def test_the_new_report_is_in_the_readers_language_unless_changed(carla, topics) -> None:
    client = logged_in(carla)
    page = lxml.html.fromstring(
        client.get("/wire/mine/new/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    )
    assert page.get("lang") == "ar"
    assert page.xpath("//select[@id='id_language']/option[@selected]/@value") == ["ar"]
