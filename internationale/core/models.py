"""Model pieces several apps share. Abstract only: core has no tables of its own."""

from __future__ import annotations

from django.db import models
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
