from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from internationale.core.numbers import parse_id
from internationale.core.validators import reject_control_characters
from internationale.declarations.models import Declaration, Signature
from internationale.organizations.models import Country
from internationale.organizations.queries import country_by_code, country_choices

MESSAGE_LIMIT = 1000


KIND_CHOICES = [("person", _("as a person")), ("organization", _("for an organization"))]


class SignatureForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("I sign"),
        choices=KIND_CHOICES,
        widget=forms.RadioSelect,
        initial="person",
    )
    name = forms.CharField(
        label=_("Name (yours, or the organization's)"),
        max_length=300,
        validators=[reject_control_characters],
    )
    acronym = forms.CharField(
        label=_("Acronym of the organization"),
        max_length=40,
        required=False,
        validators=[reject_control_characters],
        widget=forms.TextInput(attrs={"data-for-kind": "organization"}),
    )
    representative = forms.CharField(
        label=_("Your name, as the organization's representative"),
        max_length=200,
        required=False,
        validators=[reject_control_characters],
        widget=forms.TextInput(attrs={"data-for-kind": "organization"}),
    )
    # Offered as a list in the reader's language, checked by looking the code up
    # (clean_country): a ChoiceField would copy and normalise the 260 places for
    # every form made, and walk them to check one. The length is a validator, not
    # max_length, which would print maxlength on the select (invalid HTML).
    country = forms.CharField(
        label=_("Country or territory"),
        validators=[MaxLengthValidator(10)],
        required=False,
        # Called when the list is rendered (Django 5 takes callable choices; the stubs do not).
        widget=forms.Select(
            choices=lambda: country_choices(str(_("None, or an international network")))  # type: ignore[arg-type]
        ),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("We send you a link to confirm. Your address is never shown."),
    )
    show_name = forms.BooleanField(
        label=_("Show my name on the list (leave unticked to be only counted)"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"data-for-kind": "person"}),
    )
    message = forms.CharField(
        label=_("Message (optional)"),
        max_length=MESSAGE_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[reject_control_characters],
    )
    # A field people never see (off screen, hidden from assistive technology, out of the tab
    # order, never filled in by the browser); bots fill it.
    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    # The directory organization the signer picked: its number, "none", or not asked yet.
    # As the page wrote it: not stripped, so " 1" is refused like any other number it did not.
    organization = forms.CharField(required=False, max_length=20, strip=False)

    def clean_organization(self) -> int | str:
        """The picked organization's number, "none", or "" (not asked yet)."""
        value: str = self.cleaned_data.get("organization", "")
        if value in ("", "none"):
            return value
        number = parse_id(value)
        if number is None:
            raise forms.ValidationError(_("Choose one of the organizations shown."))
        return number

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [choice for choice in KIND_CHOICES if choice[0] in kinds]
        if len(kinds) == 1:
            kind.initial = kinds[0]

    def clean_country(self) -> Country | None:
        code: str = self.cleaned_data.get("country") or ""
        if not code:
            return None
        country = country_by_code(code)
        if country is None:
            raise forms.ValidationError(
                forms.ChoiceField.default_error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": code},
            )
        return country

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == Signature.Kind.ORGANIZATION and not data.get("representative"):
            self.add_error(
                "representative", _("Please give your name as the organization's representative.")
            )
        return data


#: Addresses the declarations' own pages use; no declaration may take them.
RESERVED_SLUGS = {"manage", "confirm", "withdraw", "new", "verify"}


class DeclarationSettingsForm(forms.Form):
    slug = forms.SlugField(
        label=_("Address"),
        max_length=80,
        help_text=_("Letters, digits and hyphens: the end of the declaration's web address."),
    )
    state = forms.ChoiceField(label=_("State"), choices=Declaration.State.choices)
    signers = forms.ChoiceField(label=_("Who may sign"), choices=Declaration.Signers.choices)
    opens_at = forms.DateTimeField(
        label=_("Opens at (UTC, optional)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    closes_at = forms.DateTimeField(
        label=_("Closes at (UTC, optional)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    moderate_organizations = forms.BooleanField(
        label=_("Organizations' signatures wait for the secretariat before they show"),
        required=False,
    )

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"].lower()
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This address is kept for the site's own pages."))
        return slug

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("A declaration closes after it opens."))
        return data


class DeclarationTextForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=300, validators=[reject_control_characters]
    )
    body = forms.CharField(
        label=_("Text (Markdown)"),
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 18}),
        validators=[reject_control_characters],
    )


class TranslationForm(DeclarationTextForm):
    original = forms.BooleanField(
        label=_("Make this language the original (the others become its translations)"),
        required=False,
    )


class NewDeclarationForm(DeclarationSettingsForm, DeclarationTextForm):
    language = forms.ChoiceField(label=_("Language of the original"), choices=[])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from django.conf import settings

        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = settings.LANGUAGES
