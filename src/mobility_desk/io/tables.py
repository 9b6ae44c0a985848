"""Tables of raw cells from CSV and XLSX files: what every importer reads first.

Lists of pupils and staff today, timetables next: each importer gets the cells as the user sees
them in a spreadsheet (``rows[0]`` is row 1) and decides what they mean.

What is accepted:

- CSV separated by ``;``, ``,`` or tab, in UTF-8 (with or without BOM), Windows-1252 or UTF-16
  (Excel's "Unicode text"). A file that is not valid UTF-8 is decoded line by line: lines that
  are valid UTF-8 stay UTF-8, the others are read as Windows-1252. So a list where someone pasted
  a few lines from another export still reads correctly; a line that is neither is refused.
- XLSX (first sheet, or a chosen one) with text, number or real date cells.

What is refused before it is read whole (``TableLimits``): a file over 50 MB, more than 200,000
filled rows or 10 million cells, and a workbook that would unpack to more than 500 MB or packs
its sheets more than 100 times smaller than they unpack (a "zip bomb"). A school's pupil list of
100,000 rows stays far below each of these.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from mobility_desk.errors import ImportRejected
from mobility_desk.i18n import _, number

Cell = str | int | float | bool | dt.date | dt.datetime | None

MB = 1024 * 1024


@dataclass(frozen=True)
class TableLimits:
    """What a file may hold before it is refused unread: memory and time stay bounded."""

    file_bytes: int = 50 * MB
    rows: int = 200_000  # rows with at least one filled cell
    cells: int = 10_000_000  # every cell read, empty ones included
    unpacked_bytes: int = 500 * MB  # a workbook's parts together, as the zip declares them
    # Spreadsheet XML packs 5 to 20 times smaller; a part packed 100 times smaller or more is
    # repetition made on purpose. Small parts (styles) may pack tighter: checked from 1 MB up.
    packing_ratio: int = 100
    packing_checked_from: int = 1 * MB


DEFAULT_LIMITS = TableLimits()


@dataclass(frozen=True)
class RawTable:
    """The cells of a file; ``rows[0]`` is row 1 as the user sees it."""

    rows: list[list[Cell]]
    sheet: str | None = None
    sheets: tuple[str, ...] = ()


_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r")


def decode_text(data: bytes, name: str = "") -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252, line by line if mixed."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportRejected(
                _("{file} cannot be read as text. Save it again as CSV (UTF-8).").format(file=name)
            ) from exc
    # Text holds no control bytes but tabs and line breaks; binary files hold many. A stray one
    # in a list is read, and the row holding it is refused (see io.people).
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > 1 + len(data) // 200:
        raise ImportRejected(_("{file} is not a CSV or Excel (.xlsx) file.").format(file=name))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    lines: list[str] = []
    for line_number, line in enumerate(data.splitlines(keepends=True), start=1):
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
                    ).format(line=line_number, file=name)
                ) from exc
    return "".join(lines)


def delimiter(text: str) -> str:
    """The separator used most on the first non-blank line: ';', tab or ','."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def too_many_rows(name: str, limits: TableLimits) -> ImportRejected:
    return ImportRejected(
        _(
            "{file} holds more than {count} rows, more than Mobility Desk imports at once. "
            "Nothing was imported; split the list into smaller files."
        ).format(file=name, count=number(limits.rows))
    )


def too_many_cells(name: str, limits: TableLimits) -> ImportRejected:
    return ImportRejected(
        _(
            "{file} holds more than {count} cells, more than Mobility Desk imports at once. "
            "Nothing was imported; delete the columns and rows that are not needed, or split "
            "the list."
        ).format(file=name, count=number(limits.cells))
    )


def _bounded(
    rows: Iterable[Iterable[Cell]], name: str, limits: TableLimits
) -> Iterator[list[Cell]]:
    """The rows, refusing the file as soon as it holds too many rows or cells."""
    filled = cells = 0
    for values in rows:
        row = list(values)
        cells += max(len(row), 1)
        if cells > limits.cells:
            raise too_many_cells(name, limits)
        if any(value is not None and value != "" for value in row):
            filled += 1
            if filled > limits.rows:
                raise too_many_rows(name, limits)
        yield row


