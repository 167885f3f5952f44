"""The wire's demonstration data: correspondents in several countries, reports of every type.

Every text here was written for the demo. The people, unions and events are
invented; the situations are the kind the international's correspondents
report. Loading goes through the services, as a newsroom would, so the
revisions, listings, search index and mails are those of real use.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass, replace
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from internationale.accounts.demo import demo_user
from internationale.accounts.models import Role, User
from internationale.accounts.services import assign_role
from internationale.core.media import clean_recording_bytes
from internationale.organizations.models import Country, Organization
from internationale.organizations.queries import organizations_named
from internationale.wire import services
from internationale.wire.models import (
    Correspondent,
    Report,
    ReportCountry,
    ReportOrganization,
    ReportRegion,
    ReportTopic,
    Topic,
)


@dataclass(frozen=True)
class Person:
    email: str
    countries: tuple[str, ...]
    pen_name: str


CORRESPONDENTS = [
    Person("correspondent@demo.invalid", ("BR",), "Mariana Sertão"),
    Person("correspondent.ar@demo.invalid", ("AR", "UY"), "Rosa del Sur"),
    Person("correspondent.fr@demo.invalid", ("FR",), "Louise Cévennes"),
    Person("correspondent.pk@demo.invalid", ("PK",), "Indus Desk"),
    Person("correspondent.ma@demo.invalid", ("MA", "TN"), "نور الأطلس"),
    Person("correspondent.za@demo.invalid", ("ZA",), "Thandi Mokoena"),
    Person("correspondent.eus@demo.invalid", ("X-EUS",), "Itziar Ibaia"),
]


@dataclass(frozen=True)
class Story:
    author: str
    kind: str
    language: str
    countries: tuple[str, ...]
    topics: tuple[str, ...]
    title: str
    lede: str
    body: str
    hours_ago: int
    # The directory organizations it names (organizations/demo.py), by name or acronym.
    organizations: tuple[str, ...] = ()


STORIES = [
    Story(
        "correspondent@demo.invalid",
        "report",
        "pt",
        ("BR",),
        ("strikes-and-labour",),
        "Petroleiros de doze refinarias cruzam os braços contra a venda de unidades",
        "A greve, decidida em assembleias na noite de domingo, já afeta a produção de três "
        "estados e tem o apoio dos sindicatos de portuários.",
        "Os trabalhadores de doze refinarias pararam na madrugada de segunda-feira. A "
        "federação dos petroleiros diz que a adesão passa de 80% nos turnos da manhã.\n\n"
        "A pauta é curta: suspender a venda de quatro unidades, reabrir a negociação do "
        "acordo coletivo e readmitir os 43 dirigentes demitidos desde março.\n\n"
        "Em Duque de Caxias, um piquete de duzentas pessoas bloqueia a entrada principal "
        "desde as cinco da manhã. \u201cNão vamos entregar o que construímos\u201d, disse uma "
        "operadora com vinte anos de casa.\n\n"
        "Os portuários de Santos anunciaram que não vão carregar navios com derivados "
        "vindos de refinarias ocupadas por trabalhadores contratados para furar a greve.",
        30,
    ),
    Story(
        "correspondent.ar@demo.invalid",
        "report",
        "es",
        ("AR",),
        ("strikes-and-labour", "youth-and-students"),
        "Docentes y estudiantes toman seis universidades contra el recorte presupuestario",
        "Las asambleas votaron las tomas por tiempo indeterminado; los gremios docentes "
        "convocan a un paro nacional para el jueves.",
        "En Córdoba, Rosario y La Plata, las facultades amanecieron con carteles y "
        "colchones en los pasillos. Las asambleas estudiantiles votaron la toma después de "
        "que el gobierno anunciara un recorte del 30% en los fondos de funcionamiento.\n\n"
        "Los sindicatos docentes acompañan la medida con clases públicas en las plazas. "
        "\u201cSin presupuesto no hay universidad\u201d, repetían los carteles frente al "
        "rectorado.\n\n"
        "El jueves habrá un paro nacional docente con marcha al Congreso.",
        20,
    ),
    Story(
        "correspondent.fr@demo.invalid",
        "analysis",
        "fr",
        ("FR",),
        ("strikes-and-labour", "elections"),
        "Réforme des retraites : pourquoi les cheminots reprennent la grève reconductible",
        "Trois ans après le grand mouvement, les assemblées de dépôt tirent les leçons des "
        "journées isolées et misent sur la durée.",
        "Dans les dépôts de Rouen et de Lyon, la décision a été prise dépôt par dépôt. Les "
        "cheminots ne veulent plus de journées d'action sans lendemain.\n\n"
        "## Ce qui a changé\n\n"
        "Les caisses de grève ont été renflouées tout l'hiver par des collectes dans les "
        "quartiers. Les assemblées générales se coordonnent au niveau régional.\n\n"
        "## Ce qui reste fragile\n\n"
        "La direction mise sur l'usure et sur les réquisitions. Le mouvement compte sur "
        "l'extension aux raffineries et aux ports pour peser.",
        44,
    ),
    Story(
        "correspondent.za@demo.invalid",
        "statement",
        "en",
        ("ZA",),
        ("housing-and-cities",),
        "Shack dwellers' movement condemns night-time evictions in eThekwini",
        "The movement's general assembly calls on unions and churches to stand with the "
        "three hundred families whose homes were demolished.",
        "We, the general assembly of the shack dwellers' movement, condemn the demolition "
        "of more than three hundred homes carried out on Tuesday night without a court "
        "order.\n\n"
        "Families were given ten minutes to leave. Their belongings were thrown into the "
        "rain. Two of our members were arrested for filming.\n\n"
        "We call on every union, church and student organization to join us at the "
        "municipal offices on Friday. Land and housing are rights, not favours.",
        52,
    ),
    Story(
        "correspondent.ma@demo.invalid",
        "interview",
        "ar",
        ("MA",),
        ("land-and-peasants", "women"),
        "حوار مع عاملة في الضيعات الفلاحية: «نعمل اثنتي عشرة ساعة بأجر لا يكفي»",
        "تتحدث فاطمة، العاملة الموسمية في ضيعات الفراولة، عن ظروف النقل والسكن ومحاولات "
        "تأسيس نقابة.",
        "**كيف يبدأ يوم العمل؟**\n\n"
        "تأتي الشاحنة في الرابعة فجرًا. نركب واقفات، أحيانًا ثلاثين امرأة في شاحنة واحدة.\n\n"
        "**ما الذي تطالبن به؟**\n\n"
        "نقل آمن، وأجر يومي يحترم الحد الأدنى، وحق الانتماء إلى النقابة دون طرد.\n\n"
        "**هل تغير شيء منذ الاعتصام الأخير؟**\n\n"
        "صار أرباب العمل يعرفون أننا لسنا وحدنا. هذا وحده تغيير.",
        60,
    ),
    Story(
        "correspondent.pk@demo.invalid",
        "appeal",
        "en",
        ("PK",),
        ("repression",),
        "Union organiser taken from his home by plain-clothes men; whereabouts unknown",
        "Nadir Soomro, an organiser of brick-kiln workers, was taken at night four days "
        "ago. His family has had no word. The Mazdoor Kisan Party asks for messages to "
        "the provincial authorities and solidarity actions.",
        "Nadir Soomro was taken from his home shortly after midnight by men in plain "
        "clothes who arrived in two unmarked vehicles. Neighbours say a police car waited "
        "at the end of the street.\n\n"
        "The police station refuses to register the family's complaint. Nadir had led "
        "the brick-kiln workers' campaign for the legal minimum wage and against debt "
        "bondage.\n\n"
        "**What you can do**\n\n"
        "- Write to the provincial home department and the human rights commission "
        "asking where Nadir Soomro is held.\n"
        "- Hold a picture of Nadir at your next meeting or rally and send it to the wire.\n"
        "- Ask your union to adopt a resolution of solidarity.",
        4,
        ("Mazdoor Kisan Party",),
    ),
    Story(
        "correspondent.eus@demo.invalid",
        "report",
        "es",
        ("X-EUS",),
        ("strikes-and-labour", "women"),
        "Las trabajadoras de residencias cumplen cien días de huelga en Bizkaia",
        "Exigen ratios de personal, un convenio propio y el fin de las subcontratas; las "
        "familias de las personas residentes apoyan la lucha.",
        "Cien días después del primer piquete, las trabajadoras de las residencias de "
        "mayores siguen en huelga indefinida. Son casi todas mujeres y muchas cobran poco "
        "más del salario mínimo.\n\n"
        "Reclaman una trabajadora por cada cinco residentes en el turno de día, un "
        "convenio propio y la vuelta a la gestión pública de los centros subcontratados.\n\n"
        "Este sábado, una manifestación recorrerá Bilbao con las familias a la cabeza.",
        70,
    ),
    Story(
        "correspondent.ar@demo.invalid",
        "report",
        "es",
        ("UY",),
        ("land-and-peasants", "environment"),
        "Colonos del norte resisten el desalojo para una plantación de eucaliptos",
        "Cuarenta familias que trabajan la tierra desde hace dos décadas reciben el apoyo "
        "de la central sindical y de cooperativas de vivienda.",
        "Las familias producen hortalizas y leche en tierras del instituto de colonización. "
        "Una empresa forestal reclama el predio para plantar eucaliptos.\n\n"
        "La central sindical envió una delegación y anunció una caravana para el domingo.",
        90,
    ),
]

# A report still on the desk, at each step, so the queue has something to show.
DESK = [
    Story(
        "correspondent@demo.invalid",
        "report",
        "pt",
        ("BR",),
        ("land-and-peasants",),
        "Famílias sem terra ocupam fazenda improdutiva no sul da Bahia",
        "Cerca de quinhentas famílias montaram acampamento na madrugada de sábado.",
        "O movimento afirma que a fazenda tem dívidas com a União e não produz há dez anos.",
        26,
        ("MST",),
    ),
    Story(
        "correspondent.fr@demo.invalid",
        "report",
        "fr",
        ("FR",),
        ("migration",),
        "Les travailleurs sans papiers des chantiers olympiques obtiennent des régularisations",
        "Après six semaines d'occupation d'un siège d'entreprise, 80 dossiers sont acceptés.",
        "La lutte continue pour les 40 autres travailleurs.",
        80,
    ),
    Story(
        "correspondent.za@demo.invalid",
        "analysis",
        "en",
        ("ZA",),
        ("strikes-and-labour",),
        "What the platinum belt strike teaches about union democracy",
        "Mass meetings, not head offices, decided every step.",
        "A draft the editor returned with comments.",
        8,
    ),
]

TRANSLATIONS = {
    "en": (
        "Oil workers at twelve refineries down tools against the sale of plants",
        "The strike, voted in assemblies on Sunday night, already hits production in three "
        "states and has the support of the dockers' unions.",
        "Workers at twelve refineries stopped in the early hours of Monday. The oil "
        "workers' federation says more than 80% of the morning shifts have joined.\n\n"
        "The demands are short: halt the sale of four plants, reopen talks on the "
        "collective agreement and reinstate the 43 union officers dismissed since March.\n\n"
        "In Duque de Caxias a picket of two hundred people has blocked the main gate "
        "since five in the morning. \u201cWe will not hand over what we built\u201d, said an "
        "operator with twenty years at the plant.\n\n"
        "The Santos dockers announced that they will not load ships with fuel from "
        "refineries run by workers hired to break the strike.",
    ),
    "es": (
        "Los petroleros de doce refinerías paran contra la venta de plantas",
        "La huelga, votada en asambleas el domingo por la noche, ya afecta la producción de "
        "tres estados.",
        "Los trabajadores de doce refinerías pararon en la madrugada del lunes. La "
        "federación petrolera habla de una adhesión superior al 80%.",
    ),
}


def _tone_wav(seconds: float = 2.0, rate: int = 8000) -> bytes:
    """A short tone, standing in for the recorded interview."""
    samples = b"".join(
        struct.pack("<h", int(6000 * math.sin(2 * math.pi * 440 * i / rate)))
        for i in range(int(seconds * rate))
    )
    fmt = struct.pack("<HHIIHH", 1, 1, rate, rate * 2, 2, 16)
    chunks = b"fmt " + struct.pack("<I", 16) + fmt + b"data" + struct.pack("<I", len(samples))
    body = b"WAVE" + chunks + samples
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _backdate(report: Report, hours: int) -> None:
    """Make a demo report look published ``hours`` ago."""
    when = timezone.now() - timedelta(hours=hours)
    Report.objects.filter(pk=report.pk).update(
        published_at=when, first_published_at=when, updated_at=when, created_at=when
    )
    if report.translation_of_id is None:  # a translation is listed through its original
        for model in (ReportCountry, ReportRegion, ReportTopic, ReportOrganization):
            model.objects.filter(report=report).update(published_at=when)


def _data(
    story: Story, countries: dict[str, Country], topics: dict[str, Topic]
) -> services.ReportData:
    return services.ReportData(
        kind=story.kind,
        language=story.language,
        title=story.title,
        lede=story.lede,
        body=story.body,
        countries=[countries[c] for c in story.countries],
        topics=[topics[t] for t in story.topics],
        organizations=_organizations(story.organizations),
    )


def _organizations(names: tuple[str, ...]) -> list[Organization]:
    """The directory's organizations of these names; a name it lacks is left out."""
    found = organizations_named(list(names)) if names else {}
    return [matches[0] for matches in found.values() if len(matches) == 1]


