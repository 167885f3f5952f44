"""Language names inside sentences."""

from __future__ import annotations

import unicodedata

from django import template
from django.utils.translation import get_language, get_language_info

register = template.Library()

#: Languages that write the names of languages in lower case inside a sentence
#: ("en français", "en español", "em português"); Django's names start with a capital.
LOWER_CASE_NAMES = frozenset({"es", "pt", "fr"})


@register.filter
def in_sentence(name: object) -> str:
    """A language's name (translated) as the reader's language writes it mid-sentence."""
    code = (get_language() or "en").split("-")[0]
    return str(name).lower() if code in LOWER_CASE_NAMES else str(name)


@register.filter
def direction(code: str) -> str:
    """The writing direction of a text in the language ``code``: "rtl" or "ltr" (for dir=)."""
    return "rtl" if get_language_info(str(code))["bidi"] else "ltr"


@register.filter
def text_direction(text: object) -> str:
    """The direction of ``text`` by its first letter of a strong direction, as dir="auto"
    finds it: "rtl" or "ltr". For renderers that ignore dir="auto" (WeasyPrint)."""
    for character in str(text):
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"
