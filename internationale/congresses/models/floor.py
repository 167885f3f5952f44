"""The floor of the hall: the agenda, speakers' lists and the state the projector shows."""

from __future__ import annotations

__all__: list[str] = []
