"""The debate's forms: a contribution, its text in a language, a tendency, an endorsement."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from internationale.congresses.models import Contributor
from internationale.congresses.services.debate import Kinds
from internationale.core.numbers import parse_id
from internationale.core.validators import reject_control_characters

TITLE_LIMIT = 300
BODY_LIMIT = 100_000
NAME_LIMIT = 200


def _language_field(label: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=settings.LANGUAGES)


class TextForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=TITLE_LIMIT, validators=[reject_control_characters]
    )
    body = forms.CharField(
        label=_("Text (Markdown)"),
        max_length=BODY_LIMIT,
        widget=forms.Textarea(attrs={"rows": 18, "dir": "auto"}),
        validators=[reject_control_characters],
    )

    def clean_title(self) -> str:
        return " ".join(str(self.cleaned_data["title"]).split())


class ContributionForm(TextForm):
    """A new contribution: as whom (the kinds the user may use), in which language."""

    kind = forms.ChoiceField(label=_("Submitted by"), choices=[], widget=forms.RadioSelect)
    organization = forms.CharField(label=_("Section"), required=False, widget=forms.Select)
    language = _language_field(_("Language of the text"))

    field_order = ["kind", "organization", "language", "title", "body"]

    def __init__(self, *args: Any, kinds: Kinds, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Contributor.choices)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [(k, labels[k]) for k in kinds.kinds]
        if len(kinds.kinds) == 1:
            kind.initial = kinds.kinds[0]
        if kinds.tendency is not None:
            kind.help_text = _("As a tendency: %(name)s.") % {"name": kinds.tendency.name}
        if Contributor.SECTION in kinds.kinds:
            widget = self.fields["organization"].widget
            assert isinstance(widget, forms.Select)
            widget.choices = [("", "—")] + [(str(s.pk), s.name) for s in kinds.sections]
            self.fields["organization"].help_text = _("When submitted by a section.")
        else:
            del self.fields["organization"]
        self.kinds = kinds

    def clean_organization(self) -> int | None:
        value = self.cleaned_data.get("organization") or ""
        if not value:
            return None
        pk = parse_id(value)
        if pk is None or pk not in {s.pk for s in self.kinds.sections}:
            raise forms.ValidationError(_("Choose a section you represent."))
        return pk

    def values(self) -> dict[str, Any]:
        """The cleaned values, as services.submit_contribution takes them."""
        data = self.cleaned_data
        names = ("kind", "language", "title", "body")
        return {"organization_id": data.get("organization"), **{k: data[k] for k in names}}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == Contributor.SECTION and not data.get("organization"):
            self.add_error("organization", _("Choose a section you represent."))
        return data


class EndorseForm(forms.Form):
    organization = forms.CharField(required=False)

    def clean_organization(self) -> int | None:
        value = self.cleaned_data.get("organization") or ""
        if not value:
            return None
        pk = parse_id(value)
        if pk is None:
            raise forms.ValidationError(_("Choose a section you represent."))
        return pk


class PlatformForm(forms.Form):
    body = forms.CharField(
        label=_("Platform (Markdown)"),
        max_length=BODY_LIMIT,
        widget=forms.Textarea(attrs={"rows": 14, "dir": "auto"}),
        validators=[reject_control_characters],
    )


class TendencyForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the tendency"),
        max_length=NAME_LIMIT,
        validators=[reject_control_characters],
    )
    language = _language_field(_("Language of the platform"))
    platform = forms.CharField(
        label=_("Platform (Markdown)"),
        max_length=BODY_LIMIT,
        widget=forms.Textarea(attrs={"rows": 14, "dir": "auto"}),
        validators=[reject_control_characters],
    )

    def clean_name(self) -> str:
        name = " ".join(str(self.cleaned_data["name"]).split())
        if not name:
            raise forms.ValidationError(_("This field is required."))
        return name
