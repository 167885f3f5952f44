"""Descriptions in several languages: the original marked, translations flagged when it changes."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from internationale.organizations.models import Description
from internationale.organizations.queries import (
    description_for,
    organization_detail,
    outdated_translations,
)
from internationale.organizations.services import (
    OrganizationData,
    create_organization,
    set_description,
)


@pytest.fixture
def organization(brazil):
    organization = create_organization(
        by=None, data=OrganizationData(name="Levante Popular da Juventude", country=brazil)
    )
    set_description(
        by=None,
        organization_id=organization.pk,
        language="pt",
        text="Organização de jovens.",
        original=True,
    )
    set_description(
        by=None, organization_id=organization.pk, language="es", text="Organización de jóvenes."
    )
    return organization


def shown(organization, language):
    detail = organization_detail(organization.pk)
    assert detail is not None
    return description_for(detail, language)


def test_a_fresh_translation_is_not_outdated(organization) -> None:
    spanish = shown(organization, "es")
    assert (spanish.text, spanish.is_fallback, spanish.is_outdated) == (
        "Organización de jóvenes.",
        False,
        False,
    )
    assert not outdated_translations().exists()


def test_editing_the_original_makes_its_translations_outdated(organization) -> None:
    set_description(
        by=None,
        organization_id=organization.pk,
        language="pt",
        text="Organização nacional de jovens.",
        original=True,
    )
    assert shown(organization, "es").is_outdated
    assert list(outdated_translations().values_list("language", flat=True)) == ["es"]
    set_description(
        by=None,
        organization_id=organization.pk,
        language="es",
        text="Organización nacional de jóvenes.",
    )
    assert not shown(organization, "es").is_outdated


def test_a_reader_without_a_translation_gets_the_original_and_is_told(organization, client) -> None:
    fallback = shown(organization, "fr")
    assert (fallback.language, fallback.is_fallback) == ("pt", True)
    body = client.get(f"/directory/{organization.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Organização de jovens." in body
    assert 'lang="pt"' in body


def test_the_outdated_flag_shows_on_the_page(organization, client) -> None:
    set_description(
        by=None, organization_id=organization.pk, language="pt", text="Texto novo.", original=True
    )
    body = client.get(f"/directory/{organization.pk}/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Organización de jóvenes." in body
    assert 'role="note"' in body


def test_making_another_language_the_original_demotes_the_old_one(organization) -> None:
    set_description(
        by=None,
        organization_id=organization.pk,
        language="es",
        text="Organización de jóvenes.",
        original=True,
    )
    originals = Description.objects.filter(organization=organization, is_original=True)
    assert list(originals.values_list("language", flat=True)) == ["es"]


def test_the_database_allows_one_original_per_organization(organization) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Description.objects.filter(organization=organization, language="es").update(
            is_original=True
        )
