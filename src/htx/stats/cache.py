"""A small in-process cache of figures (số liệu) for pages and the API under load.

Figures of a place and period are read many times and change only when something is
written. Entries live at most ``ttl`` seconds (other processes' writes), and every flush of
a session made by the attached session factory empties the cache (this process's writes),
so a page never shows figures older than its own last write.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any

from cachetools import LRUCache
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker


class FigureCache:
    """Thread-safe LRU (``cachetools.LRUCache`` under a lock) with a time-to-live; ``clear()`` on any write.

    Written here is only the stale-while-revalidate part no library offers with a lock per key:
    one thread computes a key at a time (the others wait for it rather than all computing the
    same figures at once); an entry past its time-to-live is refreshed by one thread while the
    others keep answering with it, so a busy dashboard never stalls on the clock.
    """

    def __init__(self, ttl: float = 5.0, maxsize: int = 4096):
        self.ttl, self.maxsize = ttl, maxsize
        self._data: LRUCache[Hashable, tuple[float, Any]] = LRUCache(maxsize)
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}

    def _fresh(self, hit: tuple[float, Any] | None) -> bool:
        return hit is not None and time.monotonic() - hit[0] < self.ttl

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        with self._lock:
            hit = self._data.get(key)  # an LRU read: the key becomes the most recent
            key_lock = self._computing.setdefault(key, threading.Lock())
        if hit is not None and self._fresh(hit):
            return hit[1]
        if hit is not None and not key_lock.acquire(blocking=False):
            return hit[1]  # stale, and another thread is refreshing it
        if hit is None:
            key_lock.acquire()
        try:
            with self._lock:
                fresh = self._data.get(key)
            if fresh is not None and fresh is not hit and self._fresh(fresh):
                return fresh[1]  # computed by the thread we waited for
            started = time.monotonic()
            value = compute()
            self.put(key, value, started)
            return value
        finally:
            key_lock.release()

    def peek(self, key: Hashable) -> Any:
        """The value of ``key`` if present and fresh, else None (computes nothing)."""
        with self._lock:
            hit = self._data.get(key)
        return hit[1] if hit is not None and self._fresh(hit) else None

    def put(self, key: Hashable, value: Any, started: float | None = None) -> None:
        """Store a value (computed outside ``get`` when several keys are computed together) as of ``started``."""
        with self._lock:
            self._data[key] = (time.monotonic() if started is None else started, value)
            if len(self._computing) > 2 * self.maxsize:  # forget the locks of keys the LRU dropped
                self._computing = {k: v for k, v in self._computing.items() if k in self._data or v.locked()}

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)


def attach(cache: FigureCache, factory: sessionmaker[Session]) -> None:
    """Empty ``cache`` on every flush of a session made by ``factory`` (this process's writes)."""
    event.listen(factory, "after_flush", lambda *_: cache.clear())
