"""Declarations and their signatures.

A signature counts and shows only once its e-mailed link was opened. No IP
address is stored; e-mail addresses are never shown outside the staff export.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from internationale.core.models import TranslatedText, translated_text_constraints


class Declaration(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open for signatures")
        CLOSED = "closed", _("closed")

    class Signers(models.TextChoices):
        ORGANIZATIONS = "organizations", _("organizations")
        PEOPLE = "people", _("people")
        BOTH = "both", _("organizations and people")

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    signers = models.CharField(
        _("who may sign"), max_length=15, choices=Signers.choices, default=Signers.BOTH
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    moderate_organizations = models.BooleanField(
        _("organization signatures wait for the secretariat before they show"), default=False
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Moved on whenever a signature starts or stops showing: the cache key of the list.
    list_changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="declaration_closes_after_opening",
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
            )
        ]

    def __str__(self) -> str:
        return self.slug

    def is_open_at(self, moment: object = None) -> bool:
        now = moment or timezone.now()
        return (
            self.state == self.State.OPEN
            and (self.opens_at is None or self.opens_at <= now)  # type: ignore[operator]
            and (self.closes_at is None or now < self.closes_at)  # type: ignore[operator]
        )

    @staticmethod
    def open_at_condition(moment: datetime) -> Q:
        """``is_open_at(moment)`` as a query's condition."""
        return (
            Q(state=Declaration.State.OPEN)
            & (Q(opens_at__isnull=True) | Q(opens_at__lte=moment))
            & (Q(closes_at__isnull=True) | Q(closes_at__gt=moment))
        )

    @property
    def organizations_may_sign(self) -> bool:
        return self.signers in (self.Signers.ORGANIZATIONS, self.Signers.BOTH)

    @property
    def people_may_sign(self) -> bool:
        return self.signers in (self.Signers.PEOPLE, self.Signers.BOTH)


