"""core.widgets.QuickSelect writes the same HTML as Django's Select, faster."""

from __future__ import annotations

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from internationale.core.widgets import QuickSelect

CHOICES = [
    ("", "None, or an international network"),
    ("AR", "Argentina"),
    ("PS", "فلسطين"),
    ("X-EUS", "Euskal Herria <b>\"&'"),
    ("7", "a number"),
]


def _both(choices, value, attrs=None) -> tuple[str, str]:
    return (
        QuickSelect(choices=choices).render("country", value, attrs),
        forms.Select(choices=choices).render("country", value, attrs),
    )


@pytest.mark.parametrize("value", [None, "", "AR", "PS", "X-EUS", 7, "7", "unknown"])
def test_the_html_is_djangos_for_every_value(value) -> None:
    quick, django = _both(CHOICES, value)
    assert quick == django


def test_the_attributes_are_djangos_with_the_ones_a_bound_field_adds() -> None:
    attrs = {"id": "id_country", "required": True, "aria-invalid": "true", "disabled": False}
    quick, django = _both(CHOICES, "PS", attrs)
    assert quick == django
    assert 'id="id_country" required aria-invalid="true">' in quick
    assert "disabled" not in quick


def test_labels_and_values_are_escaped() -> None:
    quick, _ = _both(CHOICES, None)
    assert "<b>" not in quick
    assert "&lt;b&gt;&quot;&amp;&#x27;" in quick


def test_grouped_choices_are_refused_rather_than_rendered_wrong() -> None:
    with pytest.raises(TypeError):
        QuickSelect(choices=[("Europe", [("FR", "France")])]).render("country", None)


@given(
    st.lists(st.tuples(st.text(max_size=6), st.text(max_size=12)), max_size=8),
    st.one_of(st.none(), st.text(max_size=6)),
)
def test_any_flat_choices_give_djangos_html(choices, value) -> None:
    quick, django = _both(choices, value)
    assert quick == django


@pytest.mark.django_db
def test_the_sign_forms_country_list_is_djangos() -> None:
    from django.utils import translation

    from internationale.declarations.forms import SignatureForm

    with translation.override("ar"):
        form = SignatureForm({"country": "PS", "email": "bad"}, kinds=["person"])
        form.is_valid()
        field = form["country"]
        quick = str(field)
        assert isinstance(field.field, forms.ChoiceField)
        # Given to this rendering only: the form's fields are shared by all its instances.
        django = field.as_widget(forms.Select(choices=list(field.field.choices)))  # type: ignore[arg-type]
        assert quick == django
    assert isinstance(SignatureForm.base_fields["country"].widget, QuickSelect)
    assert quick.count("<option") > 200
    assert '<option value="PS" selected>' in quick
