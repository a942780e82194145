"""The indicator vocabulary (subjects, measures, units, dims) of ``shared/spec/facts.md``.

The words live in ``data/vocabulary.yaml``; this module loads and validates them once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

UNITS = ("unit", "member", "person", "VND", "ha", "percent")
KINDS = ("actual", "plan", "attainment")


class VocabularyError(ValueError):
    """A fact uses an indicator, unit, kind or dim the vocabulary does not know."""


@dataclass(frozen=True)
class Partition:
    """Values of one dim that together make a whole (phân tổ đầy đủ): what the checks may add up.

    ``whole`` is the dim value of the total (None: the fact without this dim). ``optional``
    values may be counted apart or not; ``open`` means an unstated remainder may exist.
    """

    dim: str
    parts: tuple[str, ...]
    whole: str | None = None
    optional: tuple[str, ...] = ()
    open: bool = False

    @property
    def members(self) -> tuple[str, ...]:
        return self.parts + self.optional


@dataclass(frozen=True)
class Vocabulary:
    subjects: dict[str, dict[str, str]]
    measures: dict[str, dict[str, Any]]
    units: dict[str, dict[str, str]]
    kinds: dict[str, dict[str, str]]
    dims: dict[str, dict[str, str]]
    partitions: tuple[Partition, ...] = ()
    not_summed: frozenset[str] = frozenset()
    # (indicator, dims, unit, kind) already found valid: a national report builds ~12,000 facts
    # of a few hundred shapes, and checking each from scratch was a fifth of its time.
    _valid: set[tuple[object, ...]] = field(default_factory=set, init=False, repr=False, compare=False)

    @property
    def indicators(self) -> list[str]:
        """Every ``subject.measure`` code the vocabulary allows, in table order."""
        return [
            f"{s}.{m}" for m, spec in self.measures.items() for s in spec["subjects"]
        ]

    def measure(self, indicator: str) -> dict[str, Any]:
        subject, _, measure = indicator.partition(".")
        spec = self.measures.get(measure)
        if subject not in self.subjects or spec is None or subject not in spec["subjects"]:
            raise VocabularyError(f"unknown indicator {indicator!r}")
        return spec

    def units_of(self, indicator: str) -> list[str]:
        """Units an indicator may take (a subject may override its measure's units)."""
        spec = self.measure(indicator)
        subject = indicator.partition(".")[0]
        return list(spec.get("subject_units", {}).get(subject, spec["units"]))

    def check(self, indicator: str, dims: dict[str, str], unit: str, kind: str) -> None:
        """Raise :class:`VocabularyError` naming the first thing the vocabulary does not allow."""
        shape = (indicator, tuple(dims.items()), unit, kind)
        if shape in self._valid:
            return
        self.measure(indicator)
        units = self.units_of(indicator)
        if unit not in units and not (kind == "attainment" and unit == "percent"):
            raise VocabularyError(f"{indicator}: unit {unit!r} not in {units}")
        if kind not in self.kinds:
            raise VocabularyError(f"{indicator}: unknown kind {kind!r}")
        for dim, value in dims.items():
            if dim not in self.dims:
                raise VocabularyError(f"{indicator}: unknown dim {dim!r}")
            if value not in self.dims[dim]:
                raise VocabularyError(f"{indicator}: unknown value {value!r} of dim {dim!r}")
        self._valid.add(shape)

    def label(self, indicator: str, dims: dict[str, str] | None = None) -> str:
        """Vietnamese label, e.g. ``Số lượng hợp tác xã (đang hoạt động)``."""
        subject, _, measure = indicator.partition(".")
        text = f"{self.measures[measure]['vi'].capitalize()} {self.subjects[subject]['vi']}"
        if dims:
            text += " (" + ", ".join(self.dims[d][v] for d, v in sorted(dims.items())) + ")"
        return text


@cache
def vocabulary() -> Vocabulary:
    """The vocabulary shipped with the package, validated on first use."""
    raw = yaml.safe_load(resources.files("htx.stats").joinpath("data/vocabulary.yaml").read_text("utf-8"))
    voc = Vocabulary(raw["subjects"], raw["measures"], raw["units"], raw["kinds"], raw["dims"],
                     *_partitions(raw.get("partitions") or {}, raw["dims"], raw["measures"]))
    for m, spec in voc.measures.items():
        bad = [u for u in spec["units"] if u not in UNITS] + [
            s for s in spec["subjects"] if s not in voc.subjects
        ]
        if bad:
            raise VocabularyError(f"vocabulary.yaml: measure {m} names unknown {bad}")
    return voc


def _partitions(raw: dict[str, Any], dims: dict[str, dict[str, str]],
                measures: dict[str, Any]) -> tuple[tuple[Partition, ...], frozenset[str]]:
    """The ``partitions`` section, every dim value and measure checked against the vocabulary."""
    out = []
    for entry in raw.get("sets", []):
        part = Partition(entry["dim"], tuple(entry["parts"]), entry.get("whole"),
                         tuple(entry.get("optional", ())), bool(entry.get("open", False)))
        values = [*part.members, *([part.whole] if part.whole else [])]
        unknown = [v for v in values if v not in dims.get(part.dim, {})]
        if unknown:
            raise VocabularyError(f"vocabulary.yaml: partition of {part.dim!r} names unknown {unknown}")
        out.append(part)
    not_summed = frozenset(raw.get("not_summed", ()))
    if not not_summed <= set(measures):
        raise VocabularyError(f"vocabulary.yaml: not_summed names unknown {sorted(not_summed - set(measures))}")
    return tuple(out), not_summed
