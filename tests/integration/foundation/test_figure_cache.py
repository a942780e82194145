"""The figure cache: hits between writes, emptied by any write through the attached factory."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import sessionmaker

from htx.bootstrap import figures_on
from htx.db import registry_repo
from htx.db.engine import make_engine, sessions_of, unit_of_work
from htx.db.models import Organisation
from htx.registry.lifecycle import Event
from htx.stats.cache import FigureCache, attach
from htx.stats.facts import Place
from htx.stats.periods import Period

PLACE, PERIOD = Place("new", "province", "20"), Period.parse("2024")


def _count(factory: sessionmaker, cache: FigureCache) -> int:
    with factory() as s:
        facts = figures_on(s, cache).figures(PLACE, PERIOD)
    return next(int(f.value) for f in facts if f.indicator == "htx.count" and not f.dims)


def _add(factory: sessionmaker) -> None:
    with unit_of_work(factory) as s:
        org = Organisation(kind="HTX", name="HTX", sector="agriculture", province_code="20")
        registry_repo.set_events(s, org, [Event("founded", date(2020, 1, 1))])
        s.add(org)


def test_cache_serves_until_a_write(db, db_url: str) -> None:
    factory = sessions_of(make_engine(db_url))
    cache = FigureCache(ttl=3600)
    attach(cache, factory)
    _add(factory)
    assert _count(factory, cache) == 1 and len(cache) == 1
    computed = []
    cache.get((str(PLACE), PERIOD.code, False), lambda: computed.append(1))
    assert computed == []  # a hit
    _add(factory)  # a write empties the cache
    assert len(cache) == 0 and _count(factory, cache) == 2


def test_ttl_expires() -> None:
    cache = FigureCache(ttl=0.0)
    calls: list[int] = []
    cache.get("k", lambda: calls.append(1))
    cache.get("k", lambda: calls.append(1))
    assert calls == [1, 1]


def test_one_thread_computes_a_key() -> None:
    import threading
    import time

    cache = FigureCache(ttl=60)
    calls: list[int] = []

    def slow() -> int:
        calls.append(1)
        time.sleep(0.05)
        return 7

    threads = [threading.Thread(target=lambda: cache.get("k", slow)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == [1] and cache.get("k", slow) == 7


def test_stale_entry_is_served_while_one_thread_refreshes() -> None:
    import threading

    cache = FigureCache(ttl=0.0)
    cache.get("k", lambda: "old")
    started, release = threading.Event(), threading.Event()

    def refresh() -> str:
        started.set()
        release.wait(5)
        return "new"

    t = threading.Thread(target=lambda: cache.get("k", refresh))
    t.start()
    started.wait(5)
    assert cache.get("k", lambda: "other") == "old"  # not blocked, not recomputed
    release.set()
    t.join()
