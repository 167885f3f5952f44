"""The wire: correspondents, their reports, every revision, topics and media.

A report is public exactly when its ``published_at`` is set and has passed
(a future ``published_at`` is an embargo). The database keeps that honest:
``published_at`` is set if and only if the state is "published". The rows
that list a report under its countries, regions and topics carry a copy of
``published_at`` so each listing is one index range scan.
"""

from __future__ import annotations

import secrets
import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from internationale.core.models import NamedInLanguages
from internationale.core.translations import localized

if TYPE_CHECKING:
    from internationale.organizations.models import Country, Organization, Region


class Topic(NamedInLanguages):
    """What a report is about (strikes, land, repression…): editable, named per language."""

    slug = models.SlugField(_("slug"), unique=True, max_length=60)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["position", "slug"]


class Correspondent(models.Model):
    """How a correspondent appears on the wire: under a pen name, or a name they choose.

    Their account (address, display name) is their real identity; it is shown
    only to the secretariat and the editors of their regions. The countries a
    correspondent files for are their correspondent roles (accounts).
    """

    class Byline(models.TextChoices):
        PEN_NAME = "pen", _("my pen name")
        NAME = "name", _("my name")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="correspondent"
    )
    pen_name = models.CharField(
        _("pen name"),
        max_length=80,
        blank=True,
        help_text=_("The name your reports are signed with. It need not resemble yours."),
    )
    public_name = models.CharField(
        _("name shown when you sign with your name"), max_length=120, blank=True
    )
    byline = models.CharField(
        _("sign my reports with"), max_length=4, choices=Byline.choices, default=Byline.PEN_NAME
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("correspondent")
        verbose_name_plural = _("correspondents")
        constraints = [
            models.UniqueConstraint(
                Lower("pen_name"), condition=~Q(pen_name=""), name="correspondent_pen_name_unique"
            ),
            models.CheckConstraint(
                name="correspondent_byline_has_a_name",
                condition=(Q(byline="pen") & ~Q(pen_name=""))
                | (Q(byline="name") & ~Q(public_name="")),
            ),
        ]

    def __str__(self) -> str:
        return self.signature

    @property
    def signature(self) -> str:
        """The byline readers see."""
        return self.pen_name if self.byline == self.Byline.PEN_NAME else self.public_name


class Kind(models.TextChoices):
    REPORT = "report", _("report")
    ANALYSIS = "analysis", _("analysis")
    STATEMENT = "statement", _("statement")
    INTERVIEW = "interview", _("interview")
    APPEAL = "appeal", _("urgent appeal")


class State(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    IN_EDIT = "in_edit", _("in edit")
    RETURNED = "returned", _("returned to the correspondent")
    PUBLISHED = "published", _("published")
    UNPUBLISHED = "unpublished", _("unpublished")


#: States in which a report waits for an editor (the queue).
WAITING = (State.SUBMITTED, State.IN_EDIT)
#: States in which its correspondent may still change it.
WITH_CORRESPONDENT = (State.DRAFT, State.RETURNED)


class Report(models.Model):
    """One piece on the wire in one language; a translation is a report linked to its original."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices, default=Kind.REPORT)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("headline"), max_length=200)
    lede = models.TextField(_("lede"), max_length=600)
    body = models.TextField(_("text (Markdown)"), max_length=60_000)
    byline = models.CharField(_("byline"), max_length=120, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="wire_reports",
        verbose_name=_("filed by"),
    )
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="translations",
        verbose_name=_("translation of"),
    )
    # A translation records the original's version it was made from.
    translated_from_version = models.PositiveIntegerField(null=True, blank=True)
    # Moved on by every change of headline, lede or text.
    version = models.PositiveIntegerField(default=1)
    countries: models.ManyToManyField[Country, ReportCountry] = models.ManyToManyField(
        "organizations.Country", through="ReportCountry", related_name="+"
    )
    regions: models.ManyToManyField[Region, ReportRegion] = models.ManyToManyField(
        "organizations.Region", through="ReportRegion", related_name="+"
    )
    topics: models.ManyToManyField[Topic, ReportTopic] = models.ManyToManyField(
        Topic, through="ReportTopic", related_name="+", blank=True
    )
    # The organizations a report comes from or is about, as its correspondent or
    # editor named them; never derived from the correspondent (pen names).
    organizations: models.ManyToManyField[Organization, ReportOrganization] = (
        models.ManyToManyField(
            "organizations.Organization", through="ReportOrganization", related_name="+", blank=True
        )
    )
    pinned = models.BooleanField(_("pinned at the top of the wire"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # When it last came to the desk: the queue's age.
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    first_published_at = models.DateTimeField(null=True, blank=True)
    unpublished_reason = models.CharField(max_length=1000, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["published_at"], name="report_published_idx"),
            models.Index(fields=["language", "published_at"], name="report_language_idx"),
            models.Index(
                fields=["published_at"], condition=Q(pinned=True), name="report_pinned_idx"
            ),
            models.Index(fields=["state", "submitted_at"], name="report_queue_idx"),
            # The urgent appeals' feed: a few rows among every report.
            models.Index(
                fields=["published_at"],
                condition=Q(kind="appeal", translation_of__isnull=True),
                name="report_appeal_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(name="report_title_not_blank", condition=~Q(title="")),
            models.CheckConstraint(
                name="report_published_iff_state",
                condition=Q(state="published", published_at__isnull=False)
                | (~Q(state="published") & Q(published_at__isnull=True)),
            ),
            models.CheckConstraint(
                name="report_only_published_original_appeals_pinned",
                condition=Q(pinned=False)
                | Q(kind="appeal", state="published", translation_of__isnull=True),
            ),
            models.CheckConstraint(
                name="report_translation_knows_its_version",
                condition=Q(translation_of__isnull=True, translated_from_version__isnull=True)
                | Q(translation_of__isnull=False, translated_from_version__isnull=False),
            ),
            models.CheckConstraint(
                name="report_waiting_has_a_time",
                condition=~Q(state__in=["submitted", "in_edit"]) | Q(submitted_at__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["translation_of", "language"],
                condition=Q(translation_of__isnull=False),
                name="report_one_translation_per_language",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("wire:report", args=[self.pk])

    @property
    def listed_places(self) -> list[ReportCountry]:
        """The report's countries, dateline first, as ``queries.with_places`` prefetched them.

        The prefetch keeps them in a plain list (``place_list``): Django builds a
        queryset per report for a prefetch kept on the manager, which costs a feed
        of fifty reports more than rendering them. Unprefetched, they are read.
        """
        prefetched: list[ReportCountry] | None = getattr(self, "place_list", None)
        if prefetched is not None:
            return prefetched
        return list(self.places.select_related("country").order_by("position"))

    @property
    def listed_topics(self) -> list[ReportTopic]:
        """The report's topics, as ``queries.with_topics`` prefetched them (or read)."""
        prefetched: list[ReportTopic] | None = getattr(self, "topic_list", None)
        if prefetched is not None:
            return prefetched
        return list(self.topic_rows.select_related("topic"))

    @property
    def listed_organizations(self) -> list[ReportOrganization]:
        """The organizations it names, as ``queries.with_organizations`` prefetched (or read)."""
        prefetched: list[ReportOrganization] | None = getattr(self, "organization_list", None)
        if prefetched is not None:
            return prefetched
        return list(self.organization_rows.select_related("organization").order_by("position"))

    def dateline(self) -> str:
        """The first country's name in the report's own language (places are prefetched)."""
        places = self.listed_places
        if not places:
            return ""
        country = places[0].country
        return localized(country.names, country.name, self.language)

    @property
    def headline(self) -> str:
        """How wires write it: "Country: headline", from the data, never typed."""
        dateline = self.dateline()
        return f"{dateline}: {self.title}" if dateline else self.title

    @property
    def original_id(self) -> int:
        return self.translation_of_id or self.pk

    def is_live(self, now: Any = None) -> bool:
        return self.published_at is not None and self.published_at <= (now or timezone.now())

    @property
    def is_scheduled(self) -> bool:
        return self.published_at is not None and self.published_at > timezone.now()


class ReportCountry(models.Model):
    """A report listed under a country; the first (position 0) is its dateline."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="places")
    country = models.ForeignKey(
        "organizations.Country", on_delete=models.PROTECT, related_name="wire_listings"
    )
    position = models.PositiveSmallIntegerField(default=0)
    published_at = models.DateTimeField(null=True)  # a copy of the report's

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "country"], name="report_country_once"),
        ]
        indexes = [models.Index(fields=["country", "published_at"], name="listing_country_idx")]

    def __str__(self) -> str:
        return f"{self.report_id} in {self.country_id}"


class ReportRegion(models.Model):
    """A region a report belongs to, derived from its countries by the services."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="region_rows")
    region = models.ForeignKey(
        "organizations.Region", on_delete=models.PROTECT, related_name="wire_listings"
    )
    published_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "region"], name="report_region_once"),
        ]
        indexes = [models.Index(fields=["region", "published_at"], name="listing_region_idx")]

    def __str__(self) -> str:
        return f"{self.report_id} in {self.region_id}"


