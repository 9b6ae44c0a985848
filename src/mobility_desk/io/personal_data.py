"""The file of a personal data request: one person's data as readable JSON (UTF-8).

Written readable by the user only (0600 on POSIX; on Windows the user profile's default
permissions apply) under a temporary name and then renamed, so a half-written file never
carries the person's name.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from mobility_desk.errors import UserError
from mobility_desk.i18n import _


def write_personal_data(path: Path, data: dict[str, Any]) -> None:
    """Write ``data`` as indented UTF-8 JSON to ``path``, readable by its owner only."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
    folder = path.parent if str(path.parent) else Path(".")
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=".export-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UserError(
            _(
                "The file cannot be written in {folder}. Nothing was saved; choose another folder."
            ).format(folder=folder)
        ) from exc
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as fp:
            fp.write(text)
            fp.flush()
            os.fsync(fp.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise UserError(
            _("The file {name} cannot be written. Nothing was saved; choose another place.").format(
                name=path.name
            )
        ) from exc
