"""The demo debate's texts, written for the demo: contributions and tendencies' platforms.

Each contribution: (key, author kind, author, bulletin number or None, original language,
{language: (title, body)}). The author is an organization's name for a section, a
tendency's name for a tendency, an e-mail address for a member, "" for the executive.
"""

from __future__ import annotations

Texts = dict[str, tuple[str, str]]

CONTRIBUTIONS: list[tuple[str, str, str, int | None, str, Texts]] = [
    (
        "executive-report",
        "executive",
        "",
        1,
        "en",
        {
            "en": (
                "Report of the outgoing executive to the XV World Congress",
                "Since the last congress the international has grown from a network of "
                "correspondence into an organisation with sections on four continents.\n\n"
                "## What we set out to do\n\n"
                "1. Hold the week of anti-imperialist struggle every year, in every region.\n"
                "2. Give each section a say in the executive between congresses.\n"
                "3. Publish the debate in all our working languages.\n\n"
                "## What remains\n\n"
                "The second point is only half done. This congress must decide how the "
                "executive includes every section and gives tendencies their fair share.",
            ),
            "es": (
                "Informe del ejecutivo saliente al XV Congreso Mundial",
                "Desde el último congreso, la internacional pasó de ser una red de "
                "correspondencia a una organización con secciones en cuatro continentes.\n\n"
                "## Lo que nos propusimos\n\n"
                "1. Realizar cada año la semana de lucha antiimperialista en todas las "
                "regiones.\n"
                "2. Dar a cada sección voz en el ejecutivo entre congresos.\n"
                "3. Publicar el debate en todas nuestras lenguas de trabajo.\n\n"
                "## Lo que queda\n\n"
                "El segundo punto sólo está a medias. Este congreso debe decidir cómo el "
                "ejecutivo incluye a cada sección y da a las tendencias su parte justa.",
            ),
            "fr": (
                "Rapport de l'exécutif sortant au XVe Congrès mondial",
                "Depuis le dernier congrès, l'internationale est passée d'un réseau de "
                "correspondance à une organisation ayant des sections sur quatre "
                "continents.\n\n"
                "## Ce que nous voulions faire\n\n"
                "1. Tenir chaque année la semaine de lutte anti-impérialiste dans toutes "
                "les régions.\n"
                "2. Donner à chaque section une voix à l'exécutif entre les congrès.\n"
                "3. Publier le débat dans toutes nos langues de travail.\n\n"
                "## Ce qui reste\n\n"
                "Le deuxième point n'est qu'à moitié fait. Ce congrès doit décider comment "
                "l'exécutif inclut chaque section et donne aux tendances leur juste part.",
            ),
            "ar": (
                "تقرير اللجنة التنفيذية المنتهية ولايتها إلى المؤتمر العالمي الخامس عشر",
                "منذ المؤتمر الأخير، تحولت الأممية من شبكة مراسلة إلى منظمة لها فروع في "
                "أربع قارات.\n\n"
                "## ما أردنا فعله\n\n"
                "1. تنظيم أسبوع النضال ضد الإمبريالية كل عام في كل المناطق.\n"
                "2. إعطاء كل فرع صوتاً في اللجنة التنفيذية بين المؤتمرات.\n"
                "3. نشر النقاش بكل لغات عملنا.\n\n"
                "## ما تبقى\n\n"
                "النقطة الثانية لم تنجز إلا نصفها. على هذا المؤتمر أن يقرر كيف تضم "
                "اللجنة التنفيذية كل الفروع وتعطي التيارات حصتها العادلة.",
            ),
        },
    ),
    (
        "land-reform",
        "section",
        "Em Luta",
        1,
        "pt",
        {
            "pt": (
                "A reforma agrária popular como tarefa internacional",
                "Do Alentejo ao Brasil, a terra continua nas mãos de poucos, e as famílias "
                "acampadas na beira das estradas brasileiras continuam esperando a terra que "
                "a lei promete.\n\n"
                "Propomos que o congresso adote a reforma agrária popular e a agroecologia "
                "como eixo comum das seções, ao lado dos movimentos camponeses, com uma "
                "jornada internacional de ocupações e de feiras em abril.",
            ),
            "en": (
                "Popular land reform as an international task",
                "From the Alentejo to Brazil, land is still held by a few, and families "
                "camped along Brazil's roadsides are still waiting for the land the law "
                "promises them.\n\n"
                "We propose that the congress adopt popular land reform and agroecology as "
                "a common axis of the sections, beside the peasant movements, with an "
                "international day of occupations and markets in April.",
            ),
        },
    ),
    (
        "peru-crisis",
        "member",
        "debate.amaru@demo.invalid",
        1,
        "es",
        {
            "es": (
                "Perú: lecciones de noviembre de 2020",
                "En una semana de noviembre de 2020 el Perú tuvo tres presidentes. La calle, "
                "sobre todo la juventud, derribó a un gobierno que nadie había elegido.\n\n"
                "La lección para nuestras secciones es que la crisis de un régimen no "
                "produce por sí sola una alternativa: sin organización propia, la salida "
                "la vuelven a escribir los mismos partidos del congreso.",
            ),
        },
    ),
    (
        "workers-front",
        "tendency",
        "For a Workers' and Peasants' Front",
        2,
        "fr",
        {
            "fr": (
                "Pour un front des travailleurs et des paysans",
                "Notre tendance propose que l'internationale fasse de l'unité entre "
                "syndicats ouvriers et mouvements paysans son premier axe de travail pour "
                "les trois prochaines années.\n\n"
                "Concrètement : un plan de lutte commun, des rencontres régionales avant "
                "chaque semaine d'action, et un exécutif où ces deux mondes siègent "
                "ensemble.",
            ),
            "en": (
                "For a workers' and peasants' front",
                "Our tendency proposes that the international make unity between workers' "
                "unions and peasant movements its first line of work for the next three "
                "years.\n\n"
                "In practice: a common plan of struggle, regional meetings before each "
                "action week, and an executive where both sit together.",
            ),
        },
    ),
    (
        "tunisia",
        "member",
        "debate.leila@demo.invalid",
        2,
        "ar",
        {
            "ar": (
                "تونس: من الثورة إلى الدفاع عن الحريات",
                "بعد أكثر من عشر سنوات على الثورة، تعود الحريات النقابية والسياسية في تونس "
                "إلى دائرة الخطر.\n\n"
                "نقترح أن يتبنى المؤتمر حملة تضامن دائمة مع النقابيين والناشطين المعتقلين "
                "في بلداننا، وأن تنشر نشرات النقاش بالعربية في الوقت نفسه مع اللغات "
                "الأخرى.",
            ),
        },
    ),
    (
        "youth",
        "member",
        "member@demo.invalid",
        None,
        "en",
        {
            "en": (
                "Young workers need their own place in the international",
                "Most of the people who marched in Lima, Santiago and Lagos in recent years "
                "were under thirty. Few of them are in our sections.\n\n"
                "I propose a youth network with its own bulletin and one seat on the "
                "executive, elected by the young delegates.",
            ),
        },
    ),
    (
        "renewal-method",
        "tendency",
        "Internationalist Renewal",
        None,
        "es",
        {
            "es": (
                "Un método para el debate: boletines en todas las lenguas",
                "Proponemos que ningún boletín se publique sin sus traducciones a las cinco "
                "lenguas de trabajo, y que cada contribución tenga un límite de extensión "
                "para que las secciones pequeñas puedan traducirla.",
            ),
        },
    ),
]

