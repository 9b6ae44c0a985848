"""The selection rules (issue #10, sections 4 and 7), without a database: every number here is
computed by hand in the comments, so a change in the maths shows as a failing test."""

from __future__ import annotations

import datetime as dt
from math import sqrt

import pytest

from mobility_desk.domain.selection import (
    NORMALISE_MINIMUM,
    Advice,
    Allocation,
    Applicant,
    CandidateTotal,
    Criterion,
    Decision,
    InclusionRule,
    Ineligible,
    LeftOut,
    Places,
    Profile,
    Ranking,
    Scores,
    TieBreak,
    WhoMayApply,
    allocate,
    first_criterion_mean,
    ineligible,
    juror_total,
    next_reserve,
    rank,
    spread_bonus,
    totals,
)

approx = pytest.approx

# Motivation x3 on 0-10, Attitude x2 on 0-10, Language x1 on 0-5 (a 0-5 scale mixed in).
CRITERIA = (
    Criterion("Motivation", 3.0, 10),
    Criterion("Attitude", 2.0, 10),
    Criterion("Language", 1.0, 5),
)
ONE_SCORE = (Criterion("Score", 1.0, 100),)  # a juror's total is the score itself


def mal(motivation: float, attitude: float, language: float) -> dict[str, float]:
    return {"Motivation": motivation, "Attitude": attitude, "Language": language}


def one(score: float) -> dict[str, float]:
    return {"Score": score}


# --- a juror's total -----------------------------------------------------------------------------


def test_a_jurors_total_weighs_each_criterion_on_its_own_scale() -> None:
    # (3 x 9/10 + 2 x 8/10 + 1 x 4/5) / 6 x 100 = (2.7 + 1.6 + 0.8) / 6 x 100 = 85
    assert juror_total(mal(9, 8, 4), CRITERIA) == approx(85.0)
    # a 5 on the 0-5 scale weighs as much as a 10 on 0-10: (3 x 0.5 + 2 x 0.5 + 1 x 1) / 6 = 58.33
    assert juror_total(mal(5, 5, 5), CRITERIA) == approx(350 / 6)
    assert juror_total(mal(10, 10, 5), CRITERIA) == approx(100.0)
    assert juror_total(mal(0, 0, 0), CRITERIA) == 0.0


def test_a_jurors_total_needs_every_criterion() -> None:
    assert juror_total({"Motivation": 9, "Attitude": 8}, CRITERIA) is None
    assert juror_total({}, CRITERIA) is None
    assert juror_total(mal(9, 8, 4), ()) is None


def test_criteria_that_cannot_give_a_total_give_none_rather_than_a_crash() -> None:
    assert juror_total({"A": 3}, (Criterion("A", 1.0, 0),)) is None  # scale maximum 0
    assert juror_total({"A": 3}, (Criterion("A", 0.0, 10),)) is None  # weights sum to 0
    assert juror_total({"A": 3, "B": 3}, (Criterion("A", 2), Criterion("B", -1))) is None
    # a score outside its scale (the scale was changed after scoring) counts as not given
    assert juror_total(mal(9, 8, 8), CRITERIA) is None  # 8 on the 0-5 scale
    assert juror_total(mal(-1, 8, 4), CRITERIA) is None
    assert juror_total(mal(float("nan"), 8, 4), CRITERIA) is None
    assert juror_total({"A": 0}, (Criterion("A", 1, 5, scale_min=1),)) is None
    # a criterion with weight 0 simply does not count: (1 x 6/10) / 1 = 60

    assert juror_total({"A": 6, "B": 1}, (Criterion("A", 1), Criterion("B", 0))) == approx(60)


# --- a candidate's total -------------------------------------------------------------------------


def test_the_total_is_the_mean_over_the_jurors_who_count() -> None:
    # juror 1: 85; juror 2: (3 x 0.8 + 2 x 0.9 + 1 x 1.0) / 6 = 5.2 / 6 = 86.67; mean 85.83
    found = totals(Scores({7: {1: mal(9, 8, 4), 2: mal(8, 9, 5)}}), CRITERIA)[7]
    assert found.total == approx((85 + 520 / 6) / 2)
    assert found.jurors == 2
    assert [p.raw for p in found.parts] == approx([85.0, 520 / 6])
    assert all(p.left_out is None and not p.normalised for p in found.parts)


def test_a_conflict_is_left_out_and_says_so() -> None:
    # juror 3 declared a conflict: their 100 would have lifted the mean; it does not count
    scores = Scores({7: {1: mal(9, 8, 4), 2: mal(8, 9, 5), 3: mal(10, 10, 5)}}, frozenset({(7, 3)}))
    found = totals(scores, CRITERIA)[7]
    assert found.total == approx((85 + 520 / 6) / 2)
    assert found.jurors == 2
    third = found.parts[2]
    assert (third.juror, third.counted, third.left_out) == (3, None, LeftOut.CONFLICT)
    assert third.raw == approx(100.0)  # what they gave, shown, not counted


