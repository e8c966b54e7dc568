import sys
import tracemalloc
from pathlib import Path

import pytest

from wordpress.wxr import read

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from make_wxr import write  # noqa: E402


def peak_while_reading(path):
    tracemalloc.start()
    items = sum(1 for kind, _ in read(path) if kind == "item")
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return items, peak


@pytest.mark.parametrize("posts", [200])
def test_reading_streams_so_memory_does_not_grow_with_the_number_of_items(tmp_path, posts):
    small, large = tmp_path / "small.xml", tmp_path / "large.xml"
    with small.open("w") as out:
        write(out, posts, posts * 5)
    with large.open("w") as out:
        write(out, posts * 10, posts * 50)

    small_items, small_peak = peak_while_reading(small)
    large_items, large_peak = peak_while_reading(large)

    assert (small_items, large_items) == (posts, posts * 10)
    assert large.stat().st_size > 9 * small.stat().st_size
    # Ten times the items, nearly the same peak: nothing read is kept.
    assert large_peak < small_peak * 1.5, (small_peak, large_peak)
