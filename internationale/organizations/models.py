"""Places (regions, countries and territories) and the organizations in them.

Places are data, not code: the regions are the international's own and can be
edited; countries come from ISO 3166 (pycountry) plus the nations and
territories without a state that real lists name (see data/places.json).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from internationale.core.models import (
    NamedInLanguages,
    TranslatedText,
    translated_text_constraints,
)
from internationale.core.translations import localized
from internationale.organizations.sorting import SortKeyField, directory_key


class Region(NamedInLanguages):
    """A region as the international defines it (Europe, Arab region and Maghreb…)."""

    slug = models.SlugField(_("slug"), unique=True, max_length=60)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["position", "slug"]


class Country(NamedInLanguages):
    """A country (ISO 3166-1) or a territory or nation without a state.

    ``code`` is the ISO alpha-2 code for states; territories use ``XK`` or
    an ``X-`` code (``X-EUS`` for the Basque Country), never an ISO one.
    """

    code = models.CharField(_("code"), max_length=10, unique=True)
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


class OrganizationKind(models.TextChoices):
    PARTY = "party", _("party")
    UNION = "union", _("union")
    PEASANT = "peasant", _("peasant movement")
    WOMEN = "women", _("women's movement")
    YOUTH = "youth", _("youth organization")
    NETWORK = "network", _("network")
    INSTITUTE = "institute", _("institute")
    MEDIA = "media", _("media")
    SOLIDARITY = "solidarity", _("solidarity committee")
    MOVEMENT = "movement", _("movement")
    OTHER = "other", _("other")


class OrganizationStatus(models.TextChoices):
    """An organization's standing in the international."""

    MEMBER = "member", _("member")
    OFFICIAL_SECTION = "official", _("official section")
    SYMPATHIZING_SECTION = "sympathizing", _("sympathizing section")
    OBSERVER = "observer", _("observer")
    FORMER = "former", _("former member")
    NONE = "none", _("signatory only")


#: Statuses of a section of the international: the organizations a congress counts.
SECTION_STATUSES = (OrganizationStatus.OFFICIAL_SECTION, OrganizationStatus.SYMPATHIZING_SECTION)

#: Statuses that make an organization part of the international.
IN_THE_INTERNATIONAL = (
    OrganizationStatus.MEMBER,
    OrganizationStatus.OFFICIAL_SECTION,
    OrganizationStatus.SYMPATHIZING_SECTION,
    OrganizationStatus.OBSERVER,
)


_KINDS = frozenset(OrganizationKind.values)
_STATUSES = frozenset(OrganizationStatus.values)


def logo_path(instance: models.Model, filename: str) -> str:
    """A random stored name: the uploaded name says nothing about anyone."""
    import secrets

    return f"logos/{secrets.token_hex(16)}.png"