def test_a_conflict_declared_before_scoring_shows_in_the_detail() -> None:
    # the usual case: a juror with a conflict cannot enter scores at all
    scores = Scores({7: {1: mal(9, 8, 4), 2: mal(8, 9, 5)}}, frozenset({(7, 3), (8, 1)}))
    found = totals(scores, CRITERIA)
    assert [(p.juror, p.left_out) for p in found[7].parts] == [
        (1, None),
        (2, None),
        (3, LeftOut.CONFLICT),
    ]
    assert found[7].parts[2].raw is None
    # a candidate whose only "score" so far is a conflict is listed, without a total
    assert found[8].total is None
    assert [(p.juror, p.left_out) for p in found[8].parts] == [(1, LeftOut.CONFLICT)]


def test_incomplete_scores_are_left_out_and_the_jury_shows_who_is_missing() -> None:
    scores = Scores(
        {7: {1: mal(9, 8, 4), 2: mal(8, 9, 5), 3: {"Motivation": 10}}, 8: {1: mal(9, 8, 4)}}
    )
    found = totals(scores, CRITERIA, jurors=(1, 2, 3))
    assert found[7].total == approx((85 + 520 / 6) / 2)
    assert (found[7].parts[2].left_out, found[7].parts[2].raw) == (LeftOut.INCOMPLETE, None)
    # juror 2 and 3 scored nothing of candidate 8: both shown as missing, and one juror is
    # fewer than the minimum of 2
    assert [(p.juror, p.left_out) for p in found[8].parts] == [
        (1, None),
        (2, LeftOut.INCOMPLETE),
        (3, LeftOut.INCOMPLETE),
    ]
    assert found[8].total is None
    assert found[8].jurors == 1


def test_the_minimum_of_jurors() -> None:
    scores = Scores({7: {1: one(60), 2: one(80)}, 8: {1: one(90)}})
    assert totals(scores, ONE_SCORE)[7].total == approx(70.0)  # default minimum 2
    assert totals(scores, ONE_SCORE)[8].total is None
    assert totals(scores, ONE_SCORE, min_jurors=1)[8].total == approx(90.0)
    assert totals(scores, ONE_SCORE, min_jurors=3)[7].total is None


def test_the_bonus_is_added_on_top_and_capped_at_100() -> None:
    scores = Scores({7: {1: one(60), 2: one(80)}, 8: {1: one(96), 2: one(98)}, 9: {1: one(50)}})
    found = totals(scores, ONE_SCORE, bonus={7: 5.0, 8: 5.0, 9: 5.0, 10: 5.0})
    assert (found[7].total, found[7].with_bonus) == (approx(70.0), approx(75.0))
    assert (found[8].total, found[8].with_bonus) == (approx(97.0), 100.0)  # 97 + 5, capped
    assert found[7].bonus == 5.0
    # a bonus never gives a total to a candidate the jury has not scored enough
    assert (found[9].total, found[9].with_bonus) == (None, None)
    assert (found[10].total, found[10].with_bonus, found[10].parts) == (None, None, ())


# Normalisation. Juror 1 (strict) gives 45, 55, 60, 65, 75: mean 60, population SD
# sqrt((225 + 25 + 0 + 25 + 225) / 5) = 10. Juror 2 gives 60, 65, 70, 75, 80: mean 70, SD
# sqrt((100 + 25 + 0 + 25 + 100) / 5) = sqrt(50) = 7.071. All ten totals: mean 65, SD
# sqrt((400 + 100 + 25 + 0 + 100 + 25 + 0 + 25 + 100 + 225) / 10) = sqrt(100) = 10.
STRICT = (45, 55, 60, 65, 75)
MILD = (60, 65, 70, 75, 80)


def two_jurors(first: tuple[float, ...], second: tuple[float, ...]) -> Scores:
    return Scores(
        {c: {1: one(a), 2: one(b)} for c, (a, b) in enumerate(zip(first, second, strict=True))}
    )


def test_normalisation_rescales_each_jurors_z_scores_to_the_whole_jury() -> None:
    found = totals(two_jurors(STRICT, MILD), ONE_SCORE, normalise=True)
    # juror 1: z = -1.5, -0.5, 0, 0.5, 1.5 -> 65 + z x 10 = 50, 60, 65, 70, 80
    assert [found[c].parts[0].counted for c in range(5)] == approx([50, 60, 65, 70, 80])
    # juror 2: z = -10/sqrt(50) ... = -1.414, -0.707, 0, 0.707, 1.414 -> 65 + z x 10
    step = 10 * 5 / sqrt(50)  # 7.071
    assert [found[c].parts[1].counted for c in range(5)] == approx(
        [65 - 2 * step, 65 - step, 65, 65 + step, 65 + 2 * step]
    )
    assert all(p.normalised for c in range(5) for p in found[c].parts)
    assert [p.raw for p in found[4].parts] == [75, 80]  # the raw totals stay visible
    # the best: (80 + 79.14) / 2 = 79.57
    assert found[4].total == approx((80 + 65 + 2 * step) / 2)
    assert found[4].total == approx(79.571, abs=1e-3)


def test_normalisation_off_keeps_the_raw_totals() -> None:
    found = totals(two_jurors(STRICT, MILD), ONE_SCORE)
    assert [found[c].total for c in range(5)] == approx([52.5, 60, 65, 70, 77.5])
    assert not any(p.normalised for c in range(5) for p in found[c].parts)


