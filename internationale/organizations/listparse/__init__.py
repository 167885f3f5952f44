"""Reading a pasted list of organizations: the pure parser behind the paste-a-list import.

Signatory lists arrive pasted from e-mail and are messy: ``Country, Name``,
``Country - Name``, ``ACRONYM - Name``, names with commas, brackets and dashes,
numbering, stray punctuation, no country at all, typos in country names, four
languages. This module turns such a text into one :class:`Parsed` row per
content line, with the country or territory, the name, the acronym, the region,
the reasons a person must look at the line, and the organization of the
directory it probably is.

It imports nothing from Django: the import service, the web preview and the
command line build :class:`Place` and :class:`Known` values from the database
and call :func:`parse_list` (or keep a :class:`ListParser` to parse many texts
against the same directory).

The package: ``records`` (the values in and out), ``text`` (cleaning, splitting,
acronyms, headings' words), ``matching`` (fuzzy scores against the known
organizations) and ``parser`` (the rules below, line by line).

The rules, in the order they are applied to a line:

1. Blank lines, lines without a letter or digit (``----``), comments (``# ...``)
   give no row. ``## Title`` is a heading; so is an unnumbered line that is only
   a region or section title (``Europe``, ``International networks``,
   ``Redes internacionales``), only a country (``Brazil``) or ends with a colon.
   A heading names the section for the lines under it: under a networks heading
   a line without a country is an international (or regional) network and is not
   flagged; under a country heading it takes that country.
2. List numbering (``12.``, ``12)``, ``(12)``, ``12 -``, ``-``, ``*``, ``•``) is removed,
   and stray punctuation at either end.
3. The country is the part before the first comma, dash (hyphen, en or em dash)
   or colon, compared with every name and alias of every place ignoring case,
   accents and punctuation. Failing that, the same parts are compared fuzzily
   (:data:`COUNTRY_CUTOFF`); a fuzzy country is kept but the line is flagged
   ``country-fuzzy``: the parser never guesses silently. A country at the end
   (``Name (Cuba)``, ``Name, Cuba``) or only inside the name (``... de
   Catalunya``) is taken too, flagged ``country-at-end`` or ``country-from-name``.
4. The acronym is a leading token in capitals, digits and dashes followed by a
   dash and the long name (``MST - Movimento ...``, ``PCdoB - ...``,
   ``OLP-RL - ...``), a token in brackets (``Name (PCV)``, ``Name [TUNE -
   Trade Unionists Network Europe]``), or a trailing capitalised token made of
   the initials of the words before it (``... la Hoyada ACCUMHB``). Two
   acronyms on either side of a dash are one name (``MAS - IPSP``). A short
   name that is not an acronym before a dash (``Vamos - Frente Patria Grande``)
   keeps the whole text as the name and is flagged ``ambiguous-separator``.
5. The organization is looked up among the known ones: the same normalized name
   or other name, or the same acronym in the same country, is an ``exact``
   match; otherwise the best fuzzy score (see :data:`MATCH_CUTOFF`) among the
   organizations of the same country (all of them when the line has no country)
   at or above :data:`MATCH_CUTOFF` is a ``probable`` match; else ``new``.

Flag reasons: ``country-fuzzy`` (and ``country-ambiguous`` when two places are
about as close), ``country-at-end``, ``country-from-name``, ``acronym-or-country``
(``UK - ...``), ``no-country``, ``no-name``, ``ambiguous-separator``,
``unbalanced-brackets``, ``duplicate`` (the same country and name earlier in the
paste) and ``match-ambiguous`` (several known organizations fit exactly).

:class:`Parsed` carries one field beyond the preview's needs, ``other_names``:
the long form of ``Name [ACRONYM - Long name]``, for the organization's other
names.
"""

from .matching import MATCH_CUTOFF, SUBSET_WEIGHT, similarity
from .parser import COUNTRY_CUTOFF, NETWORKS_REGION, ListParser, parse_list
from .records import Known, Parsed, Place
from .text import is_acronym, normalize

__all__ = [
    "COUNTRY_CUTOFF",
    "MATCH_CUTOFF",
    "NETWORKS_REGION",
    "SUBSET_WEIGHT",
    "Known",
    "ListParser",
    "Parsed",
    "Place",
    "is_acronym",
    "normalize",
    "parse_list",
    "similarity",
]
