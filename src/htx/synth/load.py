"""Loading the synthetic country into a database: all-or-nothing, refusing to duplicate existing synthetic data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from htx.db import bulk_repo, summary_repo
from htx.db.engine import unit_of_work
from htx.geo import gazetteer
from htx.synth.generator import Batch, Plan, generate


class SyntheticExists(RuntimeError):
    """Synthetic data is already in the database (use ``replace=True`` / ``--replace``)."""


@dataclass
class LoadResult:
    rows: dict[str, int] = field(default_factory=dict)
    replaced: tuple[int, int] = (0, 0)

    @property
    def organisations(self) -> int:
        return self.rows.get("organisation", 0)


def load_synthetic(factory: sessionmaker[Session], plan: Plan, replace: bool = False,
                   on_batch: Callable[[Batch], None] | None = None) -> LoadResult:
    """Generate ``plan`` and write it in one transaction; ``on_batch`` is called after each batch."""
    result = LoadResult()
    gaz = gazetteer()
    with unit_of_work(factory) as session:
        existing = bulk_repo.synthetic_counts(session)
        if any(existing):
            if not replace:
                raise SyntheticExists(
                    f"đã có dữ liệu giả lập ({existing[0]} tổ chức, {existing[1]} số liệu); dùng --replace để thay / "
                    f"synthetic data already present ({existing[0]} organisations, {existing[1]} facts); "
                    "use --replace to wipe it first"
                )
            bulk_repo.delete_synthetic(session)
            result.replaced = existing
        first_id = bulk_repo.next_organisation_id(session)
        for batch in generate(gaz, plan, first_id):
            for table in bulk_repo.ORDER:
                n = bulk_repo.insert_rows(session, table, batch.tables[table])
                result.rows[table] = result.rows.get(table, 0) + n
            if on_batch is not None:
                on_batch(batch)
        bulk_repo.fix_sequences(session)
    with unit_of_work(factory) as session:
        summary_repo.refresh_summary(session)  # the triggers marked every province touched
    with unit_of_work(factory) as session:
        bulk_repo.analyze(session)  # after the summary is built, so the planner knows its size too
    return result