def read_csv_text(text: str, name: str = "", limits: TableLimits | None = None) -> RawTable:
    limits = limits or DEFAULT_LIMITS
    if not text.strip():
        raise ImportRejected(_("{file} is empty.").format(file=name))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text))
    read_up_to = 0  # the last line of the last record read

    def records() -> Iterator[list[str]]:
        nonlocal read_up_to
        for record in reader:
            read_up_to = reader.line_num
            yield record

    try:
        rows: list[list[Cell]] = list(_bounded(records(), name, limits))
    except csv.Error as exc:
        if "field limit" in str(exc):
            # Often a quote that is never closed, which makes the rest of the file one cell.
            raise ImportRejected(
                _(
                    "Line {line} of {file} holds a cell of more than {count} characters, more "
                    "than any field of a list may hold. Nothing was imported; check that line, "
                    'for instance for a quote (") that is never closed.'
                ).format(line=read_up_to + 1, file=name, count=number(csv.field_size_limit()))
            ) from exc
        raise ImportRejected(
            _("{file} cannot be read as CSV: {reason}").format(file=name, reason=exc)
        ) from exc
    return RawTable(rows)


def _check_packing(data: bytes, name: str, limits: TableLimits) -> None:
    """Refuse a workbook that unpacks to too much, from what the zip declares: zipfile never
    unpacks more than a part declares, so this bounds what openpyxl can be made to read."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # openpyxl reports the damaged file
    total = sum(part.file_size for part in parts)
    if total > limits.unpacked_bytes:
        raise ImportRejected(
            _(
                "{file} would take more than {size} MB of memory once unpacked, more than a "
                "list of people needs. Nothing was imported; delete what is not needed in your "
                "spreadsheet program and save it again, or split the list."
            ).format(file=name, size=limits.unpacked_bytes // MB)
        )
    if any(
        part.file_size >= limits.packing_checked_from
        and part.file_size > limits.packing_ratio * max(part.compress_size, 1)
        for part in parts
    ):
        raise ImportRejected(
            _(
                "{file} unpacks to more than {ratio} times its size, which no spreadsheet "
                "program does for a list: it may be damaged or made to exhaust the computer's "
                "memory. Nothing was imported; save the list as CSV and import that file."
            ).format(file=name, ratio=limits.packing_ratio)
        )


def read_xlsx(
    data: bytes, name: str = "", sheet: str | None = None, limits: TableLimits | None = None
) -> RawTable:
    """The cells of one sheet of a workbook (the first unless ``sheet`` names another).

    Streamed (openpyxl's read-only mode), and stopped at the limits as soon as they are passed.
    """
    import openpyxl  # imported here: a CSV import does not pay for loading it
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    limits = limits or DEFAULT_LIMITS
    _check_packing(data, name, limits)
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
        # The sheet's declared size is not trusted: a sheet claiming columns A to XFD would
        # make every row 16,384 cells long. Rows come as long as their last filled cell.
        if isinstance(worksheet, ReadOnlyWorksheet):
            worksheet.reset_dimensions()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                rows: list[list[Cell]] = list(
                    _bounded(worksheet.iter_rows(min_row=1, values_only=True), name, limits)
                )
        except ImportRejected:
            raise
        except Exception as exc:  # as above: a damaged sheet
            raise ImportRejected(unreadable) from exc
        return RawTable(rows, sheet=worksheet.title, sheets=names)
    finally:
        workbook.close()


def read_table(path: Path, sheet: str | None = None, limits: TableLimits | None = None) -> RawTable:
    """The cells of a CSV or XLSX file, recognised by content rather than by extension."""
    limits = limits or DEFAULT_LIMITS
    try:
        size = path.stat().st_size
        if size > limits.file_bytes:
            raise ImportRejected(
                _(
                    "{file} is {size} MB, larger than the {limit} MB a list of people may be. "
                    "Nothing was imported; save only the sheet and columns you need, or split "
                    "the list."
                ).format(file=path.name, size=-(-size // MB), limit=limits.file_bytes // MB)
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ImportRejected(_("{file} cannot be opened.").format(file=path)) from exc
    if not data.strip():
        raise ImportRejected(_("{file} is empty.").format(file=path.name))
    if data.startswith(b"PK\x03\x04"):
        return read_xlsx(data, path.name, sheet, limits)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRejected(
            _(
                "{file} is an old Excel file (.xls). Save it as .xlsx or as CSV and import "
                "that file."
            ).format(file=path.name)
        )
    return read_csv_text(decode_text(data, path.name), path.name, limits)


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
