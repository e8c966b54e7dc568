import io

from django.core.management.base import OutputWrapper

from core.progress import Progress


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_into_a_log_it_writes_a_line_every_tenth_of_the_way():
    log = io.StringIO()
    bar = Progress(OutputWrapper(log), 1000, "Indexing")
    for done in range(0, 1001, 50):
        bar.update(done)
    lines = log.getvalue().splitlines()
    assert len(lines) == 10  # 10 %, 20 % … 100 %
    assert lines[4].startswith("Indexing [###############...............]  50% 500 of 1,000")
    assert "left" in lines[4] and "left" not in lines[-1]


def test_on_a_terminal_it_redraws_one_line():
    screen = Terminal()
    bar = Progress(OutputWrapper(screen), 4, "Checking trees")
    for done in range(1, 5):
        bar.update(done)
    bar.finish()
    assert screen.getvalue().count("\r") == 5 and screen.getvalue().count("\n") == 1
    assert screen.getvalue().rstrip().endswith("100% 4 of 4, 0:00 so far")
