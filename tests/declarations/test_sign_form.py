"""The sign form offers the kinds its declaration takes and checks each form on its own."""

from __future__ import annotations

import pytest

from internationale.declarations.forms import SignatureForm


def test_each_form_offers_the_kinds_its_declaration_takes() -> None:
    people = SignatureForm(kinds=["person"])
    both = SignatureForm(kinds=["person", "organization"])
    organizations = SignatureForm(kinds=["organization"])
    assert [value for value, _ in people.fields["kind"].choices] == ["person"]  # type: ignore[attr-defined]
    assert [value for value, _ in both.fields["kind"].choices] == ["person", "organization"]  # type: ignore[attr-defined]
    assert (people.fields["kind"].initial, organizations.fields["kind"].initial) == (
        "person", "organization"
    )  # fmt: skip
    assert both.fields["kind"].initial == "person"
    # Choosing one form's kinds leaves the class, and so the next form, as they were.
    assert [value for value, _ in SignatureForm.base_fields["kind"].choices] == [  # type: ignore[attr-defined]
        "person", "organization"
    ]  # fmt: skip


@pytest.mark.django_db
def test_each_form_is_checked_on_its_own() -> None:
    good = SignatureForm(
        {"kind": "person", "name": "Ana", "email": "ana@example.org", "country": "BR"},
        kinds=["person"],
    )
    bad = SignatureForm({"kind": "organization", "name": "", "email": "nope"}, kinds=["person"])
    assert not bad.is_valid()
    assert set(bad.errors) >= {"kind", "name", "email"}
    assert good.is_valid(), good.errors
    assert good.cleaned_data["email"] == "ana@example.org"
    assert good.cleaned_data["country"].code == "BR"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "found"), [("X-EUS", True), ("ZZ", False), ("br", False), ("B R", False)]
)
def test_a_country_is_one_of_the_places_by_its_exact_code(code, found) -> None:
    form = SignatureForm(
        {"kind": "person", "name": "Ana", "email": "ana@example.org", "country": code},
        kinds=["person"],
    )
    assert form.is_valid() is found
    if found:
        assert form.cleaned_data["country"].code == code
    else:
        assert "Select a valid choice" in form.errors["country"][0]
