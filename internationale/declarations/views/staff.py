"""The secretariat's side of a declaration: moderation and the CSV with addresses."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from internationale.accounts.models import User
from internationale.accounts.services import record_audit
from internationale.core.spreadsheet import csv_lines
from internationale.core.validators import reject_control_characters
from internationale.declarations import access, queries
from internationale.declarations.models import Declaration, Signature
from internationale.declarations.services import moderation, signing
from internationale.organizations.models import Organization
from internationale.organizations.queries import similar_organizations

PAGE_SIZE = 100


class ModerationForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("verify", gettext_lazy("Verify")),
            ("hide", gettext_lazy("Hide")),
            ("reject", gettext_lazy("Reject")),
            ("restore", gettext_lazy("Restore")),
            ("link", gettext_lazy("Link to the directory")),
        ]
    )
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.all(), required=False, widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=500,
        required=False,
        validators=[reject_control_characters],
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("action") in ("hide", "reject") and not data.get("reason"):
            self.add_error("reason", _("Please give a reason for hiding or rejecting."))
        if data.get("action") == "link" and not data.get("organization"):
            self.add_error(
                "organization", _("Choose the organization of the directory it belongs to.")
            )
        return data


def _moderate(request: HttpRequest, user: User, declaration: Declaration) -> None:
    """Apply one moderation form; say how it went in a message."""
    signature = access.moderated_signature(declaration, request.POST.get("signature", ""))
    form = ModerationForm(request.POST)
    if not form.is_valid():
        for messages_of_field in form.errors.values():
            for message in messages_of_field:
                messages.error(request, str(message))
        return
    try:
        moderation.moderate_signature(
            by=user,
            signature_id=signature.pk,
            action=form.cleaned_data["action"],
            reason=form.cleaned_data["reason"],
            organization=form.cleaned_data["organization"],
            base_url=request.build_absolute_uri("/"),
        )
    except signing.SignatureError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Done."))


@login_required
@require_http_methods(["GET", "POST"])
def signatures(request: HttpRequest, slug: str) -> HttpResponse:
    user, declaration = access.managed_declaration(request, slug)
    if request.method == "POST":
        _moderate(request, user, declaration)
        return redirect(request.get_full_path())
    view = request.GET.get("view", "waiting")
    page_obj = Paginator(_to_moderate(declaration, view), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "declarations/staff_signatures.html",
        {
            "declaration": declaration,
            "shown": queries.text_for(declaration, (get_language() or "en").split("-")[0]),
            "page_obj": page_obj,
            "view": view,
            "states": Signature.State.choices,
            "form": ModerationForm(),
            "rows": [(s, _directory_candidates(s)) for s in page_obj],
        },
    )


def _to_moderate(declaration: Declaration, view: str) -> QuerySet[Signature]:
    """The signatures the secretariat looks at, newest first: those waiting for moderation
    ("waiting"), those in one state, or every one. (Here, not in queries.py, while that
    module is at its size limit.)"""
    signatures = Signature.objects.filter(declaration=declaration).select_related(
        "country", "organization"
    )
    if view == "waiting":
        signatures = signatures.filter(needs_moderation=True)
    elif view in Signature.State.values:
        signatures = signatures.filter(state=view)
    return signatures.order_by("-created_at", "-id")


def _directory_candidates(signature: Signature) -> list[Organization]:
    """For an organization not linked to the directory, the closest names to link it to."""
    if signature.kind != Signature.Kind.ORGANIZATION or signature.organization_id is not None:
        return []
    return similar_organizations(signature.name, signature.acronym, signature.country)


class VerificationForm(forms.Form):
    signature = forms.IntegerField()
    answer = forms.ChoiceField(
        choices=[("yes", gettext_lazy("Yes, we signed")), ("no", gettext_lazy("No, not us"))]
    )
    reason = forms.CharField(
        label=gettext_lazy("Anything the secretariat should know (optional)"),
        max_length=500,
        required=False,
        validators=[reject_control_characters],
    )


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """A representative says whether their organization signed what was signed in its name."""
    if request.method == "POST":
        _answer(request)
        return redirect("declarations:verify")
    user = request.user
    assert isinstance(user, User)
    page_obj = Paginator(queries.awaiting_verification(user.pk), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [(s, queries.text_for(s.declaration, get_language() or "en")) for s in page_obj]
    return render(
        request,
        "declarations/verify.html",
        {"page_obj": page_obj, "rows": rows, "form": VerificationForm()},
    )


def _answer(request: HttpRequest) -> None:
    """Record one representative's answer; say how it went in a message."""
    form = VerificationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please answer yes or no."))
        return
    user, signature = access.signature_to_verify(request, form.cleaned_data["signature"])
    moderation.verify_signature(
        by=user,
        signature_id=signature.pk,
        accept=form.cleaned_data["answer"] == "yes",
        reason=form.cleaned_data["reason"],
    )
    messages.success(request, _("Thank you: your answer was recorded."))


CSV_COLUMNS = [
    "id", "kind", "name", "acronym", "country", "representative", "email", "show_name",
    "message", "state", "verified", "imported", "flagged", "created_at", "confirmed_at",
]  # fmt: skip


def _rows(declaration: Declaration) -> Iterator[Sequence[object]]:
    yield CSV_COLUMNS
    for s in (
        Signature.objects.filter(declaration=declaration)
        .select_related("country")
        .order_by("id")
        .iterator(chunk_size=2000)
    ):
        yield [
            s.pk,
            s.kind,
            s.name,
            s.acronym,
            s.country.code if s.country else "",
            s.representative,
            s.email,
            s.show_name,
            s.message,
            s.state,
            s.verified,
            s.imported,
            s.flagged,
            s.created_at.isoformat(),
            s.confirmed_at.isoformat() if s.confirmed_at else "",
        ]


@login_required
def export_signatures(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    """Every signature with its address: the one place addresses leave the site. Audited."""
    user, declaration = access.managed_declaration(request, slug)
    record_audit(actor=user, action="signatures.export", target=declaration)
    response = StreamingHttpResponse(
        csv_lines(_rows(declaration)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="signatures-{declaration.slug}.csv"'
    return response
