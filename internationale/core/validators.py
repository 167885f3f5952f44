"""Checks every form applies to text typed by people."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0 and C1 control characters other than tab, line feed and carriage return,
# and the Unicode non-characters; they never belong in text people type.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")


def reject_control_characters(value: str) -> None:
    """Refuse invisible control characters, and text that was not valid UTF-8.

    Django decodes a form's bytes with replacement, so bytes that were not
    UTF-8 arrive as U+FFFD; they are refused with their own message rather
    than stored as question marks.
    """
    if "\ufffd" in (value or ""):
        raise ValidationError(
            _(
                "Some characters of this text could not be read (it was not sent as UTF-8). "
                "Please retype them."
            ),
            code="invalid_utf8",
        )
    if _CONTROL.search(value or ""):
        raise ValidationError(
            _(
                "This text contains invisible control characters. "
                "Please retype it, or paste it as plain text."
            ),
            code="control_characters",
        )
