"""``python -m mobility_desk`` and the ``mobility-desk`` command."""

from __future__ import annotations

import sys

from mobility_desk.cli import main

if __name__ == "__main__":
    sys.exit(main())
