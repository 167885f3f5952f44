"""A form field is tied to its help and its errors, and a group of choices has a legend.

Django names the help and the errors of a field in its aria-describedby
(``<auto_id>_helptext``, ``<auto_id>_error``); web/field.html gives those ids
to the texts it prints, and puts radio buttons and check boxes in a fieldset
whose legend is the field's label (a label for="" tied them to nothing).
"""

from __future__ import annotations

import re

from django import forms
from django.template.loader import render_to_string


class Sample(forms.Form):
    email = forms.EmailField(help_text="We write only to confirm.")
    kind = forms.ChoiceField(
        choices=[("person", "A person"), ("organization", "An organization")],
        widget=forms.RadioSelect,
        help_text="Who signs.",
    )
    topics = forms.MultipleChoiceField(
        choices=[("a", "Land"), ("b", "Strikes")], widget=forms.CheckboxSelectMultiple
    )
    agree = forms.BooleanField(help_text="You may withdraw later.")


def render(form: forms.Form) -> str:
    return "".join(render_to_string("web/field.html", {"field": field}) for field in form)


def described(html: str) -> list[str]:
    return [i for ids in re.findall(r'aria-describedby="([^"]*)"', html) for i in ids.split()]


def test_help_texts_are_where_the_fields_aria_describedby_points() -> None:
    html = render(Sample())
    ids = set(re.findall(r' id="([^"]+)"', html))
    assert set(described(html)) == {"id_email_helptext", "id_kind_helptext", "id_agree_helptext"}
    assert set(described(html)) <= ids
    assert "aria-invalid" not in html


def test_errors_are_named_by_aria_describedby_and_the_field_is_marked_invalid() -> None:
    form = Sample(data={"email": "not an address"})
    assert not form.is_valid()
    html = render(form)
    ids = set(re.findall(r' id="([^"]+)"', html))
    for name in ("email", "kind", "topics", "agree"):
        assert f"id_{name}_error" in described(html), name
    assert set(described(html)) <= ids
    assert re.search(r'<input type="email"[^>]*aria-invalid="true"', html)
    summary = render_to_string("web/form_errors.html", {"form": form})
    anchors = re.findall(r'href="#([^"]*)"', summary)
    assert anchors
    assert all(anchor in ids for anchor in anchors), anchors  # each error links to its field


def test_choices_are_grouped_in_a_fieldset_with_the_label_as_legend() -> None:
    html = render(Sample())
    assert 'for=""' not in html
    group = r'<fieldset[^>]*aria-describedby="id_kind_helptext">\s*<legend>Kind</legend>'
    assert re.search(group, html)
    assert html.count("<fieldset") == 2  # the radios and the check boxes, not the lone box
    assert "<legend>Topics</legend>" in html
