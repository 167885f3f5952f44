"""The PDF of a declaration with its signatories, made with WeasyPrint.

WeasyPrint needs Pango from the operating system; it is imported only here,
when a PDF is made, so the platform runs (without PDFs) where Pango is
missing. The document is made from our own HTML and fetches nothing: its
URL fetcher refuses every address, so no text can make the server call
another host.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from internationale.core.markdown import render_markdown

# ``available`` is asked as ``declarations.pdf.available`` by the views and the tests.
from internationale.core.pdf import available as available
from internationale.core.pdf import write_pdf
from internationale.declarations import queries
from internationale.declarations.models import Declaration, DeclarationPdf

STYLE = Path(__file__).with_name("pdf.css")

#: Past this many people named, the PDF lists organizations by name and people by country.
MAX_NAMED_PEOPLE = 20_000


def render_pdf(declaration: Declaration, language: str) -> tuple[bytes, str]:
    """The PDF in ``language`` (its text, or the original's) and the text key it shows."""
    with translation.override(language):
        shown = queries.text_for(declaration, language)
        if shown is None:
            raise ValueError("a declaration without text has no PDF")
        found, groups = queries.all_groups(declaration, language)
        named = sum(h.named for h in found.headings)
        people_by_name = named <= MAX_NAMED_PEOPLE
        html = render_to_string(
            "declarations/pdf.html",
            {
                "site_name": settings.SITE_NAME,
                "declaration": declaration,
                "shown": shown,
                "body": render_markdown(shown.item.body),
                "counts": found.counts,
                "groups": groups if people_by_name else queries.without_people(groups),
                "people_by_name": people_by_name,
                "made_at": timezone.now(),
                "language": language,
                "direction": "rtl" if translation.get_language_bidi() else "ltr",
            },
        )
    return write_pdf(html, STYLE), queries.text_key(shown)


def build_pdf(*, declaration_id: int, language: str) -> DeclarationPdf:
    """Make the PDF in ``language`` and keep it; for the worker (it takes seconds).

    The list's version is read before the list itself: a signature confirmed
    while the PDF is made leaves it marked as older than the list, so it is
    made again at the next request.
    """
    declaration = Declaration.objects.get(pk=declaration_id)
    version = declaration.list_changed_at.timestamp()
    content, text_key = render_pdf(declaration, language)
    DeclarationPdf.objects.update_or_create(
        declaration=declaration,
        language=language,
        defaults={
            "content": content,
            "list_version": version,
            "text_key": text_key,
            "built_at": timezone.now(),
            "requested_at": None,
        },
    )
    return DeclarationPdf.objects.get(declaration=declaration, language=language)
