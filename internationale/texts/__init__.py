"""Pure Python about texts: diffs (and, later, paragraphs and amendments). No Django."""