def test_a_juror_with_fewer_than_five_candidates_stays_raw() -> None:
    assert NORMALISE_MINIMUM == 5
    # juror 1 scores 5 candidates (45 ... 75), juror 3 only two (50 on candidate 0, 70 on 1).
    # All seven totals: mean (300 + 120) / 7 = 60; SD sqrt((225+25+0+25+225 + 100+100) / 7) = 10
    scores = Scores(
        {c: {1: one(v)} for c, v in enumerate(STRICT)}
        | {0: {1: one(45), 3: one(50)}, 1: {1: one(55), 3: one(70)}}
    )
    found = totals(scores, ONE_SCORE, normalise=True, min_jurors=1)
    first, third = found[0].parts
    assert (first.juror, first.normalised, first.counted) == (1, True, approx(45.0))
    assert (third.juror, third.normalised, third.counted) == (3, False, 50.0)
    # juror 1's own mean and SD equal the jury's here, so the counted stays 45; candidate 0:
    assert found[0].total == approx((45 + 50) / 2)
    # four candidates is one too few
    four = totals(two_jurors(STRICT[:4], MILD[:4]), ONE_SCORE, normalise=True)
    assert not any(p.normalised for c in range(4) for p in four[c].parts)
    assert four[0].total == approx((45 + 60) / 2)


def test_a_juror_who_gives_everyone_the_same_counts_at_the_jurys_mean() -> None:
    # juror 1: 70 for all five (SD 0: z = 0); juror 2: 50, 60, 70, 80, 90 (mean 70, SD
    # sqrt(200) = 14.14). All ten: mean 70, SD sqrt((400 + 100 + 0 + 100 + 400) / 10) = 10.
    found = totals(two_jurors((70,) * 5, (50, 60, 70, 80, 90)), ONE_SCORE, normalise=True)
    assert [found[c].parts[0].counted for c in range(5)] == approx([70.0] * 5)
    assert all(found[c].parts[0].normalised for c in range(5))
    z = 10 / sqrt(200)  # 0.707 per 10 points
    assert found[4].parts[1].counted == approx(70 + 2 * z * 10)  # 84.14
    assert found[4].total == approx((70 + 70 + 20 * z) / 2)


def test_a_normalised_total_stays_within_0_to_100() -> None:
    # juror 1: 0, 0, 0, 0, 100 (mean 20, SD 40: the 100 has z = 2); juror 2: 100 for all.
    # All ten: mean 60, SD sqrt((4 x 3600 + 6 x 1600) / 10) = sqrt(2400) = 48.99:
    # 60 + 2 x 48.99 = 157.98 is kept at 100; a 0 (z = -0.5) counts 60 - 24.49 = 35.51
    found = totals(two_jurors((0, 0, 0, 0, 100), (100,) * 5), ONE_SCORE, normalise=True)
    assert found[4].parts[0].counted == 100.0
    assert found[0].parts[0].counted == approx(60 - 0.5 * sqrt(2400))
    assert found[4].total == approx(80.0)  # (100 + 60) / 2: juror 2 at the jury's mean


def test_normalisation_leaves_conflicts_and_incomplete_scores_out_of_the_numbers() -> None:
    # juror 1's sixth candidate is a conflict (a 0 that would drag the mean): not counted,
    # not in the mean or SD
    scores = two_jurors(STRICT, MILD)
    with_extra = Scores(
        {**scores.scores, 5: {1: one(0), 2: {}}},
        frozenset({(5, 1)}),
    )
    found = totals(with_extra, ONE_SCORE, normalise=True)
    assert found[4].total == approx(totals(scores, ONE_SCORE, normalise=True)[4].total)
    assert [p.left_out for p in found[5].parts] == [LeftOut.CONFLICT, LeftOut.INCOMPLETE]


def test_the_first_criterion_mean_counts_only_the_jurors_who_count() -> None:
    scores = Scores({7: {1: mal(9, 8, 4), 2: mal(6, 9, 5), 3: mal(1, 1, 1)}}, frozenset({(7, 3)}))
    found = totals(scores, CRITERIA)
    assert first_criterion_mean(scores, CRITERIA, 7, found[7]) == approx(7.5)  # (9 + 6) / 2


# --- the ranking ---------------------------------------------------------------------------------


def total(candidate: int, value: float | None, bonus: float = 0.0) -> CandidateTotal:
    return CandidateTotal(candidate, (), value, bonus)


def test_the_ranking_orders_by_the_total_with_the_bonus() -> None:
    applicants = [Applicant(1, (10,)), Applicant(2, (10,)), Applicant(3, (10,))]
    ranking = rank(applicants, {1: total(1, 70), 2: total(2, 72), 3: total(3, 68, bonus=5)})
    assert [(r.applicant.id, r.rank, r.decided_by) for r in ranking.ranked] == [
        (3, 1, None),  # 68 + 5 = 73
        (2, 2, None),
        (1, 3, None),
    ]
    assert not ranking.lottery_used


