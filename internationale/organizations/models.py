"""Places (regions, countries and territories) and the organizations in them.

Places are data, not code: the regions are the international's own and can be
edited; countries come from ISO 3166 (pycountry) plus the nations and
territories without a state that real lists name (see data/places.json).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def _localized(names: dict[str, str], fallback: str) -> str:
    language = (get_language() or "en").split("-")[0]
    return names.get(language) or names.get("en") or fallback


class Region(models.Model):
    """A region as the international defines it (Europe, Arab region and Maghreb…)."""

    slug = models.SlugField(_("slug"), unique=True, max_length=60)
    name = models.CharField(_("name (English)"), max_length=120)
    names = models.JSONField(_("names by language"), default=dict, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        return _localized(self.names, self.name)


class Country(models.Model):
    """A country (ISO 3166-1) or a territory or nation without a state.

    ``code`` is the ISO alpha-2 code for states; territories use ``XK`` or
    an ``X-`` code (``X-EUS`` for the Basque Country), never an ISO one.
    """

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name (English)"), max_length=120)
    names = models.JSONField(_("names by language"), default=dict, blank=True)
    aliases = models.JSONField(
        _("other names"), default=list, blank=True, help_text=_("Names used in real lists.")
    )
    is_territory = models.BooleanField(_("territory or nation without a state"), default=False)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="countries", verbose_name=_("region")
    )

    class Meta:
        verbose_name = _("country or territory")
        verbose_name_plural = _("countries and territories")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="country_code_shape",
                condition=Q(code__regex=r"^([A-Z]{2}|X-[A-Z]{3})$"),
            ),
        ]

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        return _localized(self.names, self.name)


class Organization(models.Model):
    """A member organization, section or signatory.

    The directory capability extends this model; the foundation needs only
    what roles are scoped by.
    """

    name = models.CharField(_("name"), max_length=300)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        verbose_name=_("country or territory"),
    )
    region_override = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region (if not the country's)"),
    )

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.acronym} - {self.name}" if self.acronym else self.name

    @property
    def region(self) -> Region | None:
        if self.region_override_id:
            return self.region_override
        return self.country.region if self.country else None
