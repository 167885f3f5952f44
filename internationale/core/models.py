"""Model pieces several apps share. Abstract only: core has no tables of its own."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from internationale.core.translations import localized


class NamedInLanguages(models.Model):
    """Reference data named in English and, where given, in each language of the site."""

    name = models.CharField(_("name (English)"), max_length=120)
    names = models.JSONField(_("names by language"), default=dict, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        return localized(self.names, self.name)


class TranslatedText(models.Model):
    """One language version of a text kept in several (see core.translations).

    One row is the original; each translation records the original's version it
    was made from, so a translation is outdated exactly when the original's
    version has moved past it. A concrete model adds the key to the text it
    belongs to, its own fields, and ``translated_text_constraints`` in its Meta.
    """

    language = models.CharField(_("language"), max_length=8)
    is_original = models.BooleanField(_("original"), default=False)
    version = models.PositiveIntegerField(default=1)
    translated_from_version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        abstract = True


def translated_text_constraints(parent: str, prefix: str) -> list[models.BaseConstraint]:
    """One row per language of each ``parent`` and one original among them, named
    ``<prefix>_one_per_language`` and ``<prefix>_one_original``."""
    return [
        models.UniqueConstraint(fields=[parent, "language"], name=f"{prefix}_one_per_language"),
        models.UniqueConstraint(
            fields=[parent], condition=Q(is_original=True), name=f"{prefix}_one_original"
        ),
    ]