def test_a_tie_is_broken_by_the_first_criterion() -> None:
    applicants = [Applicant(1, (10,)), Applicant(2, (10,))]
    totals_ = {1: total(1, 75), 2: total(2, 75)}
    ranking = rank(applicants, totals_, first_criterion={1: 7.0, 2: 7.5})
    assert [(r.applicant.id, r.decided_by) for r in ranking.ranked] == [
        (2, None),
        (1, TieBreak.FIRST_CRITERION),
    ]
    assert not ranking.lottery_used


def test_a_tie_on_the_first_criterion_is_broken_by_fewer_opportunities() -> None:
    applicants = [Applicant(1, (10,)), Applicant(2, (10,), fewer_opportunities=True)]
    totals_ = {1: total(1, 75), 2: total(2, 75)}
    ranking = rank(applicants, totals_, first_criterion={1: 7.5, 2: 7.5})
    assert [(r.applicant.id, r.decided_by) for r in ranking.ranked] == [
        (2, None),
        (1, TieBreak.FEWER_OPPORTUNITIES),
    ]


def test_identical_candidates_are_ordered_by_the_lottery_with_its_seed() -> None:
    applicants = [Applicant(i, (10,)) for i in range(1, 9)]
    totals_ = {i: total(i, 75) for i in range(1, 9)}

    def order(seed: int) -> tuple[int, ...]:
        ranking = rank(
            applicants, totals_, first_criterion=dict.fromkeys(range(1, 9), 7.0), seed=seed
        )
        assert ranking.lottery_used and ranking.seed == seed
        assert [r.decided_by for r in ranking.ranked] == [None] + [TieBreak.LOTTERY] * 7
        assert [r.rank for r in ranking.ranked] == list(range(1, 9))
        return tuple(r.applicant.id for r in ranking.ranked)

    assert order(2026) == order(2026)  # the same seed, the same order
    assert len({order(seed) for seed in range(5)}) > 1  # another seed may differ


def test_the_lottery_between_two_does_not_change_when_a_third_withdraws() -> None:
    everyone = [Applicant(i, (10,)) for i in range(1, 6)]
    totals_ = {i: total(i, 75) for i in range(1, 6)}
    for seed in range(20):
        before = [r.applicant.id for r in rank(everyone, totals_, seed=seed).ranked]
        gone = before[0]
        after = rank(
            [Applicant(a.id, a.preferences, withdrawn=a.id == gone) for a in everyone],
            totals_,
            seed=seed,
        )
        assert [r.applicant.id for r in after.ranked] == before[1:]


def test_the_tie_break_order_is_the_calls() -> None:
    applicants = [Applicant(1, (10,)), Applicant(2, (10,), fewer_opportunities=True)]
    totals_ = {1: total(1, 75), 2: total(2, 75)}
    first = {1: 9.0, 2: 6.0}
    default = rank(applicants, totals_, first_criterion=first)
    assert [r.applicant.id for r in default.ranked] == [1, 2]
    swapped = rank(
        applicants,
        totals_,
        first_criterion=first,
        tie_breaks=(TieBreak.FEWER_OPPORTUNITIES, TieBreak.FIRST_CRITERION),
    )
    assert [(r.applicant.id, r.decided_by) for r in swapped.ranked] == [
        (2, None),
        (1, TieBreak.FEWER_OPPORTUNITIES),
    ]
    # without a lottery in the list, a draw still settles a tie nothing else breaks
    only_first = rank(
        [Applicant(1, (10,)), Applicant(2, (10,))],
        totals_,
        first_criterion={1: 7.0, 2: 7.0},
        tie_breaks=(TieBreak.FIRST_CRITERION,),
    )
    assert only_first.lottery_used
    assert only_first.ranked[1].decided_by is TieBreak.LOTTERY


def test_the_bonus_cap_makes_a_tie_the_tie_break_settles() -> None:
    applicants = [Applicant(1, (10,)), Applicant(2, (10,))]
    totals_ = {1: total(1, 97, bonus=5), 2: total(2, 99, bonus=5)}
    ranking = rank(applicants, totals_, first_criterion={1: 9.5, 2: 9.0})
    assert [(r.applicant.id, r.decided_by) for r in ranking.ranked] == [
        (1, None),
        (2, TieBreak.FIRST_CRITERION),
    ]


def test_not_eligible_unranked_and_withdrawn_candidates() -> None:
    applicants = [
        Applicant(1, (10,)),
        Applicant(2, (10,), eligible=False),  # negative advice: listed apart, never ranked
        Applicant(3, (10,)),  # one juror so far: no total yet
        Applicant(4, (10,)),  # no scores at all
        Applicant(5, (10,), withdrawn=True),  # gone: in no list
        Applicant(6, (10,), eligible=False, withdrawn=True),
    ]
    totals_ = {1: total(1, 60), 2: total(2, 95), 3: total(3, None), 5: total(5, 99)}
    ranking = rank(applicants, totals_)
    assert [r.applicant.id for r in ranking.ranked] == [1]
    assert ranking.not_eligible == (2,)
    assert ranking.unranked == (3, 4)


# --- the allocation ------------------------------------------------------------------------------

BERLIN, LYON, PORTO = 10, 20, 30


def ranking_of(*applicants: Applicant) -> Ranking:
    """The applicants in this order (best first), as the ranking would give them."""
    values = {a.id: total(a.id, 100.0 - i) for i, a in enumerate(applicants)}
    return rank(applicants, values)


