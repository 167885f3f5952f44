"""The pre-congress debate: contributions, bulletins, tendencies.

A contribution is submitted by a section, a tendency, the outgoing executive
or a member (the congress's ``contributors`` say which may), written in one
original language with translations (``ContributionText``, core.translations),
endorsed by members, and published in a numbered bulletin. A tendency is
declared with a name and a platform, and signed by members: one tendency per
member and congress (a database constraint), so that each member counts once
when tendencies are represented in the executive.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from internationale.congresses.models.congress import Contributor
from internationale.core.models import TranslatedText, translated_text_constraints

__all__ = [
    "Bulletin",
    "BulletinPdf",
    "Contribution",
    "ContributionText",
    "Endorsement",
    "Tendency",
    "TendencyPlatform",
    "TendencySignatory",
]


class Tendency(models.Model):
    """An organized current of opinion declared at one congress."""

    congress = models.ForeignKey(
        "congresses.Congress", on_delete=models.CASCADE, related_name="tendencies"
    )
    name = models.CharField(_("name"), max_length=200)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    declared_at = models.DateTimeField(_("declared at"), default=timezone.now)

    class Meta:
        verbose_name = _("tendency")
        verbose_name_plural = _("tendencies")
        ordering = ["declared_at", "id"]
        constraints = [
            models.UniqueConstraint(
                "congress", Lower("name"), name="tendency_name_unique_per_congress"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TendencyPlatform(TranslatedText):
    """A tendency's platform in one language (the original marked)."""

    tendency = models.ForeignKey(Tendency, on_delete=models.CASCADE, related_name="platforms")
    body = models.TextField(_("platform"), help_text=_("Markdown."))

    class Meta:
        verbose_name = _("platform")
        verbose_name_plural = _("platforms")
        constraints = translated_text_constraints("tendency", "tendency_platform")

    def __str__(self) -> str:
        return f"{self.tendency} ({self.language})"


class TendencySignatory(models.Model):
    """A member who signed a tendency's platform. ``congress`` is the tendency's, copied by
    the service so that the database holds one tendency per member and congress."""

    tendency = models.ForeignKey(Tendency, on_delete=models.CASCADE, related_name="signatories")
    congress = models.ForeignKey("congresses.Congress", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)

    class Meta:
        verbose_name = _("signatory of a tendency")
        verbose_name_plural = _("signatories of tendencies")
        ordering = ["signed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["tendency", "user"], name="tendency_signed_once"),
            models.UniqueConstraint(
                fields=["congress", "user"], name="tendency_one_per_member_and_congress"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tendency}: {self.user_id}"


class Bulletin(models.Model):
    """A numbered internal bulletin of the debate; fixed once published."""

    congress = models.ForeignKey(
        "congresses.Congress", on_delete=models.CASCADE, related_name="bulletins"
    )
    number = models.PositiveIntegerField(_("number"))
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "number"], name="bulletin_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="bulletin_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.congress}: {self.number}"


class BulletinPdf(models.Model):
    """A bulletin's PDF in one language, as made from the texts named by ``text_key``."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="pdfs")
    language = models.CharField(max_length=8)
    text_key = models.CharField(max_length=64)
    content = models.BinaryField(default=b"")
    built_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bulletin", "language"], name="bulletin_pdf_one")
        ]

    def __str__(self) -> str:
        return f"{self.bulletin} ({self.language})"


class Contribution(models.Model):
    """A text submitted to the pre-congress debate."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        IN_BULLETIN = "bulletin", _("in a bulletin")
        WITHDRAWN = "withdrawn", _("withdrawn")

    congress = models.ForeignKey(
        "congresses.Congress", on_delete=models.CASCADE, related_name="contributions"
    )
    author_kind = models.CharField(_("submitted by"), max_length=10, choices=Contributor.choices)
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("section"),
    )
    tendency = models.ForeignKey(
        Tendency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("tendency"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.SUBMITTED
    )
    bulletin = models.ForeignKey(
        Bulletin, on_delete=models.PROTECT, null=True, blank=True, related_name="contributions"
    )
    position = models.PositiveSmallIntegerField(_("place in the bulletin"), null=True, blank=True)
    public = models.BooleanField(_("public"), default=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("made public at"), null=True, blank=True)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["submitted_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(author_kind__in=Contributor.values), name="contribution_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(author_kind=Contributor.SECTION, organization__isnull=False)
                | (~Q(author_kind=Contributor.SECTION) & Q(organization__isnull=True)),
                name="contribution_section_named",
            ),
            models.CheckConstraint(
                condition=Q(author_kind=Contributor.TENDENCY, tendency__isnull=False)
                | (~Q(author_kind=Contributor.TENDENCY) & Q(tendency__isnull=True)),
                name="contribution_tendency_named",
            ),
            models.CheckConstraint(
                condition=Q(state="bulletin", bulletin__isnull=False, position__isnull=False)
                | (~Q(state="bulletin") & Q(bulletin__isnull=True, position__isnull=True)),
                name="contribution_in_bulletin_has_one",
            ),
            models.CheckConstraint(
                condition=Q(public=False) | Q(published_at__isnull=False),
                name="contribution_public_has_date",
            ),
            models.UniqueConstraint(
                fields=["bulletin", "position"], name="contribution_place_in_bulletin"
            ),
        ]
        indexes = [models.Index(fields=["congress", "state"])]

    def __str__(self) -> str:
        return f"{self.congress} #{self.pk}"


class ContributionText(TranslatedText):
    """A contribution in one language (the original marked)."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="texts")
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), help_text=_("Markdown."))

    class Meta:
        verbose_name = _("text of a contribution")
        verbose_name_plural = _("texts of contributions")
        constraints = translated_text_constraints("contribution", "contribution_text")

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class Endorsement(models.Model):
    """A member's support for a contribution, possibly on behalf of their section."""

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="endorsements"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    endorsed_at = models.DateTimeField(_("endorsed at"), default=timezone.now)

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        ordering = ["endorsed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contribution", "user"], name="endorsement_once"),
        ]

    def __str__(self) -> str:
        return f"{self.contribution}: {self.user_id}"
