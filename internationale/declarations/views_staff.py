"""The secretariat's side of a declaration: moderation and the CSV with addresses."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from internationale.accounts.access import allowed_user
from internationale.accounts.permissions import is_secretariat
from internationale.accounts.services import record_audit
from internationale.core.validators import reject_control_characters
from internationale.declarations import services
from internationale.declarations.models import Declaration, Signature

PAGE_SIZE = 100


class ModerationForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("verify", gettext_lazy("Verify")),
            ("hide", gettext_lazy("Hide")),
            ("reject", gettext_lazy("Reject")),
            ("restore", gettext_lazy("Restore")),
        ]
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
        return data


@login_required
@require_http_methods(["GET", "POST"])
def signatures(request: HttpRequest, slug: str) -> HttpResponse:
    user = allowed_user(request, is_secretariat(request.user))
    declaration = get_object_or_404(Declaration, slug=slug)
    if request.method == "POST":
        form = ModerationForm(request.POST)
        signature_id = request.POST.get("signature", "")
        if form.is_valid() and signature_id.isdigit():
            services.moderate_signature(
                by=user,
                signature_id=get_object_or_404(
                    Signature, pk=int(signature_id), declaration=declaration
                ).pk,
                action=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Done."))
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, str(error))
        return redirect(request.get_full_path())
    view = request.GET.get("view", "waiting")
    items = Signature.objects.filter(declaration=declaration).select_related("country")
    if view == "waiting":
        items = items.filter(needs_moderation=True)
    elif view in Signature.State.values:
        items = items.filter(state=view)
    page_obj = Paginator(items.order_by("-created_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "declarations/staff_signatures.html",
        {
            "declaration": declaration,
            "page_obj": page_obj,
            "view": view,
            "states": Signature.State.choices,
            "form": ModerationForm(),
        },
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


CSV_COLUMNS = [
    "id", "kind", "name", "acronym", "country", "representative", "email", "show_name",
    "message", "state", "verified", "flagged", "created_at", "confirmed_at",
]  # fmt: skip


def _rows(declaration: Declaration) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for s in (
        Signature.objects.filter(declaration=declaration)
        .select_related("country")
        .order_by("id")
        .iterator(chunk_size=2000)
    ):
        yield writer.writerow(
            [
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
                s.flagged,
                s.created_at.isoformat(),
                s.confirmed_at.isoformat() if s.confirmed_at else "",
            ]
        )


@login_required
def export_signatures(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    """Every signature with its address: the one place addresses leave the site. Audited."""
    user = allowed_user(request, is_secretariat(request.user))
    declaration = get_object_or_404(Declaration, slug=slug)
    record_audit(actor=user, action="signatures.export", target=declaration)
    response = StreamingHttpResponse(_rows(declaration), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="signatures-{declaration.slug}.csv"'
    return response