def test_each_gets_the_highest_preference_with_a_free_place() -> None:
    ranking = ranking_of(
        Applicant(1, (BERLIN, LYON)),
        Applicant(2, (BERLIN, LYON)),
        Applicant(3, (BERLIN, LYON)),
        Applicant(4, (LYON, BERLIN)),
        Applicant(5, (BERLIN,)),
        Applicant(6, (LYON, BERLIN)),
    )
    found = allocate(ranking, [Places(BERLIN, 2), Places(LYON, 2)])
    assert found.selected == {1: BERLIN, 2: BERLIN, 3: LYON, 4: LYON}
    # the others wait on the list of each mobility they asked for, in ranking order
    assert found.reserves == {BERLIN: (5, 6), LYON: (6,)}
    assert found.not_selected == ()
    assert found.decision(3) is Decision.SELECTED
    assert found.decision(6) is Decision.RESERVE
    assert found.reserve_positions(6) == {BERLIN: 2, LYON: 1}
    assert found.reserve_positions(1) == {}


def test_the_class_maximum() -> None:
    ranking = ranking_of(
        Applicant(1, (BERLIN,), group="4A"),
        Applicant(2, (BERLIN,), group="4A"),
        Applicant(3, (BERLIN,), group="4A"),  # a third of 4A: over the maximum of 2
        Applicant(4, (BERLIN,), group="4B"),
    )
    found = allocate(ranking, [Places(BERLIN, 3)], max_per_group=2)
    assert found.selected == {1: BERLIN, 2: BERLIN, 4: BERLIN}
    assert found.reserves == {BERLIN: (3,)}


def test_a_reserved_place_goes_to_a_pupil_with_fewer_opportunities() -> None:
    ranking = ranking_of(
        Applicant(1, (BERLIN,)),
        Applicant(2, (BERLIN,)),
        Applicant(3, (BERLIN,)),
        Applicant(4, (BERLIN,), fewer_opportunities=True),
    )
    found = allocate(ranking, [Places(BERLIN, 3, reserved=1)])
    assert found.selected == {1: BERLIN, 2: BERLIN, 4: BERLIN}
    assert found.on_reserved == {4}
    assert found.reserves == {BERLIN: (3,)}


def test_reserved_places_are_a_guarantee_not_extra_places() -> None:
    # a pupil with fewer opportunities ranked high takes the reserved place: the guarantee is
    # met, and the general place goes by merit (to 2, not to the lower-ranked 3)
    ranking = ranking_of(
        Applicant(1, (BERLIN,), fewer_opportunities=True),
        Applicant(2, (BERLIN,)),
        Applicant(3, (BERLIN,), fewer_opportunities=True),
    )
    found = allocate(ranking, [Places(BERLIN, 2, reserved=1)])
    assert found.selected == {1: BERLIN, 2: BERLIN}
    assert found.reserves == {BERLIN: (3,)}


def test_an_unused_reserved_place_is_released_to_the_best_ranked() -> None:
    # nobody with fewer opportunities wants Berlin: its reserved place goes to the next in
    # line -- and 1, who settled for Lyon because Berlin's general place was taken, comes
    # before 3, ranked lower
    ranking = ranking_of(
        Applicant(2, (BERLIN,)),
        Applicant(1, (BERLIN, LYON)),
        Applicant(3, (BERLIN,)),
        Applicant(4, (LYON,), fewer_opportunities=True),
    )
    found = allocate(ranking, [Places(BERLIN, 2, reserved=1), Places(LYON, 1)])
    assert found.selected == {2: BERLIN, 1: BERLIN, 4: LYON}
    assert found.reserves == {BERLIN: (3,), LYON: ()}
    assert found.on_reserved == frozenset()


def test_more_reserved_than_places_reserves_them_all() -> None:
    ranking = ranking_of(
        Applicant(1, (BERLIN,)),
        Applicant(2, (BERLIN,), fewer_opportunities=True),
        Applicant(3, (BERLIN,)),
    )
    found = allocate(ranking, [Places(BERLIN, 1, reserved=3)])
    assert found.selected == {2: BERLIN}
    assert found.reserves == {BERLIN: (1, 3)}
    # nobody with fewer opportunities: the place is released, nothing is lost
    alone = allocate(ranking_of(Applicant(1, (BERLIN,))), [Places(BERLIN, 1, reserved=3)])
    assert alone.selected == {1: BERLIN}
    negative = allocate(ranking_of(Applicant(1, (BERLIN,))), [Places(BERLIN, 1, reserved=-2)])
    assert negative.selected == {1: BERLIN}


def test_the_maximum_of_reserves() -> None:
    ranking = ranking_of(*(Applicant(i, (BERLIN, LYON)) for i in range(1, 7)))
    found = allocate(ranking, [Places(BERLIN, 1), Places(LYON, 1)], max_reserves=2)
    assert found.selected == {1: BERLIN, 2: LYON}
    assert found.reserves == {BERLIN: (3, 4), LYON: (3, 4)}
    assert found.not_selected == (5, 6)
    assert found.decision(5) is Decision.NOT_SELECTED
    none = allocate(ranking, [Places(BERLIN, 1), Places(LYON, 1)], max_reserves=0)
    assert none.reserves == {BERLIN: (), LYON: ()}
    assert none.not_selected == (3, 4, 5, 6)


