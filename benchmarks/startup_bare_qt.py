"""The reference for the start-up benchmark: a bare PySide6 QMainWindow, shown and painted."""

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 800)
window.show()
window.grab()  # forces a paint, as the app's --smoke does
QTimer.singleShot(0, lambda: (print("ready", flush=True), app.quit()))
sys.exit(app.exec())
