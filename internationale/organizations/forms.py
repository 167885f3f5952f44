from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from internationale.core.validators import reject_control_characters
from internationale.organizations import csvio, pasted
from internationale.organizations.models import (
    Country,
    Organization,
    OrganizationKind,
    OrganizationStatus,
    Region,
)
from internationale.organizations.queries import DirectoryFilters

ALL = "all"


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or acronym"), required=False, max_length=200)
    region = forms.ChoiceField(label=_("Region"), required=False)
    country = forms.ChoiceField(label=_("Country or territory"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrganizationKind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("In the international")),
            *OrganizationStatus.choices,
            (ALL, _("All, signatories included")),
        ],
    )

    def __init__(self, *args: Any, countries: list[Country], regions: list[Region], **kwargs: Any):
        super().__init__(*args, **kwargs)
        region_field = self.fields["region"]
        country_field = self.fields["country"]
        assert isinstance(region_field, forms.ChoiceField)
        assert isinstance(country_field, forms.ChoiceField)
        region_field.choices = [("", _("All regions")), *((r.slug, r.local_name) for r in regions)]
        by_name = sorted(((c.code, c.local_name) for c in countries), key=lambda pair: pair[1])
        country_field.choices = [("", _("All countries")), *by_name]

    def filters(self) -> DirectoryFilters:
        """The directory's filters the form asks for; none when it is empty or invalid."""
        data = self.cleaned_data if self.is_valid() else {}
        status = data.get("status", "")
        return DirectoryFilters(
            query=data.get("q", ""),
            region=data.get("region", ""),
            country=data.get("country", ""),
            kind=data.get("kind", ""),
            status="" if status == ALL else status,
            members_only=status == "",
        )


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


class OrganizationFieldsForm(forms.Form):
    """The fields that describe an organization, shared by editing and applying."""

    name = forms.CharField(label=_("Name"), max_length=300, validators=[reject_control_characters])
    acronym = forms.CharField(
        label=_("Acronym"), max_length=40, required=False, validators=[reject_control_characters]
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganizationKind.choices)
    country = forms.ModelChoiceField(
        label=_("Country or territory"),
        queryset=Country.objects.order_by("name"),
        required=False,
        to_field_name="code",
        empty_label=_("None: an international or regional network"),
    )
    founded = forms.IntegerField(
        label=_("Founding year"), required=False, min_value=1800, max_value=2100
    )
    website = forms.URLField(
        label=_("Website"), required=False, max_length=300, assume_scheme="https"
    )


