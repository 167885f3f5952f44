"""Photos, recordings and videos: checked by content, stored under random names, served clean.

The photo test is the one the issue asks for: a geotagged JPEG goes in
through the desk's form, and the file the site then serves has no EXIF,
GPS, XMP or IPTC left.
"""

from __future__ import annotations

import io
import struct

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from internationale.core.media import clean_recording_bytes
from internationale.wire.models import Media
from tests.wire.conftest import logged_in

XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description '
    b'xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="Jane Activist"/>'
    b"</rdf:RDF></x:xmpmeta>"
)
IPTC = b"\x1c\x02\x50\x00\x0dJane Activist"  # 2:80 By-line


def geotagged_jpeg() -> bytes:
    """A photo with the author, the camera and the place in EXIF, XMP and IPTC."""
    image = Image.new("RGB", (1200, 900), (180, 40, 40))
    exif = Image.Exif()
    exif[0x010F] = "SpyCam Inc."  # Make
    exif[0x0110] = "Model X-1"  # Model
    exif[0x013B] = "Jane Activist"  # Artist
    exif[0xA431] = "SN-4242"  # BodySerialNumber
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "S", (23.0, 33.0, 1.0), "W", (46.0, 38.0, 2.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, xmp=XMP)
    raw = out.getvalue()
    # An APP13 (Photoshop IRB) segment carrying IPTC, after the SOI marker.
    irb = b"Photoshop 3.0\x008BIM\x04\x04\x00\x00" + struct.pack(">I", len(IPTC)) + IPTC
    raw = raw[:2] + b"\xff\xed" + struct.pack(">H", len(irb) + 2) + irb + raw[2:]
    for marker in (b"Jane Activist", b"SpyCam", b"SN-4242", b"Photoshop 3.0", b"xmpmeta"):
        assert marker in raw
    with Image.open(io.BytesIO(raw)) as check:
        assert check.getexif().get_ifd(0x8825)
    return raw


@pytest.fixture
def draft(file_report):
    return file_report()


def upload(client, report, name, content, **fields):
    return client.post(
        f"/wire/desk/{report.pk}/media/",
        {"file": SimpleUploadedFile(name, content), "caption": "Piquete", **fields},
    )