class Organization(models.Model):
    """A member organization, section, network or signatory."""

    name = models.CharField(_("name"), max_length=300)
    # Its place in the directory (region, country, then the name's natural order:
    # "No. 2" before "No. 10"), set from them on every write (compute_sort_key).
    sort_key = SortKeyField(compute="compute_sort_key")
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    other_names = models.JSONField(
        _("other names"),
        default=list,
        blank=True,
        help_text=_("Translations and former names, used to recognise the organization in lists."),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=OrganizationKind.choices, default=OrganizationKind.OTHER
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        verbose_name=_("country or territory"),
        help_text=_("Leave empty for international and regional networks."),
    )
    region_override = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region (if not the country's)"),
    )
    # The region actually shown: the override, else the country's, else
    # "international". Kept by services.save_organization; indexed for the directory.
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="organizations",
        verbose_name=_("region"),
        null=True,
        editable=False,
    )
    founded = models.PositiveSmallIntegerField(_("founding year"), null=True, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    email = models.EmailField(
        _("e-mail for the secretariat"),
        blank=True,
        help_text=_("Seen by the secretariat only, never shown on the site."),
    )
    logo = models.ImageField(_("logo"), upload_to=logo_path, blank=True)
    status = models.CharField(
        _("status in the international"),
        max_length=20,
        choices=OrganizationStatus.choices,
        default=OrganizationStatus.NONE,
    )
    status_since = models.DateField(_("status since"), null=True, blank=True)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["sort_key", "pk"]
        indexes = [
            # The directory's order, with the status its default view filters on.
            models.Index(fields=["sort_key", "status"], name="org_directory_idx"),
            # The directory's counts by region and status are read from it alone.
            models.Index(fields=["region", "status"], name="org_counts_idx"),
            models.Index(fields=["kind"], name="org_kind_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="org_founded_plausible",
                condition=Q(founded__isnull=True) | Q(founded__gte=1800, founded__lte=2100),
            ),
            models.CheckConstraint(name="org_name_not_blank", condition=~Q(name="")),
        ]

    def __str__(self) -> str:
        return f"{self.acronym} - {self.name}" if self.acronym else self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("web:organization", args=[self.pk])

    def compute_sort_key(self) -> str:
        """``sort_key`` from the region's position, the country's name and the name.

        Reads the region and the country unless they are at hand (the services
        and bulk creations have them); when a region moves or a country is
        renamed, ``services.rekey_organizations`` writes its organizations' keys.
        """
        region = self.region if self.region_id else None
        country = self.country if self.country_id else None
        return directory_key(
            (region.position, region.slug) if region else None,
            (country.name, country.code) if country else None,
            self.name,
        )

    # The labels of kind and status, as lists of many organizations show them:
    # get_FOO_display() translates every choice's label to find one, these only that one.
    @property
    def kind_label(self) -> str:
        return str(OrganizationKind(self.kind).label) if self.kind in _KINDS else self.kind

    @property
    def status_label(self) -> str:
        return (
            str(OrganizationStatus(self.status).label) if self.status in _STATUSES else self.status
        )


class StatusChange(models.Model):
    """One dated change of an organization's status, kept as history."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="status_changes"
    )
    previous = models.CharField(_("from"), max_length=20, choices=OrganizationStatus.choices)
    status = models.CharField(_("to"), max_length=20, choices=OrganizationStatus.choices)
    effective_on = models.DateField(_("effective on"))
    reason = models.TextField(_("reason"), blank=True, max_length=2000)
    changed_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-effective_on", "-id"]

    def __str__(self) -> str:
        return f"{self.effective_on}: {self.previous} -> {self.status}"


class Description(TranslatedText):
    """An organization's description in one language (see core.models.TranslatedText)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="descriptions"
    )
    text = models.TextField(_("description"), max_length=5000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("description")
        verbose_name_plural = _("descriptions")
        constraints = translated_text_constraints("organization", "description")

    def __str__(self) -> str:
        return f"{self.organization_id} ({self.language})"


class AgreementPoint(models.Model):
    """One of the international's points of agreement, in every language."""

    position = models.PositiveSmallIntegerField(_("position"))
    texts = models.JSONField(_("text by language"), default=dict)

    class Meta:
        verbose_name = _("point of agreement")
        verbose_name_plural = _("points of agreement")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.local_text[:80]

    @property
    def local_text(self) -> str:
        return localized(self.texts, "")


class Application(models.Model):
    """An organization's application to join the international."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        UNDER_REVIEW = "review", _("under review")
        ADMITTED = "admitted", _("admitted")
        REJECTED = "rejected", _("rejected")
        DEFERRED = "deferred", _("deferred")

    class Requested(models.TextChoices):
        MEMBER = OrganizationStatus.MEMBER.value, _("member")
        SYMPATHIZING = OrganizationStatus.SYMPATHIZING_SECTION.value, _("sympathizing section")

    OPEN_STATES = ("submitted", "review", "deferred")

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="applications"
    )
    applicant = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="applications"
    )
    requested = models.CharField(_("applies as"), max_length=20, choices=Requested.choices)
    membership_size = models.PositiveIntegerField(_("number of members"))
    contacts = models.TextField(_("contacts"), max_length=2000)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.SUBMITTED
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True, max_length=4000)
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(state__in=["submitted", "review", "deferred"]),
                name="one_open_application_per_organization",
            ),
            models.CheckConstraint(
                name="decision_has_reason",
                condition=~Q(state__in=["admitted", "rejected", "deferred"])
                | ~Q(decision_reason=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_state_display()})"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES


class Answer(models.Model):
    """An applicant's answer to one point of agreement."""

    class Choice(models.TextChoices):
        AGREE = "agree", _("agree")
        RESERVATIONS = "reservations", _("agree with reservations")
        DISAGREE = "disagree", _("disagree")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    point = models.ForeignKey(AgreementPoint, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("answer"), max_length=14, choices=Choice.choices)
    comment = models.TextField(_("comment"), blank=True, max_length=4000)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["point__position"]
        constraints = [
            models.UniqueConstraint(fields=["application", "point"], name="one_answer_per_point"),
            models.CheckConstraint(
                name="answer_comment_unless_agree", condition=Q(choice="agree") | ~Q(comment="")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.point_id}: {self.choice}"


class ApplicationMessage(models.Model):
    """One message in the thread between the secretariat and an applicant."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    from_secretariat = models.BooleanField(default=False)
    body = models.TextField(_("message"), max_length=8000)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["sent_at", "id"]

    def __str__(self) -> str:
        return f"{self.author_id} @ {self.sent_at:%Y-%m-%d}"


class ListImport(models.Model):
    """A pasted list of organizations: previewed, then confirmed once."""

    class State(models.TextChoices):
        PREVIEW = "preview", _("preview")
        CONFIRMED = "confirmed", _("confirmed")

    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    text = models.TextField(max_length=500_000)
    rows = models.JSONField(default=list)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PREVIEW)
    result = models.JSONField(default=dict, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pasted list")
        verbose_name_plural = _("pasted lists")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} ({len(self.rows)})"


class PendingApplication(models.Model):
    """An application sent from the public form, waiting for its address to be confirmed.

    Nothing is created in the directory, and no account is opened, until the link
    mailed to ``email`` is followed (organizations/joining.py). Only the link's hash
    is stored. One unconfirmed application per address: a second one replaces it.
    """

    email = models.EmailField(_("e-mail address"))
    token_hash = models.CharField(max_length=64, unique=True)
    data = models.JSONField(default=dict)
    language = models.CharField(max_length=8, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("application waiting for its e-mail address")
        verbose_name_plural = _("applications waiting for their e-mail address")
        constraints = [
            models.UniqueConstraint(
                fields=["email"],
                condition=Q(confirmed_at__isnull=True),
                name="one_unconfirmed_application_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pk} ({self.created_at:%Y-%m-%d})"

    @property
    def is_usable(self) -> bool:
        return self.confirmed_at is None and timezone.now() < self.expires_at
