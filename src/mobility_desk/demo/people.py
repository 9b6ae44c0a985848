"""The people of the demo school: staff, classes, pupils with their guardians and contacts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from mobility_desk.db.models import EmergencyContact, Guardian, Pupil, SchoolClass, StaffMember
from mobility_desk.demo.draw import Draw
from mobility_desk.demo.names import ORIGINS, Origin, feminine, fold
from mobility_desk.demo.school import SCHOOL_DOMAIN, SizePlan
from mobility_desk.domain.enums import Gender, StaffRole

_EMAIL_PROVIDERS = ("gmail.com", "hotmail.com", "telenet.be", "outlook.com", "skynet.be")
_EMERGENCY_RELATIONS = ("grootmoeder", "grootvader", "tante", "oom", "buurvrouw", "meter", "peter")
# A relation names a woman or a man: a contact called Pieter is an 'oom', never a 'tante'.
_WOMEN_RELATIONS = ("grootmoeder", "tante", "buurvrouw", "meter")
_COUNTERPART = {
    "grootmoeder": "grootvader",
    "tante": "oom",
    "buurvrouw": "buurman",
    "meter": "peter",
}
_COUNTERPART |= {man: woman for woman, man in _COUNTERPART.items()}
MEDICAL_NOTES = (
    "Astma: puffer (Ventolin) altijd bij zich.",
    "Diabetes type 1: insulinepomp en glucosemeter; bij hypo suiker geven.",
    "Notenallergie: EpiPen in de rugzak, begeleiders weten hoe hem te gebruiken.",
    "Epilepsie: dagelijkse medicatie 's avonds; noodprotocol bij de begeleiders.",
    "ADHD: medicatie 's ochtends.",
    "Hooikoorts: antihistaminica tijdens het pollenseizoen.",
    "Bijensteekallergie: EpiPen bij zich.",
)
_DIETS = (
    "vegetarisch",
    "geen varkensvlees",
    "lactose-intolerant",
    "glutenvrij (coeliakie)",
    "notenallergie",
)
_SEPARATED_NOTE = "Ouders gescheiden: brieven naar beide adressen sturen."

# Subjects of a Flemish secondary school with a rough share of the teachers.
_SUBJECTS: tuple[tuple[str, int], ...] = (
    ("Nederlands", 14),
    ("Wiskunde", 16),
    ("Frans", 10),
    ("Engels", 10),
    ("Duits", 3),
    ("Spaans", 1),
    ("Geschiedenis", 5),
    ("Aardrijkskunde", 5),
    ("Biologie", 5),
    ("Chemie", 4),
    ("Fysica", 4),
    ("Lichamelijke opvoeding", 9),
    ("Godsdienst", 6),
    ("Informatica", 4),
    ("Economie", 5),
    ("Latijn", 3),
    ("Grieks", 1),
    ("Beeld", 3),
    ("Muziek", 2),
    ("STEM", 3),
    ("Elektriciteit", 4),
    ("Mechanica", 3),
    ("Hout", 2),
    ("Verzorging", 3),
    ("Voeding en horeca", 3),
    ("Kantoor", 2),
    ("Maatschappelijke vorming", 2),
)


@dataclass
class ClassInfo:
    record: SchoolClass
    year: int
    track: str
    pupils: list[Pupil] = field(default_factory=list)


class People:
    """Builds the unsaved people of the demo school (staff first: they are the class teachers)."""

    def __init__(self, plan: SizePlan, draw: Draw, school_year: int) -> None:
        self.plan = plan
        self.draw = draw
        self.school_year = school_year
        self.classes: list[ClassInfo] = []
        self.pupils: list[Pupil] = []
        self.staff: list[StaffMember] = []
        self.teachers: list[StaffMember] = []
        self._emails: set[str] = set()
        self._codes: set[str] = set()
        self._staff_names: set[str] = set()
        self._external = 0
        self._build_staff()
        self._build_classes()
        self._build_pupils()

    def records(self) -> list[object]:
        return [*(c.record for c in self.classes), *self.staff, *self.pupils]

    def _email(self, first: str, last: str, domain: str) -> str:
        local = f"{fold(first)}.{fold(last)}".lower()
        address = f"{local}@{domain}"
        n = 2
        while address in self._emails:
            address = f"{local}{n}@{domain}"
            n += 1
        self._emails.add(address)
        return address

    def _origin(self, staff: bool) -> Origin:
        return self.draw.weighted(
            [(o, o.staff_weight if staff else o.pupil_weight) for o in ORIGINS]
        )

    def _surname(self, origin: Origin, female: bool) -> str:
        name = self.draw.pick(origin.surnames)
        return feminine(name) if female and origin.feminine_surnames else name

    def _timetable_code(self, first: str, last: str) -> str:
        words = [fold(w).upper() for w in last.replace("'", " ").replace("-", " ").split()]
        words = [w for w in words if w]
        first_letter = (fold(first).upper() or "X")[0]
        rest = "".join(words)
        candidates: list[str] = []
        if len(words) > 1:  # Van den Broeck -> VDB, De Smet -> DSM
            initials = "".join(w[0] for w in words)
            candidates.append((initials + words[-1][1:])[:3])
        candidates.append(rest[:3])
        candidates.append(rest[:2] + first_letter)
        candidates += [rest[0] + a + b for i, a in enumerate(rest[1:]) for b in rest[i + 2 :]]
        letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        candidates += [rest[0] + a + b for a in letters for b in letters]
        for code in candidates:
            if len(code) == 3 and code not in self._codes:
                self._codes.add(code)
                return code
        raise AssertionError("no free timetable code")  # 676 codes per letter: cannot happen

    def _staff_member(self, role: StaffRole, subjects: str) -> StaffMember:
        origin = self._origin(staff=True)
        female = self.draw.chance(0.62)  # most teachers in Flanders are women
        # Two colleagues with the same name would confuse every list: draw again.
        first, last = "", ""
        while not first or f"{first} {last}" in self._staff_names:
            first = self.draw.pick(origin.women if female else origin.men)
            last = self._surname(origin, female)
        self._staff_names.add(f"{first} {last}")
        member = StaffMember(
            external_id=f"P{len(self.staff) + 1:04d}",
            timetable_code=self._timetable_code(first, last),
            first_name=first,
            last_name=last,
            email=self._email(first, last, SCHOOL_DOMAIN),
            phone=self.draw.phone(),
            role=role,
            subjects=subjects,
        )
        self.staff.append(member)
        return member

    def _build_staff(self) -> None:
        plan = self.plan
        for _n in range(plan.teachers):
            first = self.draw.weighted([(s, float(w)) for s, w in _SUBJECTS])
            subjects = [first]
            if self.draw.chance(0.45):
                second = self.draw.weighted([(s, float(w)) for s, w in _SUBJECTS])
                if second != first:
                    subjects.append(second)
            self.teachers.append(self._staff_member(StaffRole.TEACHER, ", ".join(subjects)))
        for role, count in (
            (StaffRole.CARE, plan.care),
            (StaffRole.LEADERSHIP, plan.leadership),
            (StaffRole.ADMINISTRATION, plan.administration),
        ):
            for _n in range(count):
                self._staff_member(role, "")

    def _build_classes(self) -> None:
        letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        titulars = self.draw.rng.sample(self.teachers, sum(self.plan.classes_per_year))
        for year, count in enumerate(self.plan.classes_per_year, start=1):
            for n in range(count):
                track = self._track(year, n, count)
                record = SchoolClass(
                    name=f"{year}{letters[n]}",
                    year=year,
                    track=track,
                    class_teacher=titulars[len(self.classes)],
                )
                self.classes.append(ClassInfo(record, year, track))

    @staticmethod
    def _track(year: int, n: int, count: int) -> str:
        """Years 1-2: A-stroom, the last classes B-stroom; later years by share of each track."""
        share = n / count
        if year <= 2:
            return "B-stroom" if n >= count - max(1, count // 7) else "A-stroom"
        if share < 0.4:
            return "ASO"
        if share < 0.7:
            return "TSO"
        if share < 0.92:
            return "BSO"
        return "KSO"

    def _class_sizes(self) -> list[int]:
        n = len(self.classes)
        average = self.plan.pupils // n
        sizes = [self.draw.rng.randint(average - 4, average + 4) for _ in range(n)]
        while sum(sizes) != self.plan.pupils:
            i = self.draw.rng.randrange(n)
            sizes[i] += 1 if sum(sizes) < self.plan.pupils else -1
        return sizes

    def _build_pupils(self) -> None:
        for info, size in zip(self.classes, self._class_sizes(), strict=True):
            for _n in range(size):
                pupil = self._pupil(info)
                info.pupils.append(pupil)
                self.pupils.append(pupil)

    def _pupil(self, info: ClassInfo) -> Pupil:
        rng = self.draw.rng
        origin = self._origin(staff=False)
        gender = self.draw.weighted(
            [(Gender.FEMALE, 0.495), (Gender.MALE, 0.495), (Gender.OTHER, 0.01)]
        )
        female = gender is Gender.FEMALE or (gender is Gender.OTHER and self.draw.chance(0.5))
        first = self.draw.pick(origin.girls if female else origin.boys)
        family = self.draw.pick(origin.surnames)
        last = feminine(family) if female and origin.feminine_surnames else family
        # Year 1 pupils turn 12 in the calendar year their school year starts; some are a year
        # older (they repeated a year).
        behind = self.draw.chance(0.25 if info.track in ("B-stroom", "BSO") else 0.1)
        birth_year = self.school_year - 11 - info.year - (1 if behind else 0)
        born = dt.date(birth_year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        self._external += 1
        notes: list[str] = []
        if self.draw.chance(origin.newcomer_share):
            okan = f"{self.school_year - 1}-{self.school_year}"
            notes.append(f"Nieuwkomer: volgde het onthaaljaar (OKAN) in {okan}.")
        guardians = self._guardians(origin, family)
        if len(guardians) == 2 and self.draw.chance(0.06):
            notes.append(_SEPARATED_NOTE)
        diets: list[str] = []
        if self.draw.chance(origin.halal_share):
            diets.append("halal")
        if self.draw.chance(0.06):
            diets.append(self.draw.pick(_DIETS))
        medical = self.draw.pick(MEDICAL_NOTES) if self.draw.chance(0.07) else ""
        if medical.startswith("Notenallergie") and "notenallergie" not in diets:
            diets.append("notenallergie")
        return Pupil(
            external_id=f"{2_300_000 + self._external * 7}",
            first_name=first,
            last_name=last,
            date_of_birth=born,
            school_class=info.record,
            gender=gender,
            email=self._email(first, last, f"leerling.{SCHOOL_DOMAIN}"),
            fewer_opportunities=self.draw.chance(0.2 if notes or info.track == "BSO" else 0.06),
            notes=" ".join(notes),
            medical_notes=medical,
            dietary_needs=", ".join(diets),
            guardians=guardians,
            emergency_contacts=[
                self._emergency_contact(origin, n)
                for n in range(1 if self.draw.chance(0.75) else 2)
            ],
        )

    def _emergency_contact(self, origin: Origin, position: int) -> EmergencyContact:
        first = self.draw.pick(origin.women + origin.men)
        last = self.draw.pick(origin.surnames)
        relation = self.draw.pick(_EMERGENCY_RELATIONS)
        if (relation in _WOMEN_RELATIONS) != (first in origin.women):
            relation = _COUNTERPART[relation]  # the same draws, so the same school otherwise
        return EmergencyContact(
            position=position, name=f"{first} {last}", relation=relation, phone=self.draw.phone()
        )

    def _guardians(self, origin: Origin, family: str) -> list[Guardian]:
        if self.draw.chance(0.03):
            people = [("voogd", self.draw.chance(0.5))]
        elif self.draw.chance(0.7):
            people = [("moeder", True), ("vader", False)]
        else:
            people = [("moeder", True)] if self.draw.chance(0.75) else [("vader", False)]
        language = self.draw.weighted(origin.languages)
        guardians: list[Guardian] = []
        for position, (relation, female) in enumerate(people):
            first = self.draw.pick(origin.women if female else origin.men)
            if relation == "vader" or (female and origin.feminine_surnames):
                last = feminine(family) if female else family
            else:  # in Belgium a mother keeps her own family name
                last = self.draw.pick(origin.surnames) if self.draw.chance(0.7) else family
            guardians.append(
                Guardian(
                    position=position,
                    name=f"{first} {last}",
                    relation=relation,
                    phone=self.draw.phone(),
                    email=""
                    if self.draw.chance(0.12)
                    else self._email(first, last, self.draw.pick(_EMAIL_PROVIDERS)),
                    # A second parent sometimes reads another language better.
                    preferred_language=language
                    if position == 0 or self.draw.chance(0.85)
                    else self.draw.weighted(origin.languages),
                )
            )
        return guardians