class ReportTopic(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="topic_rows")
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="listings")
    published_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "topic"], name="report_topic_once"),
        ]
        indexes = [models.Index(fields=["topic", "published_at"], name="listing_topic_idx")]

    def __str__(self) -> str:
        return f"{self.report_id} about {self.topic_id}"


class ReportOrganization(models.Model):
    """An organization a report comes from or is about (a union's statement, a party's strike).

    Its copy of ``published_at`` lists the report on the organization's page.
    Deleting a directory entry removes its mentions, never the report.
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="organization_rows")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="wire_listings"
    )
    position = models.PositiveSmallIntegerField(default=0)
    published_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "organization"], name="report_organization_once"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "published_at"], name="listing_organization_idx")
        ]

    def __str__(self) -> str:
        return f"{self.report_id} names {self.organization_id}"


class Action(models.TextChoices):
    CREATED = "created", _("created")
    EDITED = "edited", _("edited")
    SUBMITTED = "submitted", _("submitted to the desk")
    TAKEN = "taken", _("taken in edit")
    RETURNED = "returned", _("returned with comments")
    PUBLISHED = "published", _("published")
    SCHEDULED = "scheduled", _("scheduled")
    UNPUBLISHED = "unpublished", _("unpublished")
    LIFTED = "lifted", _("appeal lifted")
    TRANSLATED = "translated", _("translation started")


class Revision(models.Model):
    """One change to a report, kept for ever: who, when, what, and the text as it then was."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    action = models.CharField(max_length=12, choices=Action.choices)
    state = models.CharField(max_length=12, choices=State.choices)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    lede = models.TextField()
    body = models.TextField()
    # The rest of the report as it then was: kind, language, countries, topics, times.
    details = models.JSONField(default=dict)
    comment = models.TextField(blank=True, max_length=4000)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="revision_number_once"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}#{self.number} {self.action}"