def load_wire_demo(*, editor: User, base_url: str) -> int:
    """Correspondents, published reports of every type, a translation, a busy desk.

    The desk's mails link to ``base_url``, the address the demo is served at.
    """
    if Report.objects.filter(author__email="correspondent@demo.invalid").exists():
        return 0
    if not Topic.objects.exists():  # a test database flushed since the migrations ran
        from importlib import import_module

        from django.apps import apps

        import_module("internationale.wire.migrations.0003_default_topics").load(apps, None)
    countries = {c.code: c for c in Country.objects.all()}
    topics = {t.slug: t for t in Topic.objects.all()}
    people, created = _load_correspondents(countries)
    published = [
        _publish_story(
            story,
            author=people[story.author],
            editor=editor,
            data=_data(story, countries, topics),
            base_url=base_url,
        )
        for story in STORIES
    ]
    created += len(published)
    created += _translate(published[0], editor=editor, base_url=base_url)
    _correct_original(published[0], editor=editor, countries=countries, topics=topics)
    for number, story in enumerate(DESK):
        _fill_desk(
            number,
            story,
            author=people[story.author],
            editor=editor,
            data=_data(story, countries, topics),
            base_url=base_url,
        )
    return created + len(DESK)


def _load_correspondents(countries: dict[str, Country]) -> tuple[dict[str, User], int]:
    """The correspondents by e-mail, with their countries and pen names; and how many
    accounts were created."""
    people: dict[str, User] = {}
    created = 0
    for person in CORRESPONDENTS:
        user, made = demo_user(person.email, "Demo correspondent")
        created += made
        for code in person.countries:
            assign_role(by=None, user=user, role=Role.CORRESPONDENT, country=countries[code])
        if not Correspondent.objects.filter(user=user).exists():
            services.save_correspondent(
                user=user, pen_name=person.pen_name, public_name="", byline="pen"
            )
        people[person.email] = user
    return people, created


