"""The spotting score: tolerances, one mark per expert mark, the video's order."""

from exercises.spotting.scoring import Mark, score

A, B = "recruitment", "documents"


def statuses(result):
    return [(pair.expert.time, pair.status) for pair in result.expert]


def test_a_mark_within_the_tolerance_either_side_is_found():
    expert = [Mark(10, A), Mark(30, A)]
    result = score(expert, [Mark(8.5, A), Mark(32, A)], tolerance=2)
    assert statuses(result) == [(10, "found"), (30, "found")]
    assert [round(p.gap, 1) for p in result.expert] == [-1.5, 2.0]
    assert result.extra == []


def test_beyond_the_tolerance_but_within_twice_it_is_early_or_late():
    expert = [Mark(10, A), Mark(30, A)]
    result = score(expert, [Mark(7, A), Mark(33.5, A)], tolerance=2)
    assert statuses(result) == [(10, "early"), (30, "late")]


def test_beyond_twice_the_tolerance_the_expert_mark_is_missed_and_the_mark_extra():
    result = score([Mark(10, A)], [Mark(15, A)], tolerance=2)
    assert statuses(result) == [(10, "missed")]
    assert [(m.time, s) for m, s in result.extra] == [(15, "extra")]


def test_the_right_moment_with_another_indicator_is_not_found():
    result = score([Mark(10, A)], [Mark(10.5, B)], tolerance=2)
    assert statuses(result) == [(10, "missed")]
    assert [s for _m, s in result.extra] == ["other"]


def test_one_mark_answers_one_expert_mark_only():
    expert = [Mark(10, A), Mark(11, A)]
    result = score(expert, [Mark(10.5, A)], tolerance=2)
    assert sorted(p.status for p in result.expert) == ["found", "missed"]


def test_repeated_taps_answer_one_expert_mark_and_the_rest_are_extra():
    result = score([Mark(10, A)], [Mark(9.8, A), Mark(10.2, A), Mark(10.4, A)], 2)
    assert statuses(result) == [(10, "found")]
    assert len(result.extra) == 2
    # The closest tap is the one kept.
    assert result.expert[0].mark.time in (9.8, 10.2)


def test_the_pairing_answers_the_most_expert_marks_not_the_nearest_first():
    # Greedy nearest-first would give 12 to the expert mark at 12 and leave the
    # one at 10 unanswered; the best pairing answers both.
    expert = [Mark(10, A), Mark(12, A)]
    result = score(expert, [Mark(12, A), Mark(14, A)], tolerance=2)
    assert statuses(result) == [(10, "found"), (12, "found")]
    assert result.extra == []


def test_a_closer_expert_mark_is_preferred_when_both_can_be_answered():
    expert = [Mark(10, A), Mark(13, A)]
    result = score(expert, [Mark(13, A)], tolerance=3)
    assert statuses(result) == [(10, "missed"), (13, "found")]


def test_on_time_beats_late_when_the_count_is_the_same():
    expert = [Mark(10, A), Mark(20, A)]
    # 23 is late for 20; 16 is early for 20 and too far from 10 -> only one can
    # answer 20, and the on-time 21 is kept over both.
    result = score(expert, [Mark(16, A), Mark(21, A), Mark(23, A)], tolerance=2)
    assert statuses(result) == [(10, "missed"), (20, "found")]
    assert result.expert[1].mark.time == 21


def test_marks_given_in_any_order_are_read_in_the_videos_order():
    expert = [Mark(30, B), Mark(10, A)]
    marks = [Mark(31, B), Mark(50, A), Mark(9, A)]
    result = score(expert, marks, tolerance=2)
    assert statuses(result) == [(10, "found"), (30, "found")]
    assert [m.time for m, _s in result.extra] == [50]


def test_counts_sum_up_every_status():
    expert = [Mark(5, A), Mark(15, A), Mark(25, B), Mark(40, B)]
    marks = [Mark(5.5, A), Mark(18, A), Mark(25, A), Mark(60, B)]
    counts = score(expert, marks, tolerance=2).counts()
    assert counts == {
        "found": 1,
        "early": 0,
        "late": 1,
        "missed": 2,
        "extra": 1,
        "other": 1,
    }


def test_a_zero_tolerance_needs_the_exact_moment():
    result = score([Mark(10, A)], [Mark(10, A), Mark(10.1, A)], tolerance=0)
    assert statuses(result) == [(10, "found")]
    assert [s for _m, s in result.extra] == ["extra"]


def test_no_marks_at_all_misses_everything():
    result = score([Mark(1, A), Mark(2, B)], [], tolerance=1)
    assert result.counts()["missed"] == 2
