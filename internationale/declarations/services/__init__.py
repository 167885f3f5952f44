"""Writes about declarations, one module for each kind of work: ``signing`` (signatures
and their mail), ``moderation`` (what the secretariat and representatives answer for)
and ``publishing`` (settings, texts, PDFs, imported signatories)."""
