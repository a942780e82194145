"""A small in-process cache of figures (số liệu) for pages and the API under load.

Figures of a place and period are read many times and change only when something is
written. Entries live at most ``ttl`` seconds (other processes' writes), and every flush of
a session made by the attached session factory empties the cache (this process's writes),
so a page never shows figures older than its own last write.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker


class FigureCache:
    """Thread-safe LRU with a time-to-live; ``clear()`` on any write."""

    def __init__(self, ttl: float = 5.0, maxsize: int = 4096):
        self.ttl, self.maxsize = ttl, maxsize
        self._data: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        now = time.monotonic()
        with self._lock:
            hit = self._data.get(key)
            if hit is not None and now - hit[0] < self.ttl:
                self._data.move_to_end(key)
                return hit[1]
        value = compute()
        with self._lock:
            self._data[key] = (now, value)
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)


def attach(cache: FigureCache, factory: sessionmaker[Session]) -> None:
    """Give the factory's sessions this cache (``session.info['figure_cache']``), cleared on every flush."""
    info = dict(factory.kw.get("info") or {})
    info["figure_cache"] = cache
    factory.configure(info=info)
    event.listen(factory, "after_flush", lambda *_: cache.clear())
