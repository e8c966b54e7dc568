"""A progress bar for long commands (rebuilding the search index, checking a million comment
trees, importing an archive): how far, how long so far, about how long to go.

On a terminal it redraws one line; into a file or a log it writes a line every tenth of the way,
so a cron job's log still shows where a run stopped.
"""

import time

BAR_WIDTH = 30


def _clock(seconds):
    minutes, seconds = divmod(int(seconds), 60)
    return f"{minutes}:{seconds:02d}"


class Progress:
    def __init__(self, stream, total, label):
        self.stream, self.total, self.label = stream, max(total, 0), label
        self.started = time.monotonic()
        self.tty = getattr(stream, "isatty", lambda: False)()
        self.next_line_at = 0.1

    def line(self, done):
        fraction = min(done / self.total, 1.0) if self.total else 1.0
        elapsed = time.monotonic() - self.started
        left = f", about {_clock(elapsed / fraction - elapsed)} left" if 0 < fraction < 1 else ""
        filled = round(BAR_WIDTH * fraction)
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        return f"{self.label} [{bar}] {fraction:4.0%} {done:,} of {self.total:,}, {_clock(elapsed)} so far{left}"

    def update(self, done):
        fraction = done / self.total if self.total else 1.0
        if self.tty:
            self.stream.write("\r" + self.line(done), ending="")
            self.stream.flush()
        elif fraction >= self.next_line_at:
            self.stream.write(self.line(done))
            while self.next_line_at <= fraction:
                self.next_line_at += 0.1

    def finish(self, done=None):
        done = self.total if done is None else done
        if self.tty:
            self.stream.write("\r" + self.line(done))
        elif self.next_line_at <= 1.0:
            self.stream.write(self.line(done))


class Reporter:
    """A `progress(done, total)` callback for code that learns its total as it goes (the
    commands pass it to the work they run); the bar is drawn from the first call."""

    def __init__(self, stream, label):
        self.stream, self.label, self.bar = stream, label, None

    def __call__(self, done, total):
        self.bar = self.bar or Progress(self.stream, total, self.label)
        self.bar.update(done)

    def finish(self, done=None):
        if self.bar:
            self.bar.finish(done)
