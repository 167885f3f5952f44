"""Pages of the site that the secretariat writes (the about page)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SitePage(models.Model):
    """One language version of an editable page such as "about"."""

    class Slug(models.TextChoices):
        ABOUT = "about", _("About")
        CRITERIA = "criteria", _("Criteria for official sections")

    slug = models.CharField(_("page"), max_length=40, choices=Slug.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text (Markdown)"), max_length=50_000)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("site page")
        verbose_name_plural = _("site pages")
        constraints = [
            models.UniqueConstraint(fields=["slug", "language"], name="site_page_one_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.get_slug_display()} ({self.language})"
