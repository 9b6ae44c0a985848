"""Importers and exporters: CSV, XLSX and later timetable, iCalendar and EU formats."""
