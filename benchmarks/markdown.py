#!/usr/bin/env python3
"""Markdown rendering (markdown-it-py then nh3) of hostile bodies at a report's size limit.

    .venv/bin/python benchmarks/markdown.py

Prints, for each body of tests/texts/pathological.py, the time of
render_markdown (best of three), then an ordinary report's for scale.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-" + "x" * 50)

LIMIT = 60_000  # ReportForm's body max_length (internationale/wire/forms.py)


def best_of_three(render: object, text: str) -> tuple[float, float]:
    """Wall and processor seconds, the best of three (the machine is shared)."""
    walls, cpus = [], []
    for _ in range(3):
        started, cpu = time.perf_counter(), time.process_time()
        render(text)  # type: ignore[operator]
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def main() -> None:
    import django

    django.setup()
    from internationale.core.markdown import render_markdown
    from tests.texts.pathological import markdown_texts

    print(f"render_markdown at {LIMIT:,} characters (best of 3)")
    worst = 0.0
    for name, text in markdown_texts(LIMIT).items():
        wall, cpu = best_of_three(render_markdown, text)
        worst = max(worst, wall)
        print(f"  {name:20} {wall:6.3f} s ({cpu:.3f} s processor)")
    ordinary = ("Os **petroleiros** exigem a [readmissão](https://example.org/a).\n\n" * 900)[
        :LIMIT
    ]
    wall, cpu = best_of_three(render_markdown, ordinary)
    print(f"  {'ordinary report':20} {wall:6.3f} s ({cpu:.3f} s processor)")
    wall, cpu = best_of_three(render_markdown, ("a\n" * LIMIT)[:LIMIT])
    print(f"  {'30,000 lines of a':20} {wall:6.3f} s ({cpu:.3f} s processor)")
    print(f"worst hostile: {worst:.3f} s")


if __name__ == "__main__":
    main()
