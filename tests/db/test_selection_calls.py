"""Selection calls (issue #10 section 1) on the test call of ``selection_school`` (Berlin and
Lyon, Motivatie x3, Houding x2, Taal x1, jurors ABC, DEF, GHI): saving with every check, the
criteria fixed once scoring started (a change needs a reason, kept with the criteria as they
were), the template file round trip and its refusals, and the announcement read back in Dutch
and French; on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.cli import main
from mobility_desk.db.models import CriteriaChange, JuryScore, Mobility
from mobility_desk.domain.enums import MobilityKind
from mobility_desk.domain.selection import TieBreak
from mobility_desk.errors import ConflictError, ValidationError
from mobility_desk.services.selection import CallDraft, CallRecord, SelectionService
from mobility_desk.services.selection.calls import CallMobilityLine, CriterionLine, start_scoring
from tests.db.selection_school import build_call


@pytest.fixture
def school(db: sessionmaker[Session]) -> dict[str, int]:
    return build_call(db)


@pytest.fixture
def selection(db: sessionmaker[Session]) -> SelectionService:
    return SelectionService(db)


def full_call(selection: SelectionService, call_id: int) -> CallRecord:
    """The test call with every field the template carries filled in."""
    call = selection.call(call_id)
    return selection.save_call(
        dataclasses.replace(
            call,
            classes="4B,4C",
            tracks="ASO",
            min_age=15,
            opens_on=dt.date(2026, 2, 1),
            closes_on=dt.date(2026, 2, 28),
            normalise=True,
            inclusion_bonus=5.0,
            max_per_class=3,
            max_reserves=4,
            tie_breaks=(TieBreak.FIRST_CRITERION, TieBreak.LOTTERY),
            procedure="Schrijf een motivatiebrief van één bladzijde.\n\nDaarna een gesprek.",
            criteria=tuple(
                dataclasses.replace(c, description=f"Wat telt bij {c.name}") for c in call.criteria
            ),
        )
    )


def comparable(call: CallRecord) -> dict[str, object]:
    """What a user compares between two calls (not the ids the app gives, nor the lottery's
    seed, which every call draws for itself)."""
    values = {f.name: getattr(call, f.name) for f in dataclasses.fields(CallDraft)}
    del values["id"], values["version"], values["lottery_seed"]
    values["criteria"] = [dataclasses.replace(c, id=None) for c in call.criteria]
    return values


# --- saving and its checks -------------------------------------------------------------------


def test_a_saved_call_reads_back_with_its_mobilities_criteria_and_jurors_in_order(
    selection: SelectionService, school: dict[str, int]
) -> None:
    call = selection.call(school["call"])
    assert call.title == "Uitwisseling mei 2026"
    assert [(m.title, m.places, m.reserved) for m in call.mobilities] == [
        ("Berlin", 3, 1),
        ("Lyon", 2, 0),
    ]
    assert [(c.name, c.weight, c.scale_max) for c in call.criteria] == [
        ("Motivatie", 3.0, 10),
        ("Houding", 2.0, 10),
        ("Taal", 1.0, 10),
    ]
    assert call.jurors == (school["ABC"], school["DEF"], school["GHI"])
    assert [c.id for c in selection.calls(2025)] == [school["call"]]
    assert selection.calls(2026) == []
    # a new call, then a swap of two criteria's names: each keeps its own row
    new = selection.save_call(
        dataclasses.replace(call, id=None, version=None, title="Tweede oproep")
    )
    swapped = (
        dataclasses.replace(new.criteria[0], name="Houding"),
        dataclasses.replace(new.criteria[1], name="Motivatie"),
        new.criteria[2],
    )
    again = selection.save_call(dataclasses.replace(new, criteria=swapped))
    assert [c.name for c in again.criteria] == ["Houding", "Motivatie", "Taal"]
    assert [c.id for c in again.criteria] == [c.id for c in new.criteria]
    selection.delete_call(again.id, again.version)
    assert [c.id for c in selection.calls()] == [school["call"]]


def _criteria(*lines: CriterionLine) -> dict[str, object]:
    return {"criteria": lines}


CHECKS = [
    ({"title": "  "}, "title", "title"),
    ({"mobilities": ()}, "mobilities", "at least one mobility"),
    ({"criteria": ()}, "criteria", "at least one criterion"),
    (_criteria(CriterionLine(name="Motivatie", weight=0)), "criteria", "more than 0"),
    (_criteria(CriterionLine(name="Taal", scale_min=5, scale_max=5)), "criteria", "5 to 5"),
    (
        _criteria(CriterionLine(name="Taal"), CriterionLine(name="taal ")),
        "criteria",
        "Two criteria are called taal",
    ),
    (_criteria(CriterionLine(name=" ")), "criteria", "name"),
    ({"min_jurors": 4}, "jurors", "needs 4 jurors, but the jury has 3"),
    (
        {"opens_on": dt.date(2026, 3, 1), "closes_on": dt.date(2026, 2, 1)},
        "closes_on",
        "close before they open",
    ),
    ({"closes_on": dt.date(2026, 5, 12)}, "closes_on", "before Berlin starts"),
    ({"max_per_class": 0}, "max_per_class", "negative or zero"),
    ({"tie_breaks": (TieBreak.LOTTERY, TieBreak.LOTTERY)}, "tie_breaks", "twice"),
]


@pytest.mark.parametrize(("change", "field", "words"), CHECKS)
def test_every_check_refuses_with_a_sentence_and_saves_nothing(
    selection: SelectionService,
    school: dict[str, int],
    change: dict[str, object],
    field: str,
    words: str,
) -> None:
    call = selection.call(school["call"])
    with pytest.raises(ValidationError) as refused:
        selection.save_call(dataclasses.replace(call, **change))  # type: ignore[arg-type]
    assert refused.value.field == field
    assert words in str(refused.value)
    assert selection.call(school["call"]) == call


def test_more_reserved_places_than_places_is_refused(
    selection: SelectionService, school: dict[str, int]
) -> None:
    call = selection.call(school["call"])
    lines = (CallMobilityLine(mobility_id=school["Berlin"], places=2, reserved=3),)
    with pytest.raises(ValidationError, match="Berlin has 3 reserved places but only 2"):
        selection.save_call(dataclasses.replace(call, mobilities=lines))


def test_a_call_changed_meanwhile_is_a_conflict(
    selection: SelectionService, school: dict[str, int]
) -> None:
    call = selection.call(school["call"])
    selection.save_call(dataclasses.replace(call, title="Mei 2026"))
    with pytest.raises(ConflictError):
        selection.save_call(dataclasses.replace(call, title="Uitwisseling"))
    with pytest.raises(ConflictError):
        selection.delete_call(call.id, call.version)


# --- criteria fixed once scoring started -----------------------------------------------------


def test_after_scoring_started_the_criteria_change_only_with_a_recorded_reason(
    db: sessionmaker[Session], selection: SelectionService, school: dict[str, int]
) -> None:
    before = selection.call(school["call"])
    with db.begin() as s:
        start_scoring(s, school["call"])
        start_scoring(s, school["call"])  # a second score changes nothing more
    # a form opened before scoring started cannot save
    with pytest.raises(ConflictError):
        selection.save_call(dataclasses.replace(before, title="Iets anders"))
    call = selection.call(school["call"])
    assert call.criteria_fixed
    assert call.version == before.version + 1
    # other fields still change freely
    call = selection.save_call(dataclasses.replace(call, procedure="Een gesprek van 10 minuten."))
    heavier = (dataclasses.replace(call.criteria[0], weight=4.0), *call.criteria[1:])
    with pytest.raises(ValidationError, match="criteria are fixed") as refused:
        selection.save_call(dataclasses.replace(call, criteria=heavier))
    assert refused.value.field == "reason"
    with pytest.raises(ValidationError):
        selection.save_call(dataclasses.replace(call, criteria=heavier), reason="  ")
    reordered = (call.criteria[1], call.criteria[0], call.criteria[2])
    with pytest.raises(ValidationError):
        selection.save_call(dataclasses.replace(call, criteria=reordered))
    renamed = (dataclasses.replace(call.criteria[0], name="Motivatie en inzet"), *call.criteria[1:])
    with pytest.raises(ValidationError):
        selection.save_call(dataclasses.replace(call, criteria=renamed))
    # with a reason: saved, and the criteria as they were are kept
    with db.begin() as s:
        scores = s.scalar(select(func.count(JuryScore.id)))
    saved = selection.save_call(
        dataclasses.replace(call, criteria=renamed), reason="Zo stond het in de brochure."
    )
    assert saved.criteria[0].name == "Motivatie en inzet"
    assert saved.criteria[0].id == call.criteria[0].id
    [change] = saved.criteria_changes
    assert change.reason == "Zo stond het in de brochure."
    assert change.before == "Motivatie: x3, 0-10\nHouding: x2, 0-10\nTaal: x1, 0-10"
    with db.begin() as s:
        # the scores given on the renamed criterion stay
        assert s.scalar(select(func.count(JuryScore.id))) == scores
        assert s.scalar(select(func.count(CriteriaChange.id))) == 1


# --- the template file -----------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_export_then_new_call_gives_an_equal_call(
    db_url: str,
    selection: SelectionService,
    school: dict[str, int],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    call = full_call(selection, school["call"])
    template = tmp_path / "oproep.toml"
    code, out, _err = run(
        capsys, "selection", "export-call", str(call.id), "--out", str(template), "--db", db_url
    )
    assert code == 0
    text = template.read_text(encoding="utf-8")
    assert 'name = "Motivatie"' in text and "weight = 3.0" in text
    assert 'title = "Berlin"' in text and "places = 3" in text
    assert 'code = "ABC"' in text
    code, out, err = run(capsys, "selection", "new-call", str(template), "--db", db_url)
    assert code == 0, err
    new = selection.call(int(out.strip()))
    assert new.id != call.id
    assert comparable(new) == comparable(call)


def test_every_new_call_draws_its_own_lottery_seed_and_an_edit_keeps_it(
    db_url: str,
    selection: SelectionService,
    school: dict[str, int],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    call = selection.call(school["call"])
    assert call.lottery_seed == 2026  # set on purpose, kept
    template = tmp_path / "oproep.toml"
    run(capsys, "selection", "export-call", str(call.id), "--out", str(template), "--db", db_url)
    assert "lottery_seed" not in template.read_text(encoding="utf-8")
    seeds = set()
    for _ in range(2):
        _code, out, _err = run(capsys, "selection", "new-call", str(template), "--db", db_url)
        new = selection.call(int(out.strip()))
        assert new.lottery_seed is not None and new.lottery_seed >= 100_000
        seeds.add(new.lottery_seed)
        edited = selection.save_call(dataclasses.replace(new, lottery_seed=None, title="Anders"))
        assert edited.lottery_seed == new.lottery_seed
    assert len(seeds) == 2  # last year's draw is not reused (1 in 900 000 to fail by chance)
    # a template written by an earlier version, with last year's seed, still reads
    text = template.read_text(encoding="utf-8").replace("[rules]\n", "[rules]\nlottery_seed = 7\n")
    assert "lottery_seed = 7" in text
    template.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "selection", "new-call", str(template), "--db", db_url)
    assert code == 0, err
    assert selection.call(int(out.strip())).lottery_seed != 7


def test_next_year_finds_the_mobility_with_the_same_title_and_moves_the_dates(
    db: sessionmaker[Session],
    db_url: str,
    selection: SelectionService,
    school: dict[str, int],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    full_call(selection, school["call"])
    template = tmp_path / "oproep.toml"
    run(
        capsys,
        "selection",
        "export-call",
        str(school["call"]),
        "--out",
        str(template),
        "--db",
        db_url,
    )
    args = ("selection", "new-call", str(template), "--school-year", "2026", "--db", db_url)
    # no mobilities next year yet: both left out, and a call needs one
    code, out, err = run(capsys, *args)
    assert code == 2
    assert out == ""
    assert 'Mobility "Berlin" is not a mobility of 2026-2027 here: left out.' in err
    assert 'Mobility "Lyon"' in err
    assert "at least one mobility" in err
    with db.begin() as s:
        berlin = Mobility(
            kind=MobilityKind.PUPIL_GROUP,
            title="Berlin",
            start_date=dt.date(2027, 5, 10),
            end_date=dt.date(2027, 5, 14),
        )
        s.add(berlin)
        s.flush()
        berlin_id = berlin.id
    code, out, err = run(capsys, *args)
    assert code == 0, err
    new = selection.call(int(out))
    assert new.school_year == 2026
    assert [(m.mobility_id, m.places, m.reserved) for m in new.mobilities] == [(berlin_id, 3, 1)]
    assert 'Mobility "Lyon" is not a mobility of 2026-2027' in err
    assert (new.opens_on, new.closes_on) == (dt.date(2027, 2, 1), dt.date(2027, 2, 28))
    assert [c.name for c in new.criteria] == ["Motivatie", "Houding", "Taal"]


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (("weight = 3.0", "wieght = 3.0"), '"criteria[1].wieght" is not a key'),
        (("normalise = true", "normalise = 1"), '"rules.normalise" must be true or false'),
        (('code = "DEF"', 'kode = "DEF"'), '"jurors[2].kode" is not a key'),
        (("max_per_class = 3", "max_per_class = 3 3"), "this is not a valid TOML file"),
        (("scale_max = 10", "scale_max = 0"), "must end above where it starts"),
        (('"lottery"', '"dobbelsteen"'), '"dobbelsteen" is not a tie-break'),
    ],
)
def test_a_bad_template_is_refused_with_exit_2_naming_the_key_and_line(
    db_url: str,
    selection: SelectionService,
    school: dict[str, int],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    edit: tuple[str, str],
    words: str,
) -> None:
    full_call(selection, school["call"])
    template = tmp_path / "oproep.toml"
    run(
        capsys,
        "selection",
        "export-call",
        str(school["call"]),
        "--out",
        str(template),
        "--db",
        db_url,
    )
    text = template.read_text(encoding="utf-8")
    assert edit[0] in text
    text = text.replace(edit[0], edit[1], 1)
    template.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if edit[1] in row)
    calls = len(selection.calls())
    code, out, err = run(capsys, "selection", "new-call", str(template), "--db", db_url)
    assert code == 2
    assert out == ""
    assert words in err
    if "end above" not in words:  # a rule of the call, not of the file
        assert f"line {line}:" in err
    assert "Traceback" not in err
    assert len(selection.calls()) == calls


def test_exit_codes_of_a_missing_call_and_file(
    db_url: str, school: dict[str, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(
        capsys, "selection", "export-call", "999", "--out", str(tmp_path / "x.toml"), "--db", db_url
    )
    assert code == 2 and "Call 999 does not exist." in err
    code, _out, err = run(
        capsys, "selection", "new-call", str(tmp_path / "none.toml"), "--db", db_url
    )
    assert code == 2 and "none.toml" in err
    code, _out, err = run(
        capsys, "--lang", "nl", "selection", "export-call", "999", "--out", "x", "--db", db_url
    )
    assert code == 2 and "Oproep 999 bestaat niet." in err


# --- the announcement ------------------------------------------------------------------------


def pdf_text(path: Path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages)


def test_the_announcement_reads_back_in_dutch_and_french_without_the_inclusion_rule(
    db_url: str,
    selection: SelectionService,
    school: dict[str, int],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    full_call(selection, school["call"])
    words = {}
    for lang in ("nl", "fr"):
        out = tmp_path / f"oproep_{lang}.pdf"
        code, printed, err = run(
            capsys,
            "report",
            "announcement",
            "--call",
            str(school["call"]),
            "--out",
            str(out),
            "--lang",
            lang,
            "--db",
            db_url,
        )
        assert code == 0, err
        assert printed.strip() == str(out)
        words[lang] = pdf_text(out)
    nl, fr = words["nl"], words["fr"]
    for text in (nl, fr):
        assert "Uitwisseling mei 2026" in text
        assert "Motivatie x3 0–10" in text and "Houding x2" in text and "Taal x1" in text
        assert "Wat telt bij Motivatie" in text
        assert "Schrijf een motivatiebrief" in text
        assert "Berlin" in text and "Lyon" in text
        assert "5.0" not in text and "bonus" not in text.lower()
    assert "Wie mag zich kandidaat stellen" in nl
    assert "leerlingen van jaar 4" in nl.lower()
    assert "1 februari 2026" in nl and "28 februari 2026" in nl
    assert "de hogere score op Motivatie" in nl
    assert "eigen scores per criterium" in nl
    assert "Qui peut poser sa candidature" in fr
    assert "1 février 2026" in fr
    assert "la note la plus élevée en Motivatie" in fr


def test_a_juror_with_scores_stays_and_an_unknown_mobility_is_not_found(
    selection: SelectionService, school: dict[str, int]
) -> None:
    from mobility_desk.errors import NotFoundError

    call = selection.call(school["call"])
    with pytest.raises(ValidationError, match="GHI has already scored candidates"):
        selection.save_call(
            dataclasses.replace(call, jurors=(school["ABC"], school["DEF"]), min_jurors=2)
        )
    gone = (CallMobilityLine(mobility_id=99999, places=1),)
    with pytest.raises(NotFoundError, match="Mobility 99999 does not exist"):
        selection.save_call(dataclasses.replace(call, mobilities=gone))
    # a juror without scores can go
    added = selection.save_call(dataclasses.replace(call, jurors=(*call.jurors, school["JKL"])))
    assert added.jurors[-1] == school["JKL"]
    back = selection.save_call(dataclasses.replace(added, jurors=call.jurors))
    assert back.jurors == call.jurors
