"""The paste-a-list parser, against the real 2020 signatory list and made-up lines.

The parser is pure Python: these tests build its places from the shipped
``places.json`` and pycountry the way the directory does, and need no database.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from internationale.organizations.listparse import (
    Known,
    ListParser,
    Parsed,
    Place,
    is_acronym,
    normalize,
    parse_list,
)
from internationale.organizations.places import parser_places
from tests.conftest import DATA, read_data

REPO = Path(__file__).resolve().parents[2]
PLACES_FILE = REPO / "internationale" / "organizations" / "data" / "places.json"
LANGUAGES = ("es", "pt", "fr", "ar")
EN_DASH, APOSTROPHE, ACUTE = "\u2013", "\u2019", "\u00b4"  # as pasted lists have them


def build_places() -> tuple[Place, ...]:
    """Every ISO country (names in five languages and the aliases) and every territory."""
    return parser_places()


@cache
def parser() -> ListParser:
    return ListParser(build_places())


@cache
def signatories_text() -> str:
    return read_data(DATA / "declaration-2020-signatories.txt")


@cache
def _signatory_rows() -> tuple[Parsed, ...]:
    return tuple(parser().parse(signatories_text()))


def signatory_rows() -> dict[int, Parsed]:
    return {row.line: row for row in _signatory_rows()}


def parse(text: str, known: tuple[Known, ...] = ()) -> list[Parsed]:
    return parse_list(text, build_places(), known)


def one(text: str) -> Parsed:
    rows = parse(text)
    assert len(rows) == 1, rows
    return rows[0]


# --------------------------------------------------------------------------- the whole file


def test_every_content_line_of_the_signatory_list_gives_exactly_one_row() -> None:
    lines = signatories_text().splitlines()
    content = [
        number
        for number, line in enumerate(lines, start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    rows = parse_list(signatories_text(), build_places())
    assert len(content) == 241
    assert [row.line for row in rows] == content
    assert all(row.raw == lines[row.line - 1] for row in rows)
    assert all(row.name for row in rows)


def test_the_signatory_list_has_numbering_stripped_from_every_name() -> None:
    for row in signatory_rows().values():
        assert not row.name[:1].isdigit() or row.name.startswith("4T"), row
        assert not row.name.endswith((",", ";", "-")), row


def test_only_the_doubtful_signatory_lines_are_flagged() -> None:
    flagged = {line: row.reasons for line, row in signatory_rows().items() if row.flagged}
    assert flagged == {
        7: ("ambiguous-separator",),  # Tricontinental - Institute for Social Research
        8: ("ambiguous-separator",),  # ALBA Movimientos - Articulación Continental ...
        27: ("ambiguous-separator",),  # Vamos - Frente Patria Grande
        60: ("ambiguous-separator",),  # ALBA Movimientos - Capítulo Colombia
        145: ("ambiguous-separator",),  # CodePink - Women for Peace
        197: ("country-fuzzy",),  # Catalans Countries
        198: ("country-fuzzy",),  # Catalans Countries
        199: ("no-country",),  # DFLP-Europe, Democratic Front ...
        200: ("country-from-name",),  # Esquerra Unida i Alternativa de Catalunya
        202: ("no-country",),  # Foro Europeo
        221: ("no-country",),  # Partido Izquierda Europea
        224: ("no-country",),  # Red Nórdica de Solidaridad con Venezuela-Capitulo Suecia, ...
        237: ("no-country",),  # Union of the Palestinian Communities, ...
        249: ("country-fuzzy",),  # Cape Green
    }


# line, country, name, acronym
EXPECTED = [
    # international networks: no country, acronym before a dash, brackets
    (6, None, f"International Peoples{APOSTROPHE} Assembly", "IPA"),
    (9, None, "Asamblea de los Pueblos del Caribe", None),
    (11, None, "Coordinadora Latinoamericana de Organizaciones del Campo", "CLOC"),
    (12, None, "Coordinadora de Sindicalistas de Europa", "TUNE"),
    (14, None, "Foro de São Paulo", None),
    (18, None, "Women's International Democratic Federation", "WIDF"),
    (19, None, "World March of Women", None),
    # Country, Name
    (22, "AR", "Frente Popular Darío Santillán", None),
    (26, "AR", "Resumen Latinoamericano", None),
    # Country, ACRONYM - Name, with dashed and mixed-case acronyms
    (24, "AR", "Movimiento de Trabajadores Excluidos", "MTE"),
    (25, "AR", "Organizaciones Libres del Pueblo-Resistir y Luchar", "OLP-RL"),
    (45, "BR", "Movimento dos Trabalhadores Rurais Sem Terra", "MST"),
    (46, "BR", "Partido Comunista do Brasil", "PCdoB"),
    (196, "BE", "Workers' Party of Belgium", "PTB-PVDA"),
    (232, "ES", "Izquierda Castellana", "IzCa"),
    # two acronyms around a dash are one name
    (28, "BO", "MAS - IPSP", None),
    # a short name before a dash is kept whole (and flagged)
    (27, "AR", "Vamos - Frente Patria Grande", None),
    (145, "US", "CodePink - Women for Peace", None),
    # names with commas, hyphens, quotes, brackets, slashes
    (29, "BR", "Capítulo Brasil do Comitê Internacional Paz, Justiça e Dignidade aos Povos", None),
    (83, "MX", "Asamblea Comunitaria de Alpuyeca, Morelos", None),
    (88, "MX", "Comité de Solidaridad Monseñor Romero-México", None),
    (90, "MX", "Comité Social Popular Tierra y Libertad - Durango", None),
    (102, "MX", "Maderas del Pueblo del Sureste - AC", None),
    (105, "MX", "Movimiento de Solidaridad Nuestra América/Mexico", None),
    (
        116,
        "MX",
        'Servicio Internacional Cristiano de Solidaridad con América Latina "Oscar Arnulfo Romero"',
        None,
    ),
    (141, "PR", "Jornada: Se Acabaron las Promesas", None),
    (231, "SI", "Levica (The Left)", None),
    # en dashes
    (98, "MX", f"Frente Amplio de Lucha Popular {EN_DASH} Oaxaca", None),
    (125, "PY", "Organización Campesina del Norte", "OCN"),
    (206, "DE", "Partido Comunista de Alemania", "DKP"),
    # stray punctuation: a trailing comma, an acute accent for an apostrophe
    (
        163,
        "VE",
        "Asociación Civil de Comerciantes Unidos del Mercado Bolivariano la Hoyada",
        "ACCUMHB",
    ),
    (152, "US", "Poor People's Campaign", None),
    (242, "TN", "Tunisian Workers' Party", None),
    # a trailing word in capitals that is not the initials stays in the name
    (
        184,
        "VE",
        "Talento Petrolero Socialista Revolucionario Bolivariano y Chavista de PDVSA",
        None,
    ),
    (179, "VE", "Organización Social SURES", None),
    # the country repeated in its own language before a slash
    (218, "NO", "Asociación de Amistad y Solidaridad con Cuba en Noruega", None),
    # a country that is also a word of the name
    (189, "NP", "Nepal Communist Party", "CP"),
    (142, "TT", "Oil Workers Trinidad Union", "OWTU"),
    # Country - Name
    (245, "AU", "Communist Party of Australia", None),
    # territories and nations without a state
    (192, "X-EUS", "LAB sindikatua", None),
    (193, "X-EUS", "Partido Sortu", None),
    (197, "X-CAT", "Candidatura d'Unitat Popular", "CUP"),
    (204, "X-GAL", "Confederación Intersindical Galega", "CIG"),
    (241, "PS", "Ramallah Center for Human Rights Studies", "RCHRS"),
    (136, "PR", "Brigada Juan Rius Rivera", None),
    # an acronym before a comma, with no country
    (
        199,
        None,
        "Democratic Front for the Liberation of Palestine - European Section",
        "DFLP-Europe",
    ),
    # no country, in Europe
    (202, None, "Foro Europeo", None),
    (
        224,
        None,
        "Red Nórdica de Solidaridad con Venezuela-Capitulo Suecia, Dinamarca y Noruega",
        None,
    ),
    # a misspelt country
    (249, "CV", "Sankofa Movimento Politico Economico-Social cultural de Cabo Verde", None),
    # names in four languages
    (203, "FR", "French Communist Party", "PCF"),
    (223, "PT", "Partido Comunista Português", "PCP"),
    (219, "NO", "Norges Kommunistiske Parti", None),
    (253, "ZA", "National Union of Metalworkers of South Africa", "NUMSA"),
    (57, "CL", "MODATIMA", None),
    (195, "BE", "intal", None),
]


@pytest.mark.parametrize(("line", "country", "name", "acronym"), EXPECTED)
def test_a_signatory_line_gives_the_country_name_and_acronym_a_person_would_write(
    line: int, country: str | None, name: str, acronym: str | None
) -> None:
    row = signatory_rows()[line]
    assert (row.country, row.name, row.acronym) == (country, name, acronym)


def test_the_fixed_list_covers_at_least_thirty_lines() -> None:
    assert len({line for line, *_ in EXPECTED}) >= 30


def test_international_networks_are_international_and_not_flagged() -> None:
    rows = [row for row in signatory_rows().values() if row.line < 20]
    assert len(rows) == 14
    assert {row.heading for row in rows} == {"International networks"}
    assert {row.region for row in rows} == {"international"}
    assert {row.country for row in rows} == {None}
    assert [row.line for row in rows if row.flagged] == [7, 8]  # ambiguous separators only


def test_the_tune_network_keeps_its_english_name_as_another_name() -> None:
    assert signatory_rows()[12].other_names == ("Trade Unionists Network Europe",)


def test_a_row_takes_the_region_of_its_place() -> None:
    rows = signatory_rows()
    assert rows[22].region == "latin-america-caribbean"
    assert rows[54].region == "north-america"
    assert rows[192].region == "europe"
    assert rows[241].region == "arab-maghreb"
    assert rows[187].region == "asia"
    assert rows[245].region == "oceania"
    assert rows[257].region == "sub-saharan-africa"


def test_a_row_keeps_the_country_as_written() -> None:
    rows = signatory_rows()
    assert rows[22].country_text == "Argentina"
    assert rows[197].country_text == "Catalans Countries"
    assert rows[249].country_text == "Cape Green"
    assert rows[202].country_text is None


# --------------------------------------------------------------------------- doubt is flagged


def test_a_misspelt_country_is_matched_but_flagged() -> None:
    for text, code in [
        ("Brazill, MST", "BR"),
        ("Argentinia, Partido Obrero", "AR"),
        ("Venezuala, PSUV", "VE"),
        ("Frnace, PCF - Parti communiste français", "FR"),
        ("Catalans Countries, CUP", "X-CAT"),
        ("Cape Green - Sankofa", "CV"),
    ]:
        row = one(text)
        assert row.country == code, text
        assert row.flagged, text
        assert "country-fuzzy" in row.reasons, text


def test_a_line_without_a_country_outside_a_networks_heading_is_flagged() -> None:
    rows = parse("## Europe\n1. Foro Europeo\n\n2. Partido Izquierda Europea\nWorld March of Women")
    assert [row.reasons for row in rows] == [("no-country",)] * 3
    assert [row.region for row in rows] == ["europe", "europe", "europe"]
    assert one("Asamblea de los Pueblos").reasons == ("no-country",)


def test_a_line_without_a_country_under_a_networks_heading_is_not_flagged() -> None:
    for heading in ("## International networks", "Redes internacionales", "Réseaux:"):
        row = parse(f"{heading}\n- La Vía Campesina")[0]
        assert (row.country, row.region, row.flagged) == (None, "international", False), heading


def test_a_country_guessed_from_the_name_is_flagged() -> None:
    row = one("Partido Comunista de Cuba")
    assert (row.country, row.reasons) == ("CU", ("country-from-name",))


def test_a_country_written_at_the_end_is_taken_but_flagged() -> None:
    row = one("Frente Socialista (Puerto Rico)")
    assert (row.country, row.name, row.reasons) == ("PR", "Frente Socialista", ("country-at-end",))


def test_a_country_that_could_be_an_acronym_is_flagged() -> None:
    row = one("UK - Communist Party of Britain")
    assert (row.country, row.name, row.acronym) == ("GB", "Communist Party of Britain", None)
    assert row.reasons == ("acronym-or-country",)


def test_a_line_that_is_only_a_numbered_country_has_no_name_and_is_flagged() -> None:
    row = one("12. Cuba")
    assert (row.country, row.name, row.reasons) == ("CU", "", ("no-name",))


def test_the_same_organization_twice_in_one_list_is_flagged() -> None:
    rows = parse("Brazil, MST - Movimento Sem Terra\nBrasil - MST - Movimento Sem Terra")
    assert [row.reasons for row in rows] == [(), ("duplicate",)]


# --------------------------------------------------------------------------- line shapes


@pytest.mark.parametrize(
    ("text", "country", "name", "acronym"),
    [
        ("Brasil - MST - Movimento dos Trabalhadores Rurais Sem Terra", "BR",
         "Movimento dos Trabalhadores Rurais Sem Terra", "MST"),
        ("Venezuela, Partido Comunista de Venezuela (PCV)", "VE",
         "Partido Comunista de Venezuela", "PCV"),
        ("Palestina, Frente Popular para la Liberación de Palestina - FPLP", "PS",
         "Frente Popular para la Liberación de Palestina", "FPLP"),
        ("Brazil: MST", "BR", "MST", None),
        ("Western Sahara, Polisario Front", "EH", "Polisario Front", None),
        ("Sáhara Occidental - Frente Polisario", "EH", "Frente Polisario", None),
        ("Curdistão, PKK", "X-KUR", "PKK", None),
        ("Euskal Herria, EH Bildu", "X-EUS", "EH Bildu", None),
        ("Países Catalanes, CUP", "X-CAT", "CUP", None),
        ("Kosova, Vetëvendosje", "XK", "Vetëvendosje", None),
        ("Estados Unidos, The People's Forum", "US", "The People's Forum", None),
        ("ÉTATS-UNIS, Codepink", "US", "Codepink", None),
        ("Haïti, PAPDA", "HT", "PAPDA", None),
        ("Korea, Republic of, Minjung Party", "KR", "Minjung Party", None),
        ("RDC, Mouvement Lucha", "CD", "Mouvement Lucha", None),
        ("13) Cuba , , CTC - Central de Trabajadores de Cuba ;", "CU",
         "Central de Trabajadores de Cuba", "CTC"),
        (f"(14) Puerto Rico {EN_DASH} Frente Socialista", "PR", "Frente Socialista", None),
        ("* Perú, Nuevo Perú", "PE", "Nuevo Perú", None),
        ("•\tChile,  Casa Bolívar", "CL", "Casa Bolívar", None),
    ],
)  # fmt: skip
def test_a_line_shape_seen_in_pasted_lists_is_read(
    text: str, country: str, name: str, acronym: str | None
) -> None:
    row = one(text)
    assert (row.country, row.name, row.acronym) == (country, name, acronym)
    assert not row.flagged, row.reasons


def test_blank_lines_comments_and_headings_give_no_row_but_name_the_section() -> None:
    text = "# a comment\n\n## Asia\n----\nEurope\n1. Spain, Izquierda Unida\r\nBrazil:\n- CUT\n"
    rows = parse(text)
    assert [(row.line, row.heading, row.country, row.name) for row in rows] == [
        (6, "Europe", "ES", "Izquierda Unida"),
        (8, "Brazil", "BR", "CUT"),
    ]
    assert not any(row.flagged for row in rows)


def test_a_bare_country_line_is_a_heading_for_the_lines_under_it() -> None:
    rows = parse("Brazil\n- CUT - Central Única dos Trabalhadores\n- Argentina, Barrios de Pie")
    assert [(row.country, row.acronym) for row in rows] == [("BR", "CUT"), ("AR", None)]


def test_acronyms_are_told_from_names() -> None:
    for token in ("MST", "PCdoB", "OLP-RL", "IzCa", "PTB-PVDA", "DFLP-Europe", "UNITE", "CP"):
        assert is_acronym(token), token
    for token in ("CodePink", "Vamos", "Cubanismo.br", "4T", "intal", "Tricontinental", "A"):
        assert not is_acronym(token), token


def test_normalize_ignores_case_accents_and_punctuation() -> None:
    assert normalize("  São-Tomé  &  PRÍNCIPE! ") == "sao tome principe"
    assert normalize(f"Côte d{APOSTROPHE}Ivoire") == "cote d ivoire"


# --------------------------------------------------------------------------- matching

KNOWN = (
    Known(1, "Movimento dos Trabalhadores Rurais Sem Terra", "MST", (), "BR"),
    Known(2, "Central Unica dos Trabalhadores", "", (), "BR"),
    Known(3, "Confederação Nacional de Entidades Negras", "CONEN", (), "BR"),
    Known(4, "Communist Party of Nepal", "", (), "NP"),
    Known(5, "Cuba Support Group", "", (), "IE"),
    Known(6, "Die Linke", "", ("The Left",), "DE"),
    Known(7, "International Peoples' Assembly", "IPA", (), None),
    Known(8, "Partido Socialista de Venezuela", "", (), "VE"),
    Known(9, "Partido del Trabajo", "PT", (), "MX"),
    Known(10, "Partido dos Trabalhadores", "PT", (), "BR"),
    Known(11, "Sortu", "", (), "X-EUS"),
)


def test_lines_are_matched_exactly_probably_or_not_at_all() -> None:
    rows = {row.line: row for row in parse_list(signatories_text(), build_places(), KNOWN)}
    expected = {
        45: ("exact", 1),  # same name
        36: ("exact", 2),  # same name but for an accent
        33: ("exact", 3),  # same acronym in the same country, another name
        6: ("exact", 7),  # a typographic apostrophe
        48: ("exact", 10),  # PT in Brazil, not PT in Mexico
        114: ("exact", 9),
        205: ("exact", 6),
        189: ("probable", 4),  # the words in another order
        213: ("probable", 5),  # one more word
        193: ("probable", 11),  # a one-word name inside the line's
    }
    assert {line: (rows[line].match, rows[line].match_id) for line in expected} == expected
    assert rows[45].match_score == 100.0
    assert 85 <= (rows[189].match_score or 0) < 100
    others = [row for line, row in rows.items() if line not in expected]
    assert {(row.match, row.match_id, row.match_score) for row in others} == {("new", None, None)}


def test_another_name_of_a_known_organization_is_an_exact_match() -> None:
    row = parse("Germany, The Left", KNOWN)[0]
    assert (row.match, row.match_id) == ("exact", 6)


def test_a_similar_name_in_another_country_is_not_a_match() -> None:
    row = parse("Colombia, Partido Socialista de Venezuela", KNOWN)[0]
    assert row.match == "new"
    row = parse("Venezuela, Partido Comunista de Venezuela", KNOWN)[0]
    assert row.match == "new"


def test_two_known_organizations_with_the_same_name_make_the_match_doubtful() -> None:
    known = (Known(1, "Foro Europeo", "", (), "ES"), Known(2, "Foro Europeo", "", (), "IT"))
    row = parse("## International networks\nForo Europeo", known)[0]
    assert (row.match, row.match_id, row.reasons) == ("probable", 1, ("match-ambiguous",))


def words(text: str) -> list[str]:
    return text.split()


def _generated_directory(size: int) -> list[Known]:
    rng = random.Random(2020)
    heads = words(
        "Partido Movimiento Frente Unión Sindicato Comité Coordinadora Asociación Central "
        "Federación Movimento Party Union Front Committee Association Centre Collectif Parti"
    )
    middles = words(
        "Popular Socialista Comunista Obrero Campesino Nacional Democrático Revolucionario "
        "Feminista Juvenil Workers Peoples Socialist Communist Trabalhadores Unido Populaire"
    )
    tails = [
        "de la Tierra", "del Pueblo", "de Mujeres", "de Trabajadores", "for Peace", "of Labour",
        "da Juventude", "de Solidaridad", "por la Paz", "dos Povos", "des Travailleurs",
    ]  # fmt: skip
    codes = [place.code for place in build_places()]
    return [
        Known(
            id=index,
            name=f"{rng.choice(heads)} {rng.choice(middles)} {rng.choice(tails)} {index}",
            acronym="".join(rng.choice("ABCDEFGHIJLMNOPRSTU") for _ in range(4)),
            other_names=(),
            country=rng.choice([*codes, None]),
        )
        for index in range(size)
    ]


def test_the_signatory_list_is_matched_against_twenty_thousand_organizations() -> None:
    """Not a timing assertion (see benchmarks/): it runs, and prints how long it took."""
    known = _generated_directory(20_000) + list(KNOWN)
    text = signatories_text()
    started = time.perf_counter()
    rows = parse_list(text, build_places(), known)
    elapsed = time.perf_counter() - started
    print(f"241 lines against {len(known)} organizations: {elapsed:.3f} s")
    assert len(rows) == 241
    matches = Counter(row.match for row in rows)
    assert matches["exact"] >= 7
    assert sum(matches.values()) == 241


# --------------------------------------------------------------------------- properties

_LINE_TEXT = st.text(
    alphabet=st.characters(blacklist_characters="\r\n"),
    max_size=80,
)
_PIECES = st.sampled_from(
    ["Brazil", "Brasil", "MST", "PCdoB", "Cape Green", "Catalans Countries", "Euskal Herria",
     "Partido Comunista", "(PCV)", "[TUNE - Trade Unionists]", '"La 5ta Ola"', "Norge/",
     ", ", " - ", f" {EN_DASH} ", ": ", "/", ACUTE, APOSTROPHE, "(", "]", '"', "“", "„",
     "12.", "#", "##", "* ",
     "Europe", "International networks", "de Cuba", "ACCUMHB", " ", "\t", "\u200b", "\x00"]
)  # fmt: skip
_LINE = st.one_of(_LINE_TEXT, st.lists(_PIECES, max_size=8).map("".join))


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, max_size=12))
def test_parsing_never_fails_and_gives_one_row_per_content_line(lines: list[str]) -> None:
    text = "\n".join(lines)
    rows = parser().parse(text)
    numbers = [row.line for row in rows]
    assert numbers == sorted(set(numbers))
    for row in rows:
        assert row.raw == lines[row.line - 1]
        assert row.match in {"exact", "probable", "new"}
        assert row.flagged == bool(row.reasons)
    produced = set(numbers)
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not any(ch.isalnum() for ch in line) or stripped.startswith("#"):
            assert number not in produced, line
        elif stripped[:3] in {"1. ", "2) "} and any(ch.isalnum() for ch in stripped[3:]):
            assert number in produced, line


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["1. ", "- ", "3) "]), min_size=1, max_size=10), st.data())
def test_every_numbered_line_gives_a_row(bullets: list[str], data: st.DataObject) -> None:
    lines = [
        bullet + data.draw(st.lists(_PIECES, min_size=1, max_size=6).map("".join)) + "x"
        for bullet in bullets
    ]
    rows = parser().parse("\n".join(lines))
    assert [row.line for row in rows] == list(range(1, len(lines) + 1))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_parsing_any_text_never_fails(text: str) -> None:
    rows = parse_list(text, build_places(), KNOWN)
    assert len(rows) <= text.count("\n") + text.count("\r") + 1


def test_the_preview_can_look_up_a_country_a_person_types() -> None:
    assert parser().find_place("Brasil") == ("BR", False)
    assert parser().find_place("Cape Green") == ("CV", True)
    assert parser().find_place("Atlantis") == (None, False)
