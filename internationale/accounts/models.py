"""Users, their roles in the international, and the staff audit log."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. Log-in is by e-mail; no user name is collected."""

    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=120,
        blank=True,
        help_text=_("How you are shown to others. It need not be your legal name."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Staff may use the administration pages and must use a second factor."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(email=Lower("email")),
                name="user_email_lowercase",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return self.display_name or self.email

    def get_short_name(self) -> str:
        return self.display_name or self.email.split("@", 1)[0]


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat")
    EDITOR = "editor", _("Editor")
    CORRESPONDENT = "correspondent", _("Correspondent")
    REPRESENTATIVE = "representative", _("Organization representative")
    DELEGATE = "delegate", _("Delegate")
    CHAIR = "chair", _("Chair of a congress")
    CREDENTIALS = "credentials", _("Credentials committee")
    MEMBER = "member", _("Member")


#: Roles whose holders count as staff: they must enrol a second factor.
STAFF_ROLES = frozenset({Role.SECRETARIAT, Role.EDITOR})


class RoleAssignment(models.Model):
    """One role held by one user, within its scope.

    The scope columns that apply to each role are fixed by check constraints:
    an editor is global (no scope), for one region or for one language; a
    correspondent is for one country or territory (one row per country); a
    representative for one organization; a delegate, a chair and a member of
    the credentials committee for one congress;
    secretariat and member are unscoped.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        "organizations.Region", on_delete=models.CASCADE, null=True, blank=True
    )
    country = models.ForeignKey(
        "organizations.Country", on_delete=models.CASCADE, null=True, blank=True
    )
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, null=True, blank=True
    )
    congress = models.ForeignKey(
        "congresses.Congress", on_delete=models.CASCADE, null=True, blank=True
    )
    # Editors only: the language whose reports this editor handles, e.g. "ar".
    language = models.CharField(
        _("language"), max_length=8, blank=True, default="", choices=settings.LANGUAGES
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                name="role_scope_matches_role",
                condition=(
                    Q(
                        role__in=["secretariat", "member"],
                        language="",
                        region__isnull=True,
                        country__isnull=True,
                        organization__isnull=True,
                        congress__isnull=True,
                    )
                    | (
                        Q(
                            role="editor",
                            country__isnull=True,
                            organization__isnull=True,
                            congress__isnull=True,
                        )
                        & (Q(region__isnull=True) | Q(language=""))
                    )
                    | Q(
                        role="correspondent",
                        language="",
                        region__isnull=True,
                        country__isnull=False,
                        organization__isnull=True,
                        congress__isnull=True,
                    )
                    | Q(
                        role="representative",
                        language="",
                        region__isnull=True,
                        country__isnull=True,
                        organization__isnull=False,
                        congress__isnull=True,
                    )
                    | Q(
                        role__in=["delegate", "chair", "credentials"],
                        language="",
                        region__isnull=True,
                        country__isnull=True,
                        organization__isnull=True,
                        congress__isnull=False,
                    )
                ),
            ),
            # One assignment per user, role and scope. Partial indexes, because
            # NULLs are distinct in a plain unique index (on SQLite always).
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(
                    region__isnull=True,
                    country__isnull=True,
                    organization__isnull=True,
                    congress__isnull=True,
                    language="",
                ),
                name="role_unique_unscoped",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "language"],
                condition=~Q(language=""),
                name="role_unique_per_language",
            ),
            *(
                models.UniqueConstraint(
                    fields=["user", "role", scope],
                    condition=Q(**{f"{scope}__isnull": False}),
                    name=f"role_unique_per_{scope}",
                )
                for scope in ("region", "country", "organization", "congress")
            ),
        ]

    def __str__(self) -> str:
        scope = self.region or self.country or self.organization or self.congress or self.language
        label = Role(self.role).label
        return f"{label} ({scope})" if scope else str(label)


class AuditEntry(models.Model):
    """One staff action: who did what, when, to which object.

    Append-only: database triggers (see migration 0002) refuse UPDATE and
    DELETE on this table, so not even the admin or a bug can rewrite history.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_label = models.CharField(_("who (as recorded)"), max_length=254)
    action = models.CharField(_("action"), max_length=80)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"


class Invitation(models.Model):
    """An invitation to open an account, sent by the secretariat.

    When sign-up is by invitation (the default), only the holder of an
    unexpired, unused invitation link may register, and only with the
    invited address.
    """

    email = models.EmailField(_("e-mail address"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()
