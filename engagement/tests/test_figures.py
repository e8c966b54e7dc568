from decimal import Decimal

import pytest

from engagement.figures import average, whole_percentages


def test_no_votes_means_zero_everywhere():
    assert whole_percentages({"a": 0, "b": 0}) == {"a": 0, "b": 0}
    assert average(0, 0) is None


def test_one_vote_is_one_hundred_percent():
    assert whole_percentages({"a": 1, "b": 0, "c": 0}) == {"a": 100, "b": 0, "c": 0}
    assert average(4, 1) == Decimal("4.0")


@pytest.mark.parametrize(
    "counts",
    [
        {"a": 1, "b": 1, "c": 1},  # 33.3 each: plain rounding would say 99
        {"a": 1, "b": 1, "c": 1, "d": 1, "e": 1, "f": 1},  # 16.7 each: plain rounding says 102
        {"a": 2, "b": 2, "c": 1, "d": 1, "e": 1, "f": 0},
        {"a": 997, "b": 1, "c": 1, "d": 1},
    ],
)
def test_shares_are_whole_numbers_adding_up_to_exactly_100(counts):
    shares = whole_percentages(counts)
    assert sum(shares.values()) == 100
    assert all(isinstance(share, int) for share in shares.values())
    for key, count in counts.items():
        assert abs(shares[key] - count * 100 / sum(counts.values())) < 1


def test_ties_break_the_same_way_every_time():
    assert whole_percentages({"a": 1, "b": 1, "c": 1}) == {"a": 34, "b": 33, "c": 33}


def test_average_rounds_halves_up_to_one_decimal():
    assert average(17, 4) == Decimal("4.3")  # 4.25
    assert average(10, 3) == Decimal("3.3")
    assert average(5, 2) == Decimal("2.5")
