"""Tables of raw cells from CSV and XLSX files: what every importer reads first.

Lists of pupils and staff today, timetables next: each importer gets the cells as the user sees
them in a spreadsheet (``rows[0]`` is row 1) and decides what they mean.

What is accepted:

- CSV separated by ``;``, ``,`` or tab, in UTF-8 (with or without BOM), Windows-1252 or UTF-16
  (Excel's "Unicode text"). A file that is not valid UTF-8 is decoded line by line: lines that
  are valid UTF-8 stay UTF-8, the others are read as Windows-1252. So a list where someone pasted
  a few lines from another export still reads correctly; a line that is neither is refused.
- XLSX (first sheet, or a chosen one) with text, number or real date cells.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from mobility_desk.errors import ImportRejected
from mobility_desk.i18n import _

Cell = str | int | float | bool | dt.date | dt.datetime | None


@dataclass(frozen=True)
class RawTable:
    """The cells of a file; ``rows[0]`` is row 1 as the user sees it."""

    rows: list[list[Cell]]
    sheet: str | None = None
    sheets: tuple[str, ...] = ()


def decode_text(data: bytes, name: str = "") -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252, line by line if mixed."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportRejected(
                _("{file} cannot be read as text. Save it again as CSV (UTF-8).").format(file=name)
            ) from exc
    if b"\x00" in data:
        raise ImportRejected(_("{file} is not a CSV or Excel (.xlsx) file.").format(file=name))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    lines: list[str] = []
    for number, line in enumerate(data.splitlines(keepends=True), start=1):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            try:
                lines.append(line.decode("cp1252"))
            except UnicodeDecodeError as exc:
                raise ImportRejected(
                    _(
                        "Line {line} of {file} cannot be read: it is neither UTF-8 nor "
                        "Windows-1252 text. Save the file again as CSV (UTF-8)."
                    ).format(line=number, file=name)
                ) from exc
    return "".join(lines)


def delimiter(text: str) -> str:
    """The separator used most on the first non-blank line: ';', tab or ','."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def read_csv_text(text: str, name: str = "") -> RawTable:
    if not text.strip():
        raise ImportRejected(_("{file} is empty.").format(file=name))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text))
    try:
        rows: list[list[Cell]] = [list(record) for record in reader]
    except csv.Error as exc:
        raise ImportRejected(
            _("{file} cannot be read as CSV: {reason}").format(file=name, reason=exc)
        ) from exc
    return RawTable(rows)


def read_xlsx(data: bytes, name: str = "", sheet: str | None = None) -> RawTable:
    """The cells of one sheet of a workbook (the first unless ``sheet`` names another)."""
    import openpyxl  # imported here: a CSV import does not pay for loading it

    unreadable = _("{file} cannot be read as an Excel workbook (.xlsx).").format(file=name)
    try:
        # openpyxl warns about styles and extensions it ignores; irrelevant for reading values.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a damaged file fails deep inside openpyxl in many ways
        raise ImportRejected(unreadable) from exc
    try:
        names = tuple(workbook.sheetnames)
        if sheet is None:
            worksheet = workbook.worksheets[0]
        elif sheet in names:
            worksheet = workbook[sheet]
        else:
            raise ImportRejected(
                _("The workbook has no sheet named {sheet}; it has: {sheets}.").format(
                    sheet=sheet, sheets=", ".join(names)
                )
            )
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                rows: list[list[Cell]] = [
                    list(values) for values in worksheet.iter_rows(min_row=1, values_only=True)
                ]
        except Exception as exc:  # as above: a damaged sheet
            raise ImportRejected(unreadable) from exc
        return RawTable(rows, sheet=worksheet.title, sheets=names)
    finally:
        workbook.close()


def read_table(path: Path, sheet: str | None = None) -> RawTable:
    """The cells of a CSV or XLSX file, recognised by content rather than by extension."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportRejected(_("{file} cannot be opened.").format(file=path)) from exc
    if not data.strip():
        raise ImportRejected(_("{file} is empty.").format(file=path.name))
    if data.startswith(b"PK\x03\x04"):
        return read_xlsx(data, path.name, sheet)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRejected(
            _(
                "{file} is an old Excel file (.xls). Save it as .xlsx or as CSV and import "
                "that file."
            ).format(file=path.name)
        )
    return read_csv_text(decode_text(data, path.name), path.name)


def cell_text(value: Cell) -> str:
    """A cell as text, surrounding spaces removed; whole numbers without '.0'."""
    if isinstance(value, str):
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()
