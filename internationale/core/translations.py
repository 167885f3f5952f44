"""Choosing which language version of a text to show.

Texts kept in several languages (declarations, organizations' descriptions)
mark one row as the original; each translation records the original's
version it was made from, so "outdated" is derived, never stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.db.models import QuerySet

if TYPE_CHECKING:  # core.models imports this module for ``localized``
    from internationale.core.models import TranslatedText

#: One language version of a text: a DeclarationText, an organization's Description.
T = TypeVar("T", bound="TranslatedText")


def localized(names: dict[str, str], fallback: str, language: str | None = None) -> str:
    """A name kept per language ({"fr": …}): in ``language`` (the page's), else English, else
    ``fallback``."""
    from django.utils.translation import get_language

    language = (language or get_language() or "en").split("-")[0]
    return names.get(language) or names.get("en") or fallback


@dataclass(frozen=True)
class Chosen(Generic[T]):
    item: T
    is_fallback: bool  # not in the language asked for: the original is shown instead
    is_outdated: bool  # a translation of an older version of the original


def choose(items: Iterable[T], language: str) -> Chosen[T] | None:
    """The version in ``language``, else the original (else any); None if there is none."""
    versions = list(items)
    original = next((v for v in versions if v.is_original), versions[0] if versions else None)
    chosen = next((v for v in versions if v.language == language), None) or original
    if chosen is None:
        return None
    outdated = (
        not chosen.is_original
        and original is not None
        and (chosen.translated_from_version or 0) < original.version
    )
    return Chosen(chosen, chosen.language != language, bool(outdated))


@dataclass(frozen=True)
class LanguageVersion(Generic[T]):
    """One language of the site beside a text kept in several: its version there, if any."""

    code: str
    name: str
    item: T | None
    status: str  # "original", "current", "outdated" or "missing"


def language_versions(items: Iterable[T]) -> list[LanguageVersion[T]]:
    """Each language of the site with the text's version in it, if written, and how it
    stands: the original, a current or an outdated translation, or missing."""
    from django.conf import settings

    versions = {item.language: item for item in items}
    original = next((v for v in versions.values() if v.is_original), None)
    rows = []
    for code, name in settings.LANGUAGES:
        item = versions.get(code)
        if item is None:
            status = "missing"
        elif item.is_original:
            status = "original"
        elif original and (item.translated_from_version or 0) < original.version:
            status = "outdated"
        else:
            status = "current"
        rows.append(LanguageVersion(code, str(name), item, status))
    return rows


def write_version(
    versions: QuerySet[T],
    new: Callable[[], T],
    *,
    language: str,
    values: dict[str, Any],
    original: bool,
) -> tuple[T, bool]:
    """Write one language of a text kept in several; return the row and whether it changed.

    ``versions`` is a queryset of the text's rows (one per language), ``new``
    makes an unsaved row for ``language``; ``values`` are its fields (title,
    body…). Editing the original moves its version on, which makes every
    translation made from an earlier version outdated. Writing a translation
    records the original's version it was made from. Making a language the
    original demotes the former original to a translation of the new one; the
    first language written is the original. The caller locks the parent row.
    """
    current_original = versions.filter(is_original=True).first()
    if current_original is None:
        original = True
    row = versions.filter(language=language).first()
    if row is None:
        row = new()
    elif row.is_original == original and all(getattr(row, k) == v for k, v in values.items()):
        return row, False
    if original and current_original is not None and current_original.language != language:
        current_original.is_original = False
        current_original.translated_from_version = current_original.version
        current_original.save()
    for name, value in values.items():
        setattr(row, name, value)
    if original:
        row.is_original = True
        row.translated_from_version = None
        row.version = (row.version or 0) + 1 if row.pk else 1
    else:
        assert current_original is not None  # with no original, this row is made the original
        row.is_original = False
        row.translated_from_version = current_original.version
    row.save()
    return row, True