def _publish_story(
    story: Story, *, author: User, editor: User, data: services.ReportData, base_url: str
) -> Report:
    """Write, submit, take and publish one story, dated ``story.hours_ago``."""
    report = services.create_report(by=author, data=data)
    if story.kind == "interview":
        recording = clean_recording_bytes(_tone_wav())
        services.add_media(
            by=author,
            report_id=report.pk,
            kind=recording.kind,
            file=services.MediaFile(
                content=ContentFile(recording.data),
                content_type=recording.content_type,
                extension=recording.extension,
            ),
            caption="تسجيل الحوار، أكادير",
            description="تسجيل صوتي للحوار كاملًا.",
        )
    services.submit_report(by=author, report_id=report.pk, base_url=base_url)
    services.take_report(by=editor, report_id=report.pk, base_url=base_url)
    services.publish_report(by=editor, report_id=report.pk, base_url=base_url)
    _backdate(report, story.hours_ago)
    return report


def _translate(original: Report, *, editor: User, base_url: str) -> int:
    """Publish the translations of the first story; return how many."""
    for language, (title, lede, body) in TRANSLATIONS.items():
        translated = services.start_translation(
            by=editor, original_id=original.pk, language=language, title=title, lede=lede, body=body
        )
        services.publish_report(by=editor, report_id=translated.pk, base_url=base_url)
        _backdate(translated, STORIES[0].hours_ago - 2)
    return len(TRANSLATIONS)


