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
#: photo decodes in well under a second, and a 1 x 40,000,000 strip, which
#: costs seconds to scale, is refused by its side.
MAX_PIXELS = 40_000_000
MAX_SIDE = 16_384
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
        # that is still larger than what is kept: a big photo costs milliseconds.
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
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        raise _too_many_pixels()


def _too_many_pixels() -> ValidationError:
    return ValidationError(_("The image has too many pixels."), code="too_many_pixels")
