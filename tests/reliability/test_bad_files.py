"""Bad input, bounded (issue #6 section 5): lengths, control characters, duplicate headers and
files too large, on SQLite and PostgreSQL alike.

Every refusal names the row and the column (or the file) and never shows the value, and nothing
is saved: a too-long name used to pass the preview and crash the real import on PostgreSQL, and
SQLite stored a 100,001-character name.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database
from mobility_desk.domain.enums import MobilityKind
from mobility_desk.errors import ImportRejected, ValidationError
from mobility_desk.io import tables
from mobility_desk.services.mobilities import MobilityDetail, MobilityService
from mobility_desk.services.partners import PartnerData, PartnerService, ProjectData
from mobility_desk.services.people import (
    ClassDetail,
    EmergencyContactData,
    GuardianData,
    ImportAction,
    PeopleService,
    PupilDetail,
    StaffDetail,
)
from mobility_desk.services.settings import SchoolSettingsData, SettingsService

HEADER = "Stamboeknummer;Naam;Voornaam;Klas;Geboortedatum;Naam ouder;GSM ouder\n"
GOOD_ROWS = (
    "1001;Çelik;Elif;4B;31/12/2009;Aylin Çelik;0470 11 22 33\n"
    "1003;D'Hondt;Jérôme;4C;2009-05-06;Els D'Hondt;0470 33 44 55\n"
)
SECRET = "Geheimnaam"  # a value that must never appear in a message


@pytest.fixture
def services(db_url: str) -> Iterator[tuple[PeopleService, PartnerService, MobilityService]]:
    engine = open_database(db_url, backup="never")
    sessions = make_session_factory(engine)
    yield PeopleService(sessions), PartnerService(sessions), MobilityService(sessions)
    engine.dispose()


@pytest.fixture
def people(services: tuple[PeopleService, PartnerService, MobilityService]) -> PeopleService:
    return services[0]


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "list.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def import_refused(people: PeopleService, path: Path) -> str:
    """The message of a list that the import refuses as a whole (ImportRejected)."""
    with pytest.raises(ImportRejected) as refused:
        people.apply_import(people.preview_import(path, "pupils"))
    return str(refused.value)


def one_problem(people: PeopleService, path: Path, row: int) -> str:
    """The preview rejects ``row`` only, with one problem; returns 'row N: problem'."""
    preview = people.preview_import(path, "pupils")
    assert [r.row for r in preview.rejected_rows] == [row]
    (line,) = preview.problem_lines()
    return line


# --- field lengths ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "shown", "limit"),
    [
        (2, "N" * 101, "C (Voornaam)", 100),  # the case that crashed the import on PostgreSQL
        (1, SECRET + "x" * 100_000, "B (Naam)", 100),  # the one SQLite used to store
        (0, "9" * 51, "A (Stamboeknummer)", 50),
        (3, "4B" + "x" * 19, "D (Klas)", 20),
        (5, SECRET * 21, "F (Naam ouder)", 200),
        (6, "0" * 51, "G (GSM ouder)", 50),
    ],
)
def test_a_value_too_long_for_its_column_rejects_the_row_in_the_preview(
    people: PeopleService, tmp_path: Path, column: int, value: str, shown: str, limit: int
) -> None:
    # Given a list whose third row holds a value longer than the database column
    cells = ["1002", "Peeters", "Lars", "4B", "01/02/2010", "Ann Peeters", "0470 00 00 00"]
    cells[column] = value
    path = write(tmp_path, HEADER + GOOD_ROWS.splitlines(keepends=True)[0] + ";".join(cells))
    # When the coordinator previews it (what --dry-run does)
    line = one_problem(people, path, row=3)
    # Then the row, the column and the limit are named, and the value is not shown
    assert line.startswith("row 3: column " + shown)
    assert f"at most {limit}" in line
    assert value[:10] not in line and SECRET not in line
    # And the real import refuses the file without saving anything, on both databases
    message = import_refused(people, path)
    assert "nothing was imported" in message and shown in message
    assert SECRET not in message
    assert people.list_pupils() == []


def test_skipping_the_too_long_row_imports_the_others(
    people: PeopleService, tmp_path: Path
) -> None:
    path = write(tmp_path, HEADER + GOOD_ROWS + "1002;Peeters;" + "L" * 101 + ";4B;;;\n")
    preview = people.preview_import(path, "pupils")
    summary = people.apply_import(preview, skip_rejected=True)
    assert (summary.created, summary.rejected) == (2, 1)
    assert sorted(p.last_name for p in people.list_pupils()) == ["D'Hondt", "Çelik"]


def test_a_cell_beyond_what_csv_reads_names_its_line(people: PeopleService, tmp_path: Path) -> None:
    # A quote never closed on line 3 makes the rest of the file one cell of 200,000 characters
    path = write(tmp_path, HEADER + GOOD_ROWS + '1002;"Peeters;Lars;4B\n' + SECRET * 20_000)
    message = import_refused(people, path)
    assert message.startswith("Line 4 of list.csv holds a cell of more than 131,072 characters")
    assert "a quote" in message and SECRET not in message
    assert people.list_pupils() == []


def test_first_and_last_name_of_a_guardian_together_fit_the_column(
    people: PeopleService, tmp_path: Path
) -> None:
    header = "Naam;Voornaam;Klas;Naam ouder;Voornaam ouder\n"
    path = write(tmp_path, header + f"Peeters;Lars;4B;{'P' * 120};{'A' * 100}\n")
    line = one_problem(people, path, row=2)
    assert "column D (Naam ouder) holds 221 characters" in line
    assert "at most 200" in line


def test_the_limits_are_the_database_columns(people: PeopleService, tmp_path: Path) -> None:
    # Exactly as long as the columns: accepted and stored whole, on both databases
    longest = f"{'9' * 50};{'N' * 100};{'V' * 100};{'K' * 20};;{'O' * 200};{'0' * 50}\n"
    path = write(tmp_path, HEADER + longest)
    summary = people.apply_import(people.preview_import(path, "pupils"))
    assert summary.created == 1
    (pupil,) = people.list_pupils()
    assert (len(pupil.last_name), len(pupil.first_name), len(pupil.class_name)) == (100, 100, 20)


# --- control characters ----------------------------------------------------------------------

ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-be-bom"]


def encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-16-be-bom":
        return b"\xfe\xff" + text.encode("utf-16-be")
    return text.encode(encoding)  # 'utf-16' writes a little-endian BOM here


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("Lars\x00", "C (Voornaam)"),
        ("Pee\x07ters", "B (Naam)"),
        ("\x1b[31mPeeters", "B (Naam)"),
        ('"Lars\nJan"', "C (Voornaam)"),  # a line break inside a quoted cell
        ("Lars\tJan", "C (Voornaam)"),
        ("31/12/2009\x00", "E (Geboortedatum)"),
    ],
)
def test_a_control_character_rejects_the_row_in_every_encoding(
    people: PeopleService, tmp_path: Path, encoding: str, cell: str, shown: str
) -> None:
    # Given a list (in each encoding the reader accepts) with a control character on row 3
    cells = ["1002", "Peeters", "Lars", "4B", "01/02/2010", "Ann Peeters", "0470 00 00 00"]
    index = {"B (Naam)": 1, "C (Voornaam)": 2, "E (Geboortedatum)": 4}[shown]
    cells[index] = cell
    text = HEADER + GOOD_ROWS.splitlines(keepends=True)[0] + ";".join(cells) + "\n"
    text += GOOD_ROWS.splitlines(keepends=True)[1]
    path = tmp_path / "list.csv"
    path.write_bytes(encode(text, encoding))
    # Then the preview rejects that row, naming the column, and the import saves nothing
    line = one_problem(people, path, row=3)
    assert line.startswith(f"row 3: column {shown} holds a control character")
    assert "\x00" not in line and "Lars" not in line
    assert "nothing was imported" in import_refused(people, path)
    assert people.list_pupils() == []


def test_a_binary_file_is_still_not_a_list(people: PeopleService, tmp_path: Path) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    assert "is not a CSV or Excel" in import_refused(people, path)


def test_a_control_character_in_an_xlsx_cell_rejects_the_row(
    people: PeopleService, tmp_path: Path
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Naam", "Voornaam", "Klas"])
    sheet.append(["Peeters", "Lars", "4B"])
    sheet.append(["Janssens", "Eva\u2028Marie", "4B"])  # a Unicode line separator
    path = tmp_path / "list.xlsx"
    workbook.save(path)
    line = one_problem(people, path, row=3)
    assert line.startswith("row 3: column B (Voornaam) holds a control character")


# --- duplicate headers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "first", "second"),
    [
        ("Naam;Voornaam;Naam;Klas\n", "A (Naam)", "C (Naam)"),
        ("Naam;Voornaam;Klas;naam \n", "A (Naam)", "D (naam)"),
        ("Naam;Voornaam;Klas;E-mail;EMAIL\n", "D (E-mail)", "E (EMAIL)"),
    ],
)
def test_two_columns_with_the_same_header_are_named_not_dropped(
    people: PeopleService, tmp_path: Path, header: str, first: str, second: str
) -> None:
    path = write(tmp_path, header + "Peeters;Lars;4B;x;y\n")
    with pytest.raises(ImportRejected) as refused:
        people.preview_import(path, "pupils")
    message = str(refused.value)
    assert f"Columns {first} and {second} have the same header" in message
    assert "Nothing was imported" in message
    assert people.list_pupils() == []


def test_a_duplicate_header_chosen_by_hand_is_no_longer_ambiguous(
    people: PeopleService, tmp_path: Path
) -> None:
    path = write(tmp_path, "Naam;Voornaam;Naam;Klas\nPeeters;Lars;Peeters;4B\n")
    preview = people.preview_import(path, "pupils", mapping={2: None})
    assert [r.action for r in preview.rows] == [ImportAction.CREATE]


# --- sizes -----------------------------------------------------------------------------------


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> tables.TableLimits:
    """Limits small enough to reach with a few rows (the real ones: see io.tables)."""
    limits = tables.TableLimits(
        file_bytes=16384, rows=10, cells=100, unpacked_bytes=tables.MB, packing_checked_from=4096
    )
    monkeypatch.setattr(tables, "DEFAULT_LIMITS", limits)
    return limits


def many_rows(count: int) -> str:
    return HEADER + "".join(f"{1000 + n};Peeters;Lars{n};4B;;;\n" for n in range(count))


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    people: PeopleService, tmp_path: Path, small_limits: tables.TableLimits
) -> None:
    path = write(tmp_path, many_rows(9) + ";" * 20_000)
    message = import_refused(people, path)
    assert "larger than the" in message and "Nothing was imported" in message
    assert people.list_pupils() == []


def test_the_real_size_limit_is_named_in_megabytes(tmp_path: Path) -> None:
    path = write(tmp_path, "x" * (tables.MB + 1))
    with pytest.raises(ImportRejected, match=r"list.csv is 2 MB, larger than the 1 MB"):
        tables.read_table(path, limits=tables.TableLimits(file_bytes=tables.MB))


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_list_with_too_many_rows_is_refused(
    people: PeopleService, tmp_path: Path, small_limits: tables.TableLimits, kind: str
) -> None:
    if kind == "csv":
        path = write(tmp_path, many_rows(10))  # header + 10 rows: 11 filled rows
    else:
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        assert sheet is not None
        for line in many_rows(10).splitlines():
            sheet.append(line.split(";")[:4])
        path = tmp_path / "list.xlsx"
        workbook.save(path)
    message = import_refused(people, path)
    assert "holds more than 10 rows" in message and "split the list" in message
    assert people.list_pupils() == []


def test_a_list_within_the_row_limit_imports(
    people: PeopleService, tmp_path: Path, small_limits: tables.TableLimits
) -> None:
    summary = people.apply_import(people.preview_import(write(tmp_path, many_rows(9)), "pupils"))
    assert summary.created == 9


def test_a_sheet_with_too_many_cells_is_refused(
    people: PeopleService, tmp_path: Path, small_limits: tables.TableLimits
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Naam", "Voornaam", "Klas"])
    sheet.append(["Peeters", "Lars", "4B", *([None] * 60), "x"])  # far to the right
    sheet.append(["Janssens", "Eva", "4B", *([None] * 60), "x"])
    path = tmp_path / "list.xlsx"
    workbook.save(path)
    assert "holds more than 100 cells" in import_refused(people, path)


def test_a_workbook_declaring_too_much_is_refused(
    people: PeopleService, tmp_path: Path, small_limits: tables.TableLimits
) -> None:
    path = tmp_path / "list.xlsx"
    zip_bomb(path, unpacked_mb=2)  # more than the 1 MB of the small limits
    message = import_refused(people, path)
    assert "would take more than 1 MB of memory once unpacked" in message


def test_a_sheet_claiming_to_be_16384_columns_wide_reads_its_real_cells(tmp_path: Path) -> None:
    """The declared dimension is not trusted: rows are as long as their cells."""
    path = tmp_path / "wide.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Naam", "Klas"])
    workbook.save(path)
    rewritten = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(rewritten, "w") as target:
        for part in source.infolist():
            data = source.read(part)
            if part.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="A1:B1"\s*/>', b'<dimension ref="A1:XFD1"/>', data)
                assert b"XFD1" in data
            target.writestr(part, data)
    path.write_bytes(rewritten.getvalue())
    assert tables.read_table(path).rows == [["Naam", "Klas"]]


def zip_bomb(path: Path, unpacked_mb: int) -> None:
    """A workbook whose sheet packs ``unpacked_mb`` MB of rows into a few hundred kB."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Naam", "Voornaam", "Klas"])
    plain = io.BytesIO()
    workbook.save(plain)
    row = b'<row><c t="inlineStr"><is><t>Peeters</t></is></c></row>' * 1000
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for part in source.infolist():
            if part.filename != "xl/worksheets/sheet1.xml":
                target.writestr(part, source.read(part), zipfile.ZIP_DEFLATED)
                continue
            info = zipfile.ZipInfo("xl/worksheets/sheet1.xml", date_time=part.date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            with target.open(info, "w") as sheet_xml:
                sheet_xml.write(
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                    b'main"><sheetData>'
                )
                for _ in range(unpacked_mb * 1024 * 1024 // len(row)):
                    sheet_xml.write(row)
                sheet_xml.write(b"</sheetData></worksheet>")


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 200 MB sheet packed into an .xlsx of a few hundred kB (made once: it takes a second)."""
    path = tmp_path_factory.mktemp("bomb") / "list.xlsx"
    zip_bomb(path, unpacked_mb=200)
    assert path.stat().st_size < tables.MB
    return path


def test_a_zip_bomb_is_refused_before_it_is_unpacked(people: PeopleService, bomb: Path) -> None:
    # Given a 200 MB sheet packed into a few hundred kB, and the real limits
    path = bomb
    # Then it is refused from what the zip declares, without reading the sheet
    message = import_refused(people, path)
    assert "unpacks to more than 100 times its size" in message
    assert "Nothing was imported" in message
    assert people.list_pupils() == []


# --- the editors -----------------------------------------------------------------------------


def test_the_pupil_editor_refuses_too_long_and_control_texts(people: PeopleService) -> None:
    good = PupilDetail(last_name="Peeters", first_name="Lars")
    cases = [
        (dict(first_name="L" * 101), "first_name", "First name may hold at most 100 characters"),
        (dict(last_name="P" * 100_001), "last_name", "Last name may hold at most 100"),
        (dict(external_id="9" * 51), "external_id", "at most 50"),
        (dict(medical_notes="m" * 10_001), "medical_notes", "Medical notes may hold at most 10000"),
        (dict(last_name="Pee\x00ters"), "last_name", "Last name holds a control character"),
        (
            dict(guardians=(GuardianData(name="G" * 201),)),
            "guardians",
            "Guardian: name may hold at most 200",
        ),
        (
            dict(emergency_contacts=(EmergencyContactData(name="Oma", phone="0" * 51),)),
            "emergency_contacts",
            "Emergency contact: phone may hold at most 50",
        ),
    ]
    for change, field, text in cases:
        with pytest.raises(ValidationError) as refused:
            people.save_pupil(replace(good, **change))  # type: ignore[arg-type]
        assert refused.value.field == field
        assert text in str(refused.value) and "Nothing was saved" in str(refused.value)
    assert people.list_pupils() == []
    # Notes may hold line breaks and tabs, and exactly the cap
    saved = people.save_pupil(
        PupilDetail(last_name="Peeters", notes="a\n\tb", medical_notes="m" * 10_000)
    )
    assert saved.notes == "a\n\tb" and len(saved.medical_notes) == 10_000


def test_staff_and_class_editors_refuse_too_long_texts(people: PeopleService) -> None:
    with pytest.raises(ValidationError, match="Subjects may hold at most 10000") as refused:
        people.save_staff(StaffDetail(last_name="Janssens", subjects="s" * 10_001))
    assert refused.value.field == "subjects"
    with pytest.raises(ValidationError, match="Timetable code may hold at most 20"):
        people.save_staff(StaffDetail(last_name="Janssens", timetable_code="J" * 21))
    with pytest.raises(ValidationError, match="Class may hold at most 20") as refused:
        people.save_class(ClassDetail(name="4" * 21))
    assert refused.value.field == "name"
    assert people.list_staff() == [] and people.list_classes() == []


def test_partner_project_and_mobility_editors_refuse_too_long_texts(
    services: tuple[PeopleService, PartnerService, MobilityService],
) -> None:
    _people, partners, mobilities = services
    with pytest.raises(ValidationError, match="City may hold at most 100") as refused:
        partners.save_partner(PartnerData(name="IES Sol", city="c" * 101))
    assert refused.value.field == "city"
    with pytest.raises(ValidationError, match="Title may hold at most 300"):
        partners.save_project(ProjectData(title="t" * 301))
    detail = MobilityDetail(
        kind=MobilityKind.PUPIL_GROUP,
        title="Kraków",
        start_date=dt.date(2027, 5, 3),
        end_date=dt.date(2027, 5, 7),
    )
    with pytest.raises(ValidationError, match="Goals may hold at most 10000") as refused:
        mobilities.save_mobility(replace(detail, goals="g" * 10_001))
    assert refused.value.field == "goals"
    with pytest.raises(ValidationError, match="Meeting point holds a control character"):
        mobilities.save_mobility(replace(detail, meeting_point="a\x00"))
    assert partners.list_partners() == [] and mobilities.list_mobilities() == []
    # A multi-line text keeps its line breaks
    saved = mobilities.save_mobility(replace(detail, travel_details="Bus 6.30\nVlucht 9.10"))
    assert saved.detail.travel_details == "Bus 6.30\nVlucht 9.10"


def test_the_school_settings_refuse_too_long_texts(db_url: str) -> None:
    engine = open_database(db_url, backup="never")
    settings = SettingsService(make_session_factory(engine))
    before = settings.get()
    with pytest.raises(ValidationError, match="Name may hold at most 200") as refused:
        settings.save(SchoolSettingsData(version=before.version, name="S" * 201))
    assert refused.value.field == "name"
    with pytest.raises(ValidationError, match="Address holds a control character"):
        settings.save(SchoolSettingsData(version=before.version, address="Straat 1\x00"))
    assert settings.get() == before
    engine.dispose()