def test_a_candidate_without_preferences_may_go_anywhere() -> None:
    ranking = ranking_of(Applicant(1, (BERLIN,)), Applicant(2, ()), Applicant(3, ()))
    found = allocate(ranking, [Places(BERLIN, 1), Places(LYON, 1)])
    assert found.selected == {1: BERLIN, 2: LYON}
    assert found.reserves == {BERLIN: (3,), LYON: (3,)}


def test_a_preference_given_twice_or_unknown_counts_once_or_not() -> None:
    ranking = ranking_of(Applicant(1, (BERLIN,)), Applicant(2, (PORTO, BERLIN, BERLIN)))
    found = allocate(ranking, [Places(BERLIN, 1)])
    assert found.reserves == {BERLIN: (2,)}
    assert found.reserve_positions(2) == {BERLIN: 1}


def test_a_mobility_without_places_has_no_reserve_list() -> None:
    ranking = ranking_of(Applicant(1, (PORTO, BERLIN)), Applicant(2, (PORTO,)))
    found = allocate(ranking, [Places(BERLIN, 1), Places(PORTO, 0)])
    assert found.selected == {1: BERLIN}
    assert found.reserves == {BERLIN: (), PORTO: ()}
    assert found.decision(2) is Decision.NOT_SELECTED


def test_two_candidates_identical_in_everything_get_one_place_by_lottery() -> None:
    applicants = [Applicant(1, (BERLIN,), group="4A"), Applicant(2, (BERLIN,), group="4A")]
    values = {1: total(1, 75), 2: total(2, 75)}
    ranking = rank(applicants, values, first_criterion={1: 7, 2: 7}, seed=11)
    found = allocate(ranking, [Places(BERLIN, 1)])
    winner, waiting = (r.applicant.id for r in ranking.ranked)
    assert ranking.lottery_used and ranking.ranked[1].decided_by is TieBreak.LOTTERY
    assert found.selected == {winner: BERLIN}
    assert found.reserves == {BERLIN: (waiting,)}


# --- promotion after a withdrawal ----------------------------------------------------------------


def test_the_next_reserve_skips_who_cannot_take_the_place() -> None:
    applicants = {
        1: Applicant(1, (BERLIN,), group="4A"),
        2: Applicant(2, (BERLIN,), group="4A"),
        3: Applicant(3, (BERLIN,), group="4B"),
        4: Applicant(4, (BERLIN, LYON), group="4C", withdrawn=True),  # withdrew as a reserve
        5: Applicant(5, (BERLIN,), group="4C", eligible=False),  # advice came in negative
        6: Applicant(6, (LYON, BERLIN), group="4C"),  # selected for Lyon meanwhile
        7: Applicant(7, (BERLIN,), group="4A"),  # 4A has its maximum of 2 selected
        8: Applicant(8, (BERLIN,), group="4D"),
    }
    allocation = Allocation(
        {1: BERLIN, 2: BERLIN, 3: BERLIN, 6: LYON},
        {BERLIN: (4, 5, 6, 7, 8), LYON: ()},
        (),
    )
    # 3 (4B) withdraws from Berlin
    after = {**applicants, 3: Applicant(3, (BERLIN,), group="4B", withdrawn=True)}
    assert next_reserve(allocation, BERLIN, after, max_per_group=2) == 8
    assert next_reserve(allocation, BERLIN, after) == 7  # no maximum
    assert next_reserve(allocation, LYON, after) is None  # nobody waiting


def test_a_withdrawal_frees_a_place_in_the_class_maximum() -> None:
    applicants = {
        1: Applicant(1, (BERLIN,), group="4A", withdrawn=True),
        2: Applicant(2, (BERLIN,), group="4A"),
        3: Applicant(3, (BERLIN,), group="4A"),
    }
    allocation = Allocation({1: BERLIN, 2: BERLIN}, {BERLIN: (3,)}, ())
    assert next_reserve(allocation, BERLIN, applicants, max_per_group=2) == 3


def test_a_reserved_place_freed_goes_to_a_reserve_with_fewer_opportunities_first() -> None:
    ranking = ranking_of(
        Applicant(1, (BERLIN,)),
        Applicant(2, (BERLIN,), fewer_opportunities=True),
        Applicant(3, (BERLIN,)),
        Applicant(4, (BERLIN,), fewer_opportunities=True),
    )
    allocation = allocate(ranking, [Places(BERLIN, 2, reserved=1)])
    assert allocation.selected == {1: BERLIN, 2: BERLIN}
    assert allocation.on_reserved == {2}
    applicants = {r.applicant.id: r.applicant for r in ranking.ranked}
    # 2 held the reserved place: 4 comes before 3
    assert next_reserve(allocation, BERLIN, applicants, freed_by=2) == 4
    # 1 held a general one: the first reserve
    assert next_reserve(allocation, BERLIN, applicants, freed_by=1) == 3


