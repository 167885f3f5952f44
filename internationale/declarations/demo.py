"""The declarations' demonstration data: an open declaration in the five languages,
signed by organizations of the demo directory and by people."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from internationale.declarations.models import Declaration, DeclarationText, Signature
from internationale.organizations.models import Country, Organization

DEMO_DATA = Path(__file__).resolve().parent / "demo_data"

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


def load_declaration() -> int:
    """An open declaration in the five languages, signed by some demo organizations and
    people; return how many declarations were created (0 once it exists)."""
    declaration, made = Declaration.objects.get_or_create(
        slug="week-of-common-struggle", defaults={"state": Declaration.State.OPEN}
    )
    if not made:
        return 0
    _add_texts(declaration)
    now = timezone.now()
    _sign_as_organizations(declaration, now)
    _sign_as_people(declaration, now)
    return 1


def _add_texts(declaration: Declaration) -> None:
    for language, _name in settings.LANGUAGES:
        text = (DEMO_DATA / f"declaration.{language}.md").read_text(encoding="utf-8")
        title, _, body = text.partition("\n")  # written with a '# Title' first line
        DeclarationText.objects.create(
            declaration=declaration,
            language=language,
            title=title.removeprefix("# ").strip(),
            body=body.strip(),
            is_original=language == "en",
            translated_from_version=None if language == "en" else 1,
        )


def _sign_as_organizations(declaration: Declaration, now: datetime) -> None:
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


def _sign_as_people(declaration: Declaration, now: datetime) -> None:
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