def test_a_geotagged_photo_is_served_without_any_metadata(
    draft, carla, publish, client, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    correspondent = logged_in(carla)
    response = upload(
        correspondent, draft, "IMG_20240511_Recife.jpg", geotagged_jpeg(), description="A picket"
    )
    assert response.status_code == 302
    media = Media.objects.get(report=draft)
    assert "IMG_2024" not in media.file.name
    assert "Recife" not in media.file.name
    assert len(media.name) == 36  # 32 random hex digits and ".jpg"
    url = f"/wire/media/{media.name}"
    assert client.get(url).status_code == 404  # not public before publication
    publish(draft)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    served = b"".join(response.streaming_content)
    for marker in (b"Jane Activist", b"SpyCam", b"Model X-1", b"SN-4242", b"Photoshop", b"xmp"):
        assert marker not in served
    with Image.open(io.BytesIO(served)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert not image.getexif().get_ifd(0x8825)  # no GPS
        assert "exif" not in image.info
        assert "xmp" not in image.info
        assert "photoshop" not in image.info
        assert not image.applist[1:]  # type: ignore[attr-defined]
        assert max(image.size) <= 1600


def test_a_photo_needs_a_description_and_nothing_typed_is_lost(
    draft, carla, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    response = upload(logged_in(carla), draft, "photo.jpg", geotagged_jpeg())
    assert response.status_code == 400
    body = response.content.decode()
    assert "Please describe the photo" in body
    assert 'value="Piquete"' in body
    assert not Media.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("recording.mp3", b"%PDF-1.4 this is a document"),
        ("photo.jpg", b"<svg onload=alert(1)></svg>"),
        ("clip.mp4", b"OggS\x00\x02" + b"\x00" * 100),
    ],
)
def test_a_file_is_judged_by_its_content_not_its_name(
    draft, carla, settings, tmp_path, name, content
) -> None:
    settings.MEDIA_ROOT = tmp_path
    response = upload(logged_in(carla), draft, name, content, description="x")
    assert response.status_code == 400
    assert not Media.objects.exists()
    assert list(tmp_path.rglob("*.*")) == []


def mp3_with_tags() -> bytes:
    frame = b"\xff\xfb\x90\x64" + b"\x00" * 413  # MPEG-1 layer III, 128 kb/s, 44.1 kHz
    text = b"\x03Jane Activist"
    id3_frame = b"TPE1" + struct.pack(">I", len(text)) + b"\x00\x00" + text
    size = len(id3_frame)
    syncsafe = bytes([(size >> 21) & 0x7F, (size >> 14) & 0x7F, (size >> 7) & 0x7F, size & 0x7F])
    id3v2 = b"ID3\x03\x00\x00" + syncsafe + id3_frame
    id3v1 = b"TAG" + b"Title".ljust(30, b"\0") + b"Jane Activist".ljust(30, b"\0") + b"\0" * 65
    return id3v2 + frame * 3 + id3v1


def test_an_mp3_loses_its_tags() -> None:
    cleaned = clean_recording_bytes(mp3_with_tags())
    assert cleaned.content_type == "audio/mpeg"
    assert b"Jane Activist" not in cleaned.data
    assert cleaned.data.startswith(b"\xff\xfb")
    assert len(cleaned.data) == 417 * 3


def test_a_wav_keeps_only_its_sound() -> None:
    fmt = struct.pack("<HHIIHH", 1, 1, 8000, 16000, 2, 16)
    info = b"INFOIART" + struct.pack("<I", 14) + b"Jane Activist\0"
    chunks = (
        b"fmt " + struct.pack("<I", len(fmt)) + fmt
        + b"LIST" + struct.pack("<I", len(info)) + info
        + b"data" + struct.pack("<I", 4) + b"\x01\x00\x02\x00"
    )  # fmt: skip
    wav = b"RIFF" + struct.pack("<I", 4 + len(chunks)) + b"WAVE" + chunks
    cleaned = clean_recording_bytes(wav)
    assert b"Jane Activist" not in cleaned.data
    assert b"LIST" not in cleaned.data
    assert cleaned.data.endswith(b"data\x04\x00\x00\x00\x01\x00\x02\x00")
    assert struct.unpack("<I", cleaned.data[4:8])[0] == len(cleaned.data) - 8


def box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def phone_video(samples: bytes) -> tuple[bytes, int]:
    """A tiny MP4 as phones write it: the place in udta/©xyz, XMP in a uuid box, moov first."""
    mvhd = box(
        b"mvhd", b"\x00\x00\x00\x00" + struct.pack(">II", 3_800_000_000, 3_800_000_001) + b"\0" * 88
    )
    tkhd = box(
        b"tkhd", b"\x00\x00\x00\x03" + struct.pack(">II", 3_800_000_000, 3_800_000_001) + b"\0" * 72
    )
    mdhd = box(
        b"mdhd", b"\x00\x00\x00\x00" + struct.pack(">II", 3_800_000_000, 3_800_000_001) + b"\0" * 12
    )
    hdlr = box(b"hdlr", b"\0" * 8 + b"vide" + b"\0" * 12 + b"Jane's phone\0")
    xyz = box(b"udta", box(b"\xa9xyz", b"\x00\x12\x15\xc7-23.5505-046.6333/"))
    xmp = box(b"uuid", bytes.fromhex("be7acfcb97a942e89c71999491e3afac") + XMP)

    def build(offset: int) -> bytes:
        stco = box(b"stco", b"\0\0\0\0" + struct.pack(">II", 1, offset))
        stbl = box(b"stbl", stco)
        minf = box(b"minf", stbl)
        mdia = box(b"mdia", mdhd + hdlr + minf)
        trak = box(b"trak", tkhd + mdia + box(b"udta", box(b"\xa9nam", b"Jane Activist")))
        moov = box(b"moov", mvhd + trak + xyz)
        return box(b"ftyp", b"isom\0\0\0\0isomiso2") + moov + xmp

    head = build(0)
    data_offset = len(head) + 8  # the first sample, just after the mdat header
    return build(data_offset) + box(b"mdat", samples), data_offset


def test_a_phone_video_loses_place_author_and_times_and_still_points_at_its_samples() -> None:
    samples = b"SAMPLE-DATA-" * 10
    video, _ = phone_video(samples)
    assert b"046.6333" in video
    assert b"Jane" in video
    cleaned = clean_recording_bytes(video)
    assert cleaned.kind == "video"
    assert cleaned.content_type == "video/mp4"
    for marker in (b"046.6333", b"Jane", b"xmpmeta", b"udta", b"uuid"):
        assert marker not in cleaned.data
    assert struct.pack(">I", 3_800_000_000) not in cleaned.data  # creation times zeroed
    at = cleaned.data.index(b"stco") + 12
    (offset,) = struct.unpack(">I", cleaned.data[at : at + 4])
    assert cleaned.data[offset : offset + len(samples)] == samples


def test_an_audio_upload_is_cleaned_and_playable_from_the_report(
    draft, carla, publish, client, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    assert upload(logged_in(carla), draft, "voice.mp3", mp3_with_tags()).status_code == 302
    media = Media.objects.get(report=draft)
    assert media.kind == "audio"
    assert media.name.endswith(".mp3")
    publish(draft)
    page = client.get(f"/wire/report/{draft.pk}/").content.decode()
    assert f'<audio controls preload="none" src="/wire/media/{media.name}">' in page
    served = b"".join(client.get(f"/wire/media/{media.name}").streaming_content)
    assert b"Jane Activist" not in served


def test_links_only_to_the_internationals_media_host(draft, carla, settings) -> None:
    settings.WIRE_MEDIA_HOSTS = ["media.example.org"]
    client = logged_in(carla)
    refused = client.post(
        f"/wire/desk/{draft.pk}/media/",
        {"link": "https://video.elsewhere.example/watch?v=1", "link_kind": "video"},
    )
    assert refused.status_code == 400
    assert "media.example.org" in refused.content.decode()
    accepted = client.post(
        f"/wire/desk/{draft.pk}/media/",
        {"link": "https://media.example.org/v/interview.mp4", "link_kind": "video"},
    )
    assert accepted.status_code == 302
    assert Media.objects.get(report=draft).link == "https://media.example.org/v/interview.mp4"


def test_removing_a_file_asks_first(draft, carla, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = logged_in(carla)
    upload(client, draft, "voice.mp3", mp3_with_tags())
    media = Media.objects.get(report=draft)
    assert "Remove this file" in client.get(f"/wire/desk/media/{media.pk}/remove/").content.decode()
    assert Media.objects.exists()
    client.post(f"/wire/desk/media/{media.pk}/remove/")
    assert not Media.objects.exists()


def wav(seconds: int) -> bytes:
    """A silent 48 kHz stereo 16-bit WAV of this length (192,000 bytes a second)."""
    rate, channels, width = 48_000, 2, 2
    fmt = struct.pack("<HHIIHH", 1, channels, rate, rate * channels * width, channels * width, 16)
    samples = b"\0" * (rate * channels * width * seconds)
    chunks = b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data"
    chunks += struct.pack("<I", len(samples)) + samples
    return b"RIFF" + struct.pack("<I", 4 + len(chunks)) + b"WAVE" + chunks


def test_a_photo_over_5_mb_is_refused_and_nothing_stored(draft, carla, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    photo = geotagged_jpeg()
    too_big = photo + b"\0" * (5 * 1024 * 1024 + 1 - len(photo))
    response = upload(logged_in(carla), draft, "photo.jpg", too_big, description="A picket")
    assert response.status_code == 400
    assert "larger than 5 MB" in response.content.decode()
    assert not Media.objects.exists()
    assert list(tmp_path.rglob("*.*")) == []


def test_an_audio_file_over_40_mb_is_refused(draft, carla, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = logged_in(carla)
    assert upload(client, draft, "short.wav", wav(2)).status_code == 302  # the same, short
    response = upload(client, draft, "long.wav", wav(219))  # 42 MB
    assert response.status_code == 400
    assert "at most 40 MB" in response.content.decode()
    assert Media.objects.count() == 1


def test_a_video_over_150_mb_is_refused_before_it_is_read(tmp_path) -> None:
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import UploadedFile

    from internationale.core.media import MAX_VIDEO_BYTES, clean_recording

    video, _ = phone_video(b"SAMPLE")
    path = tmp_path / "long.mp4"
    with path.open("wb") as out:  # a sparse file: 150 MB on paper, a few bytes on disk
        out.write(video)
        out.truncate(MAX_VIDEO_BYTES + 1)
    with path.open("rb") as handle:
        big = UploadedFile(handle, name="long.mp4", size=path.stat().st_size)
        with translation.override("en"), pytest.raises(ValidationError, match="than 150 MB"):
            clean_recording(big)
        assert handle.tell() == 0  # refused on its size, before reading
