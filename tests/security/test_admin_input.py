"""The admin answers hostile values with its form and the error, never with a 500.

Found by the battery (test_battery.py): Django's autocomplete widget queried
with a submitted value that was not an id, and Django's JSON form field let a
RecursionError through for text nested too deep.
"""

from __future__ import annotations

import pytest

from internationale.organizations.models import Country, Region

HOSTILE_IDS = ["Battery\x00text", "<script>alert(1)</script>", "²"]


@pytest.mark.parametrize("value", HOSTILE_IDS)
def test_an_autocompleted_field_given_something_else_than_an_id_shows_the_form(
    staff_client, places, value
) -> None:
    response = staff_client.post(
        "/admin/organizations/organization/add/",
        {"name": "Battery", "kind": "union", "country": value, "region_override": value},
    )
    assert response.status_code == 200
    assert "country" in response.context["adminform"].form.errors


def test_a_role_given_a_country_that_is_not_an_id_shows_the_user_form(
    staff_client, secretariat, places
) -> None:
    response = staff_client.post(
        f"/admin/accounts/user/{secretariat.pk}/change/",
        {
            "email": secretariat.email, "display_name": "", "is_active": "on", "is_staff": "on",
            "role_assignments-TOTAL_FORMS": "1", "role_assignments-INITIAL_FORMS": "0",
            "role_assignments-0-role": "correspondent", "role_assignments-0-country": "Battery\x00",
        },
    )  # fmt: skip
    assert response.status_code == 200


def test_json_nested_too_deep_is_refused_as_invalid_json(staff_client, places) -> None:
    region = Region.objects.first()
    assert region is not None
    response = staff_client.post(
        f"/admin/organizations/region/{region.pk}/change/",
        {"slug": region.slug, "name": region.name, "position": region.position,
         "names": "[" * 60_000},
    )  # fmt: skip
    assert response.status_code == 200
    assert "names" in response.context["adminform"].form.errors
    assert Country.objects.exists()  # nothing was deleted on the way