class DeclarationText(TranslatedText):
    """The declaration in one language; translations know which version they follow."""

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text (Markdown)"), max_length=100_000)

    class Meta:
        verbose_name = _("text of a declaration")
        verbose_name_plural = _("texts of declarations")
        constraints = translated_text_constraints("declaration", "declaration_text")

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class Signature(models.Model):
    class Kind(models.TextChoices):
        ORGANIZATION = "organization", _("organization")
        PERSON = "person", _("person")

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for e-mail confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        HIDDEN = "hidden", _("hidden by the secretariat")
        REJECTED = "rejected", _("rejected by the secretariat")
        WITHDRAWN = "withdrawn", _("withdrawn by the signer")

    # Every index is written with each signature, so the keys below have none of their own:
    # the declaration leads the indexes in Meta (one_signature_per_email among them), and
    # a country or an account is looked for in the signatures only when one is deleted.
    declaration = models.ForeignKey(
        Declaration, on_delete=models.PROTECT, related_name="signatures", db_index=False
    )
    kind = models.CharField(_("signs as"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=300)
    # The name folded (lower case, no accents): the list's order. Set with the name (sort_key).
    sort_name = models.CharField(max_length=300, blank=True, editable=False)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    country = models.ForeignKey(
        "organizations.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country or territory"),
        db_index=False,
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signatures",
    )
    representative = models.CharField(_("representative's name"), max_length=200, blank=True)
    # Lower-cased; unique per declaration. Shown to nobody but the staff export.
    # None for an organization the secretariat imported from a list it was sent: NULL,
    # not "", so that the unique (declaration, email) constraint lets many of them in.
    email = models.EmailField(_("e-mail address"), null=True, blank=True)  # noqa: DJ001
    imported = models.BooleanField(_("imported from a list by the secretariat"), default=False)
    show_name = models.BooleanField(_("show my name on the list"), default=True)
    message = models.TextField(_("message"), max_length=1000, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    needs_moderation = models.BooleanField(default=False)
    # Verified: linked to a directory organization whose representative (or the
    # secretariat, on its behalf) confirmed the signature is theirs.
    verified = models.BooleanField(_("verified"), default=False)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    verification_requested_at = models.DateTimeField(null=True, blank=True)
    flagged = models.CharField(_("flagged because"), max_length=200, blank=True)
    moderation_reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last mail to the address about this signature, and how many there were:
    # confirmations, and the notices of signing again (services._existing).
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmations_sent = models.PositiveSmallIntegerField(default=0)
    # Where the address last signed from and in which language: the links and words of
    # the mails about this signature (services._existing).
    # Set in the INSERT that takes a signature, cleared by the worker in the transaction
    # that stores its confirmation mail (services/confirmations.py), with the address
    # and language it was signed in: an acknowledged signature always has its mail.
    mail_due = models.BooleanField(default=False)
    link_base = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=8, blank=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["confirmed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "email"], name="one_signature_per_email"
            ),
            models.CheckConstraint(
                name="signature_email_lowercase", condition=Q(email=Lower("email"))
            ),
            models.CheckConstraint(
                name="signature_confirmed_has_time",
                condition=~Q(state="confirmed") | Q(confirmed_at__isnull=False),
            ),
            models.CheckConstraint(
                name="signature_has_email_unless_imported",
                condition=Q(email__isnull=False) | Q(imported=True),
            ),
            models.CheckConstraint(
                name="signature_verified_is_linked",
                condition=Q(verified=False) | Q(organization__isnull=False, kind="organization"),
            ),
        ]
        indexes = [
            models.Index(fields=["declaration", "state", "kind"], name="signature_list_idx"),
            # The worker finds the confirmation mails due.
            models.Index(fields=["id"], condition=Q(mail_due=True), name="signature_mail_due_idx"),
            # The public list reads visible signatures country by country, in order.
            models.Index(
                fields=["declaration", "country", "kind", "sort_name", "id"],
                condition=Q(state="confirmed", needs_moderation=False),
                name="signature_listed_idx",
            ),
            # The counts per country are read from this index alone.
            models.Index(
                fields=["declaration", "country", "kind", "show_name", "organization"],
                condition=Q(state="confirmed", needs_moderation=False),
                name="signature_counts_idx",
            ),
            # A directory organization is listed by its first visible signature.
            models.Index(
                fields=["declaration", "organization", "id"],
                condition=Q(state="confirmed", needs_moderation=False, organization__isnull=False),
                name="signature_organization_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def of_organization(
        cls, declaration: Declaration, organization: Any, **fields: Any
    ) -> Signature:
        """An unsaved signature of a directory organization, under its own name and country."""
        return cls(
            declaration=declaration,
            kind=cls.Kind.ORGANIZATION,
            name=organization.name,
            sort_name=cls.sort_key(organization.name),
            acronym=organization.acronym,
            country_id=organization.country_id,
            organization=organization,
            **fields,
        )

    @staticmethod
    def sort_key(name: str) -> str:
        from internationale.organizations.services import normalize

        return normalize(name)[:300]


class DeclarationPdf(models.Model):
    """The PDF of a declaration in one language, with its signatories, as last built.

    Built by the worker (``tasks.build_declaration_pdf``) and kept in the
    database, so that every server serves the same file and backups hold it.
    """

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="pdfs")
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    content = models.BinaryField(blank=True, default=b"")
    # What it was built from: the list's version and the text shown (its row and version).
    list_version = models.FloatField(null=True, blank=True)
    text_key = models.CharField(max_length=40, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)
    requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["declaration", "language"], name="one_pdf_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.declaration} ({self.language})"


class SignatoryImport(models.Model):
    """A pasted list of organizations that signed a declaration, previewed with the directory's
    parser and confirmed once: the organizations are linked or added to the directory, and
    each becomes a signature."""

    declaration = models.ForeignKey(
        Declaration, on_delete=models.CASCADE, related_name="signatory_imports"
    )
    list_import = models.OneToOneField(
        "organizations.ListImport", on_delete=models.CASCADE, related_name="signatory_import"
    )
    result = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"{self.declaration} ← {self.list_import}"