#: (name, original language, {language: platform}, the signatories' e-mail addresses).
TENDENCIES: list[tuple[str, str, dict[str, str], list[str]]] = [
    (
        "For a Workers' and Peasants' Front",
        "en",
        {
            "en": "We are members from unions and peasant movements who think the "
            "international's next years should be spent building one front of both.\n\n"
            "- A common plan of struggle, reported back country by country.\n"
            "- Regional meetings before each action week.\n"
            "- An executive where unions and peasant movements sit together.",
            "es": "Somos militantes de sindicatos y movimientos campesinos que creemos que "
            "los próximos años de la internacional deben dedicarse a construir un frente "
            "de ambos.\n\n"
            "- Un plan de lucha común, con informes país por país.\n"
            "- Encuentros regionales antes de cada semana de acción.\n"
            "- Un ejecutivo donde sindicatos y movimientos campesinos se sienten juntos.",
        },
        ["debate.kwame@demo.invalid", "debate.leila@demo.invalid"],
    ),
    (
        "Internationalist Renewal",
        "pt",
        {
            "pt": "Defendemos um debate mais aberto: boletins em todas as línguas de "
            "trabalho, prazos que permitam às seções pequenas participar, e uma executiva "
            "eleita com representação proporcional das tendências.",
        },
        ["debate.joana@demo.invalid", "debate.amaru@demo.invalid"],
    ),
]

#: Extra demo members (e-mail, pen name), invented for the debate.
MEMBERS: list[tuple[str, str]] = [
    ("debate.amaru@demo.invalid", "Amaru Q."),
    ("debate.leila@demo.invalid", "ليلى س."),
    ("debate.kwame@demo.invalid", "Kwame A."),
    ("debate.joana@demo.invalid", "Joana M."),
]

#: (contribution key, endorser's e-mail address).
ENDORSEMENTS: list[tuple[str, str]] = [
    ("land-reform", "debate.kwame@demo.invalid"),
    ("land-reform", "debate.joana@demo.invalid"),
    ("executive-report", "member@demo.invalid"),
    ("tunisia", "debate.kwame@demo.invalid"),
]
