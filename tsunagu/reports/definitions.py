"""Report definitions as data: dimensions (what is counted by), measures (what is counted) and
tables (a dimension × measures, optionally by month). A new table is a `Table(...)` in a
`ReportDefinition`, not code: the engine (engine.py) turns every table of a report into
conditional aggregates, one SQL query per source whatever the number of tables.

Sources (the unit a measure counts, the package sources/):
- "contacts": one contact record (延べ件数);
- "persons": one person with ≥1 contact in the period (実人数), with the person's attributes,
  the latest submitted intake's answers, and flags for the channels / months of their contacts;
- "referrals", "closures", "meetings", "programmes": their own rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    # Stored values counted in this category (default: the code itself).
    values: tuple[object, ...] = ()
    # Everything no other category of the dimension matched, including no value at all.
    rest: bool = False

    @property
    def matched(self) -> tuple[object, ...]:
        return self.values or (self.code,)


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str
    # The column of the source's unit: a person attribute ("sex"), an intake answer
    # ("answer:duration"), a contact field ("channel") — see sources/persons.py.
    column: str
    categories: tuple[Category, ...]
    multi: bool = False  # the stored value is a list (複数回答): a unit may be in several rows
    # Conditions every counted unit meets besides its category (field → allowed values).
    only: tuple[tuple[str, tuple[object, ...]], ...] = ()

    def category(self, code: str) -> Category:
        return next(c for c in self.categories if c.code == code)


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    source: str
    # Only the units meeting these conditions (column → allowed values), e.g. 新規 = is_new 1.
    where: tuple[tuple[str, tuple[object, ...]], ...] = ()
    # Derived measures: the difference of two others (継続 = 実人数 − 新規), or a sum of
    # others (延べ参加者数 = named attendances + the head count of the unnamed).
    minus: tuple[str, str] | None = None
    plus: tuple[str, ...] = ()
    # Add up this column of the source's rows instead of counting the rows (a head count).
    sum_column: str = ""
    note: str = ""


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    measures: tuple[str, ...]
    dimension: str | None = None
    # Months as columns: rows are the dimension's categories (with measures[0]), or the
    # measures themselves when there is no dimension.
    monthly: bool = False
    chart: str = "bar"  # "bar", "line" or "" (none)
    note: str = ""
    # The prefecture view shows one additive measure per municipality, by a partition.
    prefecture_measure: str | None = None
    prefecture_dimension: str | None = None

    @property
    def cross_measure(self) -> str:
        return self.prefecture_measure or self.measures[0]

    @property
    def cross_dimension(self) -> str | None:
        return self.prefecture_dimension or self.dimension


@dataclass(frozen=True)
class ReportDefinition:
    key: str
    title: str
    tables: tuple[Table, ...]
    description: str = ""
    dimensions: dict[str, Dimension] = field(default_factory=dict)
    measures: dict[str, Measure] = field(default_factory=dict)

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)

    def sources(self) -> set[str]:
        return {self.measures[m].source for t in self.tables for m in self.base_measures(t)}

    def base_measures(self, table: Table) -> list[str]:
        """The stored measures a table needs (derived ones through their parts)."""
        out: list[str] = []
        for key in (*table.measures, table.cross_measure):
            measure = self.measures[key]
            for part in measure.minus or measure.plus or (key,):
                if part not in out:
                    out.append(part)
        return out


REGISTRY: dict[str, ReportDefinition] = {}


def register(report: ReportDefinition) -> ReportDefinition:
    for table in report.tables:
        for key in (*table.measures, table.cross_measure):
            if key not in report.measures:
                raise ValueError(f"{report.key}.{table.key}: unknown measure {key}")
        for dim in (table.dimension, table.cross_dimension):
            if dim is not None and dim not in report.dimensions:
                raise ValueError(f"{report.key}.{table.key}: unknown dimension {dim}")
    REGISTRY[report.key] = report
    return report
