"""The pre-congress debate: contributions, bulletins, tendencies."""

from __future__ import annotations

__all__: list[str] = []