class OrganizationForm(OrganizationFieldsForm):
    """The entry as its representatives may edit it: everything but the status."""

    other_names = forms.CharField(
        label=_("Other names"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[reject_control_characters],
        help_text=_("One per line: translations of the name, former names."),
    )
    field_order = ["name", "acronym", "other_names"]
    email = forms.EmailField(
        label=_("E-mail for the secretariat"),
        required=False,
        help_text=_("Seen by the secretariat only, never shown on the site."),
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("JPEG, PNG, GIF or WebP up to 5 MB. Hidden data such as location is removed."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        validators=[reject_control_characters],
    )
    description_language = forms.ChoiceField(
        label=_("Language of the description"), choices=settings.LANGUAGES
    )
    description_is_original = forms.BooleanField(
        label=_("This is the original text (other languages are translations of it)"),
        required=False,
    )

    def clean_other_names(self) -> list[str]:
        return _lines(self.cleaned_data["other_names"])[:30]

    @classmethod
    def initial_for(cls, organization: Organization, language: str) -> dict[str, Any]:
        description = next(
            (d for d in organization.descriptions.all() if d.language == language), None
        )
        return {
            "name": organization.name,
            "acronym": organization.acronym,
            "other_names": "\n".join(organization.other_names),
            "kind": organization.kind,
            "country": organization.country.code if organization.country else None,
            "founded": organization.founded,
            "website": organization.website,
            "email": organization.email,
            "description": description.text if description else "",
            "description_language": language,
            "description_is_original": description.is_original if description else False,
        }


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=OrganizationStatus.choices)
    effective_on = forms.DateField(
        label=_("Effective on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[reject_control_characters],
    )


class ApplicationForm(OrganizationFieldsForm):
    """An application to join: the organization, then one answer per point of agreement."""

    requested = forms.ChoiceField(
        label=_("Apply to join as"),
        choices=[
            (OrganizationStatus.MEMBER.value, _("member")),
            (OrganizationStatus.SYMPATHIZING_SECTION.value, _("sympathizing section")),
        ],
    )
    membership_size = forms.IntegerField(
        label=_("Number of members"), min_value=1, max_value=100_000_000
    )
    contacts = forms.CharField(
        label=_("How the secretariat can reach you"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[reject_control_characters],
        help_text=_(
            "Names, e-mail addresses or other safe channels. Seen by the secretariat only."
        ),
    )

    def __init__(self, *args: Any, points: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from internationale.organizations.models import Answer

        self.fields["name"].label = _("Name of the organization")
        self.points = points
        for point in points:
            self.fields[f"point_{point.pk}"] = forms.ChoiceField(
                label=point.local_text, choices=Answer.Choice.choices, widget=forms.RadioSelect
            )
            self.fields[f"comment_{point.pk}"] = forms.CharField(
                label=_("Your reservations or disagreement"),
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
                validators=[reject_control_characters],
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for point in self.points:
            choice = data.get(f"point_{point.pk}")
            if choice and choice != "agree" and not data.get(f"comment_{point.pk}", "").strip():
                self.add_error(
                    f"comment_{point.pk}", _("Please explain your reservations or disagreement.")
                )
        return data

    def organization_fields(self) -> list[Any]:
        return [self[name] for name in ("name", "acronym", "kind", "country", "founded", "website")]

    def application_fields(self) -> list[Any]:
        return [self[name] for name in ("requested", "membership_size", "contacts")]

    def point_fields(self) -> list[tuple[Any, Any]]:
        return [(self[f"point_{p.pk}"], self[f"comment_{p.pk}"]) for p in self.points]

    def answers(self) -> list[tuple[int, str, str]]:
        """Per point of agreement: its number, the choice, the comment."""
        data = self.cleaned_data
        return [(p.pk, data[f"point_{p.pk}"], data[f"comment_{p.pk}"].strip()) for p in self.points]


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[reject_control_characters],
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("admit-member", _("Admit as a member")),
            ("admit-sympathizing", _("Admit as a sympathizing section")),
            ("defer", _("Defer")),
            ("reject", _("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (sent to the applicant)"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[reject_control_characters],
    )


class AgreementPointForm(forms.Form):
    """One point of agreement, written in each shipped language."""

    position = forms.IntegerField(label=_("Position"), min_value=1, max_value=999)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, name in settings.LANGUAGES:
            self.fields[f"text_{code}"] = forms.CharField(
                label=name,
                required=code == settings.LANGUAGE_CODE,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                validators=[reject_control_characters],
            )

    def texts(self) -> dict[str, str]:
        return {
            code: self.cleaned_data[f"text_{code}"].strip()
            for code, _name in settings.LANGUAGES
            if self.cleaned_data.get(f"text_{code}", "").strip()
        }


class PasteForm(forms.Form):
    text = forms.CharField(
        label=_("The list"),
        max_length=500_000,
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "false"}),
        validators=[reject_control_characters],
        help_text=_(
            "One organization a line, as e-mails have them: “Country, Name”, “Country - Name”, "
            "“ACRONYM - Name”; headings such as “## International networks” are understood."
        ),
    )

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"]
        if text.count("\n") >= pasted.MAX_LINES:
            raise forms.ValidationError(
                _("Please paste at most %(max)d lines at a time.") % {"max": pasted.MAX_LINES}
            )
        return text


class CsvImportForm(forms.Form):
    #: The largest CSV file taken, in bytes.
    MAX_UPLOAD = 5 * 1024 * 1024

    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 text up to 5 MB, separated by commas or semicolons, "
            "with a first line naming the columns listed below."
        ),
    )

    def clean_file(self) -> str:
        """The upload's text, or a clear reason why it cannot be read."""
        upload: UploadedFile = self.cleaned_data["file"]
        if upload.size is not None and upload.size > self.MAX_UPLOAD:
            raise ValidationError(
                _("The file is larger than 5 MB. Split it and import the parts one by one."),
                code="too_large",
            )
        try:
            return csvio.decode_upload(upload.read())
        except csvio.UploadError as error:
            raise ValidationError(str(error), code="not_utf8") from error


class JoinForm(ApplicationForm):
    """The public application: the application, and the address its account will have."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_(
            "We send a link to this address. Following it confirms the address, "
            "opens your account and sends the application."
        ),
    )

    def account_fields(self) -> list[Any]:
        return [self["email"]]


class JoinConfirmForm(forms.Form):
    """The password of the account the application opens (none if the address has one)."""

    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("The password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        from django.contrib.auth.password_validation import validate_password

        from internationale.accounts.models import User

        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                validate_password(first, User(email=self.email))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data
