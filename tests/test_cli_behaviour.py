"""The command line as a user meets it: their language, a quiet end in a pipe, no tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mobility_desk import logs
from mobility_desk.cli import main, system_language

ENTRY = [sys.executable, "-m", "mobility_desk"]


def run(
    *args: str, env: dict[str, str] | None = None, **kwargs: object
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **(env or {})}
    return subprocess.run(
        [*ENTRY, *args],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
        **kwargs,  # type: ignore[arg-type]
    )


def test_help_speaks_french_with_argparses_own_words() -> None:
    result = run("--lang", "fr", "--help")
    assert result.returncode == 0, result.stderr
    assert "afficher ce message d'aide et quitter" in result.stdout
    assert "arguments positionnels" in result.stdout
    assert "Sans commande, la fenêtre de l'application s'ouvre." in result.stdout


def test_help_follows_the_systems_language_without_lang() -> None:
    result = run("list", "--help", env={"LANG": "nl_BE.UTF-8", "LANGUAGE": ""})
    assert result.returncode == 0, result.stderr
    assert "gebruik: mobility-desk list" in result.stdout
    assert "toon dit helpbericht en stop" in result.stdout


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"LANGUAGE": "fr_BE:nl"}, "fr"),
        ({"LC_ALL": "en_GB.UTF-8"}, "en"),
        ({"LANG": "nl_BE.UTF-8"}, "nl"),
        ({"LANG": "C.UTF-8"}, None),
        ({"LANG": "de_DE.UTF-8"}, None),
    ],
)
def test_the_systems_language(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], expected: str | None
) -> None:
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    assert system_language() == expected


def test_a_reader_that_stops_early_ends_the_output_quietly(tmp_path: Path) -> None:
    # Given a school with hundreds of pupils
    db = f"sqlite:///{tmp_path}/school.sqlite"
    assert run("demo", "--db", db).returncode == 0
    # When the list is piped into a reader that takes one line and stops
    result = subprocess.run(
        f"{sys.executable} -m mobility_desk list pupils --db {db} | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    # Then there is one line and no traceback
    assert result.stdout.count("\n") == 1
    assert "Traceback" not in result.stderr and "BrokenPipeError" not in result.stderr
    assert result.stderr == ""


def test_an_unexpected_error_is_one_line_and_the_details_go_to_the_log(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("MOBILITY_DESK_LOG_DIR", str(tmp_path / "logs"))
    from mobility_desk.cli import list_cmd

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("a bug deep down")

    monkeypatch.setattr(list_cmd, "_records", broken)
    code = main(["list", "pupils", "--db", f"sqlite:///{tmp_path}/school.sqlite"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("mobility-desk: an unexpected error stopped the command;")
    assert "Traceback" not in err
    log = (tmp_path / "logs" / logs.LOG_NAME).read_text(encoding="utf-8")
    # The error's kind and where it happened; not its text, which could hold a pupil's data
    assert "RuntimeError" in log and "in broken" in log and "Traceback" in log
    assert "a bug deep down" not in log.replace('raise RuntimeError("a bug deep down")', "")
    if os.name == "posix":
        assert (tmp_path / "logs" / logs.LOG_NAME).stat().st_mode & 0o077 == 0
