"""The PDF of a bulletin in one language, made with WeasyPrint, kept in the database.

A bulletin is fixed once published; what may still change is the texts shown
(a translation written later, or brought up to date). So a PDF is made on the
first request for a (bulletin, language) whose texts differ from the stored
one's (``queries_debate.text_key``) and kept in ``BulletinPdf``: every server
serves the same file and backups hold it. It is made in the request rather than
by the worker: an internal bulletin of a few contributions takes about a second,
asked for by few readers, and a reader gets the file at once instead of a
waiting page. It is made outside any transaction (no lock held while
WeasyPrint works); two readers arriving together at a new key may both make it,
and the last one stored is the same document.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from internationale.congresses import queries_debate
from internationale.congresses.models import Bulletin, BulletinPdf
from internationale.core.markdown import render_markdown
from internationale.core.pdf import write_pdf

STYLE = Path(__file__).with_name("bulletin.css")


def render_pdf(bulletin: Bulletin, language: str, items: list[queries_debate.Shown]) -> bytes:
    """The bulletin in ``language``: each contribution in it, else in its original."""
    with translation.override(language):
        html = render_to_string(
            "congresses/debate/bulletin_pdf.html",
            {
                "site_name": settings.SITE_NAME,
                "bulletin": bulletin,
                "congress": bulletin.congress,
                "items": [(s, render_markdown(s.text.item.body)) for s in items],
                "language": language,
                "direction": "rtl" if translation.get_language_bidi() else "ltr",
            },
        )
    return write_pdf(html, STYLE)


def pdf_for(bulletin: Bulletin, language: str) -> bytes:
    """The bulletin's PDF in ``language``: the stored one if made from the texts shown now,
    else made now and stored."""
    items = queries_debate.shown(queries_debate.in_bulletin(bulletin), language)
    key = queries_debate.text_key(items)
    stored = BulletinPdf.objects.filter(bulletin=bulletin, language=language).first()
    if stored is not None and stored.text_key == key:
        return bytes(stored.content)
    content = render_pdf(bulletin, language, items)
    BulletinPdf.objects.update_or_create(
        bulletin=bulletin,
        language=language,
        defaults={"content": content, "text_key": key, "built_at": timezone.now()},
    )
    return content
