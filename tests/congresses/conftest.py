"""The congress's cast, beside the project's (tests/conftest.py): a section of the
international and its representative, the chair and a member of the credentials committee."""

from __future__ import annotations

import pytest

from internationale.accounts.models import Role, User
from internationale.accounts.services import assign_role
from internationale.congresses.models import Congress
from internationale.organizations.models import Organization, OrganizationStatus
from tests.conftest import make_user


@pytest.fixture
def section(organization: Organization) -> Organization:
    """The MST, made an official section of the international."""
    organization.status = OrganizationStatus.OFFICIAL_SECTION
    organization.save(update_fields=["status"])
    return organization


@pytest.fixture
def section_representative(section: Organization) -> User:
    user = make_user("rosa.section@example.org")
    assign_role(by=None, user=user, role=Role.REPRESENTATIVE, organization=section)
    return user


@pytest.fixture
def chair(congress: Congress) -> User:
    user = make_user("clara.chair@example.org")
    assign_role(by=None, user=user, role=Role.CHAIR, congress=congress)
    return user


@pytest.fixture
def credentials_member(congress: Congress) -> User:
    user = make_user("kemal.credentials@example.org")
    assign_role(by=None, user=user, role=Role.CREDENTIALS, congress=congress)
    return user
