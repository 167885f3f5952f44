"""Congresses. The congress capability extends this; delegates are scoped by it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Congress(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True, max_length=80)
    opens_on = models.DateField(_("opens on"), null=True, blank=True)

    class Meta:
        verbose_name = _("congress")
        verbose_name_plural = _("congresses")
        ordering = ["-opens_on", "title"]

    def __str__(self) -> str:
        return self.title