def test_two_withdrawals_promote_two_reserves_in_turn() -> None:
    ranking = ranking_of(*(Applicant(i, (BERLIN,)) for i in range(1, 6)))
    allocation = allocate(ranking, [Places(BERLIN, 2)])
    assert allocation.reserves == {BERLIN: (3, 4, 5)}
    applicants = {r.applicant.id: r.applicant for r in ranking.ranked}
    first = next_reserve(allocation.without(1), BERLIN, applicants)
    assert first == 3
    allocation = allocation.without(1).promoted(3, BERLIN)
    assert allocation.selected == {2: BERLIN, 3: BERLIN}
    assert allocation.reserve_positions(4) == {BERLIN: 1}
    assert next_reserve(allocation.without(2), BERLIN, applicants) == 4


# --- bonuses -------------------------------------------------------------------------------------


def test_the_spread_bonus_for_colleagues_with_fewer_past_mobilities() -> None:
    # fewest (0) get all 10 points, most (4) none, 2 past mobilities halfway: 5
    assert spread_bonus({1: 0, 2: 2, 3: 4, 4: 1}, 10) == {1: 10.0, 2: 5.0, 3: 0.0, 4: 7.5}
    assert spread_bonus({1: 3, 2: 3}, 10) == {}  # everyone equal: nobody gets more
    assert spread_bonus({1: 0, 2: 4}, 0) == {}
    assert spread_bonus({}, 10) == {}


def test_the_inclusion_bonus_for_pupils_with_fewer_opportunities() -> None:
    applicants = [Applicant(1, ()), Applicant(2, (), fewer_opportunities=True)]
    assert InclusionRule(5).bonuses(applicants) == {2: 5}
    assert InclusionRule(0).bonuses(applicants) == {}


# --- who may apply -------------------------------------------------------------------------------

DEPARTURE = dt.date(2026, 5, 11)


def test_every_reason_not_to_be_eligible() -> None:
    rules = WhoMayApply(
        years=frozenset({4}),
        classes=frozenset({"4A", "4B"}),
        tracks=frozenset({"STEM"}),
        min_age=16,
        departure=DEPARTURE,
        roles=frozenset(),
    )
    fine = Profile(4, "4A", "STEM", dt.date(2010, 1, 1))
    assert ineligible(fine, rules) == ()
    cases = {
        Ineligible.WRONG_YEAR: Profile(5, "4A", "STEM", dt.date(2010, 1, 1)),
        Ineligible.WRONG_CLASS: Profile(4, "4C", "STEM", dt.date(2010, 1, 1)),
        Ineligible.WRONG_TRACK: Profile(4, "4A", "Latin", dt.date(2010, 1, 1)),
        Ineligible.TOO_YOUNG: Profile(4, "4A", "STEM", dt.date(2011, 1, 1)),
        Ineligible.NO_BIRTH_DATE: Profile(4, "4A", "STEM", None),
        Ineligible.ALREADY_AWAY: Profile(4, "4A", "STEM", dt.date(2010, 1, 1), away_elsewhere=True),
        Ineligible.NEGATIVE_ADVICE: Profile(
            4, "4A", "STEM", dt.date(2010, 1, 1), advice=Advice.NEGATIVE
        ),
    }
    for reason, profile in cases.items():
        assert ineligible(profile, rules) == (reason,), reason
    staff = WhoMayApply(roles=frozenset({"teacher"}))
    assert ineligible(Profile(role="secretary"), staff) == (Ineligible.WRONG_ROLE,)
    assert ineligible(Profile(role="teacher"), staff) == ()
    # several reasons at once, each shown
    assert ineligible(Profile(5, "4C", "STEM", None, away_elsewhere=True), rules) == (
        Ineligible.WRONG_YEAR,
        Ineligible.WRONG_CLASS,
        Ineligible.NO_BIRTH_DATE,
        Ineligible.ALREADY_AWAY,
    )


def test_a_negative_advice_overridden_or_other_advice_keeps_a_candidate_eligible() -> None:
    rules = WhoMayApply()
    overridden = Profile(advice=Advice.NEGATIVE, advice_overridden=True)
    assert ineligible(overridden, rules) == ()
    assert ineligible(Profile(advice=Advice.NEUTRAL), rules) == ()
    assert ineligible(Profile(advice=Advice.POSITIVE), rules) == ()


def test_the_minimum_age_on_the_day_of_departure() -> None:
    rules = WhoMayApply(min_age=16, departure=DEPARTURE)
    # sixteen on the day of departure itself: old enough
    assert ineligible(Profile(date_of_birth=dt.date(2010, 5, 11)), rules) == ()
    # sixteen the day after: too young
    assert ineligible(Profile(date_of_birth=dt.date(2010, 5, 12)), rules) == (Ineligible.TOO_YOUNG,)
    # no minimum age: no date of birth needed
    assert ineligible(Profile(), WhoMayApply()) == ()


# --- the README's worked example (/work/wt/notes/readme_sel-domain.md: keep them equal) ---------

