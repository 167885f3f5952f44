"""A report's photos, recordings and media-host links: cleaned, attached, removed."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from internationale.accounts.models import User
from internationale.core.images import clean_photo
from internationale.core.media import clean_recording
from internationale.wire import permissions
from internationale.wire.models import Action, Media, Report
from internationale.wire.services.reports import (
    NotAllowedError,
    ReportData,
    WireError,
    create_report,
    lock_report,
    write_revision,
)

#: The longest side, in pixels, of a photo once re-encoded.
IMAGE_SIDE = 1600


@dataclass(frozen=True)
class MediaFile:
    """A cleaned upload, as it is stored: its bytes, type and file-name extension."""

    content: ContentFile[bytes]
    content_type: str
    extension: str


def _is_photo(upload: UploadedFile) -> bool:
    """Whether the upload starts as a JPEG, PNG, GIF or WebP does."""
    head: bytes = upload.read(12)
    upload.seek(0)
    return (
        head[:3] == b"\xff\xd8\xff"
        or head[:8] == b"\x89PNG\r\n\x1a\n"
        or head[:4] == b"GIF8"
        or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
    )


@dataclass(frozen=True)
class Attachment:
    """A photo or recording cleaned of its metadata, with its caption, ready to store."""

    kind: str
    file: MediaFile
    caption: str = ""
    description: str = ""


def clean_upload(*, upload: UploadedFile, caption: str, description: str) -> Attachment:
    """Clean an uploaded photo or recording, outside any transaction (it takes time).

    A photo is re-encoded without its metadata (core/images.py), a recording
    rewritten without its tags (core/media.py); each parser is bounded. A file
    that is neither, or a photo without a description, raises ValidationError
    (about the file).
    """
    if _is_photo(upload):
        if not description:
            raise ValidationError(_("Please describe the photo for people who cannot see it."))
        photo = clean_photo(upload, max_side=IMAGE_SIDE)
        extension = (photo.name or "image.png").rsplit(".", 1)[-1]
        return Attachment(
            kind=Media.Kind.IMAGE,
            file=MediaFile(
                content=photo,
                content_type="image/jpeg" if extension == "jpg" else "image/png",
                extension=extension,
            ),
            caption=caption,
            description=description,
        )
    recording = clean_recording(upload)
    return Attachment(
        kind=recording.kind,
        file=MediaFile(
            content=ContentFile(recording.data),
            content_type=recording.content_type,
            extension=recording.extension,
        ),
        caption=caption,
        description=description,
    )


def attach_media(
    *,
    by: User,
    report_id: int,
    upload: UploadedFile | None,
    link: str,
    link_kind: str,
    caption: str,
    description: str,
) -> Media:
    """Attach what the media form brought: a media-host link, else a photo or a recording,
    cleaned (``clean_upload``) before ``add_media``'s transaction begins."""
    if link:
        return add_media(
            by=by,
            report_id=report_id,
            kind=link_kind,
            link=link,
            caption=caption,
            description=description,
        )
    assert upload is not None  # the form asks for a file or a link
    attachment = clean_upload(upload=upload, caption=caption, description=description)
    return add_attachment(by=by, report_id=report_id, attachment=attachment)


def add_attachment(*, by: User, report_id: int, attachment: Attachment) -> Media:
    """Store a cleaned upload (``clean_upload``) with its report."""
    return add_media(
        by=by,
        report_id=report_id,
        kind=attachment.kind,
        file=attachment.file,
        caption=attachment.caption,
        description=attachment.description,
    )


@transaction.atomic
def file_report(*, by: User, data: ReportData, attachment: Attachment | None = None) -> Report:
    """A new draft and the photo or recording filed with it, together or not at all.

    The upload is cleaned before (``clean_upload``): a refused file leaves no draft.
    """
    report = create_report(by=by, data=data)
    if attachment is not None:
        add_attachment(by=by, report_id=report.pk, attachment=attachment)
    return report


def _check_media_access(by: User, report: Report) -> None:
    if not permissions.can_work_on(by, report):
        raise NotAllowedError(_("You cannot change this report now."))


@transaction.atomic
def add_media(
    *,
    by: User,
    report_id: int,
    kind: str,
    file: MediaFile | None = None,
    link: str = "",
    caption: str = "",
    description: str = "",
) -> Media:
    """Attach a cleaned upload (see core/images.py, core/media.py) or a media-host link."""
    report = lock_report(report_id)
    _check_media_access(by, report)
    if report.media.count() >= 12:
        raise WireError(_("A report may have at most 12 media."))
    media = Media(
        report=report,
        kind=kind,
        content_type=file.content_type if file is not None else "",
        link=link,
        caption=caption,
        description=description,
        position=report.media.count(),
        uploaded_by=by,
    )
    if file is not None:
        media._extension = file.extension  # type: ignore[attr-defined]  # read by media_path
        media.size = len(file.content)
        media.file.save("upload", file.content, save=False)
    media.save()
    write_revision(report, action=Action.EDITED, by=by, comment=f"+ {kind}: {caption}"[:200])
    return media


@transaction.atomic
def remove_media(*, by: User, media_id: int) -> None:
    media = Media.objects.select_related("report").get(pk=media_id)
    report = lock_report(media.report_id)
    _check_media_access(by, report)
    stored = media.file.name if media.file else ""
    kind, caption = media.kind, media.caption
    media.delete()
    if stored:
        transaction.on_commit(lambda: media.file.storage.delete(stored))
    write_revision(report, action=Action.EDITED, by=by, comment=f"- {kind}: {caption}"[:200])
