"""The accounts' demonstration data: one log-in for each role, printed by `serve --demo`.

The scoped roles are given over the other apps' demo data (a region, a
country, an organization, the congress), so this loads after them.
"""

from __future__ import annotations

from typing import Any

from internationale.accounts.models import Role, User
from internationale.accounts.services import assign_role, mark_email_verified
from internationale.congresses.models import Congress
from internationale.organizations.models import Country, Organization, Region

DEMO_PASSWORD = "demo-internationale"  # noqa: S105 - printed for the demo on purpose

#: (what the account is for, e-mail, password), as printed by `serve --demo`.
DEMO_LOGINS: list[tuple[str, str, str]] = [
    ("secretariat", "secretariat@demo.invalid", DEMO_PASSWORD),
    ("editor", "editor@demo.invalid", DEMO_PASSWORD),
    ("correspondent", "correspondent@demo.invalid", DEMO_PASSWORD),
    ("representative", "representative@demo.invalid", DEMO_PASSWORD),
    ("delegate", "delegate@demo.invalid", DEMO_PASSWORD),
    ("section representative", "section@demo.invalid", DEMO_PASSWORD),
    ("chair", "chair@demo.invalid", DEMO_PASSWORD),
    ("credentials committee", "credentials@demo.invalid", DEMO_PASSWORD),
    ("member", "member@demo.invalid", DEMO_PASSWORD),
]


def demo_user(email: str, display_name: str, *, is_staff: bool = False) -> tuple[User, int]:
    """The demo account with this address, with its address verified, made with the demo
    password if it is missing; and how many accounts were created (0 or 1)."""
    user = User.objects.filter(email=email).first()
    made = user is None
    if user is None:
        user = User.objects.create_user(
            email, DEMO_PASSWORD, display_name=display_name, is_staff=is_staff
        )
    mark_email_verified(user)
    return user, int(made)


def load_logins() -> int:
    """The demo log-ins with their roles; return how many accounts were created."""
    congress = Congress.objects.get(slug="world-congress-2027")
    roles: dict[str, tuple[Role, dict[str, Any]]] = {
        "secretariat": (Role.SECRETARIAT, {}),
        "editor": (Role.EDITOR, {"region": Region.objects.get(slug="latin-america-caribbean")}),
        "correspondent": (Role.CORRESPONDENT, {"country": Country.objects.get(code="BR")}),
        "representative": (
            Role.REPRESENTATIVE,
            {"organization": Organization.objects.get(name="Landless Rural Workers' Movement")},
        ),
        "delegate": (Role.DELEGATE, {"congress": congress}),
        # The representative of a section of the international (Em Luta, Portugal).
        "section representative": (
            Role.REPRESENTATIVE,
            {"organization": Organization.objects.get(name="Em Luta")},
        ),
        "chair": (Role.CHAIR, {"congress": congress}),
        "credentials committee": (Role.CREDENTIALS, {"congress": congress}),
        "member": (Role.MEMBER, {}),
    }
    created = 0
    for label, email, _password in DEMO_LOGINS:
        user, made = demo_user(email, f"Demo {label}", is_staff=label == "secretariat")
        created += made
        role, scope = roles[label]
        assign_role(by=None, user=user, role=role, **scope)
    return created