def media_path(instance: models.Model, filename: str) -> str:
    """A random stored name: the uploaded name says nothing about anyone."""
    extension = getattr(instance, "_extension", "bin")
    return f"wire/{secrets.token_hex(16)}.{extension}"


class Media(models.Model):
    """A photo, a recording or a video of a report: an upload cleaned of metadata, or a link.

    Links may point only to the international's own media host
    (``WIRE_MEDIA_HOSTS``); pages show them as links, never load them.
    """

    class Kind(models.TextChoices):
        IMAGE = "image", _("photo or image")
        AUDIO = "audio", _("audio")
        VIDEO = "video", _("video")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="media")
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    file = models.FileField(upload_to=media_path, blank=True, max_length=120)
    content_type = models.CharField(max_length=60, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    link = models.URLField(_("link on the international's media host"), blank=True)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    description = models.CharField(
        _("description for people who cannot see or hear it"), max_length=500, blank=True
    )
    position = models.PositiveSmallIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("media")
        verbose_name_plural = _("media")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                name="media_file_or_link",
                condition=(Q(file="") & ~Q(link="")) | (~Q(file="") & Q(link="")),
            ),
        ]
        indexes = [models.Index(fields=["file"], name="media_file_idx")]

    def __str__(self) -> str:
        return self.caption or self.file.name or self.link

    @property
    def name(self) -> str:
        """The stored file's name without its folder (what its address carries)."""
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""
