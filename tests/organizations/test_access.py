"""The directory's access helpers fetch and authorize at once: 404 unseen, 403 not allowed."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.test import RequestFactory

from internationale.accounts.models import User
from internationale.organizations import access, permissions
from internationale.organizations.models import Application, Organization


def _asking(user: User) -> HttpRequest:
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_an_organization_is_fetched_for_those_the_predicate_allows(
    organization: Organization, representative: User, outsider: User
) -> None:
    may = permissions.can_edit_organization
    user, found = access.organization_for(_asking(representative), organization.pk, may)
    assert (user, found.pk) == (representative, organization.pk)
    with pytest.raises(PermissionDenied):
        access.organization_for(_asking(outsider), organization.pk, may)
    with pytest.raises(Http404):
        access.organization_for(_asking(representative), 10**9, may)


def test_an_application_is_not_found_by_those_who_may_not_read_it(
    organization: Organization, outsider: User, member: User, secretariat: User
) -> None:
    application = Application.objects.create(
        organization=organization, applicant=outsider, requested="member",
        membership_size=10, contacts="x",
    )  # fmt: skip
    assert access.application(_asking(outsider), application.pk).pk == application.pk
    with pytest.raises(Http404):
        access.application(_asking(member), application.pk)
    may = permissions.can_review_application
    with pytest.raises(Http404):
        access.application_for(_asking(member), application.pk, may)
    with pytest.raises(PermissionDenied):
        access.application_for(_asking(outsider), application.pk, may)
    user, found = access.application_for(_asking(secretariat), application.pk, may)
    assert (user, found.pk) == (secretariat, application.pk)
