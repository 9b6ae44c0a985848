"""Smoke test of a frozen build: `python installer/smoke_test.py dist/MobilityDesk`.

Starts the console executable on a fresh database with --smoke and checks that it prints
'ready' (main window shown and painted) and exits 0.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path


def main() -> int:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "dist/MobilityDesk")
    exe = folder / ("mobility-desk.exe" if os.name == "nt" else "mobility-desk")
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        db = Path(tmp) / "smoke.sqlite"
        result = subprocess.run(
            [str(exe), "--smoke", "--db", str(db)],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            check=False,
        )
    ok = result.returncode == 0 and result.stdout.strip().endswith("ready")
    print("smoke test passed" if ok else f"smoke test FAILED:\n{result.stdout}\n{result.stderr}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
