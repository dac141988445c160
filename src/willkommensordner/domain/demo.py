"""Realistic, clearly fictional dossiers for demos, screenshots, benchmarks and tests.

The same seed and day give the same people, so screenshots and bench runs are comparable.
Names are common names of each origin; addresses are in the fictional town "Musterstadt".
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from willkommensordner.domain.agency import Agency
from willkommensordner.domain.agreed_step import AgreedStep, StepOwner, StepStatus
from willkommensordner.domain.appointment import Appointment, AppointmentStatus
from willkommensordner.domain.consent import Consent
from willkommensordner.domain.document import Document
from willkommensordner.domain.document_type import DocumentType
from willkommensordner.domain.dossier import Dossier, Gender
from willkommensordner.domain.household import HouseholdMember, HouseholdRole
from willkommensordner.domain.language import CefrLevel, LanguageSkill
from willkommensordner.domain.legal_status import LegalStatus
from willkommensordner.domain.note import Note
from willkommensordner.domain.partial_date import PartialDate
from willkommensordner.domain.record import Record, RecordKind

# (latin, native) pairs; native is "" where the person writes the Latin form.
_N = tuple[str, str]


@dataclass(frozen=True)
class _Origin:
    country: str
    language: str
    weight: int
    female: tuple[_N, ...]
    male: tuple[_N, ...]
    family: tuple[_N, ...]
    statuses: tuple[LegalStatus, ...]


_ORIGINS = (
    _Origin(
        "SY",
        "ar",
        22,
        (
            ("Yasmin", "ياسمين"),
            ("Lina", "لينا"),
            ("Nour", "نور"),
            ("Hiba", "هبة"),
            ("Rania", "رانيا"),
            ("Amal", "أمل"),
        ),
        (
            ("Ahmad", "أحمد"),
            ("Mohammad", "محمد"),
            ("Rami", "رامي"),
            ("Omar", "عمر"),
            ("Khaled", "خالد"),
            ("Yusuf", "يوسف"),
        ),
        (
            ("Al-Hassan", "الحسن"),
            ("Haddad", "حداد"),
            ("Khalil", "خليل"),
            ("Darwish", "درويش"),
            ("Najjar", "نجار"),
            ("Saleh", "صالح"),
        ),
        (
            LegalStatus.SUBSIDIAER,
            LegalStatus.FLUECHTLING,
            LegalStatus.FAMILY_REUNIFICATION,
            LegalStatus.AUFENTHALTSGESTATTUNG,
        ),
    ),
    _Origin(
        "AF",
        "fa_AF",
        14,
        (
            ("Zahra", "زهرا"),
            ("Mariam", "مریم"),
            ("Soraya", "ثریا"),
            ("Fatema", "فاطمه"),
            ("Shabnam", "شبنم"),
        ),
        (
            ("Farid", "فرید"),
            ("Habib", "حبیب"),
            ("Wali", "ولی"),
            ("Jawad", "جواد"),
            ("Mustafa", "مصطفی"),
        ),
        (
            ("Ahmadi", "احمدی"),
            ("Rahimi", "رحیمی"),
            ("Karimi", "کریمی"),
            ("Sultani", "سلطانی"),
            ("Noori", "نوری"),
        ),
        (
            LegalStatus.AUFENTHALTSGESTATTUNG,
            LegalStatus.ABSCHIEBUNGSVERBOT,
            LegalStatus.DULDUNG,
            LegalStatus.FLUECHTLING,
        ),
    ),
    _Origin(
        "AF",
        "ps",
        5,
        (("Malalai", "ملالۍ"), ("Palwasha", "پلوشه"), ("Gulalai", "ګلالۍ")),
        (("Zalmai", "زلمی"), ("Gul Agha", "ګل آغا"), ("Naveed", "نوید")),
        (("Khan", "خان"), ("Stanikzai", "ستانکزی"), ("Wardak", "وردګ")),
        (LegalStatus.AUFENTHALTSGESTATTUNG, LegalStatus.DULDUNG),
    ),
    _Origin(
        "ER",
        "ti",
        8,
        (("Semhar", "ሰምሃር"), ("Helen", "ሄለን"), ("Luwam", "ሉዋም"), ("Selam", "ሰላም")),
        (("Tesfay", "ተስፋይ"), ("Yonas", "ዮናስ"), ("Filmon", "ፊልሞን"), ("Dawit", "ዳዊት")),
        (
            ("Tesfamariam", "ተስፋማርያም"),
            ("Ghebremedhin", "ገብረመድህን"),
            ("Haile", "ሃይለ"),
            ("Berhane", "ብርሃነ"),
        ),
        (LegalStatus.FLUECHTLING, LegalStatus.SUBSIDIAER, LegalStatus.AUFENTHALTSGESTATTUNG),
    ),
    _Origin(
        "UA",
        "uk",
        18,
        (
            ("Olena", "Олена"),
            ("Iryna", "Ірина"),
            ("Nataliia", "Наталія"),
            ("Oksana", "Оксана"),
            ("Yuliia", "Юлія"),
        ),
        (
            ("Andrii", "Андрій"),
            ("Oleksandr", "Олександр"),
            ("Dmytro", "Дмитро"),
            ("Serhii", "Сергій"),
        ),
        (
            ("Kovalenko", "Коваленко"),
            ("Shevchenko", "Шевченко"),
            ("Bondarenko", "Бондаренко"),
            ("Melnyk", "Мельник"),
            ("Tkachenko", "Ткаченко"),
        ),
        (LegalStatus.TEMPORARY_PROTECTION,),
    ),
    _Origin(
        "RO",
        "ro",
        7,
        (("Ioana", ""), ("Elena", ""), ("Maria", ""), ("Florentina", "")),
        (("Ionuț", ""), ("Alexandru", ""), ("Ștefan", ""), ("Florin", "")),
        (("Popescu", ""), ("Ionescu", ""), ("Stoica", ""), ("Țurcanu", ""), ("Dumitru", "")),
        (LegalStatus.EU_FREIZUEGIGKEIT,),
    ),
    _Origin(
        "BG",
        "bg",
        5,
        (("Ivanka", "Иванка"), ("Desislava", "Десислава"), ("Maria", "Мария")),
        (("Georgi", "Георги"), ("Dimitar", "Димитър"), ("Ivan", "Иван")),
        (("Ivanov", "Иванов"), ("Dimitrov", "Димитров"), ("Petrov", "Петров")),
        (LegalStatus.EU_FREIZUEGIGKEIT,),
    ),
    _Origin(
        "IQ",
        "ku",
        6,
        (("Berfin", ""), ("Rojda", ""), ("Dilan", ""), ("Nazdar", "")),
        (("Azad", ""), ("Şivan", ""), ("Rênas", ""), ("Hogir", "")),
        (("Şêxo", ""), ("Omer", ""), ("Xelîl", ""), ("Ibrahim", "")),
        (LegalStatus.AUFENTHALTSGESTATTUNG, LegalStatus.FLUECHTLING, LegalStatus.DULDUNG),
    ),
    _Origin(
        "TR",
        "tr",
        6,
        (("Ayşe", ""), ("Zeynep", ""), ("Elif", "")),
        (("Mehmet", ""), ("Emre", ""), ("Serkan", "")),
        (("Yılmaz", ""), ("Demir", ""), ("Çelik", ""), ("Öztürk", "")),
        (LegalStatus.AUFENTHALTSGESTATTUNG, LegalStatus.DULDUNG),
    ),
    _Origin(
        "GN",
        "fr",
        4,
        (("Fatoumata", ""), ("Aissatou", ""), ("Mariama", "")),
        (("Mamadou", ""), ("Ibrahima", ""), ("Alpha", "")),
        (("Diallo", ""), ("Bah", ""), ("Barry", ""), ("Sow", "")),
        (LegalStatus.DULDUNG, LegalStatus.AUFENTHALTSGESTATTUNG),
    ),
    _Origin(
        "SO",
        "so",
        3,
        (("Hodan", ""), ("Amina", ""), ("Faadumo", "")),
        (("Abdi", ""), ("Farah", ""), ("Mahad", "")),
        (("Warsame", ""), ("Mohamed", ""), ("Hassan", "")),
        (LegalStatus.SUBSIDIAER, LegalStatus.AUFENTHALTSGESTATTUNG),
    ),
)

_ACCOMMODATIONS = (
    "GU Lindenweg",
    "GU Am Bahnhof",
    "ZUE Musterstadt-Nord",
    "Wohnung",
    "Wohnung",
    "Wohnung",
)
_DISTRICTS = ("Mitte", "Nord", "Süd", "Ost", "West", "Altstadt")
_STREETS = ("Musterstraße", "Lindenweg", "Am Bahnhof", "Schulstraße", "Gartenweg", "Kirchplatz")
_COUNSELLORS = (
    ("Erika Beispiel", "Caritas Musterstadt"),
    ("Jonas Muster", "KI Musterstadt"),
    ("Aylin Probe", "Diakonie Musterstadt"),
)

_APPOINTMENTS: tuple[tuple[Agency, str, str, str], ...] = (
    (
        Agency.AUSLAENDERBEHOERDE,
        "Verlängerung der Aufenthaltspapiere",
        "Musterstraße 1, 12345 Musterstadt, Zimmer 204",
        "Pass, aktuelles Papier, biometrisches Foto",
    ),
    (
        Agency.JOBCENTER,
        "Erstgespräch Jobcenter",
        "Bahnhofstraße 12, 12345 Musterstadt",
        "Bescheid, Kontoauszug, Mietvertrag",
    ),
    (
        Agency.SOZIALAMT,
        "Leistungen nach AsylbLG",
        "Rathausplatz 3, 12345 Musterstadt",
        "Aufenthaltsgestattung",
    ),
    (
        Agency.VHS,
        "Einstufungstest Integrationskurs",
        "VHS Musterstadt, Schulstraße 8",
        "Berechtigungsschein des BAMF",
    ),
    (
        Agency.GESUNDHEITSAMT,
        "Schuleingangsuntersuchung",
        "Gesundheitsamt, Gartenweg 5",
        "Impfpass, U-Heft",
    ),
    (Agency.KITA, "Anmeldung Kita-Platz", "Kita Sonnenschein, Lindenweg 20", "Meldebescheinigung"),
    (
        Agency.ANERKENNUNGSBERATUNG,
        "Beratung Anerkennung des Abschlusses",
        "IHK, Marktplatz 2",
        "Zeugnisse mit Übersetzung",
    ),
    (Agency.MBE, "Migrationsberatung", "Caritas, Kirchplatz 4", ""),
    (Agency.JMD, "Jugendmigrationsdienst", "JMD, Kirchplatz 4", ""),
    (
        Agency.ARZT,
        "Hausarzt",
        "Praxis Dr. Beispiel, Marktplatz 7",
        "Gesundheitskarte oder Behandlungsschein",
    ),
)
_OUTCOMES = (
    ("Unterlagen vollständig abgegeben.", "Bescheid kommt per Post."),
    ("Termin fand mit Dolmetscherin statt.", "Nachweise bis zum nächsten Termin nachreichen."),
    ("Antrag gestellt.", "Rückmeldung abwarten, dann Termin vereinbaren."),
    ("Einstufung A2 erreicht.", "Kursbeginn im nächsten Monat."),
)
_STEPS = (
    ("Integrationskurs beantragen", "integration_course"),
    ("Kita-Platz anmelden", "kita_registration"),
    ("Zeugnisse übersetzen lassen", "recognition"),
    ("Konto eröffnen (Basiskonto)", "bank_account"),
    ("Wohnungsbewerbung abgeben", "housing"),
    ("Termin bei der Ausländerbehörde vereinbaren", "residence"),
    ("Schulanmeldung abgeben", "school_registration"),
)
_STATUS_DOCUMENT = {
    LegalStatus.AUFENTHALTSGESTATTUNG: DocumentType.AUFENTHALTSGESTATTUNG,
    LegalStatus.DULDUNG: DocumentType.DULDUNG,
    LegalStatus.ANKUNFTSNACHWEIS: DocumentType.ANKUNFTSNACHWEIS,
}


@dataclass
class DemoDossier:
    dossier: Dossier
    parts: list[Record] = field(default_factory=list)

    def records(self) -> Iterator[Record]:
        yield self.dossier
        yield from self.parts


class _Maker:
    def __init__(self, seed: int, today: date) -> None:
        self.rng = random.Random(seed)
        self.today = today

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def days(self, low: int, high: int) -> date:
        return self.today + timedelta(days=self.rng.randint(low, high))

    def birth(self, min_age: int, max_age: int) -> PartialDate:
        year = self.today.year - self.rng.randint(min_age, max_age)
        roll = self.rng.random()
        if roll < 0.1:
            return PartialDate(year)  # "00.00.1990": only the year is known
        if roll < 0.18:
            return PartialDate(year, 1, 1)
        month = self.rng.randint(1, 12)
        return PartialDate(year, month, self.rng.randint(1, 28))

    def number(self, prefix: str) -> str:
        letters = "".join(self.rng.choice("CFGHJKLMNPRTVWXYZ") for _ in range(3))
        return f"{prefix}{letters}{self.rng.randint(100000, 999999)}"

    def person(self) -> DemoDossier:
        rng = self.rng
        origin = rng.choices(_ORIGINS, weights=[o.weight for o in _ORIGINS])[0]
        female = rng.random() < 0.45
        given = rng.choice(origin.female if female else origin.male)
        family = rng.choice(origin.family)
        status = rng.choice(origin.statuses)
        minor = rng.random() < 0.06 and status is not LegalStatus.EU_FREIZUEGIGKEIT
        born = self.birth(15, 17) if minor else self.birth(18, 66)
        counsellor, agency = rng.choice(_COUNSELLORS)
        arrival = self.days(-5 * 365, -20)
        native = " ".join(p for p in (given[1], family[1]) if p)
        opened = min(arrival + timedelta(days=rng.randint(1, 60)), self.today)
        closed = self.days(-900, -30) if rng.random() < 0.08 else None
        expiring = status.papers_expire and status is not LegalStatus.UNKNOWN
        dossier = Dossier(
            id=self.uid(),
            family_name=family[0],
            given_names=given[0],
            native_name=native,
            birth_date=born,
            birth_place="",
            gender=Gender.FEMALE if female else Gender.MALE,
            nationalities=[origin.country],
            languages=[
                LanguageSkill(
                    language=origin.language,
                    level=CefrLevel.NATIVE,
                    reads_writes=rng.random() > 0.1,
                ),
                LanguageSkill(language="de", level=rng.choice(list(CefrLevel)[:5])),
            ],
            preferred_language=origin.language,
            legal_status=status,
            status_valid_until=self.days(-10, 300) if expiring else None,
            arrival_date=arrival,
            unaccompanied_minor=minor,
            accommodation=rng.choice(_ACCOMMODATIONS),
            street=f"{rng.choice(_STREETS)} {rng.randint(1, 80)}",
            postcode="12345",
            city="Musterstadt",
            district=rng.choice(_DISTRICTS),
            phone=f"0151 {rng.randint(1000000, 9999999)}",
            counsellor=counsellor,
            agency=agency,
            opened_on=opened,
            closed_on=closed if closed and closed >= opened else None,
        )
        demo = DemoDossier(dossier)
        self.household(demo, origin, family, minor)
        self.documents(demo, status)
        self.timeline(demo)
        if rng.random() < 0.5:
            demo.parts.append(
                Note(
                    id=self.uid(),
                    dossier_id=dossier.id,
                    title="Erstgespräch",
                    text="Kam mit Dolmetscher. Wünscht Hilfe bei Wohnungssuche und Deutschkurs.",
                    written_at=datetime.combine(dossier.opened_on, time(10, 0)),
                )
            )
        if rng.random() < 0.4:
            demo.parts.append(
                Consent(
                    id=self.uid(),
                    dossier_id=dossier.id,
                    recipient="Jobcenter Musterstadt",
                    purpose="Weitergabe zur Arbeitsvermittlung",
                    scope=[
                        RecordKind.DOSSIER,
                        RecordKind.DOCUMENT,
                        RecordKind.APPOINTMENT,
                        RecordKind.AGREED_STEP,
                    ],
                    given_on=dossier.opened_on,
                    valid_until=dossier.opened_on + timedelta(days=730),
                )
            )
        return demo

    def household(self, demo: DemoDossier, origin: _Origin, family: _N, minor: bool) -> None:
        rng = self.rng
        if minor or rng.random() < 0.45:
            return
        did = demo.dossier.id
        if rng.random() < 0.7:
            partner_female = demo.dossier.gender is Gender.MALE
            name = rng.choice(origin.female if partner_female else origin.male)
            demo.parts.append(
                HouseholdMember(
                    id=self.uid(),
                    dossier_id=did,
                    role=HouseholdRole.SPOUSE,
                    family_name=family[0],
                    given_names=name[0],
                    native_name=" ".join(p for p in (name[1], family[1]) if p),
                    birth_date=self.birth(20, 60),
                    gender=Gender.FEMALE if partner_female else Gender.MALE,
                )
            )
        for _ in range(rng.randint(0, 4)):
            girl = rng.random() < 0.5
            name = rng.choice(origin.female if girl else origin.male)
            child = HouseholdMember(
                id=self.uid(),
                dossier_id=did,
                role=HouseholdRole.CHILD,
                family_name=family[0],
                given_names=name[0],
                native_name=" ".join(p for p in (name[1], family[1]) if p),
                birth_date=self.birth(0, 17),
                gender=Gender.FEMALE if girl else Gender.MALE,
            )
            demo.parts.append(child)
            if rng.random() < 0.5:
                demo.parts.append(
                    Document(
                        id=self.uid(),
                        dossier_id=did,
                        member_id=child.id,
                        type=DocumentType.U_HEFT,
                    )
                )

    def documents(self, demo: DemoDossier, status: LegalStatus) -> None:
        rng, did = self.rng, demo.dossier.id
        paper = _STATUS_DOCUMENT.get(status, DocumentType.AUFENTHALTSTITEL)
        if status is not LegalStatus.EU_FREIZUEGIGKEIT:
            until = demo.dossier.status_valid_until
            demo.parts.append(
                Document(
                    id=self.uid(),
                    dossier_id=did,
                    type=paper,
                    number=self.number("Y"),
                    issuer="Ausländerbehörde Musterstadt",
                    issued_on=(until - timedelta(days=180)) if until else None,
                    valid_until=until,
                )
            )
        if rng.random() < 0.7:
            issued = self.days(-3000, -100)
            demo.parts.append(
                Document(
                    id=self.uid(),
                    dossier_id=did,
                    type=DocumentType.REISEPASS,
                    number=self.number("P"),
                    issued_on=issued,
                    valid_until=issued + timedelta(days=3650),
                )
            )
        health = (
            DocumentType.BEHANDLUNGSSCHEIN
            if status.benefit_law.value == "asylblg"
            else DocumentType.GESUNDHEITSKARTE
        )
        demo.parts.append(
            Document(
                id=self.uid(),
                dossier_id=did,
                type=health,
                valid_until=self.days(5, 90) if health is DocumentType.BEHANDLUNGSSCHEIN else None,
            )
        )
        demo.parts.append(
            Document(id=self.uid(), dossier_id=did, type=DocumentType.MELDEBESCHEINIGUNG)
        )

    def timeline(self, demo: DemoDossier) -> None:
        rng, did = self.rng, demo.dossier.id
        appointments: list[Appointment] = []
        for _ in range(rng.randint(2, 7)):
            agency, purpose, place, bring = rng.choice(_APPOINTMENTS)
            day = self.days(-180, 28)
            start = datetime.combine(
                day, time(rng.choice((8, 9, 10, 11, 13, 14, 15)), rng.choice((0, 15, 30)))
            )
            past = day < self.today
            status = (
                rng.choices(
                    (AppointmentStatus.KEPT, AppointmentStatus.MISSED, AppointmentStatus.CANCELLED),
                    weights=(8, 1, 1),
                )[0]
                if past
                else AppointmentStatus.PLANNED
            )
            outcome, agreements = (
                rng.choice(_OUTCOMES) if status is AppointmentStatus.KEPT else ("", "")
            )
            interpreter = rng.random() < 0.4
            appointments.append(
                Appointment(
                    id=self.uid(),
                    dossier_id=did,
                    start=start,
                    duration_minutes=rng.choice((30, 45, 60, 90)),
                    agency=agency,
                    purpose=purpose,
                    place=place,
                    bring=bring,
                    interpreter_needed=interpreter,
                    interpreter_language=demo.dossier.preferred_language if interpreter else None,
                    status=status,
                    outcome=outcome,
                    agreements=agreements,
                )
            )
        appointments.sort(key=lambda a: a.start)
        demo.parts.extend(appointments)
        kept = [a for a in appointments if a.status is AppointmentStatus.KEPT]
        for what, kind in rng.sample(_STEPS, rng.randint(1, 4)):
            step_status = rng.choices(list(StepStatus), weights=(5, 4, 1))[0]
            demo.parts.append(
                AgreedStep(
                    id=self.uid(),
                    dossier_id=did,
                    what=what,
                    kind=kind,
                    owner=rng.choice(list(StepOwner)),
                    due=self.days(-40, 60),
                    status=step_status,
                    done_on=self.days(-30, 0) if step_status is StepStatus.DONE else None,
                    appointment_id=rng.choice(kept).id if kept and rng.random() < 0.5 else None,
                )
            )


def generate(count: int, seed: int = 1, today: date | None = None) -> Iterator[DemoDossier]:
    """`count` fictional dossiers with household, papers, timeline, plan, notes and consents."""
    maker = _Maker(seed, today or date.today())
    for _ in range(count):
        yield maker.person()
