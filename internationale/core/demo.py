"""Demonstration data: a small international to click through.

``load_demo`` is idempotent: it looks everything up before creating it, so a
second run creates nothing and changes nothing.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from internationale.accounts.models import Role, User
from internationale.accounts.services import assign_role, mark_email_verified
from internationale.congresses.models import Congress
from internationale.core.demo_directory import DESCRIPTIONS, SECTIONS, generated
from internationale.organizations.applications import load_points
from internationale.organizations.models import Country, Organization, Region
from internationale.organizations.services import (
    OrganizationData,
    create_organization,
    set_description,
)
from internationale.web.models import SitePage

DEMO_PASSWORD = "demo-internationale"  # noqa: S105 - printed for the demo on purpose

#: (what the account is for, e-mail, password), as printed by `serve --demo`.
DEMO_LOGINS: list[tuple[str, str, str]] = [
    ("secretariat", "secretariat@demo.invalid", DEMO_PASSWORD),
    ("editor", "editor@demo.invalid", DEMO_PASSWORD),
    ("correspondent", "correspondent@demo.invalid", DEMO_PASSWORD),
    ("representative", "representative@demo.invalid", DEMO_PASSWORD),
    ("delegate", "delegate@demo.invalid", DEMO_PASSWORD),
    ("member", "member@demo.invalid", DEMO_PASSWORD),
]

DEMO_PAGES = Path(__file__).resolve().parent / "demo_pages"


def _demo_page(name: str) -> tuple[str, str]:
    """(title, body) of a demo page written as Markdown with a '# Title' first line."""
    title, _, body = (DEMO_PAGES / name).read_text(encoding="utf-8").partition("\n")
    return title.removeprefix("# ").strip(), body.strip()


@transaction.atomic
def load_demo() -> str:
    """Load the demo international; return a one-line summary of what was created."""
    if not Region.objects.exists():
        raise RuntimeError("Run `internationale migrate` first: the places are missing.")
    created = _load_directory()
    points = json.loads((DEMO_PAGES / "agreement_points.json").read_text(encoding="utf-8"))
    created += load_points(points)
    organizations = [Organization.objects.get(name="Landless Rural Workers' Movement")]
    congress, made = Congress.objects.get_or_create(
        slug="world-congress-2027",
        defaults={"title": "World Congress 2027", "opens_on": date(2027, 6, 12)},
    )
    created += made
    scopes: dict[str, dict[str, Any]] = {
        "secretariat": {},
        "editor": {"region": Region.objects.get(slug="latin-america-caribbean")},
        "correspondent": {"country": Country.objects.get(code="BR")},
        "representative": {"organization": organizations[0]},
        "delegate": {"congress": congress},
        "member": {},
    }
    for role, email, password in DEMO_LOGINS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email, password, display_name=f"Demo {role}", is_staff=role == "secretariat"
            )
            created += 1
        mark_email_verified(user)
        assign_role(by=None, user=user, role=Role(role), **scopes[role])
    for language, _name in settings.LANGUAGES:
        title, body = _demo_page(f"about.{language}.md")
        _, made = SitePage.objects.get_or_create(
            slug=SitePage.Slug.ABOUT, language=language, defaults={"title": title, "body": body}
        )
        created += made
    created += _load_declaration()
    from internationale.wire.demo import load_wire_demo

    created += load_wire_demo(editor=User.objects.get(email="secretariat@demo.invalid"))
    return f"Demo data loaded: {created} new objects."


def _load_directory() -> int:
    """Create the demo organizations that are missing; return how many were created."""
    existing = set(Organization.objects.values_list("name", flat=True))
    countries = {c.code: c for c in Country.objects.all()}
    created = 0
    for code, name, acronym, kind, founded, status in [*SECTIONS, *generated()]:
        if name in existing:
            continue
        organization = create_organization(
            by=None,
            data=OrganizationData(
                name=name,
                acronym=acronym,
                kind=kind,
                country=countries[code] if code else None,
                founded=founded,
            ),
            status=status,
            status_since=date(2024, 1, 1) if status != "none" else None,
        )
        created += 1
        language, texts = DESCRIPTIONS.get(name, ("", {}))
        for text_language, text in texts.items():
            set_description(
                by=None,
                organization_id=organization.pk,
                language=text_language,
                text=text,
                original=text_language == language,
            )
    return created


def _load_declaration() -> int:
    """An open declaration in the five languages, signed by some demo organizations."""
    from django.utils import timezone

    from internationale.declarations.models import Declaration, DeclarationText, Signature

    declaration, made = Declaration.objects.get_or_create(
        slug="week-of-common-struggle", defaults={"state": Declaration.State.OPEN}
    )
    if not made:
        return 0
    for language, _name in settings.LANGUAGES:
        title, body = _demo_page(f"declaration/{language}.md")
        DeclarationText.objects.create(
            declaration=declaration,
            language=language,
            title=title,
            body=body,
            is_original=language == "en",
            translated_from_version=None if language == "en" else 1,
        )
    now = timezone.now()
    signers = Organization.objects.filter(status__in=["member", "official", "sympathizing"])
    for number, organization in enumerate(signers.select_related("country")[:60]):
        Signature.of_organization(
            declaration,
            organization,
            representative="Demo representative",
            email=f"signer{number}@demo.invalid",
            state=Signature.State.CONFIRMED,
            confirmed_at=now,
            verified=number % 3 == 0,
        ).save()
    # The representative's own organization signed through the form: it waits for them.
    own = Organization.objects.get(name="Landless Rural Workers' Movement")
    Signature.objects.filter(declaration=declaration, organization=own).delete()
    Signature.of_organization(
        declaration, own, representative="Demo representative", email="mst@demo.invalid",
        state=Signature.State.CONFIRMED, confirmed_at=now, verification_requested_at=now,
    ).save()  # fmt: skip
    countries = {c.code: c for c in Country.objects.filter(code__in=[c for _, c, _ in PEOPLE])}
    for number, (name, code, named) in enumerate(PEOPLE):
        Signature.objects.create(
            declaration=declaration, kind=Signature.Kind.PERSON, name=name,
            sort_name=Signature.sort_key(name), country=countries[code],
            email=f"person{number}@demo.invalid", show_name=named,
            state=Signature.State.CONFIRMED, confirmed_at=now,
        )  # fmt: skip
    # One the honeypot caught: it waits for the secretariat's look.
    Signature.objects.create(
        declaration=declaration, kind=Signature.Kind.PERSON, name="Best Cheap Watches",
        sort_name="best cheap watches", email="offers@demo.invalid", flagged="honeypot",
        needs_moderation=True, state=Signature.State.CONFIRMED, confirmed_at=now,
    )  # fmt: skip
    return 1


#: People who signed the demo declaration (names made up for the demo): name, country,
#: whether they asked to be named (the others are only counted).
PEOPLE = [
    ("Ana Beatriz Lima", "BR", True),
    ("Jorge Mamani", "BO", True),
    ("Lucía Fernández", "UY", True),
    ("Camila Rojas", "CL", True),
    ("Kwame Mensah", "GH", True),
    ("Thandeka Nkosi", "ZA", True),
    ("Fatima Zahra Alaoui", "MA", True),
    ("Youssef Ben Salah", "TN", True),
    ("Priya Raman", "IN", True),
    ("Nguyen Thi Mai", "VN", True),
    ("Marie Dubois", "FR", True),
    ("Iñaki Etxeberria", "X-EUS", True),
    ("Someone in danger", "PH", False),
    ("Someone in danger", "CO", False),
    ("Someone in danger", "TR", False),
    ("Someone in danger", "EG", False),
]
