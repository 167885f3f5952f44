"""Uploaded images: checked by their content, re-encoded, stripped of every metadata.

A photo can carry GPS coordinates, the camera's serial number and the
author's name in EXIF, XMP or IPTC blocks. Re-encoding the pixels into a new
file keeps none of them.
"""

from __future__ import annotations

import io
from typing import cast

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
#: Checked on the size an image declares, before any decoding: a 40-megapixel
#: photo is allowed, and a 1 x 40,000,000 strip of the same count, which is slow
#: to scale, is refused by its side.
MAX_PIXELS = 40_000_000
MAX_SIDE = 16_384
#: Pillow reads the chunks (PNG), segments (JPEG) and extension blocks (GIF)
#: before the pixels one by one in Python, and joins GIF comments in quadratic
#: time, so a small file of many blocks could hold a worker (decision 0016). A
#: real image has a few dozen.
MAX_BLOCKS = 1024
ALLOWED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


def clean_image(upload: UploadedFile, *, max_side: int) -> ContentFile[bytes]:
    """Return the image re-encoded as PNG with no metadata, at most ``max_side`` wide/high.

    Raises ValidationError (with a message for the person uploading) when the
    file is too large, is not an image, or is an image type we do not take.
    """
    clean = _clean_pixels(upload, max_side=max_side)
    out = io.BytesIO()
    clean.save(out, format="PNG", optimize=True)
    return ContentFile(out.getvalue(), name="image.png")


def clean_photo(upload: UploadedFile, *, max_side: int) -> ContentFile[bytes]:
    """Like ``clean_image``, but a photo without transparency becomes a JPEG (a tenth the size)."""
    clean = _clean_pixels(upload, max_side=max_side)
    out = io.BytesIO()
    alpha = cast(tuple[int, int], clean.getchannel("A").getextrema())
    if alpha[0] == 255:  # fully opaque
        clean.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
        return ContentFile(out.getvalue(), name="image.jpg")
    clean.save(out, format="PNG", optimize=True)
    return ContentFile(out.getvalue(), name="image.png")


def _clean_pixels(upload: UploadedFile, *, max_side: int) -> Image.Image:
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The image is larger than 5 MB."), code="too_large")
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The image is larger than 5 MB."), code="too_large")
    if _blocks_before_pixels(data) > MAX_BLOCKS:
        raise ValidationError(_("This file is not an image we can read."), code="bad_image")
    try:
        with Image.open(io.BytesIO(data)) as probe:  # reads the header only
            if probe.format not in ALLOWED_FORMATS:
                raise ValidationError(
                    _("Please upload a JPEG, PNG, GIF or WebP image."), code="bad_type"
                )
            _check_size(probe.size)
            probe.verify()
        image: Image.Image = Image.open(io.BytesIO(data), formats=sorted(ALLOWED_FORMATS))
        # A JPEG is decoded straight at an eighth, a quarter or half its size when
        # that is still larger than what is kept: a big photo is never decoded whole.
        image.draft("RGB", (max_side, max_side))
        image = ImageOps.exif_transpose(image)  # keep the orientation, drop the tag
        image.thumbnail((max_side, max_side))
        pixels = image.convert("RGBA")
    except Image.DecompressionBombError as error:  # larger than Pillow's own bound
        raise _too_many_pixels() from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise ValidationError(
            _("This file is not an image we can read."), code="bad_image"
        ) from error
    # A new image from the raw pixels carries none of the original's info dict.
    return Image.frombytes("RGBA", pixels.size, pixels.tobytes())


def _check_size(size: tuple[int, int]) -> None:
    """Refuse by the declared size, before a single pixel is decoded."""
    width, height = size
    if width < 1 or height < 1:
        raise ValidationError(_("This file is not an image we can read."), code="bad_image")
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        raise _too_many_pixels()


def _too_many_pixels() -> ValidationError:
    return ValidationError(_("The image has too many pixels."), code="too_many_pixels")


def _blocks_before_pixels(data: bytes) -> int:
    """How many chunks, segments or extension blocks come before the image data.

    Counts up to ``MAX_BLOCKS + 1`` and stops there. Every step moves on by at
    least one byte; what this walk does not understand is left for Pillow to refuse.
    """
    count = 0
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        at, image_data = 8, 0
        while at + 8 <= len(data) and count <= MAX_BLOCKS:
            if data[at + 4 : at + 8] == b"IDAT":  # an encoder may cut the pixels in 8 KB chunks
                image_data += 1
                count += image_data > 16 * MAX_BLOCKS
            else:
                count += 1
            at += 12 + int.from_bytes(data[at : at + 4], "big")  # length, type, data, CRC
    elif data[:2] == b"\xff\xd8":
        at = 2
        while at + 4 <= len(data) and data[at] == 0xFF and count <= MAX_BLOCKS:
            count += 1
            marker = data[at + 1]
            if marker == 0xDA:  # start of scan: the pixels follow
                break
            at += 1 if marker == 0xFF else 2 + int.from_bytes(data[at + 2 : at + 4], "big")
    elif data[:4] == b"GIF8" and len(data) >= 13:
        at = 13 + (3 << ((data[10] & 7) + 1) if data[10] & 0x80 else 0)
        while at + 2 <= len(data) and data[at] == 0x21 and count <= MAX_BLOCKS:  # extension
            at += 2
            while at < len(data) and data[at] and count <= MAX_BLOCKS:  # its sub-blocks
                count += 1
                at += 1 + data[at]
            at += 1
    return count
