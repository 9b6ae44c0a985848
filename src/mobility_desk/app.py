"""Composition root: settings -> i18n -> database (check, back up, migrate) -> main window."""

from __future__ import annotations

import sys

from mobility_desk import i18n
from mobility_desk.config import resolve_db_url
from mobility_desk.db.migrate import open_database
from mobility_desk.errors import UserError


def run_gui(db: str | None, lang: str | None, smoke: bool = False) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

    app = QApplication.instance() or QApplication(sys.argv)
    i18n.setup(lang)
    url = resolve_db_url(db)
    try:
        engine = open_database(url)
    except UserError as error:
        if smoke:
            print(error, file=sys.stderr)
        else:
            QMessageBox.critical(None, "Mobility Desk", str(error))
        return 2
    window = QMainWindow()
    window.setWindowTitle("Mobility Desk")
    window.show()
    if smoke:
        QTimer.singleShot(0, lambda: (print("ready", flush=True), app.quit()))
    code = app.exec()
    engine.dispose()
    return int(code)
