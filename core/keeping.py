"""`LatestKept`: a dict that keeps only its latest entries, for what a process works out once and
uses again (a query's compiled shapes, a widget's markup). Threads of one process may share it."""

import threading


class LatestKept(dict):
    """At most `most` entries: keeping one more drops the oldest first."""

    def __init__(self, most):
        super().__init__()
        self.most = most
        self._keeping = threading.Lock()

    def keep(self, key, value):
        with self._keeping:
            while len(self) >= self.most:
                self.pop(next(iter(self)))
            self[key] = value
        return value
