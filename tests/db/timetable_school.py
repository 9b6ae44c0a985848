"""A small school and the timetable files its timetable program writes, for the import tests."""

from __future__ import annotations

from pathlib import Path

from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database
from mobility_desk.services.people import PeopleService, PupilDetail, StaffDetail

STAFF = (
    ("ABC", "Aerts", "An"),
    ("DEF", "Dubé", "Étienne"),
    ("GHI", "Goossens", "Geert"),
    ("JKL", "Janssens", "Hélène"),
)
CLASSES = ("4A", "4B", "5A")
PUPILS = (("1001", "4B"), ("1002", "4B"), ("1003", "4B"), ("1004", "4A"))

# Untis's GPU001 as a Belgian install writes it: no header, ';', text quoted, numbers not,
# Windows-1252. Lesson 1 is one lesson of 4A and 4B (a line per class); lesson 4 splits 4B
# over religion (GOD) and Islam (ISL) in the same period; SP1 holds two PE groups at once.
GPU001 = (
    '"1";"4A";"ABC";"WIS";"B104";1;1;\r\n'
    '"1";"4B";"ABC";"WIS";"B104";1;1;\r\n'
    '"2";"4B";"DEF";"FR";"B105";1;2;\r\n'
    '"3";"4A";"GHI";"NED";"A001";1;2;\r\n'
    '"4";"4B";"GHI";"GOD";"A002";2;1;\r\n'
    '"4";"4B";"DEF";"ISL";"A003";2;1;\r\n'
    '"5";"4A";"ABC";"LO";"SP1";3;1;\r\n'
    '"6";"5A";"JKL";"LO";"SP1";3;1;\r\n'
    '"7";"4B";"ABC";"WIS";"B104";3;3;\r\n'
)
GPU003 = '"4A";"Vierde jaar A";;"B104"\r\n"4B";"Vierde jaar B";;"B105"\r\n"5A";"Vijfde A";;\r\n'
GPU004 = (
    '"ABC";"Aerts"\r\n"DEF";"Dubé"\r\n"GHI";"Goossens"\r\n"JKL";"Janssens"\r\n'
    '"XYZ";"Lefèvre"' + ";" * 27 + '"Émile"\r\n'
)
GPU005 = '"B104";"Lokaal wiskunde"\r\n"B105";"Lokaal Frans"\r\n"SP1";"Sporthal"\r\n'
GPU006 = (
    '"WIS";"Wiskunde"\r\n"FR";"Français"\r\n"NED";"Nederlands"\r\n"LO";"Lichamelijke opvoeding"\r\n'
)


def write(folder: Path, name: str, text: str, encoding: str = "cp1252") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def untis_export(folder: Path, gpu001: str = GPU001, optional: bool = True) -> list[Path]:
    """GPU001 with (``optional``) GPU003-006, in Windows-1252."""
    folder.mkdir(parents=True, exist_ok=True)
    files = [write(folder, "GPU001.TXT", gpu001)]
    if optional:
        files += [
            write(folder, "GPU003.TXT", GPU003),
            write(folder, "GPU004.TXT", GPU004),
            write(folder, "GPU005.TXT", GPU005),
            write(folder, "GPU006.TXT", GPU006),
        ]
    return files


def make_school(url: str) -> dict[str, int]:
    """Staff with timetable codes, classes and pupils; the staff ids by code."""
    engine = open_database(url, backup="never")
    try:
        people = PeopleService(make_session_factory(engine))
        ids = {
            code: people.save_staff(
                StaffDetail(timetable_code=code, last_name=last, first_name=first)
            ).id
            or 0
            for code, last, first in STAFF
        }
        classes = {name: people.get_or_create_class(name).id for name in CLASSES}
        for number, class_name in PUPILS:
            people.save_pupil(
                PupilDetail(
                    external_id=number,
                    last_name=f"Leerling {number}",
                    first_name="X",
                    class_id=classes[class_name],
                )
            )
        return ids
    finally:
        engine.dispose()
