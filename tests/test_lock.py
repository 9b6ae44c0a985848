"""The lock file pins what pyproject.toml asks for, and this environment is the locked one.

A fresh machine installs ``pip install -c requirements.lock``: these tests fail when a dependency
is added to pyproject.toml without refreshing the lock (``bash .ci/lock``), when a pin no longer
satisfies pyproject's range, or when the tests run on versions other than the locked ones.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
_PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;]+)\s*(?:;\s*(.+))?$")


def _lock() -> dict[str, tuple[Version, Marker | None]]:
    pins: dict[str, tuple[Version, Marker | None]] = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = _PIN.match(line)
        assert match, f"requirements.lock: not an exact pin: {line!r}"
        name, version, marker = match.groups()
        pins[canonicalize_name(name)] = (Version(version), Marker(marker) if marker else None)
    return pins


def _project_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        wanted.extend(extra)
    return [Requirement(text) for text in wanted]


def test_every_dependency_of_pyproject_is_pinned_within_its_range() -> None:
    pins = _lock()
    for requirement in _project_requirements():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is missing from requirements.lock: bash .ci/lock"
        version, _marker = pins[name]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"requirements.lock pins {name}=={version}, outside pyproject's {requirement}"
        )


def test_the_lock_holds_every_transitive_dependency() -> None:
    # Given what each locked (and installed) package needs on this platform
    pins = _lock()
    extras = {canonicalize_name(r.name): set(r.extras) for r in _project_requirements() if r.extras}
    for name, (_version, marker) in pins.items():
        if marker is not None and not marker.evaluate():
            continue
        for text in metadata.requires(name) or []:
            needed = Requirement(text)
            environment = {"extra": ""}
            applies = needed.marker is None or needed.marker.evaluate(environment)
            for extra in extras.get(name, ()):
                applies = applies or bool(
                    needed.marker and needed.marker.evaluate({"extra": extra})
                )
            # Then every one of them is pinned too
            if applies:
                assert canonicalize_name(needed.name) in pins, (
                    f"{name} needs {needed.name}, which requirements.lock lacks: bash .ci/lock"
                )


def test_this_environment_runs_the_locked_versions() -> None:
    for name, (version, marker) in _lock().items():
        if marker is not None and not marker.evaluate():
            continue
        installed = Version(metadata.version(name))
        assert installed == version, (
            f"{name} {installed} is installed, the lock says {version}: install with "
            "pip install -c requirements.lock -e '.[dev]'"
        )
