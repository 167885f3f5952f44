"""The main menu marks the part of the site the reader is in (aria-current)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from internationale.organizations.models import Organization

pytestmark = pytest.mark.django_db


def current(client: Client, path: str) -> list[str]:
    """The labels of the main menu's links marked as the current page."""
    html = client.get(path).content.decode()
    menu = html.split('class="site-nav"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'aria-current="page"[^>]*>([^<]+)</a>', menu)


def test_the_directory_is_current_on_its_list_and_on_an_organization_page(
    places, client: Client
) -> None:
    organization = Organization.objects.create(name="Workers' Party of Tunisia")
    assert current(client, "/directory/") == ["Directory"]
    # The page is composed in the site layer (web), under the directory's address.
    assert current(client, f"/directory/{organization.pk}/") == ["Directory"]
    assert current(client, "/") == ["Home"]
