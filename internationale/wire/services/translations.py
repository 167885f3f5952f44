"""Translations of a report: each is a report of its own that follows its original."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from internationale.accounts.models import User
from internationale.wire import permissions
from internationale.wire.models import Action, Report, State, Topic
from internationale.wire.services.reports import (
    NotAllowedError,
    WireError,
    check_title,
    set_places,
    write_revision,
)


@transaction.atomic
def start_translation(
    *, by: User, original_id: int, language: str, title: str, lede: str, body: str
) -> Report:
    """A translation of a report, in edit with its translator; it follows the current version.

    It keeps the original's type, countries, topics, organizations and byline. A report has
    one translation per language (a constraint); translating a translation
    translates its original.
    """
    original = Report.objects.select_for_update().get(pk=original_id)
    if original.translation_of_id is not None:
        original = Report.objects.select_for_update().get(pk=original.translation_of_id)
    if not permissions.is_editor(by):
        raise NotAllowedError(_("Only editors translate reports."))
    if language == original.language or language not in dict(settings.LANGUAGES):
        raise WireError(_("Please choose a language other than the original's."))
    if Report.objects.filter(translation_of=original, language=language).exists():
        raise WireError(_("This report already has a translation in that language."))
    countries = [p.country for p in original.places.select_related("country").order_by("position")]
    check_title(title, countries)
    translation_ = Report.objects.create(
        kind=original.kind,
        state=State.IN_EDIT,
        language=language,
        title=title.strip(),
        lede=lede.strip(),
        body=body,
        author=by,
        byline=original.byline,
        translation_of=original,
        translated_from_version=original.version,
        submitted_at=timezone.now(),
    )
    set_places(
        translation_,
        countries,
        list(Topic.objects.filter(listings__report=original)),
        [row.organization for row in original.listed_organizations],
    )
    write_revision(translation_, action=Action.TRANSLATED, by=by)
    return translation_
