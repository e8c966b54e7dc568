"""Shares and averages as readers see them."""

from decimal import ROUND_HALF_UP, Decimal


def whole_percentages(counts):
    """Whole-number shares of `counts` (a dict) that add up to exactly 100, or all 0 when empty.

    Largest remainder: floor every share, then give the missing points to the largest
    remainders (ties to the earlier key), so the shares never add up to more than 100.
    """
    total = sum(counts.values())
    if not total:
        return dict.fromkeys(counts, 0)
    exact = {key: count * 100 / total for key, count in counts.items()}
    shares = {key: int(value) for key, value in exact.items()}
    missing = 100 - sum(shares.values())
    order = sorted(counts, key=lambda key: (-(exact[key] - shares[key]), list(counts).index(key)))
    for key in order[:missing]:
        shares[key] += 1
    return shares


def average(total, count):
    """The mean to one decimal, rounding halves up (4.25 → 4.3); None when there are no votes."""
    if not count:
        return None
    return (Decimal(total) / Decimal(count)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
