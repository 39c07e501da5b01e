"""Pausing Python's cyclic garbage collector during bulk work.

Linking creates hundreds of thousands of small objects (records, name variants,
tuples) that live until the end of the call and form no reference cycles. The cyclic
collector would scan them again and again (a quarter of the run time at 20,000 x
50,000); pausing it for the duration of a call and restoring it afterwards avoids
that. Memory is still freed by reference counting as usual, and the objects made
meanwhile join the oldest generation afterwards (where full collections still see
them), unless the application froze objects itself (``gc.freeze``), which is left
alone.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cyclic collector inside the block (re-enabled after, if it was on)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if not gc.get_freeze_count():
                # hand the objects made meanwhile to the oldest generation at once:
                # otherwise the first young collection after this scans all of them
                gc.freeze()
                gc.unfreeze()
            gc.enable()
