"""The sign form shares its fields between instances, each with the kinds it offers."""

from __future__ import annotations

import pytest

from internationale.declarations.forms import SignatureForm


def test_each_form_has_its_own_kinds_and_shares_the_fields_it_never_changes() -> None:
    people = SignatureForm(kinds=["person"])
    both = SignatureForm(kinds=["person", "organization"])
    organizations = SignatureForm(kinds=["organization"])
    assert [value for value, _ in people.fields["kind"].choices] == ["person"]  # type: ignore[attr-defined]
    assert [value for value, _ in both.fields["kind"].choices] == ["person", "organization"]  # type: ignore[attr-defined]
    assert (people.fields["kind"].initial, organizations.fields["kind"].initial) == (
        "person", "organization"
    )  # fmt: skip
    assert people.fields["kind"] is not both.fields["kind"]
    assert people.fields["kind"] is SignatureForm(kinds=["person"]).fields["kind"]
    assert people.fields["email"] is both.fields["email"] is SignatureForm.base_fields["email"]


@pytest.mark.django_db
def test_a_shared_field_still_checks_each_form_on_its_own() -> None:
    good = SignatureForm(
        {"kind": "person", "name": "Ana", "email": "ana@example.org", "country": "BR"},
        kinds=["person"],
    )
    bad = SignatureForm({"kind": "organization", "name": "", "email": "nope"}, kinds=["person"])
    assert not bad.is_valid()
    assert set(bad.errors) >= {"kind", "name", "email"}
    assert good.is_valid(), good.errors
    assert good.cleaned_data["email"] == "ana@example.org"
