"""The site's demonstration data: the about page in every language of the site."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from internationale.web.models import SitePage

DEMO_DATA = Path(__file__).resolve().parent / "demo_data"


def load_pages() -> int:
    """Create the about page in each language where it is missing; return how many."""
    created = 0
    for language, _name in settings.LANGUAGES:
        text = (DEMO_DATA / f"about.{language}.md").read_text(encoding="utf-8")
        title, _, body = text.partition("\n")  # written with a '# Title' first line
        _, made = SitePage.objects.get_or_create(
            slug=SitePage.Slug.ABOUT,
            language=language,
            defaults={"title": title.removeprefix("# ").strip(), "body": body.strip()},
        )
        created += made
    return created
