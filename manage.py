#!/usr/bin/env python3
"""Django's manage.py; `internationale manage …` does the same once installed."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    from internationale.cli import ensure_secret_key

    ensure_secret_key()

    execute_from_command_line(sys.argv)
