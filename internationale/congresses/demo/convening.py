"""The demo congress's call: the English original and four translations, the Spanish one
made from an earlier version of the original (so its page shows the "outdated" flag)."""

from __future__ import annotations

from pathlib import Path

from internationale.congresses.models import Congress, CongressCall

CALL_TEXTS = Path(__file__).resolve().parent / "call"
#: The original's version each language was written from; the original is at version 2.
MADE_FROM = {"en": 2, "es": 1, "pt": 2, "fr": 2, "ar": 2}


def load_call(congress: Congress) -> int:
    """Write the call in the five languages unless it is written; return how many were made."""
    if congress.calls.exists():
        return 0
    for language, version in MADE_FROM.items():
        text = (CALL_TEXTS / f"call.{language}.md").read_text(encoding="utf-8")
        title, _, body = text.partition("\n")  # a '# Title' first line
        original = language == "en"
        CongressCall.objects.create(
            congress=congress,
            language=language,
            title=title.removeprefix("# ").strip(),
            body=body.strip(),
            is_original=original,
            version=version if original else 1,
            translated_from_version=None if original else version,
        )
    return len(MADE_FROM)
