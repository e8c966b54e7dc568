"""Signals apps send each other without importing each other."""

from django.dispatch import Signal

# Something readers reach moved from `old_path` to `new_path` (both site paths); sent inside the
# mover's transaction. The redirects app records a 301 for it after commit.
address_moved = Signal()
