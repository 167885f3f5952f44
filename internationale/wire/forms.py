from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from internationale.core.validators import reject_control_characters
from internationale.organizations.models import Country, Organization
from internationale.organizations.queries import organizations_named
from internationale.wire.models import Correspondent, Kind, Media, Report, Topic
from internationale.wire.services.reports import MAX_ORGANIZATIONS

TEXT = [reject_control_characters]
#: The longest line of the organizations' field (a directory name is at most 300 characters).
ORGANIZATION_LINE = 300


class CountryChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Country) -> str:
        return obj.local_name


class CountriesChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Country) -> str:
        return obj.local_name


class TopicsChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Topic) -> str:
        return obj.local_name


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=Kind.choices)
    language = forms.ChoiceField(label=_("Language of the report"), choices=settings.LANGUAGES)
    dateline = CountryChoice(
        label=_("Country or territory"),
        queryset=Country.objects.none(),
        to_field_name="code",
        help_text=_("Shown before the headline, as wires do: “Brazil: …”."),
    )
    other_countries = CountriesChoice(
        label=_("Other countries and territories concerned"),
        queryset=Country.objects.none(),
        to_field_name="code",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    title = forms.CharField(
        label=_("Headline"),
        max_length=200,
        validators=TEXT,
        help_text=_("Without the country: it is added from the country you chose."),
    )
    lede = forms.CharField(
        label=_("Lede"),
        max_length=600,
        validators=TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences: who, what, where, when."),
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=60_000,
        validators=TEXT,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_("Markdown: *italics*, **bold**, [a link](https://…), ## a subheading."),
    )
    topics = TopicsChoice(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organizations = forms.CharField(
        label=_("Organizations named in this report"),
        required=False,
        max_length=MAX_ORGANIZATIONS * (ORGANIZATION_LINE + 2),
        validators=TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Optional: the organizations it comes from or is about, one a line, by their name "
            "or acronym as the directory has them. Their pages will list the report."
        ),
    )

    @staticmethod
    def initial_for(report: Report) -> dict[str, Any]:
        """The form's fields as the report now is (its places and topics prefetched)."""
        places = report.listed_places
        return {
            "kind": report.kind,
            "language": report.language,
            "title": report.title,
            "lede": report.lede,
            "body": report.body,
            "dateline": places[0].country.code if places else None,
            "other_countries": [p.country.code for p in places[1:]],
            "topics": [row.topic.slug for row in report.listed_topics],
            "organizations": "\n".join(
                row.organization.name for row in report.listed_organizations
            ),
        }

    def __init__(
        self,
        *args: Any,
        datelines: Any = None,
        translation: bool = False,
        named: list[Organization] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # The organizations the report names now: a name two entries share means this one.
        self.named = {organization.pk for organization in named or []}
        everywhere = Country.objects.order_by("name")
        self.fields["dateline"].queryset = datelines if datelines is not None else everywhere  # type: ignore[attr-defined]
        self.fields["other_countries"].queryset = everywhere  # type: ignore[attr-defined]
        if translation:
            # A translation keeps its original's type, language and places.
            for name in (
                "kind",
                "language",
                "dateline",
                "other_countries",
                "topics",
                "organizations",
            ):
                self.fields[name].disabled = True
                self.fields[name].required = False
            self.fields["follows_original"] = forms.BooleanField(
                label=_("This translation now follows the current original"),
                required=False,
            )

    def countries(self) -> list[Country]:
        data = self.cleaned_data
        return [data["dateline"], *[c for c in data["other_countries"] if c != data["dateline"]]]

    def clean_organizations(self) -> list[Organization]:
        """The directory organizations named, one a line; every line that names none, or
        several, is an error that says which line (nothing typed is lost: the form keeps it)."""
        text: str = self.cleaned_data.get("organizations") or ""
        lines = [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
        if len(lines) > MAX_ORGANIZATIONS:
            raise forms.ValidationError(
                _("Please name at most %(limit)s organizations, one a line.")
                % {"limit": MAX_ORGANIZATIONS}
            )
        too_long = [
            _("Line %(number)s is longer than %(limit)s characters.")
            % {"number": n, "limit": ORGANIZATION_LINE}
            for n, line in lines
            if len(line) > ORGANIZATION_LINE
        ]
        if too_long:
            raise forms.ValidationError(too_long)
        found = organizations_named([line for _n, line in lines])
        organizations, errors = [], []
        for n, line in lines:
            matches = found[line]
            ours = [match for match in matches if match.pk in self.named]
            if len(matches) == 1 or len(ours) == 1:
                organizations.append(matches[0] if len(matches) == 1 else ours[0])
            else:
                errors.append(_line_error(n, line, matches))
        if errors:
            raise forms.ValidationError(errors)
        return list(dict.fromkeys(organizations))


def _line_error(number: int, line: str, matches: list[Organization]) -> str:
    """Why line ``number`` names no organization: it names none, or several."""
    if not matches:
        return _(
            "Line %(number)s: no organization in the directory has the name or acronym “%(name)s”."
        ) % {"number": number, "name": line}
    return _(
        "Line %(number)s: “%(name)s” is the name or acronym of several organizations "
        "(%(which)s); please write the full name of the one you mean."
    ) % {"number": number, "name": line, "which": "; ".join(_described(m) for m in matches[:5])}


def _described(organization: Organization) -> str:
    """An organization as a correspondent tells it from another of the same name."""
    place = organization.country.local_name if organization.country else _("international")
    return f"{organization.name} ({place})"


class CorrespondentForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Correspondent
        fields = ["byline", "pen_name", "public_name"]
        widgets = {"byline": forms.RadioSelect}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("pen_name", "public_name"):
            if data.get(name):
                reject_control_characters(data[name])
                data[name] = data[name].strip()
        if data.get("byline") == Correspondent.Byline.PEN_NAME and not data.get("pen_name"):
            self.add_error("pen_name", _("Please choose a pen name, or sign with your name."))
        if data.get("byline") == Correspondent.Byline.NAME and not data.get("public_name"):
            self.add_error("public_name", _("Please give the name to sign with."))
        return data


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Your comments for the correspondent"),
        max_length=4000,
        validators=TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class PublishForm(forms.Form):
    when = forms.ChoiceField(
        label=_("Publish"),
        choices=[("now", _("now")), ("later", _("at a time I choose (embargo)"))],
        widget=forms.RadioSelect,
        initial="now",
    )
    at = forms.DateTimeField(
        label=_("Date and time (UTC)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("when") == "later":
            at: datetime | None = data.get("at")
            if at is None:
                self.add_error("at", _("Please give the date and time of publication."))
            else:
                at = at.replace(tzinfo=ZoneInfo("UTC")) if timezone.is_naive(at) else at
                if at <= timezone.now():
                    self.add_error("at", _("The publication time is in the past."))
                data["at"] = at
        else:
            data["at"] = None
        return data


class UnpublishForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the correspondent receives it; it is kept in the audit log)"),
        max_length=1000,
        validators=TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TranslationForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the translation"), choices=())
    title = forms.CharField(label=_("Headline"), max_length=200, validators=TEXT)
    lede = forms.CharField(
        label=_("Lede"), max_length=600, validators=TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=60_000,
        validators=TEXT,
        widget=forms.Textarea(attrs={"rows": 18}),
    )

    def __init__(self, *args: Any, languages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = languages  # type: ignore[attr-defined]


class MediaForm(forms.Form):
    file = forms.FileField(
        label=_("A photo, a recording or a video"),
        required=False,
        help_text=_(
            "Photos: JPEG, PNG, GIF or WebP up to 5 MB. Audio: MP3, M4A or WAV up to 40 MB. "
            "Video: MP4 up to 150 MB. Location, camera and author data are removed."
        ),
    )
    link = forms.URLField(
        label=_("Or a link on the international's media host"),
        required=False,
        max_length=200,
        assume_scheme="https",
    )
    link_kind = forms.ChoiceField(
        label=_("The link is"),
        choices=[(Media.Kind.AUDIO, _("audio")), (Media.Kind.VIDEO, _("video"))],
        required=False,
    )
    caption = forms.CharField(label=_("Caption"), max_length=300, required=False, validators=TEXT)
    description = forms.CharField(
        label=_("Description for people who cannot see or hear it"),
        max_length=500,
        required=False,
        validators=TEXT,
        help_text=_("Required for photos: what the photo shows."),
    )

    def clean_link(self) -> str:
        link: str = self.cleaned_data.get("link") or ""
        if not link:
            return ""
        hosts = {h.lower() for h in settings.WIRE_MEDIA_HOSTS}
        parts = urlsplit(link)
        if parts.scheme != "https" or (parts.hostname or "").lower() not in hosts:
            if not hosts:
                raise forms.ValidationError(
                    _("This site has no media host: please upload the file instead.")
                )
            raise forms.ValidationError(
                _("Links may only point to the international's media host: %(hosts)s.")
                % {"hosts": ", ".join(sorted(hosts))}
            )
        return link

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("file")) == bool(data.get("link")) and not self.errors:
            raise forms.ValidationError(_("Please give either a file or a link, not both."))
        if data.get("link") and not data.get("link_kind"):
            self.add_error("link_kind", _("Please say whether the link is audio or video."))
        return data


class FirstMediaForm(MediaForm):
    """A photo or a recording filed with a new report, if there is one (links come later)."""

    link = None  # type: ignore[assignment]
    link_kind = None  # type: ignore[assignment]

    def clean(self) -> dict[str, Any]:
        return forms.Form.clean(self) or {}


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the wire"), max_length=200, required=False)
    language = forms.ChoiceField(
        label=_("Written in"),
        choices=[("", _("any language")), *settings.LANGUAGES],
        required=False,
    )
