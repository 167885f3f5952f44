"""One look at a page in a journey: a screenshot to look at afterwards, and axe-core's checks.

Every browser journey calls ``look`` at each page it reaches, so that each of
those pages is also checked the same way: axe-core (the copy bundled with
axe-playwright-python, injected into the page: nothing is fetched) runs its
WCAG 2.1 A and AA rules, and the test fails listing every violation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: The WCAG 2.1 levels A and AA, as axe-core tags its rules.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    violations: list[dict[str, Any]] = Axe().run(page, options=options).response["violations"]
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    """One line per rule broken (id, impact, help), and under it each element (target)."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
    return "\n".join(lines)


def look(page: Any, artifacts: Path, name: str, *, full_page: bool = True) -> Path:
    """Screenshot ``page`` to ``artifacts/<name>.png``, then fail on any axe violation.

    Returns the screenshot's path (taken first, so a failing page can be seen).
    """
    path = artifacts / f"{name}.png"
    page.screenshot(path=path, full_page=full_page)
    violations = axe_violations(page)
    assert not violations, (
        f"axe-core (WCAG 2.1 A/AA) on {name} ({page.url}):\n{describe(violations)}"
    )
    return path
