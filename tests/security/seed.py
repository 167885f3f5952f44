"""The data the battery and the role table run against: the demo, its cast, and hostile rows.

``seed()`` runs inside Django: in the battery's server (through
``internationale manage shell``, whose output ends with the samples as JSON)
and in a test database. It loads the demo international, adds the roles the
demo lacks (an editor for one language, a staff member without a second
factor), one object of each kind a URL names (an application, pasted lists,
an invitation, signing links), and rows whose displayed fields carry script,
so that every page that shows them is checked for stored script.
"""

from __future__ import annotations

import hashlib
import io
import json
from datetime import timedelta
from typing import Any

from tests.security import congress

#: The marker of the script stored by the seed; no page may carry it unescaped.
STORED_MARKER = "seeded"
STORED_SCRIPT = (
    f"<script>alert('{STORED_MARKER}')</script>\"><img src=x onerror=alert('{STORED_MARKER}')>"
)
PASSWORD = "demo-internationale"  # the demo's printed password
INVITATION_TOKEN = "battery-invitation-token-0123456789abcdef"
JOIN_TOKEN = "battery-join-token-0123456789abcdef"

#: role -> (e-mail, TOTP secret or "" when the role has no second factor).
#: Staff (the secretariat, editors) have one; "staff without TOTP" is the secretariat
#: account of someone who never enrolled.
CAST: dict[str, tuple[str, str]] = {
    "anonymous": ("", ""),
    "member": ("member@demo.invalid", ""),
    "representative": ("representative@demo.invalid", ""),
    "correspondent": ("correspondent@demo.invalid", ""),
    "editor": ("editor@demo.invalid", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXA"),
    "language editor": ("language.editor@demo.invalid", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXB"),
    "secretariat": ("secretariat@demo.invalid", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXC"),
    "staff without TOTP": ("staff.nototp@demo.invalid", ""),
}
ROLES = tuple(CAST)


def seed() -> dict[str, Any]:
    """Load everything; return the samples URLs are filled with (ids, slugs, tokens)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib import admin
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from internationale.accounts.models import Invitation, Role, User
    from internationale.accounts.services import assign_role, mark_email_verified
    from internationale.declarations.models import Declaration, Signature
    from internationale.declarations.services import confirmations, publishing, signing
    from internationale.demo import load_demo
    from internationale.organizations import pasted, services
    from internationale.organizations.models import (
        AgreementPoint,
        Application,
        Country,
        Organization,
    )
    from internationale.organizations.services import (
        OrganizationData,
        create_organization,
        set_logo,
    )
    from internationale.wire import services as wire
    from internationale.wire.models import Media, Report, Topic

    load_demo()
    secretariat = User.objects.get(email=CAST["secretariat"][0])
    language_editor = _user(CAST["language editor"][0])
    assign_role(by=None, user=language_editor, role=Role.EDITOR, language="ar")
    no_totp = _user(CAST["staff without TOTP"][0], staff=True)
    assign_role(by=None, user=no_totp, role=Role.SECRETARIAT)
    for email, secret in CAST.values():
        if secret:
            user = User.objects.get(email=email)
            mark_email_verified(user)
            if not Authenticator.objects.filter(user=user).exists():
                TOTP.activate(user, secret)
                RecoveryCodes.activate(user)

    brazil = Country.objects.get(code="BR")
    hostile_org = Organization.objects.filter(acronym="XSS").first() or create_organization(
        by=None,
        data=OrganizationData(
            name=f"Union {STORED_SCRIPT}", acronym="XSS", country=brazil,
            website="javascript:alert('seeded')", other_names=[STORED_SCRIPT],
        ),
    )  # fmt: skip
    if not hostile_org.logo:
        set_logo(by=secretariat, organization_id=hostile_org.pk, upload=_png("logo.png"))
        hostile_org.refresh_from_db()
    member = User.objects.get(email=CAST["member"][0])
    application = Application.objects.filter(applicant=member).first()
    if application is None:
        application = services.submit_application(
            applicant=member,
            organization=None,
            organization_data=OrganizationData(name=f"Applicants {STORED_SCRIPT}", country=brazil),
            requested="member",
            membership_size=12,
            contacts=STORED_SCRIPT,
            answers=[
                services.AnswerData(point_id=p.pk, choice="agree")
                for p in AgreementPoint.objects.all()
            ],
            base_url="http://127.0.0.1/",
        )
    assert application is not None
    list_import = pasted.preview_list(by=secretariat, text=f"Brazil\n{STORED_SCRIPT} (XSS)\n")
    declaration = Declaration.objects.get(slug="week-of-common-struggle")
    signatory_import = publishing.start_signatory_import(
        by=secretariat, declaration_id=declaration.pk, text=f"Brazil\nSindicato {STORED_SCRIPT}\n"
    )
    hostile_signer = Signature.objects.filter(email="hostile@example.org").first()
    if hostile_signer is None:
        signing.sign_declaration(
            declaration=declaration,
            data=signing.SignatureData(
                kind="person", name=f"Ana {STORED_SCRIPT}", acronym="", representative="",
                country=brazil, email="hostile@example.org", show_name=True,
                message=STORED_SCRIPT, organization=None, match_directory=False,
            ),
            base_url="http://127.0.0.1/",
            honeypot="",
        )  # fmt: skip
        hostile_signer = Signature.objects.get(email="hostile@example.org")
    if not Signature.objects.filter(email="flagged@example.org").exists():
        # A filled honeypot: the signature waits for the secretariat's moderation form.
        signing.sign_declaration(
            declaration=declaration,
            data=signing.SignatureData(kind="person", name="Flagged Signer", country=brazil,
                                       email="flagged@example.org"),
            base_url="http://127.0.0.1/",
            honeypot="http://spam.example/",
        )  # fmt: skip
    Invitation.objects.get_or_create(
        token_hash=hashlib.sha256(INVITATION_TOKEN.encode()).hexdigest(),
        defaults={
            "email": "invited@example.org",
            "invited_by": secretariat,
            "expires_at": timezone.now() + timedelta(days=7),
        },
    )

    _pending_application()
    correspondent = User.objects.get(email=CAST["correspondent"][0])
    editor = User.objects.get(email=CAST["editor"][0])
    hostile_report = Report.objects.filter(title__contains="onerror").first()
    if hostile_report is None:
        hostile_report = wire.create_report(
            by=correspondent,
            data=wire.ReportData(
                kind="report", language="pt", title=f"Greve {STORED_SCRIPT}",
                lede=f"Lede {STORED_SCRIPT}",
                body=f"{STORED_SCRIPT}\n\n[link](javascript:alert('seeded'))\n\n<{STORED_SCRIPT}>",
                countries=[brazil], topics=list(Topic.objects.all()[:1]),
            ),
        )  # fmt: skip
        base = "http://127.0.0.1/"
        wire.submit_report(by=correspondent, report_id=hostile_report.pk, base_url=base)
        wire.take_report(by=editor, report_id=hostile_report.pk, base_url=base)
        wire.publish_report(by=editor, report_id=hostile_report.pk, at=None, base_url=base)
    media = Media.objects.select_related("report").first()
    assert media is not None
    region_slug = brazil.region.slug if brazil.region else "latin-america-caribbean"
    return {
        "declaration": declaration.slug,
        **congress.seed(),
        "confirm_token": confirmations.confirmation_token(hostile_signer),
        "withdraw_token": confirmations.withdrawal_token(hostile_signer),
        "signatory_import": signatory_import.pk,
        "organization": hostile_org.pk,
        "point": AgreementPoint.objects.order_by("pk").values_list("pk", flat=True)[0],
        "list_import": list_import.pk,
        "application": application.pk,
        "report": hostile_report.pk,
        "media": media.pk,
        "media_name": media.file.name.rsplit("/", 1)[-1],
        "logo_name": hostile_org.logo.name.rsplit("/", 1)[-1],
        "country": "BR",
        "region": region_slug,
        "topic": Topic.objects.order_by("pk").values_list("slug", flat=True)[0],
        "language": "pt",
        "invitation_token": INVITATION_TOKEN,
        "join_token": JOIN_TOKEN,
        "content_type": ContentType.objects.get_for_model(Organization).pk,
        # The first row of every model the admin shows, by "app_label.model_name".
        "admin": {
            f"{model._meta.app_label}.{model._meta.model_name}": str(pk)
            for model in admin.site._registry
            if (pk := model._default_manager.order_by("pk").values_list("pk", flat=True).first())
            is not None
        },
    }


def _pending_application() -> None:
    """An application from the public form whose link (JOIN_TOKEN) has not been followed."""
    from django.utils import timezone

    from internationale.organizations.models import AgreementPoint, PendingApplication

    answers = [[pk, "agree", ""] for pk in AgreementPoint.objects.values_list("pk", flat=True)]
    PendingApplication.objects.get_or_create(
        token_hash=hashlib.sha256(JOIN_TOKEN.encode()).hexdigest(),
        defaults={
            "email": "joining@example.org",
            "expires_at": timezone.now() + timedelta(days=3),
            "data": {
                "organization": {"name": "Joining Union", "acronym": "", "kind": "union",
                                 "country": None, "founded": None, "website": ""},
                "requested": "sympathizing", "membership_size": 40, "contacts": "Signal",
                "answers": answers,
            },
        },
    )  # fmt: skip


def _png(name: str) -> Any:
    """A small real PNG, as a browser would upload it."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 20), "red").save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def _user(email: str, *, staff: bool = False) -> Any:
    from internationale.accounts.models import User
    from internationale.accounts.services import mark_email_verified

    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, PASSWORD, is_staff=staff)
    mark_email_verified(user)
    return user


def main() -> None:
    """Seed, then print the samples as the last line (for the battery's server)."""
    print(json.dumps(seed()))
