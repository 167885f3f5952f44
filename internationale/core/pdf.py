"""What every PDF of the site shares (WeasyPrint): whether this server can make one, and
writing one from HTML and a stylesheet with a URL fetcher that fetches nothing.

WeasyPrint needs Pango from the operating system; the apps import it only when a PDF is
made, so the platform runs (without PDFs) where Pango is missing.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)


@functools.cache
def available() -> bool:
    """Whether this server can make PDFs (WeasyPrint and the Pango it loads are there).

    Answered without loading them: loading WeasyPrint and Pango takes a second or
    more, which a web process that only asks should not pay.
    """
    import ctypes.util
    import importlib.util

    if importlib.util.find_spec("weasyprint") is None:
        logger.warning("PDFs are not available: WeasyPrint is not installed")
        return False
    missing = [name for name in ("pango-1.0", "pangoft2-1.0") if not ctypes.util.find_library(name)]
    if missing:
        logger.warning("PDFs are not available: WeasyPrint needs %s", ", ".join(missing))
        return False
    return True


def refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """A WeasyPrint URL fetcher that refuses every address: no text put in a PDF can make
    the server fetch anything."""
    raise ValueError(f"a PDF of this site loads nothing, not {url[:80]}")


def write_pdf(html: str, stylesheet: Path) -> bytes:
    """The PDF of ``html`` styled by ``stylesheet``; nothing in either can fetch anything."""
    import weasyprint

    document = weasyprint.HTML(string=html, url_fetcher=refuse_fetch, base_url="about:blank")
    style = weasyprint.CSS(filename=str(stylesheet), url_fetcher=refuse_fetch)
    return bytes(document.write_pdf(stylesheets=[style]))