AN, BEN, CHRIS = 1, 2, 3
LOTTE, MEHDI, SARA, TOM = 11, 12, 13, 14
README_SCORES = Scores(
    {
        LOTTE: {AN: mal(9, 8, 4), BEN: mal(9, 9, 3), CHRIS: mal(10, 8, 4)},
        MEHDI: {AN: mal(7, 7, 4), BEN: mal(7, 6, 4)},
        SARA: {AN: mal(8, 6, 4), BEN: mal(8, 7, 3), CHRIS: mal(7, 6, 4)},
        TOM: {AN: mal(7, 7, 4), BEN: mal(7, 8, 4), CHRIS: mal(7, 6, 4)},
    },
    frozenset({(MEHDI, CHRIS)}),
)
README_APPLICANTS = (
    Applicant(LOTTE, (BERLIN,), group="4A"),
    Applicant(MEHDI, (BERLIN, LYON), fewer_opportunities=True, group="4A"),
    Applicant(SARA, (LYON, BERLIN), group="4B"),
    Applicant(TOM, (LYON, BERLIN), group="4B"),
)
README_PLACES = (Places(BERLIN, 2), Places(LYON, 1))


def readme_ranking(bonus: float) -> tuple[dict[int, CandidateTotal], Ranking]:
    found = totals(
        README_SCORES,
        CRITERIA,
        bonus=InclusionRule(bonus).bonuses(README_APPLICANTS),
        jurors=(AN, BEN, CHRIS),
    )
    first = {
        c: first_criterion_mean(README_SCORES, CRITERIA, c, found[c])
        for c in (LOTTE, MEHDI, SARA, TOM)
    }
    return found, rank(README_APPLICANTS, found, first_criterion=first, seed=2026)


def test_the_readme_worked_example() -> None:
    # An for Lotte: (3 x 9/10 + 2 x 8/10 + 1 x 4/5) / 6 x 100 = 5.1 / 6 x 100 = 85.00
    assert juror_total(mal(9, 8, 4), CRITERIA) == approx(85.0)
    found, ranking = readme_ranking(bonus=5)

    def parts(candidate: int) -> list[float | None]:
        return [None if p.raw is None else round(p.raw, 2) for p in found[candidate].parts]

    assert parts(LOTTE) == [85.0, 85.0, 90.0]
    assert parts(MEHDI) == [71.67, 68.33, None]
    assert parts(SARA) == [73.33, 73.33, 68.33]
    assert parts(TOM) == [71.67, 75.0, 68.33]
    assert found[MEHDI].parts[2].left_out is LeftOut.CONFLICT
    assert found[MEHDI].jurors == 2
    assert {c: round(t.total or 0, 2) for c, t in found.items()} == {
        LOTTE: 86.67,
        MEHDI: 70.0,
        SARA: 71.67,
        TOM: 71.67,
    }
    assert round(found[MEHDI].with_bonus or 0, 2) == 75.0
    # the tie: Sara's Motivation (8 + 8 + 7) / 3 = 7.67 beats Tom's (7 + 7 + 7) / 3 = 7.00
    assert first_criterion_mean(README_SCORES, CRITERIA, SARA, found[SARA]) == approx(23 / 3)
    assert first_criterion_mean(README_SCORES, CRITERIA, TOM, found[TOM]) == approx(7.0)
    assert [(r.rank, r.applicant.id, r.decided_by) for r in ranking.ranked] == [
        (1, LOTTE, None),
        (2, MEHDI, None),
        (3, SARA, None),
        (4, TOM, TieBreak.FIRST_CRITERION),
    ]
    assert not ranking.lottery_used
    allocation = allocate(ranking, README_PLACES)
    assert allocation.selected == {LOTTE: BERLIN, MEHDI: BERLIN, SARA: LYON}
    assert allocation.reserve_positions(TOM) == {BERLIN: 1, LYON: 1}
    # Mehdi withdraws: Tom, first reserve for Berlin, takes his place
    applicants = {a.id: a for a in README_APPLICANTS}
    applicants[MEHDI] = Applicant(MEHDI, (BERLIN, LYON), True, True, "4A", withdrawn=True)
    assert next_reserve(allocation, BERLIN, applicants) == TOM
    # without the bonus, Mehdi's 70.00 comes last: Tom has Berlin, Mehdi waits
    _found, plain = readme_ranking(bonus=0)
    assert [r.applicant.id for r in plain.ranked] == [LOTTE, SARA, TOM, MEHDI]
    plain_allocation = allocate(plain, README_PLACES)
    assert plain_allocation.selected == {LOTTE: BERLIN, SARA: LYON, TOM: BERLIN}
    assert plain_allocation.reserve_positions(MEHDI) == {BERLIN: 1, LYON: 1}


def test_the_readme_normalisation_sentence() -> None:
    # the example's jurors scored 3 or 4 candidates: normalisation would change nothing
    plain = totals(README_SCORES, CRITERIA)
    normalised = totals(README_SCORES, CRITERIA, normalise=True)
    assert {c: t.total for c, t in normalised.items()} == {c: t.total for c, t in plain.items()}
    assert not any(p.normalised for t in normalised.values() for p in t.parts)
    # a juror whose five totals are 45, 55, 60, 65, 75 (mean 60, SD 10), in a jury whose
    # totals have mean 65 and SD 10: the 75 is 1.5 SD above, and counts as 65 + 1.5 x 10 = 80
    found = totals(two_jurors(STRICT, MILD), ONE_SCORE, normalise=True)
    assert found[4].parts[0].raw == 75
    assert found[4].parts[0].counted == approx(80.0)
