"""The reference for the start-up benchmark: a bare PySide6 QMainWindow, shown and painted.

It says 'ready' by the same rule as ``mobility-desk --smoke``: once the window's first paint
event has been handled.
"""

import sys

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class Window(QMainWindow):
    painted = False

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if not self.painted and event.type() == QEvent.Type.Paint:
            self.painted = True
            QTimer.singleShot(0, ready)
        return handled


def ready() -> None:
    print("ready", flush=True)
    app.quit()


app = QApplication(sys.argv)
window = Window()
window.resize(1200, 720)
window.show()
sys.exit(app.exec())
