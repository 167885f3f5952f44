"""Paste-a-list import: paste, look at the preview, fix what is flagged, confirm."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from internationale.accounts.access import allowed_user
from internationale.accounts.permissions import is_secretariat
from internationale.core.validators import reject_control_characters
from internationale.organizations import pasted
from internationale.organizations.models import Country, ListImport


class PasteForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("The list"),
        max_length=500_000,
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "false"}),
        validators=[reject_control_characters],
        help_text=gettext_lazy(
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


@login_required
@require_http_methods(["GET", "POST"])
def paste(request: HttpRequest) -> HttpResponse:
    user = allowed_user(request, is_secretariat(request.user))
    form = PasteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        batch = pasted.preview_list(by=user, text=form.cleaned_data["text"])
        return redirect("organizations:list_preview", batch.pk)
    return render(request, "organizations/paste.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    user = allowed_user(request, is_secretariat(request.user))
    batch = get_object_or_404(ListImport, pk=pk)
    undecided: list[int] = []
    if request.method == "POST" and batch.state == ListImport.State.PREVIEW:
        decisions, undecided = pasted.decisions_from(request.POST, batch)
        if not undecided:
            batch = pasted.confirm_list(by=user, import_id=batch.pk, decisions=decisions)
            messages.success(request, _("The list was imported."))
            return redirect("organizations:list_preview", batch.pk)
        messages.error(
            request, _("Please choose what to do with every line marked in the list below.")
        )
    rows = pasted.preview_rows(batch, undecided)
    return render(
        request,
        "organizations/preview.html",
        {
            "batch": batch,
            "rows": rows,
            "countries": Country.objects.order_by("name").only("code", "name", "names"),
            "flagged": sum(1 for row in rows if row["flagged"]),
            "posted": request.POST if request.method == "POST" else {},
        },
        status=400 if undecided else 200,
    )
