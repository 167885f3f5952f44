"""Demonstration data: a small international to click through.

``load_demo`` is idempotent: it looks everything up before creating it, so a
second run creates nothing and changes nothing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from internationale.accounts.models import Role, User
from internationale.accounts.services import _mark_email_verified, assign_role
from internationale.congresses.models import Congress
from internationale.organizations.models import Country, Organization, Region
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


# Facts (names, countries, founding years) from public member lists; the
# descriptions of the directory come with the directory capability.
ORGANIZATIONS = [
    ("BR", "Movimento dos Trabalhadores Rurais Sem Terra", "MST"),
    ("CU", "Central de Trabajadores de Cuba", "CTC"),
    ("ZA", "Socialist Revolutionary Workers Party", "SRWP"),
    ("NP", "Communist Party of Nepal (Unified Socialist)", ""),
    ("IT", "Potere al Popolo", ""),
]


@transaction.atomic
def load_demo() -> str:
    """Load the demo international; return a one-line summary of what was created."""
    if not Region.objects.exists():
        raise RuntimeError("Run `internationale migrate` first: the places are missing.")
    created = 0
    organizations = []
    for code, name, acronym in ORGANIZATIONS:
        organization, made = Organization.objects.get_or_create(
            name=name, defaults={"acronym": acronym, "country": Country.objects.get(code=code)}
        )
        organizations.append(organization)
        created += made
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
        _mark_email_verified(user)
        assign_role(by=None, user=user, role=Role(role), **scopes[role])
    for language, _name in settings.LANGUAGES:
        title, body = _demo_page(f"about.{language}.md")
        _, made = SitePage.objects.get_or_create(
            slug=SitePage.Slug.ABOUT, language=language, defaults={"title": title, "body": body}
        )
        created += made
    return f"Demo data loaded: {created} new objects."