def _correct_original(
    original: Report, *, editor: User, countries: dict[str, Country], topics: dict[str, Topic]
) -> None:
    """Correct the first story after its translations: the English one is brought up to
    date, the Spanish one is not, so it shows as outdated."""
    story = STORIES[0]
    services.update_report(
        by=editor,
        report_id=original.pk,
        data=_data(
            replace(story, body=story.body + "\n\n*Atualizado: a adesão chegou a 85%.*"),
            countries,
            topics,
        ),
    )
    original.refresh_from_db()
    Report.objects.filter(translation_of=original, language="en").update(
        translated_from_version=original.version
    )


def _fill_desk(
    number: int,
    story: Story,
    *,
    author: User,
    editor: User,
    data: services.ReportData,
    base_url: str,
) -> None:
    """Submit a desk story: the first waits, the second is taken, the third returned."""
    report = services.create_report(by=author, data=data)
    services.submit_report(by=author, report_id=report.pk, base_url=base_url)
    if number == 1:
        services.take_report(by=editor, report_id=report.pk, base_url=base_url)
    if number == 2:
        services.return_report(
            by=editor,
            report_id=report.pk,
            comment="Please name the mines and the dates of the mass meetings, "
            "and add a quote from a shop steward.",
            base_url=base_url,
        )
    Report.objects.filter(pk=report.pk, submitted_at__isnull=False).update(
        submitted_at=timezone.now() - timedelta(hours=story.hours_ago)
    )
